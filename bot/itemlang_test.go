package bot

import (
	"context"
	"strings"
	"testing"
)

const (
	fatou = "+15550000300"
	beth  = "+15550000400"
)

func (h *harness) itemLang(t *testing.T, kind string, num int64) string {
	t.Helper()
	it, err := h.store.ItemByRef(context.Background(), kind, num)
	if err != nil {
		t.Fatal(err)
	}
	return it.Lang
}

// Issue 15: a French tip shared in an English group was labelled English
// (the reply language), and "!translate T1 en …" said it was English
// already. An item takes its text's language; the command word's, then
// the group's, decide only when the text cannot.
func TestItemTakesItsTextsLanguage(t *testing.T) {
	h := newHarness(t, unlimited)
	h.say(t, fatou, "nairobi", "!tip Demandez aux filles ce dont elles ont besoin avant de planifier #education")
	if got := h.itemLang(t, "T", 1); got != "fr" {
		t.Fatalf("a French tip in an English group is %q; want fr", got)
	}
	for _, tc := range []struct{ chat, show, want string }{
		{"nairobi", "!show T1", "· in French"},
		{"bogota", "!ver T1", "· en francés"},
		{"dakar", "!voir T1", "· en français"},
	} {
		h.say(t, amina, tc.chat, tc.show)
		if got := h.lastText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q; want %q", tc.show, got, tc.want)
		}
	}
	n := len(h.tr.messages())
	h.say(t, amina, "nairobi", "!translate T1 en Ask the girls what they need before planning")
	if got := h.sentSince(n); !strings.Contains(got, "(reacts ✅)") {
		t.Fatalf("translating the French tip into English: %q", got)
	}
	for i, tc := range []struct{ chat, text, want string }{
		{"bogota", "!tip Zoom link", "en"},      // too short: the command word's
		{"nairobi", "!consejo Zoom link", "es"}, // likewise
		{"dakar", "!resource https://example.org/z Zoom", "en"},
		{"nairobi", "!consejo Ask the donor for core funding, not only projects", "en"}, // the text decides
	} {
		h.say(t, amina, tc.chat, tc.text)
		kind, num := "T", int64(i+2)
		if strings.Contains(tc.text, "resource") {
			kind, num = "R", 1
		}
		if i == 3 {
			num = 4
		}
		if got := h.itemLang(t, kind, num); got != tc.want {
			t.Errorf("%s in %s: %s%d is %q; want %q", tc.text, tc.chat, kind, num, got, tc.want)
		}
	}
}

// An answer, a question and a resource's title take their text's
// language too, and so does an anonymous question.
func TestEveryItemTakesItsTextsLanguage(t *testing.T) {
	h := newHarness(t, unlimited)
	h.say(t, amina, "nairobi", "!ask ¿Alguien tiene una plantilla de presupuesto?")
	h.say(t, amina, "nairobi", "!answer Q1 Oui, je vous l'envoie ce soir")
	h.say(t, amina, "bogota", "!recurso https://example.org/guide Guide to writing a theory of change")
	h.say(t, zainab, "dakar", "hello")
	h.askAnon(t, zainab, "!demander anonyme How do we pay the rent when a donor is late?", "1")
	for _, tc := range []struct {
		kind string
		num  int64
		want string
	}{{"Q", 1, "es"}, {"A", 1, "fr"}, {"R", 1, "en"}, {"Q", 2, "en"}} {
		if got := h.itemLang(t, tc.kind, tc.num); got != tc.want {
			t.Errorf("%s%d is %q; want %q", tc.kind, tc.num, got, tc.want)
		}
	}
}

