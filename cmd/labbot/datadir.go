package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"labbot/bot/whatsapp"
	"labbot/store"
)

// openStore opens labbot.db in dir, creating dir (readable by labbot's
// user only) if needed, and logs what the store put right as it opened:
// a file others could read, a lost key.
func openStore(ctx context.Context, dir string, log *slog.Logger) (*store.Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, dirProblem("data directory", dir, err)
	}
	if err := ownDataDir(dir, log); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		return nil, err
	}
	for _, note := range st.Notes() {
		log.Warn(note)
	}
	return st, nil
}

// dataDirNote says where the data directory is, as an absolute path, and
// whether it is new: a config's relative data_dir lands in the current
// directory, and a start should not make one there unseen (issue 18).
func dataDirNote(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return abs + " (new: created now)"
	}
	return abs
}

// ownDataDir keeps others from writing in the data directory, where they
// could put a file of theirs in place of labbot.db or labbot.key: a
// directory made beforehand (as a systemd unit or a Dockerfile does) that
// others may write in loses that right, and a shared one such as /tmp
// (sticky, for everyone) is refused.
func ownDataDir(dir string, log *slog.Logger) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	mode := fi.Mode()
	switch {
	case mode.Perm()&0o022 == 0:
		return nil
	case mode&fs.ModeSticky != 0:
		return usageError{fmt.Sprintf("data directory %s is shared (anyone may write in it): give labbot a directory of its own", dir)}
	}
	if err := os.Chmod(dir, mode.Perm()&^0o022); err != nil {
		return fmt.Errorf("data directory %s is writable by others, and could not be changed: %w", dir, err)
	}
	log.Warn("data directory was writable by others; now only labbot's user may write in it", "dir", dir, "was", mode.Perm().String())
	return nil
}

// privateSession makes whatsapp.db, the account's keys, and its journals
// readable by labbot's user only, creating it so before whatsmeow does
// (which would make it readable by all), and logs what it changed.
func privateSession(dir string, log *slog.Logger) error {
	notes, err := store.PrivateDatabase(filepath.Join(dir, whatsapp.FileName))
	for _, note := range notes {
		log.Warn(note)
	}
	return err
}

// outsideDataDir refuses a file a command would write (flag names it for
// the message) inside the data directory, symbolic links and relative
// paths resolved: there it could take the place of a database, its
// journal or its key.
func outsideDataDir(flag, path, dataDir string) error {
	file, err := resolve(path)
	if err != nil {
		return folderProblem(flag, path, err)
	}
	dir, err := resolve(dataDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return dirProblem("data directory", dataDir, err)
	}
	if rel, err := filepath.Rel(dir, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return usageError{fmt.Sprintf("%s %s is inside the data directory %s, where labbot keeps its databases: write it elsewhere", flag, path, dataDir)}
	}
	return nil
}

// resolve makes path absolute with every symbolic link followed; of a
// path that does not exist yet, its directory's links are followed.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}
