package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// sqliteSuffixes name a database's files: itself, and SQLite's beside it.
var sqliteSuffixes = []string{"", "-wal", "-shm", "-journal"}

// PrivateDatabase makes the database at path, and SQLite's files beside
// it, readable by their owner only, whatever the directory or the umask.
// It creates path, empty, when it does not exist: SQLite would give a new
// database 0644 less the umask, and gives its journals the database's
// mode. It returns a note for each file it had to change.
func PrivateDatabase(path string) ([]string, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()
	var notes []string
	for _, suffix := range sqliteSuffixes {
		note, err := makePrivate(path + suffix)
		if err != nil {
			return nil, err
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	return notes, nil
}

// privateFiles is PrivateDatabase for labbot.db, with its lock and key.
func privateFiles(dbPath string) ([]string, error) {
	notes, err := PrivateDatabase(dbPath)
	if err != nil {
		return nil, err
	}
	for _, path := range []string{dbPath + ".lock", keyPath(dbPath)} {
		note, err := makePrivate(path)
		if err != nil {
			return nil, err
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	return notes, nil
}

// makePrivate makes the file at path, if there is one, 0600, and says so
// when it was readable or writable by others.
func makePrivate(path string) (string, error) {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("check %s: %w", path, err)
	case !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0:
		return "", nil
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return "", fmt.Errorf("make %s private: %w", path, err)
	}
	return fmt.Sprintf("%s was readable by others (%v): now by labbot's user only", path, st.Mode().Perm()), nil
}