// Issue 15: its author or staff correct an item's language ("!lang T1
// es"), in any of the three languages; anyone else is told who can; an
// item is not marked as written in a language it was translated into.
func TestCorrectAnItemsLanguage(t *testing.T) {
	h := newHarness(t, unlimited)
	h.say(t, amina, "nairobi", "!tip Zoom link for Thursday")
	h.say(t, beth, "nairobi", "!lang T1 es")
	if got := h.lastText(); !strings.Contains(got, "Only the person who shared *T1*") || h.itemLang(t, "T", 1) != "en" {
		t.Fatalf("another member corrects T1: %q, T1 is %s", got, h.itemLang(t, "T", 1))
	}
	for _, tc := range []struct{ user, chat, text, want, lang string }{
		{amina, "bogota", "!idioma T1 es", "✅ Listo: anoté que *T1* está en español.", "es"},
		{ana, "dakar", "!langue T1 fr", "✅ C'est fait\u202f: j'ai noté que *T1* est en français.", "fr"},
		{amina, "nairobi", "!lang en T1", "✅ Done: *T1* is now marked as written in English.", "en"},
		{amina, "nairobi", "!lang T1 english", "*T1* is already marked as written in English.", "en"},
		{amina, "nairobi", "!lang T1 klingon", "give its ID and the language: *!lang* T1 fr", "en"},
	} {
		h.say(t, tc.user, tc.chat, tc.text)
		if got := h.lastText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q; want %q", tc.text, got, tc.want)
		}
		if got := h.itemLang(t, "T", 1); got != tc.lang {
			t.Errorf("after %s: T1 is %q; want %q", tc.text, got, tc.lang)
		}
	}
	h.say(t, beth, "nairobi", "!translate T1 es Enlace de Zoom para el jueves")
	h.say(t, amina, "nairobi", "!lang T1 es")
	if got := h.lastText(); !strings.Contains(got, "I can't mark *T1* as written in Spanish") || h.itemLang(t, "T", 1) != "en" {
		t.Errorf("correcting into a language T1 was translated into: %q, T1 is %s", got, h.itemLang(t, "T", 1))
	}
}

// An anonymous question's language is corrected by direct message only:
// in a group, its asker, staff and anyone get one same answer (any other
// would tell who asked), and what she is told by direct message is
// dropped from the outbox once sent.
func TestCorrectAnAnonymousQuestionsLanguage(t *testing.T) {
	h := newHarness(t, unlimited)
	h.say(t, zainab, "nairobi", "hello")
	h.askAnon(t, zainab, "!ask anon Zoom?", "1")
	var inGroup []string
	for _, user := range []string{zainab, ana, beth} {
		h.say(t, user, "nairobi", "!lang Q1 fr")
		inGroup = append(inGroup, h.lastText())
	}
	if inGroup[0] != inGroup[1] || inGroup[1] != inGroup[2] || !strings.Contains(inGroup[0], "by direct message only") {
		t.Fatalf("in a group, the asker, staff and another member are told: %q", inGroup)
	}
	if got := h.itemLang(t, "Q", 1); got != "en" {
		t.Fatalf("Q1 corrected in a group: %q", got)
	}
	h.say(t, beth, "", "!lang Q1 fr")
	if got := h.lastText(); !strings.Contains(got, "Only the person who shared *Q1*") {
		t.Errorf("another member by direct message: %q", got)
	}
	h.say(t, zainab, "", "!lang Q1 fr")
	if got := h.lastText(); !strings.Contains(got, "now marked as written in French") || h.itemLang(t, "Q", 1) != "fr" {
		t.Fatalf("the asker by direct message: %q, Q1 is %s", got, h.itemLang(t, "Q", 1))
	}
	v := openAuthzDB(t, h.path)
	if rows := v.rows(t, `SELECT body FROM outbox WHERE chat = ? AND body LIKE '%Q1%'`, zainab); len(rows) > 0 {
		t.Errorf("her correction's reply ties her to Q1: %q", rows)
	}
}

// Issue 15: a list that shows an item in the reader's language through a
// translation credits its translator, as !show and the digest do.
func TestListsCreditTheTranslator(t *testing.T) {
	h := newHarness(t, unlimited)
	h.sayAs(t, amina, "Amina", "bogota", "!consejo Pregunten a las niñas qué necesitan antes de planificar #educacion")
	h.sayAs(t, beth, "Beth", "nairobi", "!translate T1 en Ask the girls what they need before planning")
	for _, tc := range []struct{ chat, text, want string }{
		{"nairobi", "!find girls", "• *T1* tip (Spanish, translated by Beth) — Ask the girls"},
		{"bogota", "!buscar niñas", "• *T1* consejo (español) — Pregunten"},
		{"dakar", "!chercher niñas", "• *T1* astuce (espagnol) — Pregunten"},
	} {
		h.say(t, amina, tc.chat, tc.text)
		if got := h.lastText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q; want %q", tc.text, got, tc.want)
		}
	}
}
