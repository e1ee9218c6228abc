package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"labbot/glossary"
)

// testGlossary is a glossary of three concepts, so that these tests do not
// hang on the wording of the built-in one.
func testGlossary(t testing.TB) *glossary.Glossary {
	t.Helper()
	c, err := glossary.Parse([]byte(`
- subject: management
  en: [volunteer]
  es: [voluntaria, voluntario]
  fr: [bénévole]
- subject: funding
  en: [donor, funder]
  es: [donante, financiadora]
  fr: [donatrice, bailleur de fonds]
- subject: health
  en: [mother]
  es: [madre]
  fr: [mère]
- subject: livelihoods
  en: [small business]
  es: [pequeño negocio]
  fr: [petit commerce]
- subject: gbv
  en: [gender-based violence]
  es: [violencia de género]
  fr: [violences basées sur le genre]
`), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return glossary.New(c)
}

// TestSearchWordForms checks that a word finds its other forms, and the
// same idea in the other languages through the glossary.
func TestSearchWordForms(t *testing.T) {
	l := newLab(t)
	l.SetGlossary(testGlossary(t))
	ctx := context.Background()
	es := l.add(t, Item{Kind: KindTip, Body: "Las voluntarias llegan a las nueve", Lang: "es"})
	fr := l.add(t, Item{Kind: KindTip, Body: "Merci aux bénévoles du samedi", Lang: "fr"})
	en := l.add(t, Item{Kind: KindTip, Body: "Support groups for new mothers", Lang: "en"})
	fonds := l.add(t, Item{Kind: KindResource, Body: "Liste des bailleurs de fonds", Lang: "fr"})
	l.add(t, Item{Kind: KindTip, Body: "Le fonds de la salle est libre", Lang: "fr"})
	tests := []struct {
		q    string
		want []Item
	}{
		{"volunteer", []Item{es, fr}},
		{"voluntaria", []Item{es, fr}},
		{"benevole", []Item{es, fr}},
		{"mother", []Item{en}},
		{"madres", []Item{en}},
		{"donors", []Item{fonds}},
	}
	for _, tt := range tests {
		got, err := l.Search(ctx, Viewer{GroupID: l.open.ID}, tt.q, 5)
		if err != nil || refs(got) != refs(tt.want) && refs(got) != refs(reverse(tt.want)) {
			t.Errorf("Search(%q) = %q, %v; want %q", tt.q, refs(got), err, refs(tt.want))
		}
	}
}

func reverse(items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		out[len(items)-1-i] = it
	}
	return out
}

// TestSearchTypedWordsFirst checks that an item in the words she typed
// ranks above one the glossary found, though newer and with the word twice.
func TestSearchTypedWordsFirst(t *testing.T) {
	l := newLab(t)
	l.SetGlossary(testGlossary(t))
	own := l.add(t, Item{Kind: KindTip, Body: "Thank the volunteers", Lang: "en"})
	other := l.add(t, Item{Kind: KindTip, Body: "Voluntarias y voluntarios: gracias", Lang: "es"})
	got, err := l.Search(context.Background(), Viewer{}, "volunteers", 5)
	if err != nil || refs(got) != refs([]Item{own, other}) {
		t.Errorf("Search = %q, %v; want %s first", refs(got), err, own.Ref())
	}
}

// TestSearchEveryWordThenAny checks that items with every word come first,
// and that those with only some still fill the list.
func TestSearchEveryWordThenAny(t *testing.T) {
	l := newLab(t)
	both := l.add(t, Item{Kind: KindTip, Body: "budget for the school", Lang: "en"})
	one := l.add(t, Item{Kind: KindTip, Body: "a school garden", Lang: "en"})
	got, err := l.Search(context.Background(), Viewer{}, "school budgets", 5)
	if err != nil || refs(got) != refs([]Item{both, one}) {
		t.Errorf("Search = %q, %v; want %s then %s", refs(got), err, both.Ref(), one.Ref())
	}
}

// TestSearchGlossaryPhraseApart checks that a glossary phrase she typed
// finds its words written as one in a tag before an item with only one
// of them (however heavily tagged), and that one still finds it.
func TestSearchGlossaryPhraseApart(t *testing.T) {
	l := newLab(t)
	l.SetGlossary(testGlossary(t))
	alone := l.add(t, Item{Kind: KindTip, Body: "Keep business money apart", Lang: "en", Tags: []string{"business"}})
	tagged := l.add(t, Item{Kind: KindTip, Body: "Our market day", Lang: "en", Tags: []string{"smallbusiness"}})
	got, err := l.Search(context.Background(), Viewer{}, "small business", 5)
	if err != nil || refs(got) != refs([]Item{tagged, alone}) {
		t.Errorf("Search = %q, %v; want %s then %s", refs(got), err, tagged.Ref(), alone.Ref())
	}
}

