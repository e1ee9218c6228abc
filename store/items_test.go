package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// lab is a store with two groups, one private, and a member in each.
type lab struct {
	*Store
	open, closed Group // a Lab-wide group, and a private one
	ana, bea     Member
}

func newLab(t *testing.T) *lab {
	t.Helper()
	return labOn(t, openTest(t))
}

// labOn fills s with the lab's groups and members.
func labOn(t testing.TB, s *Store) *lab {
	t.Helper()
	ctx := context.Background()
	s.AddGroup(ctx, Group{Key: "open", JID: "open@g.us", Name: "Open", Lang: "es", TZ: "UTC"}, t0)
	s.AddGroup(ctx, Group{Key: "closed", JID: "closed@g.us", Name: "Closed", Lang: "fr", TZ: "UTC", Private: true}, t0)
	l := &lab{Store: s}
	l.open, _ = s.GroupByKey(ctx, "open")
	l.closed, _ = s.GroupByKey(ctx, "closed")
	l.ana, _, _ = s.SeeMember(ctx, Incoming{Sender: "+1"}, "Ana", l.open.ID, t0)
	l.bea, _, _ = s.SeeMember(ctx, Incoming{Sender: "+2"}, "Bea", l.closed.ID, t0)
	return l
}

func (l *lab) add(t *testing.T, it Item) Item {
	t.Helper()
	if it.Lang == "" {
		it.Lang = "es"
	}
	got, err := l.AddItem(context.Background(), it, t0)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func refs(items []Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.Ref())
	}
	return strings.Join(out, " ")
}

func TestItemsAreNumberedPerKind(t *testing.T) {
	l := newLab(t)
	var got []string
	for _, k := range []string{KindTip, KindTip, KindQuestion, KindResource, KindTip} {
		got = append(got, l.add(t, Item{Kind: k, Body: "x", AuthorID: l.ana.ID, GroupID: l.open.ID}).Ref())
	}
	if strings.Join(got, " ") != "T1 T2 Q1 R1 T3" {
		t.Errorf("refs = %v", got)
	}
	it, err := l.ItemByRef(context.Background(), KindTip, 2)
	if err != nil || it.Ref() != "T2" || it.AuthorName != "Ana" {
		t.Errorf("ItemByRef(T2) = %+v, %v", it, err)
	}
	if _, err := l.ItemByRef(context.Background(), KindTip, 9); !errors.Is(err, ErrNotFound) {
		t.Errorf("ItemByRef(T9) error = %v, want ErrNotFound", err)
	}
}

func TestSearchFoldsAccentsAndFallsBackToAnyWord(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	tip := l.add(t, Item{Kind: KindTip, Body: "La educación de las niñas cambia comunidades", Tags: []string{"educacion"}})
	l.add(t, Item{Kind: KindTip, Body: "Budgets for small teams"})
	v := Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}
	for _, q := range []string{"educacion", "EDUCACIÓN", "ninas comunidades", "educación zebra"} {
		got, err := l.Search(ctx, v, q, 5)
		if err != nil || refs(got) != tip.Ref() {
			t.Errorf("Search(%q) = %q, %v; want %s", q, refs(got), err, tip.Ref())
		}
	}
	if got, err := l.Search(ctx, v, "zebra", 5); err != nil || len(got) != 0 {
		t.Errorf("Search(zebra) = %q, %v; want nothing", refs(got), err)
	}
}

func TestSearchRanksTagsAboveText(t *testing.T) {
	l := newLab(t)
	text := l.add(t, Item{Kind: KindTip, Body: "we talked about funding and many other things at length today"})
	tagged := l.add(t, Item{Kind: KindTip, Body: "a short note", Tags: []string{"funding"}})
	got, _ := l.Search(context.Background(), Viewer{GroupID: l.open.ID}, "funding", 5)
	if refs(got) != tagged.Ref()+" "+text.Ref() {
		t.Errorf("Search(funding) = %q, want the tagged tip first", refs(got))
	}
}

