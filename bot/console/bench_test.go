package console

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/store"
	"labbot/store/labdata"
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

// benchLimits let one member send as fast as the benchmarks can: they
// measure the path every command takes, the limits' check included, not
// the silence past a limit.
func benchLimits() config.Limits {
	return config.Limits{CommandsPerMinute: 1 << 30, CommandsPerHour: 1 << 30, WelcomesPerDay: 1}
}

// benchConsole is the demo console on a fresh database, with no pacing
// and no limits.
func benchConsole(b *testing.B) (*Console, string) {
	b.Helper()
	return demoConsole(b, func(cfg *config.Config) { cfg.Limits = benchLimits() }, io.Discard)
}

// demoConsole is the demo console, with no pacing and edit's changes, on
// a fresh database, writing what labbot sends to out; and the
// database's path.
func demoConsole(tb testing.TB, edit func(*config.Config), out io.Writer) (*Console, string) {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	texts, err := bot.NewTexts()
	if err != nil {
		tb.Fatal(err)
	}
	cfg := config.Demo()
	cfg.Sending = config.Sending{}
	if edit != nil {
		edit(cfg)
	}
	c, err := New(ctx, Options{Config: cfg, Store: st, Texts: texts, Out: out, Notes: io.Discard,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatal(err)
	}
	return c, path
}

func percentile(d []time.Duration, p int) time.Duration {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[(len(d)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkFindVsRawFTS100k runs !find through the whole core on 100,000
// items and, alternating with it on the same database, the raw FTS5 query
// for the same words. It reports both medians and their ratio.
func BenchmarkFindVsRawFTS100k(b *testing.B) {
	ctx := context.Background()
	c, path := benchConsole(b)
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_journal_mode=WAL&_foreign_keys=on")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if err := loadItems(ctx, raw, 100_000); err != nil {
		b.Fatal(err)
	}
	queries := findQueries()
	var core, direct []time.Duration
	b.ResetTimer()
	for i := range b.N {
		q := queries[i%len(queries)]
		t := time.Now()
		if err := c.HandleLine(ctx, "!find "+q); err != nil {
			b.Fatal(err)
		}
		core = append(core, time.Since(t))
		t = time.Now()
		if err := rawFind(ctx, raw, q); err != nil {
			b.Fatal(err)
		}
		direct = append(direct, time.Since(t))
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(core, 50)), "find_p50_ms")
	b.ReportMetric(ms(percentile(direct, 50)), "raw_p50_ms")
	b.ReportMetric(float64(percentile(core, 50))/float64(percentile(direct, 50)), "p50_ratio")
}

// findQueries are one to three common words of the made-up items, in the
// three languages.
func findQueries() []string {
	var qs []string
	for _, lang := range labdata.Langs() {
		w := labdata.CommonWords(lang, 12)
		qs = append(qs, w[0], w[3]+" "+w[7], w[1]+" "+w[5]+" "+w[10])
	}
	return qs
}

// rawFind is the FTS5 query alone: the best five rows for every word.
func rawFind(ctx context.Context, db *sql.DB, q string) error {
	rows, err := db.QueryContext(ctx, `SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rank LIMIT 5`,
		store.MatchQuery(store.SearchTerms(q), true))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// loadItems writes n made-up items straight into items, item_tags and
// items_fts, as the store would, in large transactions.
func loadItems(ctx context.Context, db *sql.DB, n int) error {
	const batch = 10_000
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	i := 0
	for it := range labdata.Items(1, n) {
		i++
		if _, err := labdata.Insert(ctx, tx, labdata.Row{Item: it, Num: int64(-i)}); err != nil {
			return err
		}
		if i%batch == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// BenchmarkFind1M runs !find through the whole core on a million items,
// with one to three common words, and reports the median and p99.
func BenchmarkFind1M(b *testing.B) {
	ctx := context.Background()
	c := million(b)
	queries := findQueries()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		t := time.Now()
		if err := c.HandleLine(ctx, "!find "+queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(lat, 50)), "p50_ms")
	b.ReportMetric(ms(percentile(lat, 99)), "p99_ms")
}

// millionOnce builds the million-item console once per process: the
// benchmark runs several times (b.N grows, -count), and a build takes over
// a minute. It is closed with the process.
var millionOnce = sync.OnceValues(func() (*Console, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "labbot-bench-1m-")
	if err != nil {
		return nil, err
	}
	millionDir = dir
	path := filepath.Join(dir, store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_journal_mode=WAL&_foreign_keys=on")
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	if err := loadItems(ctx, raw, 1_000_000); err != nil {
		return nil, err
	}
	// A running labbot has checkpointed long since.
	if _, err := raw.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return nil, err
	}
	texts, err := bot.NewTexts()
	if err != nil {
		return nil, err
	}
	cfg := config.Demo()
	cfg.Sending = config.Sending{}
	cfg.Limits = benchLimits()
	return New(ctx, Options{Config: cfg, Store: st, Texts: texts, Out: io.Discard, Notes: io.Discard,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)})
})

// millionDir is where the million items live, removed when the tests end.
var millionDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if millionDir != "" {
		os.RemoveAll(millionDir)
	}
	os.Exit(code)
}

func million(b *testing.B) *Console {
	b.Helper()
	start := time.Now()
	c, err := millionOnce()
	if err != nil {
		b.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		b.Logf("built 1,000,000 items in %v", d.Round(time.Second))
	}
	return c
}
