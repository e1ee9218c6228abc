package console

import (
	"context"
	"database/sql"
	"fmt"
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
	c, _ := benchConsole(b)
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
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(ms(percentile(lat, 99)), "p99_ms")
}

// BenchmarkTipVsRawInsert saves tips through the whole core (a member's
// !consejo, her reply queued and sent) and, alternating with it on the same
// database, the same rows written straight into items, item_tags and
// items_fts, one transaction each. It reports both rates and their ratio.
func BenchmarkTipVsRawInsert(b *testing.B) {
	ctx := context.Background()
	c, path := benchConsole(b)
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=on")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	// A fair baseline: the store checkpoints in the background, so the raw
	// writer does not checkpoint on its own path either.
	if _, err := raw.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		b.Fatal(err)
	}
	if err := c.HandleLine(ctx, ":in bogota"); err != nil {
		b.Fatal(err)
	}
	var core, direct time.Duration
	b.ResetTimer()
	for i := range b.N {
		text := fmt.Sprintf("Escuchar a las niñas antes de planificar, paso %d #educación", i)
		t := time.Now()
		if err := c.HandleLine(ctx, "!consejo "+text); err != nil {
			b.Fatal(err)
		}
		core += time.Since(t)
		t = time.Now()
		if err := rawTip(ctx, raw, text, -int64(i+1)); err != nil { // numbers the core never gives
			b.Fatal(err)
		}
		direct += time.Since(t)
	}
	b.StopTimer()
	coreRate := float64(b.N) / core.Seconds()
	rawRate := float64(b.N) / direct.Seconds()
	b.ReportMetric(coreRate, "core_tips/s")
	b.ReportMetric(rawRate, "raw_tips/s")
	b.ReportMetric(coreRate/rawRate, "rate_ratio")
}

// rawTip writes a tip the way the store does, without the bot: the row, its
// tag and its search entry, in one transaction.
func rawTip(ctx context.Context, db *sql.DB, text string, num int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO items (kind, num, body, lang, created_at) VALUES ('T', ?, ?, 'es', 0)`, num, text)
	if err != nil {
		return err
	}
	id, _ := res.LastInsertId()
	if _, err := tx.ExecContext(ctx, `INSERT INTO item_tags (item_id, tag) VALUES (?, 'educacion')`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO items_fts (rowid, title, body, tags, translations) VALUES (?, '', ?, 'educacion', '')`, id, text); err != nil {
		return err
	}
	return tx.Commit()
}

// benchConsole is the demo console on a fresh database, with no pacing.
func benchConsole(b *testing.B) (*Console, string) {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
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
	return c, path
}

func percentile(d []time.Duration, p int) time.Duration {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[(len(d)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
