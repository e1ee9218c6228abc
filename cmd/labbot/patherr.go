package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// folderProblem says in the user's terms, naming path as she gave it after
// what (a flag, "data directory"), why a file cannot be written at path:
// its folder does not exist, is a file, or labbot may not write there.
// It is err, wrapped, when none of these is why.
func folderProblem(what, path string, err error) error {
	dir := filepath.Dir(path)
	st, serr := os.Stat(dir)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return usageError{fmt.Sprintf("%s %s: folder %s does not exist: create it first, or name a file in a folder that exists", what, path, dir)}
	case errors.Is(serr, syscall.ENOTDIR), serr == nil && !st.IsDir():
		return usageError{fmt.Sprintf("%s %s: %s is a file, not a folder", what, path, firstFile(dir))}
	case errors.Is(err, fs.ErrPermission), errors.Is(serr, fs.ErrPermission):
		return usageError{fmt.Sprintf("%s %s: labbot may not write in folder %s", what, path, dir)}
	}
	return fmt.Errorf("%s %s: %w", what, path, err)
}

// dirProblem is folderProblem for a path that must itself be a folder
// (the data directory, --files).
func dirProblem(what, dir string, err error) error {
	if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
		return usageError{fmt.Sprintf("%s %s is a file, not a folder", what, dir)}
	}
	return folderProblem(what, dir, err)
}

// firstFile is the first part of path that is a file where a folder
// should be: "report.md" in report.md/sub/out.md.
func firstFile(path string) string {
	parts := []string{}
	for p := path; p != "." && p != string(filepath.Separator) && p != filepath.Dir(p); p = filepath.Dir(p) {
		parts = append([]string{p}, parts...)
	}
	for _, p := range parts {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return path
}

// notAFile refuses a data directory that is a file, or lies under one,
// before Go's "not a directory" can say it about labbot.db.
func notAFile(what, dir string) error {
	if f := firstFile(dir); f != dir || isFile(dir) {
		return usageError{fmt.Sprintf("%s %s: %s is a file, not a folder", what, dir, f)}
	}
	return nil
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
