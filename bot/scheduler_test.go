package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

// parisOnly is a config with one group, in Paris, whose digest falls at
// 02:30 on Sundays: the hour daylight saving skips in March and repeats in
// October.
func parisOnly(schedule string) func(*config.Config) {
	return func(c *config.Config) {
		paris, _ := time.LoadLocation("Europe/Paris")
		c.Groups = []config.Group{{Key: "paris", JID: "paris@g.us", Name: "Paris", Language: "fr", Timezone: "Europe/Paris", Location: paris}}
		c.Digest.Schedule = schedule
	}
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), store.FileName) }

// tick runs the schedule every step from start to end, as cron would,
// sending what it queues, and returns the sends to chat.
func (h *harness) tick(t *testing.T, start, end time.Time, step time.Duration, chat string) []sentMsg {
	t.Helper()
	ctx := context.Background()
	before := len(h.tr.messages())
	for now := start; !now.After(end); now = now.Add(step) {
		h.clock.Set(now)
		if err := h.bot.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		h.drainUntil(t, now.Add(step))
	}
	var out []sentMsg
	for _, m := range h.tr.messages()[before:] {
		if m.To.Chat == chat {
			out = append(out, m)
		}
	}
	return out
}

// drainUntil sends what falls due before limit, moving the clock.
func (h *harness) drainUntil(t *testing.T, limit time.Time) {
	t.Helper()
	for range 1000 {
		next, ok, err := h.bot.Sender().SendDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok || !next.Before(limit) {
			return
		}
		h.clock.Set(next)
	}
}

func TestDigestAcrossDaylightSaving(t *testing.T) {
	tests := []struct {
		name       string
		start, end time.Time
		want       time.Time // when the one digest of the night is queued
	}{
		// 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not
		// exist, and the digest goes at 03:00 CEST, not a week later.
		{"skipped hour", time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		// 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30
		// happens twice, and the digest goes once, at the first.
		{"repeated hour", time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 6, 0, 0, 0, time.UTC),
			time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessFrom(t, dbPath(t), tt.start.Add(-time.Minute), parisOnly("30 2 * * SUN"))
			if err := h.bot.CatchUp(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := h.tick(t, tt.start, tt.end, 5*time.Minute, "paris@g.us")
			if len(got) != 1 {
				t.Fatalf("%d digests posted across the night, want 1: %+v", len(got), got)
			}
			// Queued at the first tick at or after its time; the tick is 5 minutes.
			if got[0].At.Before(tt.want) || got[0].At.After(tt.want.Add(5*time.Minute)) {
				t.Errorf("digest sent at %v, want at %v (within a tick)", got[0].At.UTC(), tt.want)
			}
			if !strings.Contains(got[0].Text, "Semaine calme") {
				t.Errorf("digest is not the French quiet-week note: %q", got[0].Text)
			}
		})
	}
}

func TestDigestGraceWindow(t *testing.T) {
	ctx := context.Background()
	// Sunday 8 March 2026, 02:30 CET = 01:30 UTC.
	due := time.Date(2026, 3, 8, 1, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		back time.Time // when labbot runs again, after being down since before due
		want int
	}{
		{"back within grace", due.Add(5 * time.Hour), 1},
		{"back after grace", due.Add(7 * time.Hour), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessFrom(t, dbPath(t), due.Add(-time.Hour), parisOnly("30 2 * * SUN"))
			if err := h.bot.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			got := h.tick(t, tt.back, tt.back.Add(2*time.Hour), 10*time.Minute, "paris@g.us")
			if len(got) != tt.want {
				t.Fatalf("%d digests after the downtime, want %d", len(got), tt.want)
			}
			// Sent or skipped, the week is recorded and never looked at again.
			if done, err := h.store.ScheduledPostDone(context.Background(), "digest:g1:2026-03-08T02:30"); err != nil || !done {
				t.Errorf("the digest's run is not recorded (%v)", err)
			}
		})
	}
}

