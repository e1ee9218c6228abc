package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"labbot/bot/config"
)

// slowDown is the over-the-limits notice in each language.
func (h *harness) slowDown(lang string) string { return h.bot.texts.msg(lang, "limits.slow_down", nil) }

// A member sending !digest 60 times in a group gets one digest post and
// one notice, in her language; then nothing until the minute has passed.
func TestDigestFloodInAGroup(t *testing.T) {
	for _, tc := range []struct{ group, jid, word, lang, title string }{
		{"nairobi", nairobiJID, "!digest", "en", "The week in the Lab"},
		{"bogota", bogotaJID, "!resumen", "es", "La semana en el Lab"},
		{"dakar", dakarJID, "!resume", "fr", "La semaine du Lab"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarness(t, nil)
			h.say(t, amina, tc.group, "!tip Keep every receipt #budget")
			before := len(h.tr.messages())
			for range 60 {
				h.say(t, amina, tc.group, tc.word)
			}
			got := h.tr.messages()[before:]
			if n := countTo(got, tc.jid, tc.title); n != 1 {
				t.Errorf("%d digests posted, want 1", n)
			}
			if n := countTo(got, tc.jid, h.slowDown(tc.lang)); n != 1 {
				t.Errorf("%d notices, want 1", n)
			}
			if len(got) != 2 {
				t.Errorf("%d messages for 60 commands, want the digest and the notice", len(got))
			}
			h.clock.Advance(time.Minute)
			h.say(t, amina, tc.group, "!help")
			if !strings.Contains(h.lastText(), "!") || h.lastText() == h.slowDown(tc.lang) {
				t.Errorf("a minute later: %q, want an answer", h.lastText())
			}
		})
	}
}

// !rsvp E1 sent 100 times is answered once (by direct message, the
// calendar file, whose caption is the reply), then a notice; a different
// command meanwhile counts too.
func TestRSVPFloodIsBounded(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "", "!event 2026-12-20 15:00 Budget webinar")
	h.say(t, amina, "nairobi", "hello")
	before := len(h.tr.messages())
	for range 100 {
		h.say(t, amina, "", "!rsvp E1")
	}
	got := h.tr.messages()[before:]
	if len(got) != 2 || got[0].Doc == nil || got[1].Text != h.slowDown("en") {
		var texts []string
		for _, m := range got {
			texts = append(texts, m.Text)
		}
		t.Errorf("100 RSVPs sent %d messages %q; want the calendar file, the notice", len(got), texts)
	}
}

// The same command sent again within the window is answered once; after
// it, or with other words, again. Lookups are answered each time.
func TestRepeatAnsweredOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!tip Keep every receipt #budget")
	h.say(t, amina, "nairobi", "!TIP Keep every receipt #Budget")
	h.say(t, amina, "nairobi", "!tip Kéep every receipt #budget")
	if n := countTo(h.tr.messages(), nairobiJID, "saved"); n != 1 {
		t.Errorf("the tip sent three times was saved %d times, want once", n)
	}
	h.say(t, amina, "", "!tip Keep every receipt #budget") // another chat
	h.clock.Advance(10 * time.Minute)
	h.say(t, amina, "nairobi", "!tip Keep every receipt #budget")
	if n := countTo(h.tr.messages(), nairobiJID, "saved") + countTo(h.tr.messages(), amina, "saved"); n != 3 {
		t.Errorf("%d tips saved, want 3 (once, by DM, after the window)", n)
	}
	n := len(h.tr.messages())
	h.say(t, amina, "nairobi", "!questions")
	h.say(t, amina, "nairobi", "!questions")
	if got := len(h.tr.messages()) - n; got != 2 {
		t.Errorf("a lookup sent twice was answered %d times, want twice (its answer may change)", got)
	}
}

