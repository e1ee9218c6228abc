package bot

import (
	"context"
	"errors"
	"fmt"
	"labbot/bot/outbox"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

func queueN(t *testing.T, h *harness, n int, bulk bool, tag string) {
	t.Helper()
	for range n {
		if err := h.bot.queue(context.Background(), store.Outgoing{Chat: "c@g.us", Bulk: bulk, Body: tag}); err != nil {
			t.Fatal(err)
		}
	}
}

func pacing(rpm int, interval, jitter time.Duration) func(*config.Config) {
	return func(c *config.Config) {
		c.Sending = config.Sending{PerMinute: rpm, BulkInterval: interval, Jitter: jitter}
	}
}

func TestBulkPostsAreSpaced(t *testing.T) {
	const interval = 15 * time.Second
	h := newHarness(t, pacing(20, interval, 5*time.Second))
	queueN(t, h, 10, true, "bulk")
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 10 {
		t.Fatalf("sent %d bulk posts, want 10", len(got))
	}
	for i := 1; i < len(got); i++ {
		gap := got[i].At.Sub(got[i-1].At)
		if gap < interval || gap >= interval+5*time.Second {
			t.Errorf("gap %d = %v, want in [%v, %v)", i, gap, interval, interval+5*time.Second)
		}
	}
	if span := got[9].At.Sub(got[0].At); span < 9*interval {
		t.Errorf("ten bulk posts took %v of simulated time, want at least %v", span, 9*interval)
	}
}

func TestReplyGoesBeforeQueuedBulkPosts(t *testing.T) {
	h := newHarness(t, pacing(20, 15*time.Second, 0))
	queueN(t, h, 5, true, "bulk")
	queueN(t, h, 1, false, "reply")
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 6 || got[0].Text != "reply" {
		t.Fatalf("first send = %q of %d, want the reply first", got[0].Text, len(got))
	}

	// A reply queued while bulk posts wait their turn also jumps the queue.
	h = newHarness(t, pacing(20, 15*time.Second, 0))
	queueN(t, h, 3, true, "bulk")
	if _, _, err := h.bot.Sender().SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Second)
	queueN(t, h, 1, false, "reply")
	h.drain(t)
	got = h.tr.messages()
	if len(got) != 4 || got[1].Text != "reply" {
		t.Fatalf("sends = %v, want the reply second, before the waiting bulk posts", texts(got))
	}
}

func texts(ms []sentMsg) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func TestReplyCeiling(t *testing.T) {
	h := newHarness(t, pacing(20, 0, 0))
	for i := range 25 {
		if err := h.bot.queue(context.Background(), store.Outgoing{Chat: "c@g.us", Body: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 25 {
		t.Fatalf("sent %d, want 25", len(got))
	}
	for i, m := range got {
		if m.Text != fmt.Sprint(i) {
			t.Fatalf("send %d was %q: replies queued in the same millisecond must go in order", i, m.Text)
		}
	}
	if !got[19].At.Equal(t0) {
		t.Errorf("reply 20 went at %v, want at once", got[19].At)
	}
	if wait := got[20].At.Sub(got[0].At); wait < time.Minute {
		t.Errorf("reply 21 went %v after the first, want at least a minute", wait)
	}
	// No ceiling: all at once.
	h = newHarness(t, pacing(0, 0, 0))
	queueN(t, h, 25, false, "reply")
	h.drain(t)
	if last := h.tr.messages()[24].At; !last.Equal(t0) {
		t.Errorf("with no ceiling reply 25 went at %v, want %v", last, t0)
	}
}

func TestDedupKeyQueuesOnce(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	for range 3 {
		if err := h.bot.queue(ctx, store.Outgoing{Chat: "c@g.us", Body: "digest", DedupKey: "digest:c:2026-W50"}); err != nil {
			t.Fatal(err)
		}
	}
	h.drain(t)
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("sent %d messages for one dedup key, want 1", n)
	}
}

func TestFailedSendRetriesWithBackoff(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0))
	failures := 3
	h.tr.fail = func(outbox.Envelope) error {
		if failures > 0 {
			failures--
			return errors.New("network down")
		}
		return nil
	}
	queueN(t, h, 1, false, "hello")
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 1 {
		t.Fatalf("sent %d, want 1 after retries", len(got))
	}
	// 5s + 10s + 20s of backoff.
	if want := t0.Add(35 * time.Second); !got[0].At.Equal(want) {
		t.Errorf("sent at %v, want %v", got[0].At, want)
	}
	if got[0].To.ID != "M1" {
		t.Errorf("retry used message ID %q, want the one given when queued (M1)", got[0].To.ID)
	}
}

func TestSenderGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		attempts int
	}{
		{"permanent error", outbox.Permanent(errors.New("chat gone")), 1},
		{"too many failures", errors.New("network down"), outbox.MaxAttempts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, pacing(0, 0, 0))
			tries := 0
			h.tr.fail = func(outbox.Envelope) error { tries++; return tc.err }
			queueN(t, h, 1, false, "hello")
			h.drain(t)
			if tries != tc.attempts {
				t.Errorf("tried %d times, want %d", tries, tc.attempts)
			}
			if n, _ := h.store.Pending(context.Background()); n != 0 {
				t.Errorf("%d rows still pending after giving up", n)
			}
		})
	}
}

func TestCommandRepliesUnderCeiling(t *testing.T) {
	h := newHarness(t, edits(pacing(5, 0, 0), unlimited))
	for range 8 {
		h.say(t, amina, "nairobi", "!help")
	}
	h.say(t, amina, "nairobi", "!ayuda")
	got := h.tr.messages()
	if len(got) != 9 {
		t.Fatalf("sent %d replies, want 9", len(got))
	}
	for i, m := range got {
		wantAt := t0
		if i >= 5 {
			wantAt = t0.Add(time.Minute)
		}
		if !m.At.Equal(wantAt) {
			t.Errorf("reply %d went at %v, want %v", i+1, m.At, wantAt)
		}
	}
	if !strings.Contains(got[8].Text, "¡Hola!") {
		t.Errorf("last reply = %q, want the Spanish help, last", got[8].Text)
	}
	// Once the wait is over, replies go at once again.
	h.clock.Advance(2 * time.Minute)
	h.say(t, amina, "nairobi", "!aide")
	if last := h.tr.messages()[9]; !last.At.Equal(h.clock.Now()) {
		t.Errorf("reply after the wait went at %v, want at once (%v)", last.At, h.clock.Now())
	}
}

