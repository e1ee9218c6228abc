package bot

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/bot/outbox"
	"labbot/store"
)

// Issue 14 point 5: pacing as the demo config (and config.example.yaml)
// sets it: 10 a minute for everything, bulk posts 15 s + up to 5 s apart.
func defaultPacing(c *config.Config) {
	c.Sending = config.Sending{PerMinute: 10, BulkInterval: 15 * time.Second, Jitter: 5 * time.Second, ColdDMsPerDay: 20}
}

// maxInAMinute is the most sends in any rolling minute.
func maxInAMinute(sends []sentMsg) int {
	most := 0
	for i := range sends {
		n := 0
		for _, m := range sends[i:] {
			if m.At.Sub(sends[i].At) < time.Minute {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

func bulkOnly(sends []sentMsg) []sentMsg {
	var out []sentMsg
	for _, m := range sends {
		if m.Text == "bulk" {
			out = append(out, m)
		}
	}
	return out
}

// 30 members each asking once within one simulated minute, with a
// broadcast waiting: at most 10 sends in any rolling minute, no bulk post
// while an answer waits, bulk at most 4 a minute and 15 s apart.
func TestOneCeilingForEverything(t *testing.T) {
	h := newHarness(t, edits(defaultPacing, unlimited))
	ctx := context.Background()
	asked := map[string]time.Time{}
	for i := range 30 {
		h.clock.Set(t0.Add(time.Duration(i) * 2 * time.Second))
		m := h.message(t, fmt.Sprintf("+1555000%04d", 1000+i), "nairobi", "!help")
		asked[m.ID] = h.clock.Now()
		h.bot.Handle(ctx, m)
		if i == 0 {
			queueN(t, h, 8, true, "bulk")
		}
		if _, _, err := h.bot.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 38 {
		t.Fatalf("sent %d, want 30 answers and 8 bulk posts", len(got))
	}
	if n := maxInAMinute(got); n > 10 {
		t.Errorf("%d sends in one rolling minute, want at most 10", n)
	}
	answered := map[string]time.Time{}
	for _, m := range got {
		if m.To.QuoteID != "" {
			answered[m.To.QuoteID] = m.At
		}
	}
	for _, post := range bulkOnly(got) {
		for id, at := range asked {
			if !at.After(post.At) && answered[id].After(post.At) {
				t.Fatalf("a bulk post went at %v while the answer to %s, asked at %v, waited", post.At, id, at)
			}
		}
	}
	checkBulk(t, bulkOnly(got), 15*time.Second)
}

func checkBulk(t *testing.T, posts []sentMsg, interval time.Duration) {
	t.Helper()
	if n := maxInAMinute(posts); n > 4 {
		t.Errorf("%d bulk posts in one rolling minute, want at most 4", n)
	}
	for i := 1; i < len(posts); i++ {
		if gap := posts[i].At.Sub(posts[i-1].At); gap < interval {
			t.Errorf("bulk posts %d and %d went %v apart, want at least %v", i-1, i, gap, interval)
		}
	}
}

// Bulk posts alone, with no interval set, still go at most 4 a minute.
func TestBulkAtMostFourAMinute(t *testing.T) {
	h := newHarness(t, pacing(10, 0, 0))
	queueN(t, h, 12, true, "bulk")
	h.drain(t)
	posts := h.tr.messages()
	if len(posts) != 12 {
		t.Fatalf("sent %d, want 12", len(posts))
	}
	checkBulk(t, posts, 0)
}

// The ceiling holds across a restart: Recover counts every kind of send.
func TestCeilingHoldsAcrossARestart(t *testing.T) {
	h := newHarness(t, defaultPacing)
	queueN(t, h, 4, true, "bulk")
	queueN(t, h, 6, false, "reply")
	for range 4 {
		h.drain(t)
	}
	start := h.tr.messages()[0].At
	h.store.Close()
	h = newHarnessFrom(t, h.path, h.clock.Now(), defaultPacing)
	queueN(t, h, 1, false, "after")
	h.drain(t)
	if at := h.tr.messages()[0].At; at.Sub(start) < time.Minute {
		t.Errorf("after a restart the 11th send went %v after the first, want a minute", at.Sub(start))
	}
}

// Direct messages to members who never wrote labbot: at most the day's
// cap; one over it waits for the next day, not lost, and the count holds
// across a restart. A member who wrote labbot is not capped.
func TestColdDirectMessagesCappedADay(t *testing.T) {
	capTwo := edits(defaultPacing, func(c *config.Config) { c.Sending.ColdDMsPerDay = 2 })
	h := newHarness(t, capTwo)
	cold := []string{"+15550000501", "+15550000502", "+15550000503"}
	for _, user := range cold {
		h.say(t, user, "nairobi", "hello")
	}
	h.say(t, amina, "", "!help") // she wrote labbot
	dm := func(h *harness, users ...string) {
		for _, user := range users {
			if err := h.bot.queue(context.Background(), store.Outgoing{Chat: user, Body: "notice " + user}); err != nil {
				t.Fatal(err)
			}
		}
	}
	dm(h, cold[0])
	h.drain(t)
	h.store.Close()
	h = newHarnessFrom(t, h.path, h.clock.Now(), capTwo)
	dm(h, cold[1], cold[2], amina)
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 3 {
		t.Fatalf("sent %v, want the 2nd first message, hers, and the 3rd the next day", texts(got))
	}
	tomorrow := t0.Truncate(24 * time.Hour).Add(24 * time.Hour)
	for _, m := range got {
		late := !m.At.Before(tomorrow)
		if want := m.To.Chat == cold[2]; late != want {
			t.Errorf("%s went at %v: next day %v, want %v", m.Text, m.At, late, want)
		}
	}
}

// After WhatsApp says "too many", and after a ban: a day at half the
// ceiling (5), kept across a restart, and the whole ceiling after it.
func TestSlowDayAfterRateLimitAndBan(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(h *harness) time.Time // when the slow day begins
	}{
		{"429", func(h *harness) time.Time {
			h.tr.failWith(func(outbox.Envelope) error {
				h.tr.failWith(nil)
				return outbox.RateLimited(errors.New("server returned error 429"), 5*time.Minute)
			})
			queueN(t, h, 1, false, "first")
			h.drain(t)
			return t0.Add(5 * time.Minute)
		}},
		{"ban", func(h *harness) time.Time {
			h.bot.Sender().Banned(t0.Add(time.Hour))
			return t0.Add(time.Hour)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, defaultPacing)
			slowFrom := tc.start(h)
			h.store.Close()
			h = newHarnessFrom(t, h.path, h.clock.Now(), defaultPacing)
			queueN(t, h, 10, false, "slow")
			h.drain(t)
			got := h.tr.messages()
			if got[0].At.Before(slowFrom) {
				t.Errorf("a message went at %v, during the pause", got[0].At)
			}
			if n := maxInAMinute(got); n != 5 {
				t.Errorf("on the slow day: %d in a minute, want 5", n)
			}
			h.clock.Set(slowFrom.Add(24 * time.Hour))
			before := len(got)
			queueN(t, h, 10, false, "fast")
			h.drain(t)
			if n := maxInAMinute(h.tr.messages()[before:]); n != 10 {
				t.Errorf("a day later: %d in a minute, want 10 again", n)
			}
		})
	}
}

// Answers go first, but not for ever: under a steady 12 commands a minute
// for ten minutes (more than the ceiling lets out), bulk posts queued at
// the start still go, once they have waited five minutes, one a minute at
// least; the ceiling holds throughout.
func TestBulkPostsNotStarvedByABusyHour(t *testing.T) {
	h := newHarness(t, edits(defaultPacing, unlimited))
	ctx := context.Background()
	queueN(t, h, 4, true, "bulk")
	for i := range 120 { // one every 5 s for 10 minutes
		h.clock.Set(t0.Add(time.Duration(i) * 5 * time.Second))
		h.bot.Handle(ctx, h.message(t, fmt.Sprintf("+1555000%04d", 1000+i), "nairobi", "!help"))
		if _, _, err := h.bot.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	busy := t0.Add(10 * time.Minute)
	posts := bulkOnly(h.tr.messages())
	if len(posts) != 4 || posts[3].At.After(busy) {
		t.Fatalf("%d bulk posts went during the busy ten minutes, the last at %v; want all 4 before %v", len(posts), posts[len(posts)-1].At, busy)
	}
	if first := posts[0].At.Sub(t0); first > bulkStarvesForTest+time.Minute {
		t.Errorf("the first bulk post waited %v, want at most %v", first, bulkStarvesForTest+time.Minute)
	}
	h.drain(t)
	if n := maxInAMinute(h.tr.messages()); n > 10 {
		t.Errorf("%d sends in one rolling minute, want at most 10", n)
	}
}

// bulkStarvesForTest is the outbox's bulkStarves, as the test reads it.
const bulkStarvesForTest = 5 * time.Minute
