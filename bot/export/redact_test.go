package export

import (
	"context"
	"strings"
	"testing"

	"labbot/store"
)

// A forgotten member's number, kept only as keyed hashes, is still removed
// from what she and others wrote.
func TestForgottenNumberRedacted(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	wanjiru, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+254712345678"}, "Wanjiru", l.open.ID, t0)
	lid, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "lid:98765432109876"}, "Akinyi", l.open.ID, t0)
	tip := l.add(t, store.Item{Kind: store.KindTip, Body: "Call me on 0712 345 678", AuthorID: wanjiru.ID, GroupID: l.open.ID})
	if err := l.SetTranslation(ctx, tip, "fr", "Appelez le +254 712 345 678", wanjiru.ID, t0); err != nil {
		t.Fatal(err)
	}
	l.add(t, store.Item{Kind: store.KindTip, Body: "Wanjiru: ０７１２\u200b３４５\u200b６７８, or 254-712-345-678; the office is +44 20 7946 0958",
		AuthorID: l.ana.ID, GroupID: l.open.ID})
	for _, id := range []int64{wanjiru.ID, lid.ID, 9999} {
		if err := l.ForgetMember(ctx, id); err != nil {
			t.Fatalf("ForgetMember(%d): %v", id, err)
		}
	}

	r := l.reader(t)
	k, err := Read(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	items := k.Groups[0].Items
	if len(items) != 2 {
		t.Fatalf("open group = %+v, want the two tips", items)
	}
	for _, s := range []string{items[0].Text, items[0].Translations["fr"], items[1].Text} {
		if strings.Contains(digitsOf(s), "712345678") || !strings.Contains(s, "[removed]") {
			t.Errorf("export shows %q, want her number removed", s)
		}
	}
	if !strings.Contains(items[1].Text, "+44 20 7946 0958") {
		t.Errorf("export shows %q, want the office's number kept", items[1].Text)
	}
}

// Read removes the numbers it is given besides its members': the
// config's staff phones, of staff who never wrote to labbot.
func TestKnowledgeAlsoRedacts(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	l.add(t, store.Item{Kind: store.KindTip, Body: "Ask Ana on (555) 000-0900", AuthorID: l.ana.ID, GroupID: l.open.ID})
	r := l.reader(t)
	k, err := Read(ctx, r, "+15550000900")
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Groups[0].Items[0].Text; got != "Ask Ana on ([removed]" {
		t.Errorf("text = %q, want the staff phone removed", got)
	}
}

// digitsOf keeps the ASCII digits of s, so a number is found however spaced.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// A file's name is a member's text like any other: a number in it is
// removed from the export (issue 17).
func TestFileNameRedacted(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	wanjiru, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+254712345678"}, "Wanjiru", l.open.ID, t0)
	l.add(t, store.Item{Kind: store.KindResource, Body: "Budget", AuthorID: wanjiru.ID, GroupID: l.open.ID,
		File: &store.File{Name: "budget from 0712345678.pdf", MIME: "application/pdf", Kind: "document", Size: 4, Hash: strings.Repeat("ab", 32)}})
	k, err := Read(ctx, l.reader(t))
	if err != nil {
		t.Fatal(err)
	}
	f := k.Groups[0].Items[0].File
	if f == nil || strings.Contains(digitsOf(f.Name), "712345678") || !strings.Contains(f.Name, "[removed]") {
		t.Errorf("export's file = %+v; want her number removed from its name", f)
	}
	if got := CopyName(k.Groups[0].Items[0]); got != "R1.pdf" {
		t.Errorf("CopyName = %q; want R1.pdf", got)
	}
}
