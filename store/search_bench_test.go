package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"labbot/store/labdata"
)

// Search benchmarks, on stores filled with labdata items (PERFORMANCE.md). Run
// them with -run '^$' -bench Search; without -bench nothing is built.

const (
	benchSeed  = 3      // labdata's seed: every run searches the same items
	benchBatch = 10_000 // items per build transaction
	benchLimit = 5      // what !find shows
	// benchGroups partner groups, the last benchPrivate of them private,
	// with benchMembers members each.
	benchGroups, benchPrivate, benchMembers = 8, 2, 25

	rawSearchSQL = `SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rank LIMIT 5`
)

// benchQueries are one to three of labdata's commonest words in each
// language, as a member would type them (TestBenchQueriesAreCommon keeps
// them common).
var benchQueries = []string{
	"educación", "health funding", "stratégie femmes communauté",
	"women", "niñas salud", "égalité",
	"community leadership training", "financiamiento", "santé filles",
	"girls education", "mujeres comunidad liderazgo", "plaidoyer budget",
}

// benchDBs keeps the stores built in this process, by size: a million
// items take a while to build, and -count 5 must not build them five
// times. TestMain closes them and removes their directory.
var benchDBs = struct {
	sync.Mutex
	dir    string
	stores map[int]*benchDB
}{stores: map[int]*benchDB{}}

// benchDB is a built store and who searches it.
type benchDB struct {
	*Store
	viewer Viewer // a member, in a Lab-wide group
}

// TestMain removes the benchmarks' stores once every test and benchmark
// has run: they outlive each benchmark, for the next -count.
func TestMain(m *testing.M) {
	code := m.Run()
	benchDBs.Lock()
	for _, db := range benchDBs.stores {
		db.Close()
	}
	if benchDBs.dir != "" {
		os.RemoveAll(benchDBs.dir)
	}
	benchDBs.Unlock()
	os.Exit(code)
}

func TestBenchQueriesAreCommon(t *testing.T) {
	for _, q := range benchQueries {
		terms := SearchTerms(q)
		ok := false
		for _, lang := range labdata.Langs() {
			common := labdata.CommonWords(lang, 10)
			ok = ok || !slices.ContainsFunc(terms, func(w string) bool { return !slices.Contains(common, w) })
		}
		if len(terms) < 1 || len(terms) > 3 || !ok {
			t.Errorf("query %q: want one to three of the ten commonest words of one language", q)
		}
	}
}