// Staff may send three times as many commands, and no more.
func TestStaffLimitIsHigherButBounded(t *testing.T) {
	h := newHarness(t, pacing(0, 0, 0)) // the clock stands still
	for i := range 31 {
		h.say(t, ana, "", fmt.Sprintf("!find word%d", i))
	}
	got := h.tr.messages()
	if len(got) != 31 || got[29].Text == h.slowDown("en") || got[30].Text != h.slowDown("en") {
		t.Errorf("staff: %d messages, the 31st %q; want 30 answers and the notice", len(got), got[len(got)-1].Text)
	}
	h.say(t, amina, "nairobi", "hello")
	for i := range 11 {
		h.say(t, amina, "", fmt.Sprintf("!find word%d", i))
	}
	if last := h.lastTo(t, amina).Text; last != h.slowDown("en") {
		t.Errorf("a member's 11th command: %q, want the notice", last)
	}
}

// The hour's limit holds when each minute's does: silence until the hour
// that began with her first command has passed.
func TestHourLimit(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "hello")
	for i := range 70 {
		h.say(t, amina, "", fmt.Sprintf("!find word%d", i))
		h.clock.Set(t0.Add(time.Duration(i+1) * 20 * time.Second)) // three a minute
	}
	if notices := countTo(h.tr.messages(), amina, h.slowDown("en")); notices != 1 {
		t.Errorf("%d notices, want 1", notices)
	}
	if n := countTo(h.tr.messages(), amina, "word"); n > 60 {
		t.Errorf("%d answers in an hour, want at most 60", n)
	}
}

// A message delivered again after a crash (not marked handled) is
// answered again, but counts once.
func TestRedeliveryCountsOnce(t *testing.T) {
	l := newLimiter(config.Demo().Limits)
	m := Message{Chat: "c", ID: "x", Text: "!find a"}
	for range 20 {
		if v := l.command(1, false, m, 1, true, t0); v != allow {
			t.Fatalf("the same message delivered again: %v, want allowed", v)
		}
	}
	if n := l.members[1].minute.n; n != 1 {
		t.Errorf("counted %d times, want once", n)
	}
}

// A flood of distinct senders does not grow the limiter without bound.
func TestLimiterIsBounded(t *testing.T) {
	l := newLimiter(config.Demo().Limits)
	for i := range 3 * maxTracked {
		l.command(int64(i), false, Message{Chat: "c", ID: fmt.Sprint(i), Text: "!help"}, 1, false, t0)
	}
	if n := len(l.members); n > maxTracked {
		t.Errorf("%d members tracked, want at most %d", n, maxTracked)
	}
}

// One member writing in several chats at once (the inbox serves chats in
// parallel) is counted as one: exactly her limit gets through.
func TestLimitsHoldAcrossChats(t *testing.T) {
	h := newHarness(t, nil)
	for _, g := range []string{"nairobi", "bogota", "dakar"} {
		h.say(t, amina, g, "hello")
	}
	in := h.bot.NewInbox(3, 64, nil)
	for i := range 30 {
		jid := []string{nairobiJID, bogotaJID, dakarJID}[i%3]
		in.Add(context.Background(), Message{Chat: jid, Group: true, Sender: amina, Text: fmt.Sprintf("!find w%d", i),
			ID: fmt.Sprint("p", i), Time: t0})
	}
	in.Wait()
	h.drain(t)
	answers, notices := 0, 0
	for _, m := range h.tr.messages() {
		switch {
		case m.Text == h.slowDown("en") || m.Text == h.slowDown("es") || m.Text == h.slowDown("fr"):
			notices++
		default:
			answers++
		}
	}
	if answers != 10 || notices != 1 {
		t.Errorf("%d answers and %d notices, want 10 and 1", answers, notices)
	}
}

