package bot

import (
	"bytes"
	"os"
	"testing"
)

// Found by the outside review: after !forget, a plain "thanks" to labbot
// by direct message is a stranger's message, refused politely; the
// refusal stayed in the outbox with her number, so labbot.db named her
// again though she sent no command. Sent, it keeps neither her number nor
// its text.
func TestForgottenMembersPlainChatLeavesNoNumber(t *testing.T) {
	h := newHarness(t, nil)
	const beth = "+254700000020"
	h.say(t, beth, "nairobi", "!tip Keep a copy of your papers")
	h.say(t, beth, "nairobi", "!forget")
	n := len(h.tr.messages())
	h.say(t, beth, "", "thanks, bye")
	if got := len(h.tr.messages()) - n; got != 1 {
		t.Fatalf("%d messages answered her plain chat, want the one refusal", got)
	}
	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(beth)) || bytes.Contains(raw, []byte(beth[1:])) {
		t.Error("labbot.db names her after her plain chat")
	}
}
