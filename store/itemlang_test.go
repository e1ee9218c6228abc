package store

import (
	"context"
	"errors"
	"testing"
)

// TestSetItemLang corrects an item's language, and rewrites its search
// entry with its text, tags and translations (here the entry was lost
// first: only a rewrite finds it again).
func TestSetItemLang(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	it := l.add(t, Item{Kind: KindTip, Body: "Demandez aux filles #ecole", Lang: "en", AuthorID: l.ana.ID, GroupID: l.open.ID})
	if err := l.SetTranslation(ctx, it, "es", "Pregunten a las niñas", l.ana.ID, t0); err != nil {
		t.Fatal(err)
	}
	err := l.tx(ctx, func(tx querier) error { _, err := tx.ExecContext(ctx, ftsDeleteSQL, it.ID); return err })
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetItemLang(ctx, it.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	got, err := l.ItemByRef(ctx, KindTip, it.Num)
	if err != nil || got.Lang != "fr" {
		t.Fatalf("after SetItemLang fr: %+v, %v", got, err)
	}
	v := Viewer{GroupID: l.open.ID, MemberID: l.ana.ID}
	for _, q := range []string{"filles", "ecole", "niñas"} {
		found, err := l.Search(ctx, v, q, 5)
		if err != nil || refs(found) != it.Ref() {
			t.Errorf("search %q after the correction: %q, %v; want %s", q, refs(found), err, it.Ref())
		}
	}
}

// An item is never marked as written in a language it was translated into.
func TestSetItemLangRefusesATranslatedLanguage(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	it := l.add(t, Item{Kind: KindTip, Body: "Ask the girls", Lang: "en", AuthorID: l.ana.ID, GroupID: l.open.ID})
	if err := l.SetTranslation(ctx, it, "es", "Pregunten a las niñas", l.ana.ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := l.SetItemLang(ctx, it.ID, "es"); !errors.Is(err, ErrTranslatedInto) {
		t.Fatalf("SetItemLang es with an es translation: %v; want ErrTranslatedInto", err)
	}
	if got, _ := l.ItemByRef(ctx, KindTip, it.Num); got.Lang != "en" {
		t.Errorf("language after a refusal: %q; want en", got.Lang)
	}
	if err := l.SetItemLang(ctx, 999, "fr"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetItemLang of no item: %v; want ErrNotFound", err)
	}
}

func TestLangReach(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	en := l.add(t, Item{Kind: KindTip, Body: "Ask the girls", Lang: "en", AuthorID: l.ana.ID, GroupID: l.open.ID})
	es := l.add(t, Item{Kind: KindTip, Body: "Pregunten", Lang: "es", AuthorID: l.ana.ID, GroupID: l.open.ID})
	l.add(t, Item{Kind: KindQuestion, Body: "Qui ?", Lang: "fr", AuthorID: l.bea.ID, GroupID: l.closed.ID, Private: true})
	for _, tr := range []struct {
		it   Item
		lang string
	}{{en, "es"}, {en, "fr"}, {es, "fr"}} {
		if err := l.SetTranslation(ctx, tr.it, tr.lang, "x", l.ana.ID, t0); err != nil {
			t.Fatal(err)
		}
	}
	readable, dirs, err := l.LangReach(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []Readable{{"en", 1, 3}, {"es", 2, 3}, {"fr", 3, 3}}
	if len(readable) != 3 || readable[0] != want[0] || readable[1] != want[1] || readable[2] != want[2] {
		t.Errorf("readable: %+v; want %+v", readable, want)
	}
	wantDirs := []Direction{{"en", "es", 1}, {"en", "fr", 1}, {"es", "fr", 1}}
	if len(dirs) != 3 || dirs[0] != wantDirs[0] || dirs[1] != wantDirs[1] || dirs[2] != wantDirs[2] {
		t.Errorf("directions: %+v; want %+v", dirs, wantDirs)
	}
}