// !digest posts once an hour in a group, whoever asks: the next asker is
// told once where it is, in her language, the one after her nothing.
func TestGroupDigestOnceAnHour(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "bogota", "!consejo Guardar cada recibo #presupuesto")
	h.say(t, amina, "bogota", "!resumen")
	h.clock.Advance(10 * time.Minute)
	n := len(h.tr.messages())
	h.say(t, "+15550000301", "bogota", "!resumen")
	h.say(t, "+15550000302", "bogota", "!digest")
	got := h.tr.messages()[n:]
	want := h.bot.texts.plural("es", "limits.digest_posted", 10, nil)
	if len(got) != 1 || got[0].Text != want {
		t.Errorf("later askers got %d messages %+v, want only %q", len(got), got, want)
	}
	h.say(t, amina, "", "!resumen") // by DM, hers alone
	if !strings.Contains(h.lastTo(t, amina).Text, "La semana en el Lab") {
		t.Errorf("by DM: %q, want her digest", h.lastTo(t, amina).Text)
	}
	h.clock.Advance(time.Hour)
	h.say(t, "+15550000302", "bogota", "!resumen")
	if n := countTo(h.tr.messages(), bogotaJID, "La semana en el Lab"); n != 2 {
		t.Errorf("%d digests in bogota after an hour, want 2", n)
	}
}

// Being added to 50 groups that are not partner groups posts the day's
// welcomes, and no more, logged without a group's ID; a day later, again.
func TestWelcomesCappedPerDay(t *testing.T) {
	var logs strings.Builder // written only by GroupJoined, on this goroutine
	h, err := buildHarness(t.TempDir()+"/labbot.db", t0, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.store.Close() })
	ctx := context.Background()
	for i := range 50 {
		if err := h.bot.GroupJoined(ctx, GroupInfo{ID: fmt.Sprintf("9000%02d@g.us", i)}); err != nil {
			t.Fatal(err)
		}
	}
	h.drain(t)
	if n := len(h.tr.messages()); n != 5 {
		t.Errorf("%d welcomes for 50 groups, want the day's 5", n)
	}
	if s := logs.String(); !strings.Contains(s, "no welcome") || strings.Contains(s, "9000") {
		t.Errorf("log: want the skipped welcomes noted without group IDs:\n%s", s)
	}
	h.clock.Advance(24 * time.Hour)
	if err := h.bot.GroupJoined(ctx, GroupInfo{ID: "900099@g.us"}); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if n := len(h.tr.messages()); n != 6 {
		t.Errorf("%d welcomes a day later, want one more", n)
	}
}

// BenchmarkLimiterCommand is the check every command now passes, for 60
// members taking turns in three chats, in parallel: the cost added to the
// per-message path.
func BenchmarkLimiterCommand(b *testing.B) {
	l := newLimiter(config.Limits{CommandsPerMinute: 1 << 30, CommandsPerHour: 1 << 30, RepeatWindow: 10 * time.Minute})
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			m := Message{Chat: fmt.Sprint("c", i%3), ID: fmt.Sprint(i), Text: "!tip Keep every receipt in one folder #budget"}
			if v := l.command(i%60, false, m, 1, true, t0); v == notice {
				b.Fatal("over a lifted limit")
			}
		}
	})
}

// Review: each stranger got her refusal, however many wrote: fifty
// numbers writing at once made labbot message fifty strangers. A day's
// refusals are capped; the next day there are more.
func TestStrangerRefusalsCappedPerDay(t *testing.T) {
	h := newHarness(t, nil)
	for i := range 50 {
		h.say(t, fmt.Sprintf("+1999000%04d", i), "", "hello?")
	}
	if n := len(h.tr.messages()); n != strangersPerDay {
		t.Errorf("%d refusals to 50 strangers, want the day's %d", n, strangersPerDay)
	}
	h.clock.Advance(24 * time.Hour)
	h.say(t, "+19990009999", "", "hello?")
	if n := len(h.tr.messages()); n != strangersPerDay+1 {
		t.Errorf("%d refusals a day later, want one more", n-strangersPerDay)
	}
}
