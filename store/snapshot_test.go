package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"labbot/privacy"
)

// A snapshot holds every row an export is made of, as stored, and nothing
// of who asked anonymously: not her name, not even whether she was
// forgotten.
func TestSnapshotRows(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	anon := l.add(t, Item{Kind: KindQuestion, Body: "who?", AuthorID: l.ana.ID, Anonymous: true})
	answer := l.add(t, Item{Kind: KindAnswer, Body: "her", AuthorID: l.bea.ID, QuestionID: anon.ID})
	tip := l.add(t, Item{Kind: KindTip, Body: "secret", AuthorID: l.bea.ID, GroupID: l.closed.ID, Private: true, Tags: []string{"b", "a"}})
	if err := l.SetTranslation(ctx, tip, "en", "a secret", l.ana.ID, t0); err != nil {
		t.Fatal(err)
	}
	e := addEvent(t, l.Store, Event{Title: "call", Start: t0.Add(time.Hour), GroupID: l.closed.ID}, t0)
	l.RSVP(ctx, e.ID, l.bea.ID, t0)
	if err := l.ForgetMember(ctx, l.ana.ID); err != nil {
		t.Fatal(err)
	}
	snap, err := l.reader(t).Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Groups) != 2 || snap.Groups[0].JID != "open@g.us" || !snap.Groups[1].Private {
		t.Errorf("groups = %+v, want open, then closed", snap.Groups)
	}
	var refs []string
	for _, it := range snap.Items {
		refs = append(refs, it.Ref())
	}
	if strings.Join(refs, " ") != "T1 Q1 A1" {
		t.Fatalf("items = %v, want by kind, then number", refs)
	}
	got, q, a := snap.Items[0], snap.Items[1], snap.Items[2]
	if q.AuthorID != 0 || q.AuthorName != "" || !q.Anonymous {
		t.Errorf("anonymous question = %+v, want no author at all", q)
	}
	if a.AuthorID != l.bea.ID || a.AuthorName != "Bea" || a.QuestionID != anon.ID || a.ID != answer.ID {
		t.Errorf("answer = %+v, want Bea's, to Q1", a)
	}
	if !slices.Equal(got.Tags, []string{"a", "b"}) || snap.Translations[tip.ID]["en"] != "a secret" {
		t.Errorf("tip = %+v, translations %v; want tags a b and its English", got, snap.Translations)
	}
	if len(snap.Events) != 1 || snap.Events[0].GroupID != l.closed.ID || snap.RSVPs[e.ID] != 1 {
		t.Errorf("events = %+v, RSVPs %v; want the call, in closed, with one RSVP", snap.Events, snap.RSVPs)
	}
	if !slices.Equal(snap.UserIDs, []string{"+2"}) {
		t.Errorf("user IDs = %v, want Bea's alone: Ana was forgotten", snap.UserIDs)
	}
}

// A forgotten member's number is kept only as keyed hashes of its
// phoneForms, which the snapshot hands on with their key.
func TestSnapshotForgottenNumbers(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	r := l.reader(t)
	if snap, err := r.Snapshot(ctx); err != nil || snap.Forgotten != nil || snap.ForgottenKey != nil {
		t.Fatalf("before any forgetting: %v, %v, %v; want no hashes and no key", snap.Forgotten, snap.ForgottenKey, err)
	}
	wanjiru, _, _ := l.SeeMember(ctx, Incoming{Sender: "+254712345678"}, "Wanjiru", l.open.ID, t0)
	lid, _, _ := l.SeeMember(ctx, Incoming{Sender: "lid:98765432109876"}, "Akinyi", l.open.ID, t0)
	for _, id := range []int64{wanjiru.ID, lid.ID, 9999} {
		if err := l.ForgetMember(ctx, id); err != nil {
			t.Fatalf("ForgetMember(%d): %v", id, err)
		}
	}
	snap, err := r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range []string{"254712345678", "712345678", "4712345678"} {
		want = append(want, privacy.NumberHash(snap.ForgottenKey, d))
	}
	slices.Sort(want)
	slices.Sort(snap.Forgotten)
	if !slices.Equal(snap.Forgotten, want) {
		t.Errorf("forgotten = %v, want the hashes of her whole number, its last 9 and 10 digits", snap.Forgotten)
	}
	for _, h := range snap.Forgotten {
		if strings.Contains(h, "712345678") {
			t.Errorf("hash %q holds her number", h)
		}
	}
}
