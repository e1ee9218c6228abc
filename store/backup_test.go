package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// backupSource opens a store in a fresh directory with n tips, and returns it
// with the database's path.
func backupSource(tb testing.TB, n int) (*Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	for i := range n {
		it := Item{Kind: KindTip, Body: fmt.Sprintf("tip %d about #budgets", i), Lang: "en", Tags: []string{"budgets"}}
		if _, err := s.AddItem(context.Background(), it, t0); err != nil {
			tb.Fatalf("add item: %v", err)
		}
	}
	return s, path
}

// readBackup opens a copy as any SQLite user would, and returns its
// integrity check and item count.
func readBackup(tb testing.TB, path string) (string, int) {
	tb.Helper()
	db, err := sql.Open("sqlite3", readOnlyURI(path))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var result string
	var n int
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil {
		tb.Fatalf("integrity check: %v", err)
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM items").Scan(&n); err != nil {
		tb.Fatalf("count items: %v", err)
	}
	return result, n
}

// names lists a directory, to see what a backup left there.
func backupDirNames(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestBackup(t *testing.T) {
	for _, closed := range []bool{false, true} {
		t.Run(fmt.Sprintf("store closed %v", closed), func(t *testing.T) {
			ctx := context.Background()
			s, path := backupSource(t, 30)
			want, err := s.SchemaVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if closed {
				s.Close()
			}
			// While open, the store holds the lock: taking it would fail.
			// The name is one SQLite would read as a URI's query.
			dest := filepath.Join(t.TempDir(), "week #3?.db")
			info, err := Backup(ctx, path, dest)
			if err != nil {
				t.Fatalf("backup: %v", err)
			}
			if info.Items != 30 || info.SchemaVersion != want {
				t.Errorf("info = %+v, want 30 items at schema version %d", info, want)
			}
			if st, err := os.Stat(dest); err != nil || st.Size() != info.Bytes {
				t.Errorf("copy size %v (%v), info says %d bytes", st, err, info.Bytes)
			}
			if got := backupDirNames(t, filepath.Dir(dest)); len(got) != 1 {
				t.Errorf("backup directory holds %q, want the copy alone", got)
			}
			if result, n := readBackup(t, dest); result != "ok" || n != 30 {
				t.Errorf("copy: integrity %q, %d items; want ok, 30", result, n)
			}
		})
	}
}

func TestBackupRefusesExistingFile(t *testing.T) {
	_, path := backupSource(t, 3)
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(dest, []byte("last week's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Backup(context.Background(), path, dest)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("backup over an existing file: %v, want fs.ErrExist", err)
	}
	if msg := err.Error(); !strings.Contains(msg, dest) || !strings.Contains(msg, "not overwritten") {
		t.Errorf("error %q should name %s and say it is not overwritten", msg, dest)
	}
	if b, _ := os.ReadFile(dest); string(b) != "last week's backup" {
		t.Errorf("existing file now holds %q", b)
	}
	if got := backupDirNames(t, filepath.Dir(dest)); len(got) != 1 {
		t.Errorf("backup directory holds %q, want the old file alone", got)
	}
}

// The last guard, for a file that appears while the copy is made: the
// link (or the exclusive create) refuses it.
func TestBackupNeverOverwrites(t *testing.T) {
	for name, place := range map[string]func(tmp, dest string) error{
		"link": placeBackup,
		"copy": copyExclusive,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			tmp, dest := filepath.Join(dir, "tmp"), filepath.Join(dir, "dest")
			os.WriteFile(tmp, []byte("new"), 0o600)
			os.WriteFile(dest, []byte("old"), 0o600)
			if err := place(tmp, dest); !errors.Is(err, fs.ErrExist) {
				t.Errorf("place over an existing file: %v, want fs.ErrExist", err)
			}
			if b, _ := os.ReadFile(dest); string(b) != "old" {
				t.Errorf("dest now holds %q", b)
			}
		})
	}
}

func TestBackupLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600)
	// A healthy SQLite file that is not labbot's: the copy is made, and
	// fails its check.
	foreign := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct {
		name, src, msg string
	}{
		{"no database", filepath.Join(dir, "missing.db"), "no such file"},
		{"not a database", garbage, "not a database"},
		{"not labbot's", foreign, "no such table: items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			destDir := t.TempDir()
			_, err := Backup(context.Background(), tt.src, filepath.Join(destDir, "copy.db"))
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("backup = %v, want an error about %q", err, tt.msg)
			}
			if got := backupDirNames(t, destDir); len(got) > 0 {
				t.Errorf("a failed backup left %q", got)
			}
		})
	}
}
