package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
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

func TestFTS5Error(t *testing.T) {
	err := fts5Error(errors.New("no such module: fts5"))
	if err == nil || !strings.Contains(err.Error(), "-tags sqlite_fts5") {
		t.Errorf("fts5Error = %v, want a message naming -tags sqlite_fts5", err)
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

func TestMembers(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.AddGroup(ctx, Group{Key: "a", JID: "a@g.us", Name: "A", Lang: "en", TZ: "UTC"}, t0)
	s.AddGroup(ctx, Group{Key: "b", JID: "b@g.us", Name: "B", Lang: "es", TZ: "UTC"}, t0)
	a, _ := s.GroupByKey(ctx, "a")
	b, _ := s.GroupByKey(ctx, "b")

	in := Incoming{Chat: "b@g.us", Sender: "+15550000100", MsgID: "1"}
	m, done, err := s.SeeMember(ctx, in, "Amina", b.ID, t0)
	if err != nil || done {
		t.Fatal(done, err)
	}
	in.Chat = "a@g.us"
	if _, _, err := s.SeeMember(ctx, in, "", a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	s.Complete(ctx, in, nil, t0, time.Time{})
	if _, done, _ := s.SeeMember(ctx, in, "Amina", a.ID, t0); !done {
		t.Error("SeeMember did not report a handled message as done")
	}
	got, err := s.MemberByUser(ctx, "+15550000100")
	if err != nil || got.ID != m.ID || got.Name != "Amina" || got.Lang != "" {
		t.Errorf("MemberByUser = %+v, %v; an empty name must not erase the known one", got, err)
	}
	groups, err := s.MemberGroups(ctx, m.ID)
	if err != nil || len(groups) != 2 || groups[0].Key != "b" {
		t.Errorf("MemberGroups = %+v, %v; want b then a, in the order she joined", groups, err)
	}
	if err := s.SetMemberLang(ctx, m.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MemberByUser(ctx, "+15550000100"); got.Lang != "fr" {
		t.Errorf("lang = %q after SetMemberLang(fr)", got.Lang)
	}
	if _, err := s.MemberByUser(ctx, "+19999999999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown member error = %v, want ErrNotFound", err)
	}
}

func TestCompleteMarksOnceAndQueuesReplies(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "a@g.us", Sender: "+1555", MsgID: "X1"}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done || err != nil {
		t.Fatalf("Processed before = %v, %v", done, err)
	}
	for i, want := range []bool{true, false} {
		replies := []Outgoing{{MsgID: fmt.Sprint("r", i, "a"), Chat: "a@g.us", Body: "one"}, {MsgID: fmt.Sprint("r", i, "b"), Chat: "a@g.us", Body: "two"}}
		first, err := s.Complete(ctx, in, replies, t0, time.Time{})
		if err != nil || first != want {
			t.Errorf("Complete %d = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if n, _ := s.Pending(ctx); n != 2 {
		t.Errorf("%d replies queued, want 2: the second completion must queue nothing", n)
	}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); !done || err != nil {
		t.Errorf("Processed after = %v, %v", done, err)
	}
	if done, _ := s.Processed(ctx, "b@g.us", in.Sender, in.MsgID); done {
		t.Error("the same ID in another chat is another message")
	}
	n, err := s.PruneProcessed(ctx, t0.Add(time.Second))
	if err != nil || n != 1 {
		t.Errorf("PruneProcessed = %d, %v; want 1", n, err)
	}
}

func TestRefuseStranger(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	steps := []struct {
		at   time.Duration
		want bool
	}{{0, true}, {time.Minute, false}, {23 * time.Hour, false}, {24 * time.Hour, true}, {25 * time.Hour, false}}
	for _, st := range steps {
		got, err := s.RefuseStranger(ctx, "+19999999999", t0.Add(st.at), 24*time.Hour)
		if err != nil || got != st.want {
			t.Errorf("at +%v: refuse = %v, %v; want %v", st.at, got, err, st.want)
		}
	}
	var hash string
	if err := s.writeRow(ctx, "SELECT user_hash FROM stranger_refusals", nil, &hash); err != nil {
		t.Fatal(err)
	}
	plain := sha256.Sum256([]byte("+19999999999"))
	if strings.Contains(hash, "9999") || hash == hex.EncodeToString(plain[:]) {
		t.Errorf("stranger stored as %q: her number, or its unkeyed hash", hash)
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

func TestMaxMessageNumber(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if n, err := s.MaxMessageNumber(ctx, "m"); n != 0 || err != nil {
		t.Errorf("empty: %d, %v; want 0", n, err)
	}
	for _, id := range []string{"m2", "m10", "x99"} {
		s.Enqueue(ctx, Outgoing{MsgID: id, Chat: "c"}, t0)
	}
	s.Complete(ctx, Incoming{"c", "u", "in7"}, nil, t0, time.Time{})
	s.Complete(ctx, Incoming{"c", "u", "m12"}, nil, t0, time.Time{})
	for prefix, want := range map[string]int64{"m": 12, "in": 7, "x": 99, "zz": 0} {
		if n, err := s.MaxMessageNumber(ctx, prefix); n != want || err != nil {
			t.Errorf("MaxMessageNumber(%q) = %d, %v; want %d", prefix, n, err, want)
		}
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

func TestPruneOutbox(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i, at := range []time.Duration{-40 * 24 * time.Hour, -time.Hour} {
		m := Outgoing{MsgID: fmt.Sprint("m", i), Chat: "c"}
		s.Enqueue(ctx, m, t0)
		due, _ := s.NextDue(ctx)
		row, err := s.Claim(ctx, due.ReplyID, t0, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		s.MarkSent(ctx, row.ID, t0.Add(at))
	}
	s.Enqueue(ctx, Outgoing{MsgID: "unsent", Chat: "c"}, t0.Add(-50*24*time.Hour))
	n, err := s.PruneOutbox(ctx, t0.Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("PruneOutbox = %d, %v; want 1 (the old sent row only)", n, err)
	}
	if p, _ := s.Pending(ctx); p != 1 {
		t.Errorf("%d unsent rows after pruning, want 1: unsent rows are never pruned", p)
	}
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

func TestOutboxKeepsWhatAReplyQuotes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Outgoing{MsgID: "m1", Chat: "g@g.us", Body: "Hi", QuoteID: "3EB0", QuoteSender: "+1555", QuoteText: "!help", Created: t0}
	if _, err := s.Enqueue(ctx, in, t0); err != nil {
		t.Fatal(err)
	}
	due, _ := s.NextDue(ctx)
	got, err := s.Claim(ctx, due.ReplyID, t0, time.Minute)
	if err != nil || got.QuoteID != "3EB0" || got.QuoteSender != "+1555" || got.QuoteText != "!help" || got.Body != "Hi" || got.Attempts != 1 {
		t.Errorf("claimed %+v, %v", got, err)
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

func TestRecordRunOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	run := Run{Key: "digest:g1:2026-12-07T09:00", Due: now, Outcome: RunQueued,
		Out: []Outgoing{{MsgID: "a", Chat: "g@g.us", Bulk: true, Body: "digest"}}}
	for i, want := range []bool{true, false} {
		run.Out[0].MsgID = fmt.Sprint("m", i)
		got, err := s.RecordRun(ctx, run, now)
		if err != nil || got != want {
			t.Fatalf("RecordRun #%d = %v, %v; want %v", i+1, got, err, want)
		}
	}
	if n, err := s.Pending(ctx); err != nil || n != 1 {
		t.Errorf("%d rows queued (%v), want 1: a run's messages are queued once", n, err)
	}
	if done, err := s.RunDone(ctx, run.Key); err != nil || !done {
		t.Errorf("RunDone = %v, %v; want true", done, err)
	}
	if n, err := s.PruneRuns(ctx, now.Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("PruneRuns removed %d (%v), want 1", n, err)
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
			_, added, err := s.AddEvent(ctx, Event{Title: "Webinar", Start: now.Add(time.Hour), Source: "c|s|m1"}, nil, now,
				func(Event) ([]Outgoing, error) { return nil, nil })
			if err != nil || !added {
				t.Fatalf("add an event after the upgrade: %v", err)
			}
		})
	}
}

func TestRSVPToACancelledEventIsRefused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	m, _, err := s.SeeMember(ctx, Incoming{Sender: "+15550000100"}, "Amina", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := s.AddEvent(ctx, Event{Title: "Webinar", Start: now.Add(24 * time.Hour)}, nil, now,
		func(Event) ([]Outgoing, error) { return nil, nil })
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // a second RSVP is still an RSVP
		if ok, err := s.RSVP(ctx, e.ID, m.ID, now); err != nil || !ok {
			t.Fatalf("RSVP #%d = %v, %v; want true", i+1, ok, err)
		}
	}
	var told []Member
	if _, err := s.CancelEvent(ctx, e, now, func(_ []Group, attendees []Member) ([]Outgoing, error) {
		told = attendees
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 {
		t.Errorf("the cancel saw %d attendees, want 1", len(told))
	}
	if ok, err := s.RSVP(ctx, e.ID, m.ID, now); err != nil || ok {
		t.Errorf("RSVP after the cancel = %v, %v; want false", ok, err)
	}
}

// A message that saves an item writes the mark, the item and its replies
// together: a failure keeps none of them, and a second completion of the
// same message saves nothing.
func TestCompleteSavingKeepsAllOrNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "a@g.us", Sender: "+1555", MsgID: "S1"}
	tip := Item{Kind: KindTip, Body: "rotate the chair", Lang: "en"}
	lease := func(int) time.Time { return time.Time{} }
	build := func(fail error) Saving {
		return Saving{Item: tip, Build: func(it Item) ([]Outgoing, []Outgoing, error) {
			reply := Outgoing{MsgID: "r-" + it.Ref(), Chat: in.Chat, Body: "saved " + it.Ref(), ItemID: it.ID}
			post := Outgoing{MsgID: "p-" + it.Ref(), Chat: "b@g.us", Bulk: true, Body: "new " + it.Ref()}
			return []Outgoing{reply}, []Outgoing{post}, fail
		}}
	}
	if _, _, _, err := s.CompleteSaving(ctx, in, build(errors.New("broken")), t0, lease); err == nil {
		t.Fatal("CompleteSaving with a failing Build succeeded")
	}
	if found, _ := s.Search(ctx, Viewer{}, "chair", 5); len(found) != 0 {
		t.Errorf("a failed completion left %q searchable", refs(found))
	}
	if done, _ := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done {
		t.Error("a failed completion marked the message handled")
	}
	for i, want := range []bool{true, false} {
		saved, replies, first, err := s.CompleteSaving(ctx, in, build(nil), t0, lease)
		if err != nil || first != want {
			t.Fatalf("CompleteSaving %d = %v, %v; want %v", i+1, first, err, want)
		}
		if want && (saved.Ref() != "T1" || len(replies) != 1 || replies[0].ID == 0 || replies[0].Body != "saved T1") {
			t.Errorf("first completion saved %s and queued %+v; want T1 and its reply, with an ID", saved.Ref(), replies)
		}
	}
	if found, _ := s.Search(ctx, Viewer{}, "chair", 5); refs(found) != "T1" {
		t.Errorf("Search(chair) = %q, want T1 once", refs(found))
	}
	if n, _ := s.Pending(ctx); n != 2 {
		t.Errorf("%d rows queued, want the reply and the post once", n)
	}
	if it, err := s.ItemByMessage(ctx, "r-T1", in.Chat); err != nil || it.Ref() != "T1" {
		t.Errorf("the reply is not linked to T1: %v, %v", it.Ref(), err)
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
	if err := s.MarkAllSent(ctx, []Sent{{ID: 1, At: t0}}); err != nil {
		t.Errorf("MarkAllSent with a cancelled context: %v", err)
	}
	if found, _ := s.Search(context.Background(), Viewer{}, "windows", 5); refs(found) != it.Ref() {
		t.Errorf("Search(windows) = %q, want %s", refs(found), it.Ref())
	}
}
