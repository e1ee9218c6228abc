package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Databases, their journals, the lock and the key are labbot's user's
// alone, in a directory made beforehand for all to read, under the usual
// umask; a file found readable by others is put right, with a note.
func TestStoreFilesArePrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetState(context.Background(), "x", "y"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm", FileName + ".lock", KeyFileName} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want -rw-------", name, st.Mode().Perm())
		}
	}
	if len(s.Notes()) != 0 {
		t.Errorf("notes = %q on a fresh directory", s.Notes())
	}
	s.Close()
	os.Chmod(path, 0o644)
	os.Chmod(keyPath(path), 0o640)
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range []string{path, keyPath(path)} {
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v after a start, want -rw-------", p, st.Mode().Perm())
		}
	}
	if notes := strings.Join(s.Notes(), "\n"); !strings.Contains(notes, FileName+" was readable by others") ||
		!strings.Contains(notes, KeyFileName+" was readable by others") {
		t.Errorf("notes = %q, want one for each file put right", notes)
	}
}
