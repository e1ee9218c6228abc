package sqlitext

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// openTest registers the setup, then opens a database of a few connections.
func openTest(t *testing.T) *sql.DB {
	t.Helper()
	if err := Register(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "x.db")+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// plan is how SQLite runs query with args bound, one line per step.
func plan(t *testing.T, c *sql.Conn, query string, args ...any) string {
	t.Helper()
	rows, err := c.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(steps, "; ")
}

// TestConnectionsPlanOnce checks that connections opened after Register
// plan a statement without looking at its bound values (the planner's
// stability guarantee): without it a search prepares its SQL again at
// every call. A LIKE prefix shows it: SQLite searches an index for a
// prefix it reads in the SQL, and for a bound one only when it may plan
// with bound values.
func TestConnectionsPlanOnce(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.Exec("CREATE TABLE t (x TEXT COLLATE NOCASE); CREATE INDEX t_x ON t (x)"); err != nil {
		t.Fatal(err)
	}
	// Two connections at once: the guarantee is every connection's.
	for i := range 2 {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if got := plan(t, c, "SELECT x FROM t WHERE x LIKE 'ab%'"); !strings.Contains(got, "SEARCH") {
			t.Fatalf("connection %d: a literal prefix: plan %q, want an index search (else this test proves nothing)", i, got)
		}
		if got := plan(t, c, "SELECT x FROM t WHERE x LIKE ?", "ab%"); strings.Contains(got, "SEARCH") {
			t.Errorf("connection %d: a bound prefix: plan %q, want a scan: the plan depends on bound values", i, got)
		}
	}
}

// TestLabrank checks that connections have labrank, best first like
// bm25: a word said twice before a word said once.
func TestLabrank(t *testing.T) {
	db := openTest(t)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE f USING fts5(body);
		INSERT INTO f (rowid, body) VALUES (1, 'water'), (2, 'water water'), (3, 'rain')`); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT rowid FROM f WHERE f MATCH 'water' ORDER BY labrank(f, 1.0)")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	if err := rows.Err(); err != nil || len(got) != 2 || got[0] != 2 {
		t.Errorf("rows by labrank = %v, %v; want [2 1]", got, err)
	}
}

// TestLabrankPhraseWeights checks that a last argument in text weighs the
// query's phrases in order: the phrase weighed down ranks below the other.
func TestLabrankPhraseWeights(t *testing.T) {
	db := openTest(t)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE f USING fts5(body);
		INSERT INTO f (rowid, body) VALUES (1, 'water'), (2, 'rain'), (3, 'sun sun sun')`); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		weights string
		want    int64
	}{{"1 0.2", 1}, {"0.2 1", 2}, {"0.2 junk", 2}} {
		var best int64
		err := db.QueryRow("SELECT rowid FROM f WHERE f MATCH 'water OR rain' ORDER BY labrank(f, 1.0, ?) LIMIT 1",
			tt.weights).Scan(&best)
		if err != nil || best != tt.want {
			t.Errorf("weights %q: best row %d, %v; want %d", tt.weights, best, err, tt.want)
		}
	}
}

// TestRegisterTwice checks that every way into the database may call
// Register: a second call does not fail.
func TestRegisterTwice(t *testing.T) {
	for range 2 {
		if err := Register(); err != nil {
			t.Fatalf("Register = %v", err)
		}
	}
	openTest(t)
}
