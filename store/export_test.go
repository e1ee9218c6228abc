package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenReaderRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "none", FileName)
	old := filepath.Join(dir, "old.db")
	s, err := Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.SchemaVersion(ctx)
	if _, err := s.exec(ctx, "DELETE FROM schema_migrations WHERE version = ?", v); err != nil {
		t.Fatal(err)
	}
	s.Close()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database, just some text that is long enough to have a header"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	tests := []struct{ name, path, says string }{
		{"missing", missing, missing + " does not exist"},
		{"older schema", old, "start labbot once"},
		{"not SQLite", junk, junk},
		{"empty file", empty, "not a labbot database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenReader(ctx, tt.path)
			if err == nil {
				r.Close()
				t.Fatal("OpenReader succeeded")
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("OpenReader created the missing file")
	}
}

// A reader writes nothing, not even the journal mode of a file kept in
// the older one (a copy, say).
func TestReaderChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.AddItem(ctx, Item{Kind: KindTip, Body: "kept", Lang: "en"}, t0)
	s.Close()
	db := openDB("file:" + path)
	if _, err := db.Exec("PRAGMA journal_mode = DELETE"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	r, err := OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := r.Knowledge(ctx); err != nil || len(k.Groups) != 1 || k.Groups[0].Items[0].Text != "kept" {
		t.Errorf("Knowledge = %+v, %v; want the one tip", k, err)
	}
	r.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("reading changed the file")
	}
}

// reader opens a Reader on the lab's database, closed when the test ends.
func (l *lab) reader(t *testing.T) *Reader {
	t.Helper()
	r, err := OpenReader(context.Background(), filepath.Join(filepath.Dir(l.lockPath()), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// A reader works beside the Store that holds the lock, and sees what it
// wrote (still in the WAL) without stopping it from writing.
func TestReaderBesideStore(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	l.add(t, Item{Kind: KindTip, Body: "first", AuthorID: l.ana.ID, GroupID: l.open.ID})
	r := l.reader(t)
	l.add(t, Item{Kind: KindTip, Body: "second", AuthorID: l.ana.ID, GroupID: l.open.ID})
	k, err := r.Knowledge(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(k.Groups[0].Items); got != 2 {
		t.Errorf("the reader sees %d tips, want 2", got)
	}
}

func TestKnowledgeAuthorsAndNesting(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	grace, _, _ := l.SeeMember(ctx, Incoming{Sender: "+15550000500"}, "Grace", l.open.ID, t0)
	nameless, _, _ := l.SeeMember(ctx, Incoming{Sender: "+15550000600"}, "+1 555 000 0600", l.open.ID, t0)
	anon := l.add(t, Item{Kind: KindQuestion, Body: "who?", AuthorID: l.ana.ID, Anonymous: true})
	l.add(t, Item{Kind: KindAnswer, Body: "her", AuthorID: l.bea.ID, QuestionID: anon.ID})
	l.add(t, Item{Kind: KindTip, Body: "from Grace", AuthorID: grace.ID, GroupID: l.open.ID})
	l.add(t, Item{Kind: KindTip, Body: "from a number", AuthorID: nameless.ID, GroupID: l.open.ID})
	l.add(t, Item{Kind: KindTip, Body: "secret", AuthorID: l.bea.ID, GroupID: l.closed.ID, Private: true, Tags: []string{"b", "a"}})
	if err := l.ForgetMember(ctx, grace.ID); err != nil {
		t.Fatal(err)
	}
	r := l.reader(t)
	k, err := r.Knowledge(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Groups) != 3 || k.Groups[2].Key != "" || k.Groups[2].Name != DirectGroupName {
		t.Fatalf("groups = %+v, want open, closed, then the direct messages", k.Groups)
	}
	open, closed, direct := k.Groups[0].Items, k.Groups[1].Items, k.Groups[2].Items
	if len(open) != 2 || open[0].Author != FormerMember || open[1].Author != AMember {
		t.Errorf("open group's tips = %+v, want by %q and %q", open, FormerMember, AMember)
	}
	if !k.Groups[1].Private || len(closed) != 1 || strings.Join(closed[0].Tags, " ") != "a b" {
		t.Errorf("closed group = %+v, want private, with one tip tagged a b", k.Groups[1])
	}
	if len(direct) != 1 {
		t.Fatalf("direct messages hold %+v, want the anonymous question alone", direct)
	}
	q := direct[0]
	if q.ID != "Q1" || q.Author != "" || !q.Anonymous {
		t.Errorf("anonymous question = %+v, want Q1 with no author", q)
	}
	if len(q.Answers) != 1 || q.Answers[0].ID != "A1" || q.Answers[0].Question != "Q1" || q.Answers[0].Author != "Bea" {
		t.Errorf("answers = %+v, want A1 by Bea, naming Q1", q.Answers)
	}
	if want := t0.Truncate(time.Second); !q.Created.Equal(want) || q.Created.Location() != time.UTC {
		t.Errorf("created = %v, want %v in UTC", q.Created, want)
	}
	if k.Events == nil {
		t.Error("events = nil, want an empty list")
	}
}

// lockPath is where the Store's lock file is, beside its database.
func (s *Store) lockPath() string { return s.lock.Name() }