// TestBenchBuilderWritesWhatAddItemWrites adds, through AddItem, the items
// the builder wrote, and compares the two databases table by table.
func TestBenchBuilderWritesWhatAddItemWrites(t *testing.T) {
	ctx := context.Background()
	built, added := openTest(t), openTest(t)
	if _, err := fillBench(ctx, built, 300); err != nil {
		t.Fatal(err)
	}
	if _, err := fillBench(ctx, added, 0); err != nil {
		t.Fatal(err)
	}
	items, err := built.queryItems(ctx, `SELECT `+itemColumns+itemFrom+` ORDER BY i.id`)
	if err != nil || len(items) != 300 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	for _, it := range items {
		if it.Tags, err = built.tags(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := added.AddItem(ctx, it, it.Created); err != nil {
			t.Fatal(err)
		}
	}
	// FTS5 keeps no text here (contentless): compare each row's token
	// counts per column. Its origin column numbers the transaction that
	// wrote the row, one per item through AddItem, and is left out.
	for _, table := range []string{"items", "item_tags", "(SELECT id, sz FROM items_fts_docsize)"} {
		if a, b := dumpTable(t, built, table), dumpTable(t, added, table); a != b {
			t.Errorf("%s differs:\nbuilt %.300s\nadded %.300s", table, a, b)
		}
	}
}

// dumpTable prints every row of table, in its key's order.
func dumpTable(t *testing.T, s *Store, table string) string {
	t.Helper()
	rows, err := s.rdb.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&out, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// benchStore returns the store of n items, building it the first time.
func benchStore(b *testing.B, n int) *benchDB {
	b.Helper()
	benchDBs.Lock()
	defer benchDBs.Unlock()
	if db, ok := benchDBs.stores[n]; ok {
		return db
	}
	if benchDBs.dir == "" {
		dir, err := os.MkdirTemp("", "labbot-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDBs.dir = dir
	}
	ctx := context.Background()
	path := filepath.Join(benchDBs.dir, fmt.Sprintf("items-%d.db", n))
	start := time.Now()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	db := &benchDB{Store: s}
	if db.viewer, err = fillBench(ctx, s, n); err != nil {
		s.Close()
		b.Fatalf("build %d items: %v", n, err)
	}
	elapsed := time.Since(start)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d items in %.1f s (%d MB)", n, elapsed.Seconds(), fi.Size()>>20)
	counts := ""
	for _, q := range benchQueries {
		var c int
		if err := db.rdb.QueryRowContext(ctx, "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?",
			MatchQuery(SearchTerms(q), true)).Scan(&c); err != nil {
			b.Fatal(err)
		}
		counts += fmt.Sprintf(" %q %d;", q, c)
	}
	b.Logf("items with every word:%s", counts)
	benchDBs.stores[n] = db
	return db
}

// fillBench adds partner groups and members, then n items as AddItem
// would, benchBatch to a transaction. It returns a Lab-wide group's member.
func fillBench(ctx context.Context, s *Store, n int) (Viewer, error) {
	b := &benchBuilder{rnd: rand.New(rand.NewPCG(benchSeed, 0)),
		at: t0.Add(-time.Duration(n) * time.Minute)}
	for g := range benchGroups {
		key := fmt.Sprint("g", g)
		if _, err := s.AddGroup(ctx, Group{Key: key, JID: key + "@g.us", Name: key, Lang: labdata.Langs()[g%3],
			TZ: "UTC", Private: g >= benchGroups-benchPrivate}, t0); err != nil {
			return Viewer{}, err
		}
		group, err := s.GroupByKey(ctx, key)
		if err != nil {
			return Viewer{}, err
		}
		b.groups = append(b.groups, group)
		b.authors = append(b.authors, nil)
		for m := range benchMembers {
			in := Incoming{Sender: fmt.Sprintf("+1555%02d%03d", g, m)}
			member, _, err := s.SeeMember(ctx, in, fmt.Sprint("Member ", g, m), group.ID, t0)
			if err != nil {
				return Viewer{}, err
			}
			b.authors[g] = append(b.authors[g], member.ID)
		}
	}
	batch := make([]labdata.Item, 0, benchBatch)
	for it := range labdata.Items(benchSeed, n) {
		if batch = append(batch, it); len(batch) == benchBatch || b.count+len(batch) == n {
			if err := s.tx(ctx, func(tx querier) error { return b.add(ctx, tx, batch) }); err != nil {
				return Viewer{}, err
			}
			b.count += len(batch)
			batch = batch[:0]
		}
	}
	// A running labbot's WAL is checkpointed every second; reads behind a
	// freshly built one would pay for its length.
	if _, err := s.cpdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return Viewer{}, err
	}
	return Viewer{GroupID: b.groups[0].ID, MemberID: b.authors[0][0]}, nil
}

// benchBuilder places generated items in groups, gives them authors and
// numbers, and writes them.
type benchBuilder struct {
	rnd       *rand.Rand
	groups    []Group
	authors   [][]int64 // member IDs, by group
	count     int       // items written
	questions []int64   // IDs of the questions so far
	at        time.Time // when the next item was shared: one a minute
}

// add writes what AddItem writes for each item: its row, numbered per
// kind, its tags, and its search entry (through index, so the columns
// stay AddItem's).
func (b *benchBuilder) add(ctx context.Context, tx querier, items []labdata.Item) error {
	for _, gen := range items {
		g := b.rnd.IntN(len(b.groups))
		it := Item{Kind: gen.Kind, Body: gen.Body, URL: gen.URL, Lang: gen.Lang, Tags: gen.Tags,
			AuthorID: b.authors[g][b.rnd.IntN(len(b.authors[g]))], GroupID: b.groups[g].ID, Private: b.groups[g].Private}
		switch it.Kind {
		case KindQuestion:
			it.Anonymous = b.rnd.IntN(20) == 0
		case KindAnswer:
			if len(b.questions) > 0 {
				it.QuestionID = b.questions[len(b.questions)-1-b.rnd.IntN(min(len(b.questions), 100))]
			}
		}
		if err := addItem(ctx, tx, &it, b.at); err != nil {
			return err
		}
		if it.Kind == KindQuestion {
			b.questions = append(b.questions, it.ID)
		}
		b.at = b.at.Add(time.Minute)
	}
	return nil
}

// BenchmarkSearch1M searches a million items for one to three common
// words, as !find does. Target: p99 under 50 ms.
func BenchmarkSearch1M(b *testing.B) {
	db := benchStore(b, 1_000_000)
	warm(b, db)
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		lat = append(lat, timeSearch(b, db, benchQueries[i%len(benchQueries)]))
	}
	b.ReportMetric(quantileMS(lat, 50), "p50_ms")
	b.ReportMetric(quantileMS(lat, 99), "p99_ms")
}

// BenchmarkSearchVsRawFTS100k times Search and the bare FTS5 query for the
// same terms on 100,000 items, in turn, each first every other time.
// Target: p50 ratio at most 2.
func BenchmarkSearchVsRawFTS100k(b *testing.B) {
	db := benchStore(b, 100_000)
	warm(b, db)
	var search, raw []time.Duration
	for i := 0; b.Loop(); i++ {
		q := benchQueries[i%len(benchQueries)]
		if i%2 == 0 {
			search = append(search, timeSearch(b, db, q))
		}
		raw = append(raw, timeRaw(b, db, q))
		if i%2 == 1 {
			search = append(search, timeSearch(b, db, q))
		}
	}
	b.ReportMetric(quantileMS(search, 50), "search_p50_ms")
	b.ReportMetric(quantileMS(raw, 50), "raw_p50_ms")
	b.ReportMetric(quantileMS(search, 50)/quantileMS(raw, 50), "p50_ratio")
}

func timeSearch(b *testing.B, db *benchDB, q string) time.Duration {
	t := time.Now()
	found, err := db.Search(context.Background(), db.viewer, q, benchLimit)
	d := time.Since(t)
	if err != nil || len(found) == 0 {
		b.Fatalf("Search(%q) = %d items, %v", q, len(found), err)
	}
	return d
}

// timeRaw runs the bare FTS5 query for q's terms, on the pool Search
// reads from, and reads every row, as Search does.
func timeRaw(b *testing.B, db *benchDB, q string) time.Duration {
	match := MatchQuery(SearchTerms(q), true)
	t := time.Now()
	rows, err := db.rdb.QueryContext(context.Background(), rawSearchSQL, match)
	if err != nil {
		b.Fatalf("raw %s: %v", match, err)
	}
	n := 0
	for ; rows.Next(); n++ {
		var id int64
		err = errors.Join(err, rows.Scan(&id))
	}
	err = errors.Join(err, rows.Err(), rows.Close())
	d := time.Since(t)
	if err != nil || n == 0 {
		b.Fatalf("raw %s = %d rows, %v", match, n, err)
	}
	return d
}

// warm runs every query once, untimed: a labbot that has been running
// has the index in the page cache, and the first query's misses are not
// what a member usually waits for.
func warm(b *testing.B, db *benchDB) {
	b.Helper()
	for _, q := range benchQueries {
		if _, err := db.Search(context.Background(), db.viewer, q, benchLimit); err != nil {
			b.Fatal(err)
		}
	}
}

// quantileMS is the q-th percentile of latencies, in milliseconds.
func quantileMS(lat []time.Duration, q int) float64 {
	if len(lat) == 0 {
		return 0
	}
	slices.Sort(lat)
	return float64(lat[len(lat)*q/100]) / float64(time.Millisecond)
}
