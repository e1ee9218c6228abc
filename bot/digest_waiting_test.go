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
		{"bogota", "!resumen", nil, []string{"Esperan una traducción"}},
		{"dakar", "!resume", []string{
			"🌐 *En attente d'une traduction en français*\n• 2 partagés en espagnol\u202f: *T2*, *T1*\nVous pouvez aider\u202f? Écrivez *!traduire* T2 fr suivi de votre traduction.",
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