// TestSearchWordWithinTerm checks that a word that is no glossary term
// but a word of one (violencia, of violencia de género) finds that
// concept's items in the other languages.
func TestSearchWordWithinTerm(t *testing.T) {
	l := newLab(t)
	l.SetGlossary(testGlossary(t))
	it := l.add(t, Item{Kind: KindTip, Body: "Referral paths for gender-based violence", Lang: "en"})
	got, err := l.Search(context.Background(), Viewer{}, "violencia", 5)
	if err != nil || refs(got) != refs([]Item{it}) {
		t.Errorf("Search = %q, %v; want %s", refs(got), err, it.Ref())
	}
}

// TestSearchTranslations checks that a translation is found in its own
// language's forms.
func TestSearchTranslations(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	it := l.add(t, Item{Kind: KindTip, Body: "Abrimos dos escuelas", Lang: "es"})
	if err := l.SetTranslation(ctx, it, "fr", "Nous ouvrons deux écoles", l.ana.ID, t0); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"école", "ecole", "escuela"} {
		if got, err := l.Search(ctx, Viewer{}, q, 5); err != nil || refs(got) != it.Ref() {
			t.Errorf("Search(%q) = %q, %v; want %s", q, refs(got), err, it.Ref())
		}
	}
}

// TestSearchEvents checks that events are found by title and description,
// in any form, and only by whom may see them; a cancelled one is not.
func TestSearchEvents(t *testing.T) {
	l := newLab(t)
	l.SetGlossary(testGlossary(t))
	ctx := context.Background()
	open := l.event(t, Event{Title: "Webinar: working with volunteers", Start: t0.Add(48 * time.Hour)})
	closed := l.event(t, Event{Title: "Café", Description: "Pour les bénévoles", GroupID: l.closed.ID, Start: t0.Add(72 * time.Hour)})
	gone := l.event(t, Event{Title: "Volunteers' day", Start: t0.Add(96 * time.Hour)})
	tx, err := l.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.CancelEvent(ctx, gone, t0); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		v    Viewer
		want string
	}{
		{Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}, open.Ref()},
		{Viewer{GroupID: l.closed.ID, MemberID: l.bea.ID}, open.Ref() + " " + closed.Ref()},
		{Viewer{MemberID: l.bea.ID}, open.Ref() + " " + closed.Ref()},
		{Viewer{MemberID: l.ana.ID}, open.Ref()},
	}
	for _, tt := range tests {
		got, err := l.SearchEvents(ctx, tt.v, "voluntarias", 5)
		slices.SortFunc(got, func(a, b Event) int { return cmp.Compare(a.Num, b.Num) })
		if err != nil || eventRefs(got) != tt.want {
			t.Errorf("SearchEvents for %+v = %q, %v; want %q", tt.v, eventRefs(got), err, tt.want)
		}
	}
}

func (l *lab) event(t *testing.T, e Event) Event {
	t.Helper()
	ctx := context.Background()
	tx, err := l.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.AddEvent(ctx, &e, nil, t0); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return e
}

func eventRefs(events []Event) string {
	var out []string
	for _, e := range events {
		out = append(out, e.Ref())
	}
	return strings.Join(out, " ")
}

// TestReindexEvent checks that an event edited in place is found by its
// new words, and no longer by its old ones.
func TestReindexEvent(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	e := l.event(t, Event{Title: "Budget clinic", Start: t0.Add(time.Hour)})
	err := l.tx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `UPDATE events SET title = 'Savings circle' WHERE id = ?`, e.ID); err != nil {
			return err
		}
		return reindexEvent(ctx, tx, e.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"savings": e.Ref(), "budget": ""} {
		if got, err := l.SearchEvents(ctx, Viewer{}, q, 5); err != nil || eventRefs(got) != want {
			t.Errorf("SearchEvents(%q) = %q, %v; want %q", q, eventRefs(got), err, want)
		}
	}
}