func TestPrivateItemsStayInTheirGroup(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	secret := l.add(t, Item{Kind: KindTip, Body: "notre stratégie de plaidoyer", Lang: "fr", GroupID: l.closed.ID, Private: true, AuthorID: l.bea.ID})
	tests := []struct {
		name string
		v    Viewer
		want string
	}{
		{"in the private group", Viewer{GroupID: l.closed.ID, MemberID: l.ana.ID}, secret.Ref()},
		{"in another group", Viewer{GroupID: l.open.ID, MemberID: l.bea.ID}, ""},
		{"a member's DM", Viewer{MemberID: l.bea.ID}, secret.Ref()},
		{"a non-member's DM", Viewer{MemberID: l.ana.ID}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := l.Search(ctx, tc.v, "plaidoyer", 5)
			if err != nil || refs(got) != tc.want {
				t.Errorf("Search = %q, %v; want %q", refs(got), err, tc.want)
			}
		})
	}
}

func TestTranslationsAreSearchable(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	tip := l.add(t, Item{Kind: KindTip, Body: "Cuidar la salud mental del equipo", Tags: []string{"bienestar"}})
	if err := l.SetTranslation(ctx, tip, "en", "Look after the team's mental health", l.ana.ID, t0); err != nil {
		t.Fatal(err)
	}
	got, _ := l.Search(ctx, Viewer{GroupID: l.open.ID}, "health", 5)
	if refs(got) != tip.Ref() {
		t.Errorf("Search(health) = %q, want the translated tip", refs(got))
	}
	tr, _ := l.Translations(ctx, tip.ID)
	if tr["en"] != "Look after the team's mental health" {
		t.Errorf("translations = %v", tr)
	}
	// The original text and the tags are still found after reindexing,
	// even when the caller's copy of the item carries no tags.
	tip.Tags = nil
	if err := l.SetTranslation(ctx, tip, "fr", "Prendre soin de la santé mentale", l.ana.ID, t0); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"salud", "bienestar", "health", "santé"} {
		if got, _ := l.Search(ctx, Viewer{GroupID: l.open.ID}, q, 5); refs(got) != tip.Ref() {
			t.Errorf("Search(%s) after translating = %q", q, refs(got))
		}
	}
}

func TestRemoveItemLeavesSearch(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	q := l.add(t, Item{Kind: KindQuestion, Body: "¿Cómo medir el impacto?"})
	a := l.add(t, Item{Kind: KindAnswer, Body: "Con indicadores de impacto sencillos", QuestionID: q.ID})
	v := Viewer{GroupID: l.open.ID}
	if got, _ := l.Search(ctx, v, "impacto", 5); len(got) != 2 {
		t.Fatalf("before removal: %q", refs(got))
	}
	if err := l.RemoveItem(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := l.Search(ctx, v, "impacto", 5); len(got) != 0 || err != nil {
		t.Errorf("after removing the question: %q, %v; want neither it nor its answer", refs(got), err)
	}
	if _, err := l.ItemByRef(ctx, KindAnswer, a.Num); !errors.Is(err, ErrNotFound) {
		t.Errorf("the answer outlived its question: %v", err)
	}
	if err := l.RemoveItem(ctx, q.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice: %v, want ErrNotFound", err)
	}
	// A removed item's number is never given again: old references must
	// not come to name someone else's words.
	if next := l.add(t, Item{Kind: KindQuestion, Body: "new"}); next.Ref() != "Q2" {
		t.Errorf("the question after removing Q1 is %s, want Q2", next.Ref())
	}
}

func TestHostileSearchesAreOrdinary(t *testing.T) {
	l := newLab(t)
	tip := l.add(t, Item{Kind: KindTip, Body: "near and far"}).Ref()
	// FTS5's operators are words like any other: NEAR, AND and OR find the
	// tip that has them; the rest of its syntax is dropped.
	for q, want := range map[string]string{`"`: "", `*`: "", `NEAR(a b)`: tip, `-x`: "", `-near`: tip, `a:b`: "", `(`: "",
		`AND`: tip, "a\x00b": "", "\xff\xfe": "", strings.Repeat("ab ", 1700): "", `"near" OR *`: tip, `^near`: tip,
		`{title}: x`: "", `{title}: far`: tip, `far*`: tip} {
		got, err := l.Search(context.Background(), Viewer{GroupID: l.open.ID}, q, 5)
		if err != nil || refs(got) != want {
			t.Errorf("Search(%.40q) = %q, %v; want %q", q, refs(got), err, want)
		}
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{`"`, `*`, `NEAR(a b)`, `-x`, `a:b`, `(`, `AND`, "a\x00b", "\xff", "educación", `x"y`} {
		f.Add(s)
	}
	s := openTest(f)
	s.AddItem(context.Background(), Item{Kind: KindTip, Body: "seed text", Lang: "en"}, t0)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Search(context.Background(), Viewer{}, q, 5); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
		for _, term := range SearchTerms(q) {
			if strings.ContainsAny(term, "\"*:()^{}\x00") {
				t.Errorf("term %q carries FTS5 syntax", term)
			}
		}
	})
}

