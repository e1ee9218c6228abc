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
	"labbot/glossary"
	"labbot/internal/latency"
	"labbot/store"
	"labbot/store/labdata"
)

// BenchmarkHelp runs !help through the whole core, outbox and console
// transport included, with no pacing: the floor every command stands on.
// It reports commands a second and the p99 latency of one command (at
// least 1,000 commands: -benchtime 1000x or more, or a duration).
func BenchmarkHelp(b *testing.B) {
	ctx := context.Background()
	c, _ := benchConsole(b)
	var lat []time.Duration
	n := 0
	for b.Loop() {
		t := time.Now()
		if err := c.HandleLine(ctx, "!help"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "cmds/s")
	b.ReportMetric(latency.Millis(b, lat, 99), "p99_ms")
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

// BenchmarkFindVsRawFTS100k runs !find through the whole core on 100,000
// items and, alternating with it on the same database (which goes first
// rotates), two raw queries for the same words, for each of
// findQueryCount distinct queries:
//   - raw_same: Search's work straight on the database (labdata.RawSearch:
//     the same candidate cap, labrank, join of the best rows to items,
//     fallback to any word). find_p50 ÷ raw_same_p50 is what the core adds
//     to a search: target at most 2.
//   - raw_bm25all: bm25 over every match, five row IDs (labdata.RawAll),
//     the baseline before issue 15; different work, kept for comparison.
//
// One op is one pass over the queries.
func BenchmarkFindVsRawFTS100k(b *testing.B) {
	ctx := context.Background()
	c, path := benchConsole(b)
	// The raw queries parse once per connection, as the store's do
	// (_stmt_cache_size): a baseline that parsed every time would do more.
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_journal_mode=WAL&_foreign_keys=on&_stmt_cache_size=64")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if err := loadItems(ctx, raw, 100_000); err != nil {
		b.Fatal(err)
	}
	warmFind(b, c)
	queries := labdata.Queries(findQuerySeed, findQueryCount)
	var core, same, all []time.Duration
	b.ResetTimer()
	for range b.N {
		for i, q := range queries {
			for k := range 3 {
				switch (i + k) % 3 {
				case 0:
					core = append(core, timeFind(b, c, q))
				case 1:
					same = append(same, timeRaw(b, raw, q, false))
				case 2:
					all = append(all, timeRaw(b, raw, q, true))
				}
			}
		}
	}
	b.StopTimer()
	latency.ReportVsRaw(b, "find", core, same, all)
}

// Latency is drawn from findQueryCount distinct queries of one to three
// words (labdata.Queries), each timed once a pass, after warmFinds others,
// untimed: a labbot that has been running has its index in the page cache.
const findQuerySeed, findQueryCount, warmFinds = 15, 1000, 200

func warmFind(b *testing.B, c *Console) {
	b.Helper()
	for _, q := range labdata.Queries(findQuerySeed+1, warmFinds) {
		timeFind(b, c, q)
	}
}

// timeFind times !find q through the whole core.
func timeFind(b *testing.B, c *Console, q string) time.Duration {
	t := time.Now()
	if err := c.HandleLine(context.Background(), "!find "+q); err != nil {
		b.Fatal(err)
	}
	return time.Since(t)
}

// timeRaw times a raw query for q's words: Search's work (labdata.RawSearch
// on store.SearchPasses, as a member of no private group sees it: the
// items are all Lab-wide), or with all, bm25 over every match of the
// first pass. store's TestRawSearchIsSearch holds RawSearch to Search.
func timeRaw(b *testing.B, db *sql.DB, q string, all bool) time.Duration {
	g, err := glossary.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	var passes []labdata.RawPass
	for _, p := range store.SearchPasses(g, q) {
		passes = append(passes, labdata.RawPass(p))
	}
	ctx := context.Background()
	t := time.Now()
	if all {
		_, err = labdata.RawAll(ctx, db, passes[0].Match)
	} else {
		_, err = labdata.RawSearch(ctx, db, passes, 0, 0, 5)
	}
	d := time.Since(t)
	if err != nil {
		b.Fatalf("raw %q: %v", q, err)
	}
	return d
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

// BenchmarkFind1M runs !find through the whole core on a million items
// and reports the median and p99 of one !find, over findQueryCount distinct
// queries of one to three words. One op is one pass over the queries.
func BenchmarkFind1M(b *testing.B) {
	c := million(b)
	warmFind(b, c)
	queries := labdata.Queries(findQuerySeed, findQueryCount)
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		for _, q := range queries {
			lat = append(lat, timeFind(b, c, q))
		}
	}
	b.StopTimer()
	b.ReportMetric(latency.Millis(b, lat, 50), "p50_ms")
	b.ReportMetric(latency.Millis(b, lat, 99), "p99_ms")
	b.ReportMetric(float64(slices.Max(lat))/float64(time.Millisecond), "max_ms")
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
