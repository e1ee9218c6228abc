package bot

import (
	"strings"
	"testing"

	"labbot/bot/config"
)

// Issue 15: the digest shows each group what of the week waits for a
// translation into its language, per language it was written in, with a
// few IDs and how to translate one; a private group's items only there.
func TestDigestAsksForTranslations(t *testing.T) {
	h := newHarness(t, edits(unlimited, func(c *config.Config) {
		for i := range c.Groups {
			c.Groups[i].Private = c.Groups[i].Key == "dakar"
		}
	}))
	h.sayAs(t, amina, "Amina", "bogota", "!consejo Pregunten a las niñas qué necesitan antes de planificar")
	h.sayAs(t, amina, "Amina", "bogota", "!consejo Guarden los recibos de todo, incluso de las compras pequeñas")
	h.sayAs(t, fatou, "Fatou", "dakar", "!astuce Gardez les reçus de tout, même des petits achats")
	h.sayAs(t, beth, "Beth", "nairobi", "!translate T1 en Ask the girls what they need before planning")
	for _, tc := range []struct {
		chat, cmd string
		want      []string
		not       []string
	}{
		{"nairobi", "!digest", []string{
			"🌐 *Waiting for a translation into English*\n• 1 shared in Spanish: *T2*\nCan you help? Write *!translate* T2 en followed by your translation.",
			"↳ (English) Ask the girls what they need before planning — translated by Beth",
		}, []string{"*T3*"}},
		{"bogota", "!resumen", nil, []string{"Por traducir al"}},
		{"dakar", "!resume", []string{
			"🌐 *En attente d'une traduction en français*\n• 2 contenus en espagnol\u202f: *T2*, *T1*\nVous pouvez aider\u202f? Écrivez *!traduire* T2 fr suivi de votre traduction.",
		}, nil},
	} {
		n := len(h.tr.messages())
		h.say(t, amina, tc.chat, tc.cmd)
		got := h.sentSince(n)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s in %s: no %q in\n%s", tc.cmd, tc.chat, w, got)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%s in %s: %q in\n%s", tc.cmd, tc.chat, w, got)
			}
		}
	}
}

// Issue 15: !stats shows staff, per language, the share of items one can
// read in it, and the translations by direction.
func TestStatsShowReachPerLanguage(t *testing.T) {
	h := newHarness(t, unlimited)
	h.sayAs(t, amina, "Amina", "bogota", "!consejo Pregunten a las niñas qué necesitan antes de planificar")
	h.sayAs(t, amina, "Amina", "nairobi", "!tip Keep receipts for everything, even small purchases")
	h.sayAs(t, fatou, "Fatou", "dakar", "!astuce Gardez les reçus de tout, même des petits achats")
	h.say(t, ana, "", "!stats")
	if got := h.lastText(); !strings.Contains(got, "Translations: none yet.") || !strings.Contains(got, "• English: 1 of 3 items (33%)") {
		t.Errorf("!stats with no translation:\n%s", got)
	}
	h.sayAs(t, beth, "Beth", "nairobi", "!translate T1 en Ask the girls what they need before planning")
	h.sayAs(t, beth, "Beth", "nairobi", "!translate T1 fr Demandez aux filles ce dont elles ont besoin")
	h.sayAs(t, beth, "Beth", "nairobi", "!translate T2 es Guarden los recibos de todo")
	for _, tc := range []struct{ cmd, want string }{
		{"!stats", "• English: 2 of 3 items (67%)\n• Spanish: 2 of 3 items (67%)\n• French: 2 of 3 items (67%)\nTranslations: English→Spanish: 1 · Spanish→English: 1 · Spanish→French: 1"},
		{"!estadisticas", "• español: 2 de 3 aportes (67\u00a0%)"},
		{"!estadisticas", "*Bogotá aliadas* (español)"},
		{"!estadisticas", "*Español*\nGrupos: 1"},
		{"!statistiques", "Traductions\u202f: anglais → espagnol (1) · espagnol → anglais (1) · espagnol → français (1)"},
	} {
		h.say(t, ana, "", tc.cmd)
		if got := h.lastText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: no %q in\n%s", tc.cmd, tc.want, got)
		}
	}
}

// Issue 16: "To read one in full" only when the digest lists something to
// read; a week with only events still invites members to share.
func TestDigestFooterOnlyWhenSomethingToRead(t *testing.T) {
	h := newHarness(t, unlimited)
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.say(t, amina, "nairobi", "!digest")
	got := h.lastText()
	if !strings.Contains(got, "Webinar") || strings.Contains(got, "To read one in full") || !strings.Contains(got, "Share it with *!tip*") {
		t.Errorf("a digest of events only:\n%s", got)
	}
	h.say(t, amina, "nairobi", "!tip Keep every receipt")
	h.say(t, amina, "", "!digest")
	if got := h.lastText(); !strings.Contains(got, "To read one in full") {
		t.Errorf("a digest with a tip lacks how to read it:\n%s", got)
	}
}