// TestMigration16Reindexes checks that a database indexed before search
// knew stems (the words as typed) is indexed again when it opens: its
// items and events are found by their other forms.
func TestMigration16Reindexes(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/labbot.db"
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	l := labOn(t, s)
	it := l.add(t, Item{Kind: KindTip, Body: "Support for mothers", Lang: "en"})
	e := l.event(t, Event{Title: "Schools fair", Start: t0.Add(time.Hour)})
	err = s.tx(ctx, func(tx querier) error {
		for _, q := range []string{ftsDeleteAllSQL, `DROP TABLE events_fts`, `DELETE FROM schema_migrations WHERE version = 16`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, ftsInsertSQL, it.ID, "", it.Body, "", "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Search(ctx, Viewer{}, "mother", 5); len(got) != 0 {
		t.Fatalf("before the migration, Search found %q: the test does not hold an old index", refs(got))
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Search(ctx, Viewer{}, "mother", 5); err != nil || refs(got) != it.Ref() {
		t.Errorf("Search(mother) = %q, %v; want %s", refs(got), err, it.Ref())
	}
	if got, err := s.SearchEvents(ctx, Viewer{}, "school", 5); err != nil || eventRefs(got) != e.Ref() {
		t.Errorf("SearchEvents(school) = %q, %v; want %s", eventRefs(got), err, e.Ref())
	}
}

// FuzzSearchExpanded runs what a member may type through the glossary's
// expansions, for items and events: no input is an error.
func FuzzSearchExpanded(f *testing.F) {
	for _, s := range []string{`bailleurs de "fonds"`, `volunteer*`, `NEAR(donor mother)`, strings.Repeat("donante ", 40), "mère\x00"} {
		f.Add(s)
	}
	s := openTest(f)
	s.SetGlossary(testGlossary(f))
	ctx := context.Background()
	s.AddItem(ctx, Item{Kind: KindTip, Body: "donors and volunteers", Lang: "en"}, t0)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Search(ctx, Viewer{}, q, 50); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
		if _, err := s.SearchEvents(ctx, Viewer{}, q, 5); err != nil {
			t.Errorf("SearchEvents(%q): %v", q, err)
		}
	})
}

// TestRelatedSharesTwoTellingWords checks that a question points to items
// sharing two of its telling words, in any language, and not to those
// sharing a word most items hold, or only one word.
func TestRelatedSharesTwoTellingWords(t *testing.T) {
	l := newLab(t)
	fillers := []string{"We thank them by name in every meeting", "Meet in the market on Friday",
		"Can someone share the budget?", "The rain came early in the north", "Who can host the next circle?"}
	for _, f := range fillers {
		l.add(t, Item{Kind: KindTip, Body: f, Lang: "en"})
	}
	about := l.add(t, Item{Kind: KindTip, Body: "Our projector came from the library in Kisumu", Lang: "en"})
	l.add(t, Item{Kind: KindTip, Body: "Kisumu partners meet on Mondays", Lang: "en"})
	got, err := l.Related(context.Background(), Viewer{}, "Who can lend a projector in Kisumu?", 3)
	if err != nil || refs(got) != refs([]Item{about}) {
		t.Errorf("Related = %q, %v; want only %s, the item sharing two telling words", refs(got), err, about.Ref())
	}
}

// TestSearchFillsOnlyAShortList checks that items with some of the words
// fill a list whose first pass found fewer than a page, and do not pad a
// longer one (find pages through 51 rows).
func TestSearchFillsOnlyAShortList(t *testing.T) {
	l := newLab(t)
	for range 6 {
		l.add(t, Item{Kind: KindTip, Body: "school budget review", Lang: "en"})
	}
	for range 3 {
		l.add(t, Item{Kind: KindTip, Body: "a school garden", Lang: "en"})
	}
	got, err := l.Search(context.Background(), Viewer{}, "school budget", 51)
	if err != nil || len(got) != 6 {
		t.Errorf("Search found %d, %v; want the 6 with both words, no padding", len(got), err)
	}
}

// TestSearchMarksNearby checks that an item found only through the
// subject of her words is marked nearby, and one found by her words (or
// their meaning) is not, so that find can tell them apart.
func TestSearchMarksNearby(t *testing.T) {
	l := newLab(t)
	match := l.add(t, Item{Kind: KindTip, Body: "Nous remercions nos bénévoles", Lang: "fr"})
	near := l.add(t, Item{Kind: KindTip, Body: "Invite new mothers to a support group", Lang: "en"})
	got, err := l.Search(context.Background(), Viewer{}, "volunteer", 5)
	if err != nil || len(got) != 2 || got[0].ID != match.ID || got[0].Nearby || got[1].ID != near.ID || !got[1].Nearby {
		t.Fatalf("Search = %+v, %v; want %s as a match, then %s nearby", got, err, match.Ref(), near.Ref())
	}
}

// TestRelatedFallsBackToOneTellingWord checks that when no item shares
// two telling words, one sharing one still counts, and one sharing only
// stop words does not.
func TestRelatedFallsBackToOneTellingWord(t *testing.T) {
	l := newLab(t)
	for _, f := range []string{"Nous avons une réunion lundi", "Comment faire un budget", "Le marché est ouvert"} {
		l.add(t, Item{Kind: KindTip, Body: f, Lang: "fr"})
	}
	about := l.add(t, Item{Kind: KindTip, Body: "Nous remercions nos bénévoles chaque mois", Lang: "fr"})
	got, err := l.Related(context.Background(), Viewer{}, "Comment garder nos bénévoles motivées ?", 3)
	if err != nil || refs(got) != refs([]Item{about}) {
		t.Errorf("Related = %q, %v; want only %s", refs(got), err, about.Ref())
	}
}
