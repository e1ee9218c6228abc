package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

// exportT0 is when the test Lab's first item is shared; each next one
// comes an hour later, so the goldens never change.
var exportT0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

// labBuilder fills a store the way the bot would, at fixed times.
type labBuilder struct {
	t      *testing.T
	st     *store.Store
	now    time.Time
	groups map[string]store.Group
}

func newLabBuilder(t *testing.T, dir string) *labBuilder {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &labBuilder{t: t, st: st, now: exportT0, groups: map[string]store.Group{}}
}

func (b *labBuilder) tick() time.Time {
	b.now = b.now.Add(time.Hour)
	return b.now
}

func (b *labBuilder) group(g store.Group) store.Group {
	b.t.Helper()
	g.TZ = "UTC"
	if _, err := b.st.AddGroup(b.t.Context(), g, exportT0); err != nil {
		b.t.Fatal(err)
	}
	got, err := b.st.GroupByKey(b.t.Context(), g.Key)
	if err != nil {
		b.t.Fatal(err)
	}
	b.groups[g.Key] = got
	return got
}

// member records that user spoke in group key ("" for a direct message).
func (b *labBuilder) member(user, name, key string) store.Member {
	b.t.Helper()
	g := b.groups[key]
	m, _, err := b.st.SeeMember(b.t.Context(), store.Incoming{Chat: g.JID, Sender: user, MsgID: user + key}, name, g.ID, exportT0)
	if err != nil {
		b.t.Fatal(err)
	}
	return m
}

// item shares it in group key as the bot would: the group's privacy.
func (b *labBuilder) item(key string, it store.Item) store.Item {
	b.t.Helper()
	if g, ok := b.groups[key]; ok {
		it.GroupID, it.Private = g.ID, g.Private
	}
	got, err := b.st.AddItem(b.t.Context(), it, b.tick())
	if err != nil {
		b.t.Fatal(err)
	}
	return got
}

func (b *labBuilder) translate(it store.Item, lang, text string, by store.Member) {
	b.t.Helper()
	if err := b.st.SetTranslation(b.t.Context(), it, lang, text, by.ID, b.tick()); err != nil {
		b.t.Fatal(err)
	}
}

func (b *labBuilder) event(e store.Event, rsvps ...store.Member) store.Event {
	b.t.Helper()
	ctx := b.t.Context()
	b.inTx(func(tx *store.Tx) error {
		_, err := tx.AddEvent(ctx, &e, nil, b.tick())
		return err
	})
	for _, m := range rsvps {
		if _, err := b.st.RSVP(ctx, e.ID, m.ID, b.tick()); err != nil {
			b.t.Fatal(err)
		}
	}
	return e
}

