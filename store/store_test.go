package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openTest opens a fresh database in a temporary directory.
func openTest(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), filepath.Join(tb.TempDir(), FileName))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	for range 2 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all, _ := loadMigrations()
		if want := all[len(all)-1].version; v != want {
			t.Errorf("schema version = %d, want %d", v, want)
		}
		s.Close()
	}
}

func TestOpenSettings(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.writeRow(ctx, "PRAGMA "+pragma, nil, &got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
	if _, err := s.rdb.ExecContext(ctx, "INSERT INTO state (key, value) VALUES ('x', 'y')"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

// Each way a SQLite without FTS5 shows gets the message with the fix
// (issue 18: "no such function: fts5", from the connection's setup, got
// SQLite's words).
func TestFTS5Error(t *testing.T) {
	for _, msg := range []string{"no such module: fts5", "no such function: fts5", "open /x/labbot.db: no such function: fts5"} {
		err := fts5Error(errors.New(msg))
		if err == nil || !strings.Contains(err.Error(), "-tags sqlite_fts5") {
			t.Errorf("fts5Error(%q) = %v, want a message naming -tags sqlite_fts5", msg, err)
		}
	}
	if err := fts5Error(errors.New("disk I/O error")); err == nil || strings.Contains(err.Error(), "sqlite_fts5") {
		t.Errorf("fts5Error(disk I/O error) = %v, want that error, not the FTS5 one", err)
	}
	if err := fts5Error(nil); err != nil {
		t.Errorf("fts5Error(nil) = %v", err)
	}
}

func TestGroups(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	g := Group{Key: "nairobi", JID: "1@g.us", Name: "Nairobi", Lang: "en", TZ: "Africa/Nairobi"}
	if added, err := s.AddGroup(ctx, g, t0); err != nil || !added {
		t.Fatalf("AddGroup = %v, %v; want true, nil", added, err)
	}
	g.Lang = "fr"
	if added, err := s.AddGroup(ctx, g, t0); err != nil || added {
		t.Fatalf("second AddGroup = %v, %v; want false, nil (the stored group wins)", added, err)
	}
	got, err := s.GroupByJID(ctx, "1@g.us")
	if err != nil || got.Key != "nairobi" || got.Lang != "en" || !got.Active {
		t.Errorf("GroupByJID = %+v, %v", got, err)
	}
	if _, err := s.GroupByKey(ctx, "nowhere"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GroupByKey(unknown) error = %v, want ErrNotFound", err)
	}
	all, err := s.Groups(ctx)
	if err != nil || len(all) != 1 {
		t.Errorf("Groups = %v, %v", all, err)
	}
}

func TestState(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.State(ctx, "k"); !errors.Is(err, ErrNotFound) {
		t.Errorf("State(unset) error = %v, want ErrNotFound", err)
	}
	s.SetState(ctx, "k", "v1")
	s.SetState(ctx, "k", "v2")
	if v, err := s.State(ctx, "k"); v != "v2" || err != nil {
		t.Errorf("State = %q, %v; want v2", v, err)
	}
}

func TestSynchronousNormal(t *testing.T) {
	s := openTest(t)
	var v int
	if err := s.writeRow(context.Background(), "PRAGMA synchronous", nil, &v); err != nil || v != 1 {
		t.Errorf("PRAGMA synchronous = %d, %v; want 1 (NORMAL: WAL keeps commits durable against crashes of labbot)", v, err)
	}
}

func TestPanicInTransactionRollsBack(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	func() {
		defer func() { recover() }()
		s.tx(ctx, func(tx querier) error {
			tx.ExecContext(ctx, "INSERT INTO state (key, value) VALUES ('lost', 'x')")
			panic("bug")
		})
	}()
	if err := s.SetState(ctx, "kept", "y"); err != nil {
		t.Fatalf("a write after the panic: %v", err)
	}
	if _, err := s.State(ctx, "lost"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the panicking transaction's write is there: %v", err)
	}
	if v, err := s.State(ctx, "kept"); v != "y" || err != nil {
		t.Errorf("the write after the panic was not committed: %q, %v", v, err)
	}
}

func TestOneProcessPerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "in use by another labbot") {
		t.Errorf("second Open = %v, want an error saying the database is in use", err)
	}
	s.Close()
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s.Close()
}

func TestMemberByIDAndSentSince(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	m, _, err := s.SeeMember(ctx, Incoming{Sender: "+1555"}, "Ana", 0, t0)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.MemberByID(ctx, m.ID); err != nil || got.UserID != "+1555" || got.Name != "Ana" {
		t.Errorf("MemberByID = %+v, %v", got, err)
	}
	if _, err := s.MemberByID(ctx, m.ID+1); !errors.Is(err, ErrNotFound) {
		t.Errorf("MemberByID(unknown) error = %v, want ErrNotFound", err)
	}
	for i, at := range []time.Duration{-2 * time.Minute, -30 * time.Second} {
		s.Enqueue(ctx, Outgoing{MsgID: fmt.Sprint("m", i), Chat: "c", Bulk: i == 1}, t0)
		due, _ := s.NextDue(ctx)
		id := due.ReplyID
		if i == 1 {
			id = due.BulkID
		}
		if _, err := s.Claim(ctx, id, t0, time.Minute); err != nil {
			t.Fatal(err)
		}
		s.MarkSent(ctx, id, t0.Add(at))
	}
	sent, err := s.SentSince(ctx, t0.Add(-time.Minute))
	if err != nil || len(sent) != 1 || !sent[0].Bulk || !sent[0].At.Equal(t0.Add(-30*time.Second)) {
		t.Errorf("SentSince = %+v, %v; want the bulk post sent 30 s ago", sent, err)
	}
}

func TestGroupActivityAndNames(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.AddGroup(ctx, Group{Key: "a", JID: "a@g.us", Name: "A", Lang: "en", TZ: "UTC"}, t0)
	if ok, err := s.SetGroupActive(ctx, "a@g.us", false); !ok || err != nil {
		t.Fatalf("SetGroupActive = %v, %v", ok, err)
	}
	if all, _ := s.Groups(ctx); len(all) != 0 {
		t.Errorf("an inactive group is listed: %v", all)
	}
	s.SetGroupActive(ctx, "a@g.us", true)
	if ok, _ := s.RenameGroup(ctx, "a@g.us", "Nairobi partners"); !ok {
		t.Error("rename found no group")
	}
	if g, _ := s.GroupByJID(ctx, "a@g.us"); !g.Active || g.Name != "Nairobi partners" {
		t.Errorf("group = %+v", g)
	}
	if ok, _ := s.SetGroupActive(ctx, "other@g.us", true); ok {
		t.Error("an unregistered group was found")
	}
}

// TestUpgradeFromEachVersion opens a database left at each earlier
// schema, as an older labbot would have left it, and checks that the
// newest labbot upgrades it and works on it.
func TestUpgradeFromEachVersion(t *testing.T) {
	ctx := context.Background()
	all, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for upTo := 1; upTo < len(all); upTo++ {
		t.Run(all[upTo-1].name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			for _, m := range all[:upTo] {
				if _, err := raw.Exec(m.sql); err != nil {
					t.Fatalf("%s: %v", m.name, err)
				}
				if _, err := raw.Exec(`INSERT INTO schema_migrations VALUES (?, ?, 0)`, m.version, m.name); err != nil {
					t.Fatal(err)
				}
			}
			raw.Close()
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("open a version %d database: %v", upTo, err)
			}
			defer s.Close()
			if v, err := s.SchemaVersion(ctx); err != nil || v != all[len(all)-1].version {
				t.Fatalf("schema version %d (%v), want %d", v, err, all[len(all)-1].version)
			}
			now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
			tx, err := s.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			added, err := tx.AddEvent(ctx, &Event{Title: "Webinar", Start: now.Add(time.Hour), Source: "c|s|m1"}, nil, now)
			if err == nil {
				err = tx.Commit()
			}
			if err != nil || !added {
				t.Fatalf("add an event after the upgrade: %v", err)
			}
		})
	}
}

