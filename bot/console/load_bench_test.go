package console_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/internal/latency"
	"labbot/store"
)

// BenchmarkLoad50k is the load test: 60 members in the three
// demo groups send 50,000 tips, finds, questions and answers through the
// core with no pacing, as `labbot run` serves them: through the inbox, a
// chat per CPU at once, while Sender.Drain sends concurrently. It reports
// the rate (until the last reply is sent), p50 and p99 of one Handle call,
// the process's CPU time (user and system, from getrusage) over the run
// per message, and the peak RSS of the whole test process; it fails if an
// item is lost, a message goes unanswered, the bot logs a panic or an
// error, or the database fails its integrity check.
//
// One op is 50,000 messages on a fresh database: run it with -benchtime 1x.
func BenchmarkLoad50k(b *testing.B) {
	var all loadResult
	for range b.N {
		b.StopTimer()
		r := runLoad(b, 50_000)
		all.add(r)
	}
	b.ReportMetric(float64(all.msgs)/all.elapsed.Seconds(), "msgs/s")
	b.ReportMetric(latency.Millis(b, all.lat, 50), "p50_ms")
	b.ReportMetric(latency.Millis(b, all.lat, 99), "p99_ms")
	b.ReportMetric(msOf(slices.Max(all.lat)), "max_ms")
	b.ReportMetric(float64(all.peakRSSKB)/1024, "peak_rss_mb")
	b.ReportMetric(msOf(all.cpu)/float64(all.msgs), "cpu_ms/msg")
	// Making the messages is in cpu_ms/msg; its wall time bounds its share.
	b.ReportMetric(msOf(all.making)/float64(all.msgs), "make_ms/msg")
	// What WhatsApp is sent per command (issue 14): messages (texts and
	// documents) and reactions, which replace a text that said nothing
	// the member needs.
	b.ReportMetric(float64(all.sends)/float64(all.msgs), "sent/cmd")
	b.ReportMetric(float64(all.reactions)/float64(all.msgs), "reactions/cmd")
	for _, k := range loadKinds {
		b.ReportMetric(msOf(all.byKind[k]/time.Duration(max(all.perKind[k], 1))), k+"_mean_ms")
	}
}

// TestLoadShort runs the load test's checks on 2,000 messages, so that
// they are exercised with the rest of the tests. It asserts no timing.
func TestLoadShort(t *testing.T) {
	r := runLoad(t, 2_000)
	t.Logf("%d messages in %v (%.0f/s), p50 %.2f ms, p99 %.2f ms, %d messages and %d reactions sent",
		r.msgs, r.elapsed.Round(time.Millisecond), float64(r.msgs)/r.elapsed.Seconds(),
		latency.Millis(t, r.lat, 50), latency.Millis(t, r.lat, 99), r.sends, r.reactions)
}

// loadResult is what one load run measured.
type loadResult struct {
	msgs      int
	sends     int // messages: texts and documents
	reactions int
	elapsed   time.Duration   // first Handle to last reply sent
	lat       []time.Duration // one per Handle call
	peakRSSKB int64           // VmHWM of the test process
	cpu       time.Duration   // CPU time (user and system) of the process over the run, making included
	making    time.Duration   // wall time spent making the messages
	byKind    map[string]time.Duration
	perKind   map[string]int
}

func (r *loadResult) add(o loadResult) {
	r.msgs += o.msgs
	r.sends += o.sends
	r.reactions += o.reactions
	r.elapsed += o.elapsed
	r.lat = append(r.lat, o.lat...)
	r.peakRSSKB = max(r.peakRSSKB, o.peakRSSKB)
	r.cpu += o.cpu
	r.making += o.making
	if r.byKind == nil {
		r.byKind, r.perKind = map[string]time.Duration{}, map[string]int{}
	}
	for k, d := range o.byKind {
		r.byKind[k] += d
		r.perKind[k] += o.perKind[k]
	}
}

// runLoad sends n messages of the mix through a bot on a fresh database,
// times them, and checks that nothing was lost. Only the messages and
// their sends run under a benchmark's timer.
func runLoad(tb testing.TB, n int) loadResult {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	texts, err := bot.NewTexts()
	if err != nil {
		tb.Fatal(err)
	}
	cfg := config.Demo()
	cfg.Sending = config.Sending{} // per_minute 0, bulk_interval 0, jitter 0, no cap on first messages
	// Capacity, not a flood: each member sends hundreds of commands a minute.
	cfg.Limits = config.Limits{CommandsPerMinute: 1 << 20, CommandsPerHour: 1 << 20, WelcomesPerDay: 1}
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	tr := newLoadTransport()
	bt, err := bot.New(ctx, bot.Deps{Config: cfg, Store: st, Transport: tr, Clock: bot.SystemClock{}, Texts: texts, Logger: logger})
	if err != nil {
		tb.Fatal(err)
	}
	mix := newLoadMix(tb, st, cfg)
	resetPeakRSS()

	bench, _ := tb.(*testing.B)
	if bench != nil {
		bench.StartTimer()
	}
	serve, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { bt.Sender().Drain(serve) })
	lat := make([]time.Duration, 0, n)
	// Messages are made as they are sent, not held in memory beforehand (they
	// would count in the peak RSS); making them is left out of the time.
	// They go through the inbox as labbot run sets it up: a chat per CPU in
	// parallel, each in order; a message's latency is its Handle call.
	var making time.Duration
	byKind, perKind := map[string]time.Duration{}, map[string]int{}
	var mu sync.Mutex
	kinds := map[string]string{}
	inbox := bt.NewInbox(0, 256, func(m bot.Message, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		lat = append(lat, d)
		byKind[kinds[m.ID]] += d
		perKind[kinds[m.ID]]++
		if kinds[m.ID] == "ask" {
			mix.asked.Add(1)
		}
		delete(kinds, m.ID)
	})
	start, cpuStart := time.Now(), cpuTime(tb)
	for range n {
		t := time.Now()
		m, kind := mix.next()
		mu.Lock()
		kinds[m.ID] = kind
		mu.Unlock()
		making += time.Since(t)
		inbox.Add(serve, m)
	}
	inbox.Wait()
	// What the sender has not sent yet goes out now, as the console drains.
	stop()
	wg.Wait()
	next, left, err := bt.Sender().SendDue(ctx)
	elapsed := time.Since(start) - making
	// CPU minus CPU: making the messages stays in, reported beside it (it
	// once subtracted making's wall time, mixing the two clocks).
	cpu := cpuTime(tb) - cpuStart
	if bench != nil {
		bench.StopTimer()
	}
	if err != nil {
		tb.Fatal(err)
	}
	if left {
		tb.Fatalf("outbox: rows left unsent, the next due at %v", next)
	}
	sends, reactions := tr.count()
	res := loadResult{msgs: n, sends: sends, reactions: reactions, elapsed: elapsed, cpu: cpu, making: making, lat: lat, peakRSSKB: peakRSS(tb),
		byKind: byKind, perKind: perKind}

	if s := logs.String(); strings.Contains(s, "panic") || strings.Contains(s, "level=ERROR") {
		tb.Fatalf("the bot logged a panic or an error:\n%s", clipLog(s))
	}
	for i := 1; i <= n; i++ {
		if id := loadMsgID(i); tr.replies(id) == 0 {
			tb.Fatalf("message %s got no reply", id)
		}
	}
	mix.checkTipsFindable(tb, st)
	if err := st.Close(); err != nil {
		tb.Fatal(err)
	}
	mix.checkDatabase(tb, path)
	return res
}