func TestOpenQuestionsAndResources(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	q1 := l.add(t, Item{Kind: KindQuestion, Body: "one"})
	q2 := l.add(t, Item{Kind: KindQuestion, Body: "two"})
	l.add(t, Item{Kind: KindAnswer, Body: "yes", QuestionID: q1.ID})
	v := Viewer{GroupID: l.open.ID}
	if got, n, _ := l.OpenQuestions(ctx, v, 0, 10); refs(got) != q2.Ref()+" "+q1.Ref() || n != 2 {
		t.Errorf("open questions = %q (%d), want %s %s: the unanswered first, the answered still open", refs(got), n, q2.Ref(), q1.Ref())
	}
	r1 := l.add(t, Item{Kind: KindResource, Body: "Guide", URL: "https://example.org/a", Tags: []string{"salud"}})
	r2 := l.add(t, Item{Kind: KindResource, Body: "Toolkit", URL: "https://example.org/b"})
	if got, _, _ := l.Resources(ctx, v, "", 0, 10); refs(got) != r2.Ref()+" "+r1.Ref() {
		t.Errorf("resources = %q", refs(got))
	}
	if got, _, _ := l.Resources(ctx, v, "salud", 0, 10); refs(got) != r1.Ref() {
		t.Errorf("resources #salud = %q", refs(got))
	}
}

func TestForgetMemberKeepsHerItems(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	tip := l.add(t, Item{Kind: KindTip, Body: "kept", AuthorID: l.ana.ID, GroupID: l.open.ID})
	if err := l.ForgetMember(ctx, l.ana.ID); err != nil {
		t.Fatal(err)
	}
	got, err := l.ItemByRef(ctx, KindTip, tip.Num)
	if err != nil || got.AuthorID != 0 || got.AuthorName != "" || got.Body != "kept" {
		t.Errorf("after forget: %+v, %v; want the tip, with no author", got, err)
	}
	if _, err := l.MemberByUser(ctx, "+1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("member still there: %v", err)
	}
}

func TestItemMessagesAndAnonymity(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	q := l.add(t, Item{Kind: KindQuestion, Body: "secret question", AuthorID: l.ana.ID, Anonymous: true})
	if _, err := l.Enqueue(ctx, Outgoing{MsgID: "m7", Chat: "open@g.us", Body: "Q1 saved", ItemID: q.ID}, t0); err != nil {
		t.Fatal(err)
	}
	got, err := l.ItemByMessage(ctx, "m7", "open@g.us")
	if err != nil || got.ID != q.ID {
		t.Fatalf("ItemByMessage = %+v, %v", got, err)
	}
	if _, err := l.ItemByMessage(ctx, "m7", "closed@g.us"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a quote from another chat named the item: %v", err)
	}
	if got.AuthorName != "" || got.AuthorID != 0 {
		t.Errorf("anonymous question: name %q, author %d; want neither (the asker is kept sealed)", got.AuthorName, got.AuthorID)
	}
	if user, err := l.AnonAsker(ctx, q.ID, t0); err != nil || user != "+1" {
		t.Errorf("AnonAsker = %q, %v; want her, to tell her of answers", user, err)
	}
}

// A private group with many matches must not crowd out what the viewer may see.
func TestSearchIsNotCrowdedOutByPrivateItems(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	open := l.add(t, Item{Kind: KindTip, Body: "rent is due", GroupID: l.open.ID})
	for range 200 {
		l.add(t, Item{Kind: KindTip, Body: "rent", GroupID: l.closed.ID, Private: true})
	}
	got, err := l.Search(ctx, Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}, "rent", 5)
	if err != nil || refs(got) != open.Ref() {
		t.Errorf("Search(rent) from the open group = %q, %v; want %s", refs(got), err, open.Ref())
	}
}

