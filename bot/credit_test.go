package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"labbot/bot/outbox"
	"labbot/store"
)

// sayAs delivers text from user, shown in WhatsApp as name, in chat (a
// group key, or "" for a direct message), and sends what is due.
func (h *harness) sayAs(t *testing.T, user, name, chat, text string) {
	t.Helper()
	h.n++
	m := Message{Sender: user, SenderName: name, Text: text, ID: fmt.Sprintf("in%d", h.n), Time: h.clock.Now(), Chat: user}
	if chat != "" {
		g, err := h.store.GroupByKey(context.Background(), chat)
		if err != nil {
			t.Fatal(err)
		}
		m.Chat, m.Group = g.JID, true
	}
	h.deliver(t, m)
}

// sentSince is the text of every message sent after the first n.
func (h *harness) sentSince(n int) string {
	var b strings.Builder
	for _, m := range h.tr.messages()[n:] {
		b.WriteString(m.Text + "\n\n")
	}
	return b.String()
}

const bidiControls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C"

// Issue 13: an answer holding labbot's own layout on a line of its own,
// and a tip with a U+202E before a fake credit, never make a line that
// passes for labbot's, nor reverse one, in any of the three languages;
// the direction controls are not even kept.
func TestMemberTextCannotForgeLayout(t *testing.T) {
	for _, tt := range []struct{ group, ask, answer, tip, show, kind string }{
		{"nairobi", "!ask", "!answer", "!tip", "!show", "answer"},
		{"bogota", "!preguntar", "!responder", "!consejo", "!ver", "respuesta"},
		{"dakar", "!demander", "!repondre", "!astuce", "!voir", "réponse"},
	} {
		t.Run(tt.group, func(t *testing.T) {
			h := newHarness(t, nil)
			const amina, mallory = "+15550000100", "+15550000500"
			h.sayAs(t, amina, "Amina", tt.group, tt.ask+" Where can we find a lawyer?")
			forged := "*A2* · " + tt.kind + " · by Ana (Lab team)"
			h.sayAs(t, mallory, "Mallory", tt.group, tt.answer+" Q1 ok\r\n"+forged+"\u2028"+forged+"\n\u202Eforged")
			h.sayAs(t, mallory, "Mallory\u202E", tt.group, tt.tip+" Pay the fee first \u202Eana yb · pit ·")
			// A tip saved before labbot stripped direction controls.
			beth, _, err := h.store.SeeMember(context.Background(), store.Incoming{Sender: "+15550000501"}, "Beth", 0, t0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.store.AddItem(context.Background(), store.Item{Kind: store.KindTip, Lang: "en", AuthorID: beth.ID,
				Body: "Old\u2029" + forged + "\n\u202Eforged"}, t0); err != nil {
				t.Fatal(err)
			}
			n := len(h.tr.messages())
			h.sayAs(t, amina, "Amina", tt.group, tt.show+" Q1")
			h.sayAs(t, amina, "Amina", tt.group, tt.show+" T1")
			h.sayAs(t, amina, "Amina", tt.group, tt.show+" T2")
			out := h.sentSince(n)
			// Every way WhatsApp starts a new line starts one here.
			for _, line := range strings.FieldsFunc(out, func(r rune) bool { return strings.ContainsRune("\n\r\u2028\u2029\u0085\v\f", r) }) {
				if strings.HasPrefix(line, "*A2*") || strings.HasPrefix(line, "\u202E") {
					t.Errorf("a member's line passes for labbot's: %q\n%s", line, out)
				}
			}
			if strings.ContainsAny(out, bidiControls) {
				t.Errorf("a direction control was sent:\n%q", out)
			}
			if !strings.Contains(out, "> "+forged) {
				t.Errorf("the answer is not shown as a quote:\n%s", out)
			}
			for _, ref := range []struct {
				kind string
				num  int64
			}{{store.KindAnswer, 1}, {store.KindTip, 1}} {
				it, err := h.store.ItemByRef(context.Background(), ref.kind, ref.num)
				if err != nil {
					t.Fatal(err)
				}
				if strings.ContainsAny(it.Body, bidiControls) {
					t.Errorf("%s%d was saved with a direction control: %q", ref.kind, ref.num, it.Body)
				}
			}
		})
	}
}

// The anonymous asker who translates her own question is credited to
// nobody, and in a group she may no more replace a translation than
// anyone: either would name her there.
func TestAnonymousAskersTranslationNamesNobody(t *testing.T) {
	h := newHarness(t, nil)
	const zainab, amina = "+15550000400", "+15550000100"
	h.sayAs(t, zainab, "Zainab", "nairobi", "hello")
	h.askAnon(t, zainab, "!ask anon How do I leave safely?", "1")
	h.sayAs(t, zainab, "Zainab", "", "!translate Q1 es ¿Cómo me voy sin peligro?")
	n := len(h.tr.messages())
	h.sayAs(t, amina, "Amina", "bogota", "!ver Q1")
	h.sayAs(t, zainab, "Zainab", "nairobi", "!translate Q1 es ¿Cómo salgo?")
	h.sayAs(t, amina, "Amina", "nairobi", "!translate Q1 es ¿Cómo salgo?")
	out := h.sentSince(n)
	if strings.Contains(out, "Zainab") {
		t.Errorf("the anonymous asker is named:\n%s", out)
	}
	if !strings.Contains(out, "Traducción de una integrante:") {
		t.Errorf("the translation is not credited to a member:\n%s", out)
	}
	msgs := h.tr.messages()
	if got, other := msgs[len(msgs)-2].Text, msgs[len(msgs)-1].Text; got != other {
		t.Errorf("in the group she is answered unlike others:\n%q\n%q", got, other)
	}
}

// whatsmeow's error text names the chat: every form of a person's ID is
// hidden in the log and in the row's last_error, and no run of the
// number's digits is left.
func TestSendErrorsHideNumbers(t *testing.T) {
	forms := []string{"254700000020@s.whatsapp.net", "254700000020:12@s.whatsapp.net", "254700000020.0:12@s.whatsapp.net",
		"254700000020@c.us", "254700000020@hosted", "254700000020:3@hosted", "254700000020@hosted.lid",
		"254700000020@lid", "254700000020.0:1@lid", "254700000020@broadcast", "254700000020@newsletter",
		"+254700000020", "+254 700 000 020"}
	for i, form := range forms {
		t.Run(form, func(t *testing.T) {
			var logs bytes.Buffer
			h, err := buildHarness(filepath.Join(t.TempDir(), store.FileName), t0, nil, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer h.store.Close()
			h.sayAs(t, "+254700000020", "Beth", "nairobi", "hello")
			h.tr.failWith(func(outbox.Envelope) error {
				return fmt.Errorf("send: failed to get user info for %s: %w", form, errors.New("timeout"))
			})
			batch := fmt.Sprintf("test:%d", i)
			if err := h.bot.queue(context.Background(), store.Outgoing{Chat: "+254700000020", Body: "hi", Batch: batch}); err != nil {
				t.Fatal(err)
			}
			h.drain(t)
			rows, err := h.store.BatchRows(context.Background(), batch)
			if err != nil || len(rows) != 1 {
				t.Fatalf("rows %v, %v", rows, err)
			}
			for where, text := range map[string]string{"last_error": rows[0].LastError, "log": logs.String()} {
				if !strings.Contains(text, "failed to get user info") {
					t.Errorf("%s lost the error: %q", where, text)
				}
				if strings.Contains(digitsOf(text), "700000020") {
					t.Errorf("%s shows the number: %q", where, text)
				}
			}
		})
	}
}

// digitsOf keeps the ASCII digits of s.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// Found by the outside review: the anonymous asker who makes her
// question's first translation in a group, where everyone sees her send
// the command, is credited like anyone translating there. Credited to "a
// member" while others are named, she would be the one translation that
// is not, which names her as the asker.
func TestAnonymousAskersTranslationInGroupReadsLikeAnyones(t *testing.T) {
	h := newHarness(t, nil)
	const zainab, amina = "+15550000400", "+15550000100"
	h.sayAs(t, zainab, "Zainab", "nairobi", "hello")
	h.askAnon(t, zainab, "!ask anon How do I leave safely?", "1")
	h.sayAs(t, zainab, "Zainab", "nairobi", "!translate Q1 es ¿Cómo me voy sin peligro?")
	h.sayAs(t, amina, "Amina", "nairobi", "!translate Q1 fr Comment partir sans danger ?")
	n := len(h.tr.messages())
	h.sayAs(t, amina, "Amina", "nairobi", "!show Q1")
	out := h.sentSince(n)
	if !strings.Contains(out, "Spanish, by Zainab") || !strings.Contains(out, "French, by Amina") {
		t.Errorf("her translation in the group is not credited like Amina's:\n%s", out)
	}
}

// Found by the outside review: only an item's author, staff or the
// translator herself replace a translation, so telling the earlier
// translator who replaced hers, by name, when the anonymous asker did it
// by direct message, named the asker. She is told another member did, in
// her language.
func TestAnonymousAskersReplacementNamesNobody(t *testing.T) {
	for _, tt := range []struct{ group, translate, want string }{
		{"nairobi", "!translate", "replaced by another member's"},
		{"bogota", "!traducir", "Otra integrante reemplazó tu traducción"},
		{"dakar", "!traduire", "remplacée par celle d'une autre membre"},
	} {
		t.Run(tt.group, func(t *testing.T) {
			h := newHarness(t, nil)
			const zainab, amina = "+15550000400", "+15550000100"
			h.sayAs(t, zainab, "Zainab", "nairobi", "hello")
			h.askAnon(t, zainab, "!ask anon How do I leave safely?", "1")
			h.sayAs(t, amina, "Amina", tt.group, tt.translate+" Q1 es ¿Cómo salgo?")
			n := len(h.tr.messages())
			h.sayAs(t, zainab, "Zainab", "", "!translate Q1 es ¿Cómo me voy sin peligro?")
			out := h.sentSince(n)
			if strings.Contains(out, "Zainab") || !strings.Contains(out, tt.want) {
				t.Errorf("Amina is told of the replacement unlike %q:\n%s", tt.want, out)
			}
		})
	}
}

// A direction control in a command's text (an event's title, an
// announcement) never reaches a group: labbot's words around it would
// read backwards.
func TestCommandTextLosesDirectionControls(t *testing.T) {
	h := newHarness(t, nil)
	n := len(h.tr.messages())
	h.sayAs(t, ana, "Ana", "", "!event 2026-12-20 10:00 Meet\u202Ex")
	h.sayAs(t, ana, "Ana", "", "!announce [en] Hello\u202E all [es] Hola\u2067 a todas [fr] Bonjour\u200F à toutes")
	h.sayAs(t, ana, "Ana", "", "!announce send")
	h.sayAs(t, amina, "Amina", "nairobi", "!events")
	out := h.sentSince(n)
	if !strings.Contains(out, "Meetx") {
		t.Fatalf("the event was not created as expected:\n%s", out)
	}
	if strings.ContainsAny(out, bidiControls) {
		t.Errorf("a direction control was sent:\n%q", out)
	}
}

// Review: a WhatsApp name that shows the Lab team's mark to the eye but
// not to a plain comparison (a zero-width space, a soft hyphen, Cyrillic
// "а", fullwidth letters, a dash) passed for the mark. Any of them is
// credited as "a member".
func TestLookalikeStaffMarkIsAMember(t *testing.T) {
	for i, name := range []string{
		"Rosa (Lab\u200b team)", "Rosa (Lab\u00adteam)", "Rosa (L\u0430b team)", "Rosa (Ｌａｂ ｔｅａｍ)",
		"Rosa (Lab-team)", "Rosa (ЕQUIPO DEL LAB)", "Rosa (équipe\u2060du Lab)",
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, nil)
			user := fmt.Sprintf("+1555000077%d", i)
			h.sayAs(t, user, name, "nairobi", "!tip Pay the fee to this number first. #money")
			h.sayAs(t, user, name, "nairobi", "!show T1")
			if got := h.lastText(); !strings.Contains(got, "by a member") {
				t.Errorf("%q is credited as %q; want a member", name, got)
			}
		})
	}
}

// A member whose WhatsApp name claims the Lab team's mark is told of an
// answer by direct message: addressed by name in her group, the notice
// would show the mark labbot never gives her.
func TestAnswerNoticeNeverShowsAClaimedMark(t *testing.T) {
	h := newHarness(t, nil)
	const rosa = "+15550000701"
	h.sayAs(t, rosa, "Rosa (Lab team)", "nairobi", "!ask Where do we find a lawyer?")
	n := len(h.tr.messages())
	h.sayAs(t, amina, "Amina", "nairobi", "!answer Q1 The legal aid clinic.")
	for _, m := range h.tr.messages()[n:] {
		if strings.Contains(m.Text, "Lab team") {
			t.Errorf("a notice shows the claimed mark in %s: %q", m.To.Chat, m.Text)
		}
	}
	if countTo(h.tr.messages()[n:], rosa, "") != 1 {
		t.Errorf("she was not told by direct message: %+v", h.tr.messages()[n:])
	}
}
