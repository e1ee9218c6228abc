package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"labbot/bot/outbox"
	"labbot/store"
)

// refuseFirst makes the transport answer a direct message to user as
// WhatsApp answers a first message (463), counting the tries.
func refuseFirst(h *harness, user string, tries *int) {
	h.tr.failWith(func(to outbox.Envelope) error {
		if to.Chat != user {
			return nil
		}
		*tries++
		return outbox.Permanent(fmt.Errorf("%w: server returned error 463", outbox.ErrFirstContactRefused))
	})
}

// Issue 14 point 6: staff's figures asked for in a group by someone who
// never wrote labbot stay unsent, and the group hears how to get them,
// not what they are: a first message would be refused.
func TestPrivateReplyToOneWhoNeverWroteStaysInTheGroup(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "nairobi", "!stats")
	for _, m := range h.tr.messages() {
		if m.To.Chat == ana {
			t.Fatalf("a first message went to Ana: %q", m.Text)
		}
	}
	if got := h.lastTo(t, nairobiJID).Text; !strings.Contains(got, "Send me a direct message with *!stats*") || strings.Contains(got, "members") {
		t.Errorf("the group heard %q; want how to get the figures, not them", got)
	}
}

// Once WhatsApp refused her a first message, labbot does not try another
// until she writes; then it does. Staff see her by name, never number:
// a name that is a number shows as "a member".
func TestRefusedFirstMessageNotTriedAgainUntilSheWrites(t *testing.T) {
	h := newHarness(t, nil)
	const user = "+15550000600"
	h.deliver(t, Message{Chat: nairobiJID, Group: true, Sender: user, SenderName: "+1 555 000 0600", Text: "hello", ID: "hi"})
	tries := 0
	refuseFirst(h, user, &tries)
	for range 2 {
		if err := h.bot.queue(context.Background(), store.Outgoing{Chat: user, Body: "notice"}); err != nil {
			t.Fatal(err)
		}
		h.drain(t)
	}
	if tries != 1 {
		t.Errorf("tried %d first messages after a refusal, want 1", tries)
	}
	h.say(t, ana, "", "!stats")
	stats := h.lastTo(t, ana).Text
	if !strings.Contains(stats, "refused a first message to 1 member in the last 30 days: a member.") || strings.Contains(stats, "0600") {
		t.Errorf("!stats = %q; want one refusal, named without her number", stats)
	}
	h.tr.failWith(nil)
	h.say(t, user, "", "!help")
	if err := h.bot.queue(context.Background(), store.Outgoing{Chat: user, Body: "after"}); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if got := h.lastTo(t, user).Text; got != "after" {
		t.Errorf("once she wrote, the last message to her is %q, want it sent", got)
	}
}

// A refused sensitive row (it may tie her to an anonymous question) is
// kept for nobody to see: staff's count does not name her, nor count her.
func TestRefusedSensitiveRowNamesNobody(t *testing.T) {
	h := newHarness(t, nil)
	const user = "+15550000700"
	h.deliver(t, Message{Chat: nairobiJID, Group: true, Sender: user, SenderName: "Imani", Text: "hello", ID: "hi"})
	tries := 0
	refuseFirst(h, user, &tries)
	if err := h.bot.queue(context.Background(), store.Outgoing{Chat: user, Body: "your answer", Sensitive: true}); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if names, err := h.store.RefusedSince(context.Background(), t0.Add(-time.Hour)); err != nil || len(names) != 0 || tries != 1 {
		t.Errorf("after a refused sensitive row: kept %q (%v), %d tries; want nobody kept, one try", names, err, tries)
	}
}