func TestScheduledPanicsAreRecovered(t *testing.T) {
	ctx := context.Background()
	var logs bytes.Buffer
	h := newHarness(t, nil)
	h.bot.log = slog.New(slog.NewTextHandler(&logs, nil))
	// One target's send breaks: the others go, and it is recorded as failed
	// so that it is not built again every minute.
	for _, key := range []string{"test:a", "test:b", "test:c"} {
		err := h.bot.postScheduled(ctx, key, t0, t0, func() (store.ScheduledPost, error) {
			if key == "test:b" {
				panic("broken digest")
			}
			return store.ScheduledPost{Out: []store.Outgoing{{Chat: "c@g.us", Bulk: true, Body: key}}}, nil
		})
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}
	if n, err := h.store.Pending(ctx); err != nil || n != 2 {
		t.Errorf("%d messages queued (%v), want the 2 that did not panic", n, err)
	}
	for _, key := range []string{"test:a", "test:b", "test:c"} {
		if done, err := h.store.ScheduledPostDone(ctx, key); err != nil || !done {
			t.Errorf("%s not recorded (%v)", key, err)
		}
	}
	// A whole job that panics is an error: its window is looked at again.
	if err := h.bot.safely(ctx, "digest", func() error { panic("broken job") }); err == nil {
		t.Error("safely returned nil for a panicking job")
	}
	for _, want := range []string{"scheduled send panicked", "broken digest", "scheduled job panicked", "broken job"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

func TestClockGoingBackRepeatsNothing(t *testing.T) {
	start := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	h := newHarnessFrom(t, dbPath(t), start, parisOnly("0 9 * * MON"))
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := h.tick(t, start, start.Add(2*24*time.Hour), time.Hour, "paris@g.us")
	// A second bot on the same database, its clock back at the start (as a
	// second console run with the same --now).
	h.store.Close()
	h = newHarnessFrom(t, h.path, start, parisOnly("0 9 * * MON"))
	again := h.tick(t, start, start.Add(2*24*time.Hour), time.Hour, "paris@g.us")
	if len(first) != 1 || len(again) != 0 {
		t.Fatalf("digests: %d the first time, %d when the clock went back over the same days; want 1 and 0", len(first), len(again))
	}
}

func TestQuietWeekSkipSendsNothing(t *testing.T) {
	start := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	h := newHarnessFrom(t, dbPath(t), start, func(c *config.Config) {
		parisOnly("0 9 * * MON")(c)
		c.Digest.QuietWeek = "skip"
	})
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := h.tick(t, start, start.Add(2*24*time.Hour), time.Hour, "paris@g.us"); len(got) != 0 {
		t.Fatalf("a quiet week sent %d messages with quiet_week: skip", len(got))
	}
	// The week was looked at, and is not looked at again.
	if done, err := h.store.ScheduledPostDone(context.Background(), "digest:g1:2026-12-07T09:00"); err != nil || !done {
		t.Errorf("the quiet week's run is not recorded (%v)", err)
	}
}

// One run reads the items of every digest it sends, so each digest must
// keep to its own week, (to-digestWeek, to], among items outside it.
func TestDigestPicksOnlyItsOwnWeek(t *testing.T) {
	to := t0
	var entries []store.DigestEntry
	for i, at := range []time.Time{to.Add(time.Millisecond), to, to.Add(-digestWeek + time.Millisecond), to.Add(-digestWeek)} {
		entries = append(entries, store.DigestEntry{ID: int64(i + 1), Kind: store.KindTip, Created: at})
	}
	p := newDigestIndex(entries).pick(digestView{}, to)
	tips := p.sec[sectionOf(store.KindTip)]
	if got := fmt.Sprint(tips.ids); got != "[2 3]" || tips.total != 2 {
		t.Errorf("the week's tips are %s (%d in all), want [2 3] (2): the week is open below, closed above", got, tips.total)
	}
}