func TestListsKeepPrivateItemsPrivate(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	l.add(t, Item{Kind: KindQuestion, Body: "closed question", GroupID: l.closed.ID, Private: true})
	l.add(t, Item{Kind: KindResource, Body: "closed guide", URL: "https://x.org", GroupID: l.closed.ID, Private: true, Tags: []string{"rent"}})
	outside := Viewer{GroupID: l.open.ID, MemberID: l.bea.ID}
	inside := Viewer{GroupID: l.closed.ID, MemberID: l.ana.ID}
	member := Viewer{MemberID: l.bea.ID}
	for _, tc := range []struct {
		name string
		v    Viewer
		want int
	}{{"outside", outside, 0}, {"inside", inside, 1}, {"a member's DM", member, 1}} {
		qs, _, _ := l.OpenQuestions(ctx, tc.v, 0, 10)
		rs, _, _ := l.Resources(ctx, tc.v, "", 0, 10)
		tagged, _, _ := l.Resources(ctx, tc.v, "rent", 0, 10)
		if len(qs) != tc.want || len(rs) != tc.want || len(tagged) != tc.want {
			t.Errorf("%s: %d questions, %d resources, %d tagged; want %d each", tc.name, len(qs), len(rs), len(tagged), tc.want)
		}
	}
}

func TestAnswersAndOpenCount(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	q := l.add(t, Item{Kind: KindQuestion, Body: "q"})
	a1 := l.add(t, Item{Kind: KindAnswer, Body: "one", QuestionID: q.ID})
	a2 := l.add(t, Item{Kind: KindAnswer, Body: "two", QuestionID: q.ID})
	got, err := l.Answers(ctx, q.ID)
	if err != nil || refs(got) != a1.Ref()+" "+a2.Ref() {
		t.Errorf("Answers = %q, %v", refs(got), err)
	}
	for want, a := range []Item{a1, a2} {
		if st, err := l.QuestionState(ctx, q.ID); err != nil || st.Answers != 2-want {
			t.Errorf("answers counted: %+v, %v; want %d", st, err, 2-want)
		}
		if err := l.RemoveItem(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := l.QuestionState(ctx, q.ID); err != nil || st.Answers != 0 || !st.LastAnswer.IsZero() {
		t.Errorf("with its answers removed: %+v, %v; want none", st, err)
	}
}

// Issue 16: a tag is kept as she wrote it and matched folded; a tag saved
// before migration 0020 has no written form and shows folded.
func TestTagsKeptAsWrittenMatchedFolded(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	r := l.add(t, Item{Kind: KindResource, Body: "Guía de #Educación", URL: "https://example.org/g", AuthorID: l.ana.ID, GroupID: l.open.ID, Tags: []string{"Educación"}})
	for _, typed := range []string{"educacion", "EDUCACIÓN", "Educación"} {
		found, n, err := l.Resources(ctx, Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}, typed, 0, 10)
		if err != nil || n != 1 || len(found) != 1 {
			t.Fatalf("Resources(%q) = %d items, %v", typed, n, err)
		}
	}
	if shown, err := l.TagShown(ctx, Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}, "EDUCACION"); err != nil || shown != "Educación" {
		t.Errorf("TagShown = %q, %v; want the written form", shown, err)
	}
	if shown, err := l.TagShown(ctx, Viewer{GroupID: l.closed.ID, MemberID: l.bea.ID}, "educacion"); err != nil || shown != "Educación" {
		t.Errorf("TagShown from another group = %q, %v", shown, err)
	}
	l.add(t, Item{Kind: KindResource, Body: "Guía de #SALUD", URL: "https://example.org/s", AuthorID: l.bea.ID, GroupID: l.closed.ID, Private: true, Tags: []string{"SALUD"}})
	if shown, err := l.TagShown(ctx, Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}, "salud"); err != nil || shown != "salud" {
		t.Errorf("TagShown of a private group's tag, from outside it = %q, %v; want what she typed", shown, err)
	}
	if tags, err := l.tags(ctx, r.ID); err != nil || strings.Join(tags, " ") != "Educación" {
		t.Errorf("tags = %q, %v; want the written form", tags, err)
	}
	if _, err := l.exec(ctx, `UPDATE item_tags SET shown = '' WHERE item_id = ?`, r.ID); err != nil {
		t.Fatal(err)
	}
	if tags, err := l.tags(ctx, r.ID); err != nil || strings.Join(tags, " ") != "educacion" {
		t.Errorf("a tag saved before 0020: %q, %v; want it folded", tags, err)
	}
}
