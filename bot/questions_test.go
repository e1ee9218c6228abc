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
