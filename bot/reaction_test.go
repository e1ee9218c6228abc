package bot

import (
	"strings"
	"testing"
)

// sendsSince is what labbot sent after the first n sends.
func (h *harness) sendsSince(n int) []sentMsg { return h.tr.messages()[n:] }

// wantReaction fails unless got is one reaction with emoji to m, in m's
// chat, addressed to her as the message arrived.
func wantReaction(t *testing.T, what string, got sentMsg, m Message, emoji string) {
	t.Helper()
	if got.Reaction != emoji || got.To.Chat != m.Chat || got.To.QuoteID != m.ID || got.To.QuoteSender != m.Sender {
		t.Errorf("%s: sent %+v; want a %s reaction to %s from %s in %s", what, got, emoji, m.ID, m.Sender, m.Chat)
	}
}

// Issue 14, point 7: a confirmation with nothing she needs to read (no ID
// she will use, no choice) is a reaction to her message, in a group and
// in a direct message; one with an ID or words she needs stays a text.
func TestConfirmationsAreReactions(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, zainab, "nairobi", "hello")
	for _, tc := range []struct{ user, chat, text string }{
		{amina, "nairobi", "!lang es"},
		{amina, "", "!idioma fr"},
		{zainab, "nairobi", "!unsubscribe"}, // she is subscribed just below
	} {
		if tc.text == "!unsubscribe" {
			// Subscribing says where the digest goes and how to stop it:
			// words she needs, so a text.
			n := len(h.tr.messages())
			h.say(t, zainab, "", "!subscribe")
			if got := h.sendsSince(n); len(got) != 1 || got[0].Reaction != "" || !strings.Contains(got[0].Text, "*!unsubscribe*") {
				t.Fatalf("!subscribe: sent %+v; want a text saying how to stop", got)
			}
		}
		n := len(h.tr.messages())
		m := h.say(t, tc.user, tc.chat, tc.text)
		got := h.sendsSince(n)
		if len(got) != 1 {
			t.Fatalf("%s: %d sends, want one reaction", tc.text, len(got))
		}
		wantReaction(t, tc.text, got[0], m, "✅")
	}
	n := len(h.tr.messages())
	h.say(t, zainab, "nairobi", "!tip Ask before planning #education")
	if got := h.sendsSince(n); len(got) != 1 || got[0].Reaction != "" || !strings.Contains(got[0].Text, "*T1*") {
		t.Errorf("!tip: sent %+v; want a text with the tip's ID", got)
	}
}

// An answer written where the asker's notice is posted is confirmed by a
// reaction (the notice names it); elsewhere, by a text with its ID.
func TestAnswerConfirmation(t *testing.T) {
	h := newHarness(t, nil)
	h.sayAs(t, zainab, "Zainab", "nairobi", "!ask How do we pay rent?")
	n := len(h.tr.messages())
	m := h.say(t, amina, "nairobi", "!answer Q1 A reserve fund")
	got := h.sendsSince(n)
	if len(got) != 2 || got[1].To.Chat != m.Chat || !strings.Contains(got[1].Text, "*A1*") {
		t.Fatalf("answer in the asker's group: sent %+v; want a reaction, then the notice there", got)
	}
	wantReaction(t, "answer in the asker's group", got[0], m, "✅")
	h.say(t, amina, "", "!answer Q1 Or a loan")
	if got := h.lastTo(t, amina); got.Reaction != "" || !strings.Contains(got.Text, "*A2*") {
		t.Errorf("answer by direct message: %+v; want a text naming A2", got)
	}
}

// An RSVP by direct message is answered by the calendar file alone, its
// caption saying she is on the list; in a group, by a reaction there and
// the file by direct message.
func TestRSVPAnswers(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "", "!event 2026-12-20 15:00 Budget webinar")
	h.say(t, amina, "nairobi", "hello")
	n := len(h.tr.messages())
	h.say(t, amina, "", "!rsvp E1")
	got := h.sendsSince(n)
	if len(got) != 1 || got[0].Doc == nil || !strings.Contains(got[0].Text, "on the list for *E1*") {
		t.Fatalf("RSVP by direct message: sent %+v; want the calendar file alone, captioned", got)
	}
	// Zainab never wrote labbot: WhatsApp would refuse the file, so the
	// group hears she is on the list and how to get it.
	n = len(h.tr.messages())
	h.say(t, zainab, "nairobi", "!rsvp E1")
	got = h.sendsSince(n)
	if len(got) != 1 || got[0].Reaction != "" || got[0].To.Chat == zainab || !strings.Contains(got[0].Text, "direct message with *!rsvp* E1") {
		t.Fatalf("RSVP in a group from one who never wrote labbot: sent %+v; want words in the group saying how to get the file", got)
	}
	h.say(t, zainab, "", "!rsvp E1")
	n = len(h.tr.messages())
	m := h.say(t, zainab, "nairobi", "!rsvp E1")
	got = h.sendsSince(n)
	if len(got) != 2 || got[1].Doc == nil || got[1].To.Chat != zainab {
		t.Fatalf("RSVP in a group: sent %+v; want a reaction, then the file by direct message", got)
	}
	wantReaction(t, "RSVP in a group", got[0], m, "🙌")
}