// buildDemoLab fills dir with a little of everything an export shows: the
// demo groups and a private one, tags, a translation, an anonymous
// question, a forgotten author, a resource, events.
func buildDemoLab(t *testing.T, dir string) *labBuilder {
	t.Helper()
	b := newLabBuilder(t, dir)
	for _, g := range config.Demo().Groups {
		b.group(store.Group{Key: g.Key, JID: g.JID, Name: g.Name, Lang: g.Language, Private: g.Private})
	}
	b.group(store.Group{Key: "kampala", JID: "120363000000000004@g.us", Name: "Kampala circle", Lang: "en", Private: true})
	amina := b.member("+15550000100", "Amina", "nairobi")
	lucia := b.member("+15550000200", "Lucía", "bogota")
	aissatou := b.member("+15550000300", "Aïssatou", "dakar")
	zainab := b.member("+15550000400", "Zainab", "nairobi")
	grace := b.member("+15550000500", "Grace", "nairobi")
	nakato := b.member("+15550000600", "Nakato", "kampala")
	ana := b.member("+15550000001", "Ana", "nairobi")

	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: amina.ID, Tags: []string{"education", "funding"},
		Body: "Before applying for a grant, start a savings circle: funders ask how the group manages money. #funding #education"})
	salud := b.item("bogota", store.Item{Kind: store.KindTip, Lang: "es", AuthorID: lucia.ID, Tags: []string{"salud"},
		Body: "Las ferias de salud en la escuela llegan también a las madres.\nInviten a las abuelas. #salud"})
	b.translate(salud, "fr", "Les foires de santé à l'école touchent aussi les mères. Invitez les grands-mères.", aissatou)
	q := b.item("nairobi", store.Item{Kind: store.KindQuestion, Lang: "en", AuthorID: grace.ID,
		Body: "Which funders accept applications in French?"})
	b.item("nairobi", store.Item{Kind: store.KindAnswer, Lang: "en", AuthorID: amina.ID, QuestionID: q.ID,
		Body: "The Fonds pour les femmes does; see R1."})
	anon := b.item("", store.Item{Kind: store.KindQuestion, Lang: "en", AuthorID: zainab.ID, Anonymous: true, Tags: []string{"health"},
		Body: "How do we talk with parents about menstrual health? #health"})
	b.item("", store.Item{Kind: store.KindAnswer, Lang: "es", AuthorID: lucia.ID, QuestionID: anon.ID,
		Body: "Empiecen con las madres, en grupos pequeños."})
	// A tag her text does not show is named on the item's line.
	b.item("dakar", store.Item{Kind: store.KindResource, Lang: "fr", AuthorID: aissatou.ID, Tags: []string{"droits", "plaidoyer"},
		URL: "https://example.org/guide-plaidoyer", Body: "Guide de plaidoyer pour les #droits des filles"})
	b.item("kampala", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: nakato.ID, Tags: []string{"health"},
		Body: "Our clinic partner runs free screenings on Fridays. #health"})
	// Files (issue 17): a document whose name tries to climb out of a
	// directory, and a voice note, which has no name.
	b.item("nairobi", store.Item{Kind: store.KindResource, Lang: "en", AuthorID: amina.ID, Tags: []string{"funding"},
		Body: "Budget plan for a year #funding", File: b.file("../../Budget plan.pdf", "application/pdf", "document", "%PDF-1.4 budget")})
	b.item("bogota", store.Item{Kind: store.KindTip, Lang: "es", AuthorID: lucia.ID, Tags: []string{"ahorro"},
		Body: "Ahorramos juntas cada viernes #ahorro", File: b.file("", "audio/ogg; codecs=opus", "voice", "OggS voice note")})
	if err := b.st.ForgetMember(t.Context(), grace.ID); err != nil {
		t.Fatal(err)
	}
	b.event(store.Event{Title: "Webinar: writing a grant budget", Description: "With the Lab's finance team. Bring your questions.",
		Start: time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC), CreatedBy: ana.ID}, amina, lucia)
	e := b.event(store.Event{Title: "Kampala circle meeting", Start: time.Date(2026, 12, 12, 7, 0, 0, 0, time.UTC),
		GroupID: b.groups["kampala"].ID, CreatedBy: ana.ID})
	b.inTx(func(tx *store.Tx) error {
		_, err := tx.CancelEvent(t.Context(), e, b.tick())
		return err
	})
	return b
}

// file stores data as a member's file named name.
func (b *labBuilder) file(name, mime, kind, data string) *store.File {
	b.t.Helper()
	blob, err := b.st.Files().Put(strings.NewReader(data), 1<<20)
	if err != nil {
		b.t.Fatal(err)
	}
	return &store.File{Name: name, MIME: mime, Kind: kind, Size: blob.Size, Hash: blob.Hash}
}

// inTx runs fn in one store transaction, and commits it.
func (b *labBuilder) inTx(fn func(tx *store.Tx) error) {
	b.t.Helper()
	tx, err := b.st.Begin(b.t.Context())
	if err != nil {
		b.t.Fatal(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		b.t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.t.Fatal(err)
	}
}
