package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if snap, err := r.Snapshot(ctx); err != nil || len(snap.Items) != 1 || snap.Items[0].Body != "kept" {
		t.Errorf("Snapshot = %+v, %v; want the one tip", snap, err)
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
	snap, err := r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(snap.Items); got != 2 {
		t.Errorf("the reader sees %d tips, want 2", got)
	}
}

// lockPath is where the Store's lock file is, beside its database.
func (s *Store) lockPath() string { return s.lock.Name() }
