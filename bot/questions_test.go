package bot

import (
	"context"
	"strings"
	"testing"
)

// Anyone's "+1" to an anonymous question is counted, its asker's too: a
// count that stayed put after her "+1" would show who asked.
func TestMeTooOnAnonymousQuestionCountsEveryone(t *testing.T) {
	h := newHarness(t, unlimited)
	h.say(t, amina, "nairobi", "hello")
	h.askAnon(t, amina, "!ask anon How do we stay safe at night?", "1")
	h.say(t, amina, "nairobi", "!answer Q1 +1")
	h.drain(t)
	if got := h.lastText(); got != "(reacts 🙋)" {
		t.Errorf("her +1 got %q; want the 🙋 everyone's +1 gets in a group, no answer", got)
	}
	st, err := h.store.QuestionState(context.Background(), 1)
	if err != nil || st.Wants != 1 || st.Answers != 0 {
		t.Errorf("state = %+v, %v; want her +1 counted like anyone's, no answer", st, err)
	}
}

// At the search's cap, find says "more than", not a number it does not know.
func TestFindSaysMoreThanAtTheCap(t *testing.T) {
	h := newHarness(t, unlimited)
	for range searchCap + 2 {
		h.say(t, amina, "nairobi", "!tip rent is due on the first")
	}
	h.say(t, amina, "nairobi", "!find rent")
	h.drain(t)
	want := h.bot.texts.plural("en", "list.more_than", searchCap-searchResults, vars{"More": "*!find* more"})
	if got := h.lastText(); !strings.Contains(got, want) {
		t.Errorf("find at the cap said:\n%s\nwant %q", got, want)
	}
}

// quote delivers text from user in chat (a group key, or "" for a DM) as
// a quote-reply to labbot's message id.
func (h *harness) quote(t *testing.T, user, chat, id, text string) {
	t.Helper()
	m := h.message(t, user, chat, text)
	m.QuotedID = id
	h.deliver(t, m)
}

// lastID is the transport's ID of labbot's newest send to chat holding
// part.
func (h *harness) lastID(t *testing.T, part string) string {
	t.Helper()
	msgs := h.tr.messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].Text, part) {
			return msgs[i].To.ID
		}
	}
	t.Fatalf("labbot sent nothing holding %q", part)
	return ""
}

// The asker's thanks, or "solved", to an answer closes her question with
// it; it is never saved as an answer of its own.
func TestAskerThanksClosesTheQuestion(t *testing.T) {
	const joy = "+15550000201"
	for _, tt := range []struct{ name, text string }{
		{"thanks to the notice", "Thanks Joy, that worked!"},
		{"gracias", "¡Gracias, me sirvió mucho!"},
		{"merci", "Merci beaucoup, c'est résolu !"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, unlimited)
			h.say(t, joy, "nairobi", "hello")
			h.say(t, amina, "nairobi", "!ask Where can we print posters cheaply?")
			h.quote(t, joy, "nairobi", h.lastID(t, "*Q1*"), "The copy shop near the bus station.")
			h.quote(t, amina, "", h.lastID(t, "new answer"), tt.text) // the notice came by direct message
			st, err := h.store.QuestionState(context.Background(), 1)
			if err != nil || st.SolvedBy != 1 || st.Answers != 1 {
				t.Errorf("after her %q: state %+v, %v; want solved by A1 and one answer", tt.text, st, err)
			}
		})
	}
}

// "solved" with the question's ID marks its one answer; with several,
// she is asked which.
func TestSolvedWordOnTheQuestion(t *testing.T) {
	const joy = "+15550000201"
	h := newHarness(t, unlimited)
	h.say(t, joy, "nairobi", "hello")
	h.say(t, amina, "nairobi", "!ask Where can we print posters cheaply?")
	h.say(t, joy, "nairobi", "!answer Q1 The copy shop near the bus station.")
	h.say(t, joy, "nairobi", "!answer Q1 Ask the church, they have a printer.")
	h.say(t, amina, "nairobi", "!answer Q1 solved")
	if got := h.lastText(); !strings.Contains(got, "A2") || !strings.Contains(got, "several") {
		t.Errorf("solved with two answers said %q; want her asked which, naming A2", got)
	}
	if st, _ := h.store.QuestionState(context.Background(), 1); st.SolvedBy != 0 || st.Answers != 2 {
		t.Errorf("state %+v; want still open, two answers", st)
	}
	h.say(t, amina, "nairobi", "!solved Q1") // the question's ID: asked which, too
	if got := h.lastText(); !strings.Contains(got, "A2") || !strings.Contains(got, "several") {
		t.Errorf("!solved Q1 with two answers said %q; want her asked which, naming A2", got)
	}
}

// A quote-reply to an answer labbot showed is chat, not an answer.
func TestQuoteToShownAnswerIsChat(t *testing.T) {
	const joy = "+15550000201"
	h := newHarness(t, unlimited)
	h.say(t, joy, "nairobi", "hello")
	h.say(t, amina, "nairobi", "!ask Where can we print posters cheaply?")
	h.say(t, joy, "nairobi", "!answer Q1 The copy shop near the bus station.")
	h.say(t, joy, "nairobi", "!show A1")
	n := len(h.tr.messages())
	h.quote(t, amina, "nairobi", h.lastID(t, "*A1*"), "Great answer, I went there too")
	if got := len(h.tr.messages()); got != n {
		t.Errorf("a quote-reply to !show A1 got %d replies; want none", got-n)
	}
}

// An anonymous asker's thanks by direct message, asked which answer solved
// her question, leaves no row in the outbox that ties her chat to it.
func TestAnonymousAskerAskedWhichLeavesNoTrace(t *testing.T) {
	const joy = "+15550000201"
	h := newHarness(t, unlimited)
	h.say(t, joy, "nairobi", "hello")
	h.say(t, zainab, "nairobi", "hello")
	h.askAnon(t, zainab, "!ask anon How do we stay safe at night?", "1")
	h.say(t, joy, "nairobi", "!answer Q1 Walk in pairs.")
	h.say(t, joy, "nairobi", "!answer Q1 Call a taxi you know.")
	h.say(t, zainab, "", "!answer Q1 thanks, that helped")
	if got := h.lastText(); !strings.Contains(got, "several") {
		t.Fatalf("her thanks by direct message got %q; want to be asked which answer", got)
	}
	v := openAuthzDB(t, h.path)
	if rows := v.rows(t, `SELECT body FROM outbox WHERE chat = ? AND body LIKE '%Q1%'`, zainab); len(rows) > 0 {
		t.Errorf("what she was asked ties her to Q1: %q", rows)
	}
}
