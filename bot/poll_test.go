package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"labbot/bot/outbox"
)

const pollMember = "+15550000150"

// The poll goes through the outbox like any post: a send that fails is
// retried as the very same poll (its message ID, options and secret), and
// the store keeps that secret with the poll, so votes read after a
// restart.
func TestPollRetriedIsTheSamePoll(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0))
	var tries []outbox.Poll
	var ids []string
	failures := 2
	h.tr.fail = func(to outbox.Envelope) error {
		if failures > 0 && to.QuoteID == "" { // the poll; the reply quotes her
			failures--
			ids = append(ids, to.ID)
			return errors.New("network down")
		}
		return nil
	}
	cmd := h.say(t, pollMember, "nairobi", "!poll When? | Monday | Friday")
	h.drain(t)
	polls := sentPolls(h)
	for _, m := range polls {
		tries = append(tries, *m.Poll)
	}
	if len(polls) != 1 || failures != 0 {
		t.Fatalf("sent %d polls after %d failures, want one", len(polls), 2-failures)
	}
	if ids[0] != polls[0].To.ID || ids[1] != polls[0].To.ID {
		t.Errorf("retries went as %v, then %s: not one message", ids, polls[0].To.ID)
	}
	pp, err := h.store.PollPostByMsgID(context.Background(), polls[0].To.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(pp.Secret) != string(tries[0].Secret) || len(pp.Secret) != 32 || !slices.Equal(pp.Options, tries[0].Options) {
		t.Errorf("the poll sent (%x, %v) is not the one stored (%x, %v)", tries[0].Secret, tries[0].Options, pp.Secret, pp.Options)
	}
	// A redelivered command posts no second poll.
	h.deliver(t, cmd)
	h.drain(t)
	if n := len(sentPolls(h)); n != 1 {
		t.Errorf("after a redelivery, %d polls were sent, want 1", n)
	}
}

func sentPolls(h *harness) []sentMsg {
	var polls []sentMsg
	for _, m := range h.tr.messages() {
		if m.Poll != nil {
			polls = append(polls, m)
		}
	}
	return polls
}

// Review of issue 17: closing a poll and posting its result are two
// steps; after a crash between them, the redelivered "close" finds the
// poll closed and posts the result then, once per group.
func TestPollResultPostedAfterACrashBetweenCloseAndPost(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0))
	h.say(t, pollMember, "nairobi", "!poll When? | Monday | Friday")
	h.drain(t)
	p, err := h.store.PollByNum(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	// The crash: the poll is closed, nothing else happened.
	if _, err := h.store.ClosePoll(context.Background(), p.ID, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	results := func() int {
		n := 0
		for _, m := range h.tr.messages() {
			if m.To.Chat == nairobiJID && m.Poll == nil && strings.Contains(m.Text, "Monday") {
				n++
			}
		}
		return n
	}
	for range 2 {
		h.say(t, pollMember, "nairobi", "!poll close P1")
		h.drain(t)
	}
	if n := results(); n != 1 {
		t.Errorf("the result went to the group %d times, want once", n)
	}
}
