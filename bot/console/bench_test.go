package console

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/store"
)

// BenchmarkHelp runs !help through the whole core, outbox and console
// transport included, with no pacing: the floor every command stands on.
// It reports commands a second and the p99 latency of one command.
func BenchmarkHelp(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	texts, err := bot.NewTexts()
	if err != nil {
		b.Fatal(err)
	}
	cfg := config.Demo()
	cfg.Sending = config.Sending{}
	c, err := New(ctx, Options{Config: cfg, Store: st, Texts: texts, Out: io.Discard, Notes: io.Discard,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		t := time.Now()
		if err := c.HandleLine(ctx, "!help"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
}
