package bot

import (
	"errors"
	"strings"
	"testing"
)

// Issue 18: a quote-reply to labbot's message about a question removed
// since is told so, in her language; before, it vanished.
func TestQuoteReplyToARemovedQuestion(t *testing.T) {
	h := newHarness(t, unlimited)
	const zainab = "+15550000400"
	h.say(t, zainab, "bogota", "!preguntar ¿Dónde consigo fondos para talleres?")
	posted := h.lastMsg().To.ID
	h.say(t, zainab, "bogota", "!eliminar Q1")
	n := len(h.tr.messages())
	m := h.message(t, amina, "bogota", "Prueba con la alcaldía")
	m.QuotedID = posted
	h.deliver(t, m)
	if len(h.tr.messages()) != n+1 || !strings.Contains(h.lastText(), "Esa pregunta (*Q1*) fue eliminada") {
		t.Errorf("a quote-reply to a removed question got %q, want that Q1 was removed", h.lastText())
	}
	// A quote-reply to anything else labbot said stays chat.
	h.say(t, amina, "bogota", "!ayuda")
	help := h.lastMsg().To.ID
	n = len(h.tr.messages())
	m = h.message(t, amina, "bogota", "gracias")
	m.QuotedID = help
	h.deliver(t, m)
	if len(h.tr.messages()) != n {
		t.Errorf("a quote-reply to help got %q, want silence", h.lastText())
	}
}

// Issue 18: a name that shows nothing is "a member" in the reader's
// language, in !show as everywhere a credit passes (personName).
func TestInvisibleNameIsAMember(t *testing.T) {
	h := newHarness(t, unlimited)
	m := h.message(t, "+15550000400", "dakar", "!astuce Garder une copie des reçus")
	m.SenderName = "\u3164\u200b "
	h.deliver(t, m)
	h.say(t, amina, "dakar", "!voir T1")
	if got := h.lastText(); !strings.Contains(got, "une membre") || strings.Contains(got, "par \u3164") {
		t.Errorf("!voir of an invisible name's tip got %q, want it credited to une membre", got)
	}
}

// Issue 18: !join with what is no invite link says so, with the form it
// takes, and does not ask WhatsApp (whose failure read "try again later").
func TestJoinWithoutAnInviteLink(t *testing.T) {
	h := newHarness(t, unlimited)
	h.tr.joinErr = errors.New("the transport was asked")
	for _, tc := range []struct{ text, want string }{
		{"!join nairobi-group", "“nairobi-group” is not a WhatsApp invite link"},
		{"!unirse www.example.org/x", "no es un enlace de invitación de WhatsApp"},
		{"!join chat.whatsapp.com/AbC?mode=x", "couldn't join that group just now"},
	} {
		h.say(t, ana, "", tc.text)
		if got := h.lastText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s got %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := h.lastText(); strings.Contains(got, "https://chat.whatsapp.com/AbCdEfGhIjK") {
		t.Errorf("a real link that failed got the form of a link: %q", got)
	}
	// As pasted from a message or a mail: the transport gets the link it reads.
	h.say(t, ana, "", "!join (HTTPS://CHAT.WHATSAPP.COM/AbC9).")
	if h.tr.joined != "https://chat.whatsapp.com/AbC9" {
		t.Errorf("the transport was given %q, want the link as WhatsApp writes it", h.tr.joined)
	}
}

func (h *harness) lastMsg() sentMsg {
	msgs := h.tr.messages()
	return msgs[len(msgs)-1]
}