// A write begun as labbot stops (its context cancelled) runs to its end:
// every statement of the transaction, not only BEGIN and COMMIT.
func TestWritesOutliveACancelledContext(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	it, err := s.AddItem(ctx, Item{Kind: KindTip, Body: "close the windows before leaving", Lang: "en"}, t0)
	if err != nil {
		t.Fatalf("AddItem with a cancelled context: %v", err)
	}
	if found, err := s.Search(context.Background(), Viewer{}, "windows", 5); err != nil || refs(found) != it.Ref() {
		t.Errorf("Search(windows) = %q, %v; want %s", refs(found), err, it.Ref())
	}
	// A send that reached WhatsApp as labbot stopped is marked all the same,
	// or it would go again at the next start.
	bg := context.Background()
	if _, err := s.Enqueue(bg, Outgoing{MsgID: "m1", Chat: "c", Body: "bye"}, t0); err != nil {
		t.Fatal(err)
	}
	due, err := s.NextDue(bg)
	if err != nil {
		t.Fatal(err)
	}
	row, err := s.Claim(bg, due.ReplyID, t0, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkAllSent(ctx, []Sent{{ID: row.ID, At: t0}}); err != nil {
		t.Errorf("MarkAllSent with a cancelled context: %v", err)
	}
	if sent, err := s.SentSince(bg, t0); err != nil || len(sent) != 1 || sent[0].ID != row.ID {
		t.Errorf("rows sent since t0: %+v, %v; want row %d", sent, err, row.ID)
	}
}