// The way `labbot run` works: one goroutine handles messages while
// Sender.Drain drains the outbox on another. Every command is answered once,
// and in each chat in the order the commands came.
func TestSenderRunAlongsideHandling(t *testing.T) {
	h := newHarness(t, edits(pacing(1000, 0, 0), unlimited))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.bot.Sender().Drain(ctx) }()

	const perChat = 60
	chats := []string{"nairobi", "bogota", "dakar"}
	for i := range perChat {
		for _, chat := range chats {
			g, _ := h.store.GroupByKey(ctx, chat)
			h.bot.Handle(ctx, Message{Chat: g.JID, Group: true, Sender: amina, SenderName: "Amina",
				Text: "!help", ID: fmt.Sprintf("%s-%03d", chat, i)})
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(h.tr.messages()) < perChat*len(chats) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := h.tr.messages()
	if len(got) != perChat*len(chats) {
		t.Fatalf("sent %d replies, want %d", len(got), perChat*len(chats))
	}
	last := map[string]string{}
	for _, m := range got {
		if m.To.QuoteID <= last[m.To.Chat] {
			t.Fatalf("in %s the reply to %s went after the reply to %s", m.To.Chat, m.To.QuoteID, last[m.To.Chat])
		}
		last[m.To.Chat] = m.To.QuoteID
	}
	if n, _ := h.store.Pending(ctx); n != 0 {
		t.Errorf("%d rows left unsent", n)
	}
}

// A reply whose send is still under way counts against the ceiling: a
// command answered meanwhile waits for the window, not beside it.
func TestCeilingCountsTheSendUnderWay(t *testing.T) {
	h := newHarness(t, edits(pacing(2, 0, 0), unlimited))
	h.say(t, amina, "nairobi", "!help") // one reply in this minute
	inSend, release := make(chan struct{}), make(chan struct{})
	h.tr.failWith(func(outbox.Envelope) error {
		inSend <- struct{}{}
		<-release
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.bot.Sender().Drain(ctx) }()
	g, _ := h.store.GroupByKey(ctx, "nairobi")
	send := func(id string) {
		h.bot.Handle(ctx, Message{Chat: g.JID, Group: true, Sender: amina, Text: "!help", ID: id})
	}
	send("A")
	<-inSend // A's reply is being sent: the second of the minute
	send("B")
	h.tr.failWith(nil)
	close(release)
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-done
	if n := len(h.tr.messages()); n != 2 {
		t.Fatalf("%d replies went in the first minute, want 2 (the ceiling)", n)
	}
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 3 || got[2].To.QuoteID != "B" || got[2].At.Sub(t0) < time.Minute {
		t.Errorf("B's reply: %+v; want it third, a minute later", got[len(got)-1])
	}
}

// WhatsApp's "slow down" stops every send, not only the one that got it.
func TestPauseStopsAllSending(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0))
	paused := false
	h.tr.fail = func(outbox.Envelope) error {
		if !paused {
			paused = true
			return outbox.Pause(errors.New("rate-overlimit"), 30*time.Second)
		}
		return nil
	}
	queueN(t, h, 3, false, "reply")
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 3 {
		t.Fatalf("sent %d, want 3", len(got))
	}
	for _, m := range got {
		if m.At.Before(t0.Add(30 * time.Second)) {
			t.Errorf("a message went at %v, during the pause", m.At)
		}
	}
	// A ban pauses the sender from outside.
	h.bot.Sender().PauseUntil(h.clock.Now().Add(time.Hour))
	before := h.clock.Now()
	h.say(t, amina, "nairobi", "!help")
	if last := h.tr.messages()[3]; last.At.Sub(before) < time.Hour {
		t.Errorf("a reply went %v into a one-hour ban", last.At.Sub(before))
	}
}

// Waiting out an outage costs a row none of its attempts.
func TestPauseCostsNoAttempt(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0))
	outages := outbox.MaxAttempts + 2
	h.tr.fail = func(outbox.Envelope) error {
		if outages > 0 {
			outages--
			return outbox.Pause(errors.New("websocket not connected"), 30*time.Second)
		}
		return nil
	}
	queueN(t, h, 1, false, "kept")
	h.drain(t)
	if got := h.tr.messages(); len(got) != 1 || got[0].Text != "kept" {
		t.Errorf("after %d outages: sent %v, want the message, not given up on", outbox.MaxAttempts+2, texts(got))
	}
}

// Replies the transport took are marked sent together, a batch (32) at a
// time; when SendDue returns every one of them is marked, none is sent
// twice, and none waits in the outbox.
func TestRepliesAreMarkedSentInBatches(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0))
	const n = 2*32 + 5
	queueN(t, h, n, false, "reply")
	if _, ok, err := h.bot.Sender().SendDue(context.Background()); err != nil || ok {
		t.Fatalf("SendDue = ok %v, %v; want the outbox drained", ok, err)
	}
	if got := len(h.tr.messages()); got != n {
		t.Errorf("sent %d replies, want %d", got, n)
	}
	if pending, err := h.store.Pending(context.Background()); err != nil || pending != 0 {
		t.Errorf("%d rows pending after SendDue, %v; want every reply marked sent", pending, err)
	}
	sent, err := h.store.SentSince(context.Background(), t0.Add(-time.Minute))
	if err != nil || len(sent) != n {
		t.Errorf("%d rows marked sent, %v; want %d", len(sent), err, n)
	}
}
