package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"labbot/bot/config"
	"labbot/store"
)

// runBackup writes a consistent copy of labbot.db to a new file. It reads
// the database beside a running labbot, so it opens no Store: that would
// want the lock the running labbot holds, and would migrate the file.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfgPath := fs.String("config", "config.yaml", "config file")
	dataDir := fs.String("data", "", "data directory (default: the config's data_dir)")
	// The file may come before the flags (labbot backup FILE --data DIR).
	var dest string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		dest, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	rest := fs.Args()
	if dest == "" && len(rest) > 0 {
		dest, rest = rest[0], rest[1:]
	}
	if dest == "" {
		return usageError{"backup: name the file to write, e.g. labbot backup labbot-2026-12-07.db"}
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("backup takes one file, got %q too", rest[0])}
	}
	dir := *dataDir
	if dir == "" {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			return err
		}
		dir = cfg.DataDir
	}
	if err := notAFile("backup: data directory", dir); err != nil {
		return err
	}
	db := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: no %s in %s: nothing to back up (is the data directory right?)", store.FileName, dir)
	}
	// A backup named labbot.db-wal there would be taken for the journal.
	if err := outsideDataDir("backup:", dest, dir); err != nil {
		return err
	}
	info, err := store.Backup(ctx, db, dest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written: %s (%s, %s)\n", dest, sizeText(info.Bytes), countText(info.Items, "item"))
	return backupFiles(db, dest, stdout)
}

// backupFiles copies the files members shared (data_dir/files) into
// DEST.files beside the backup. They are content-addressed and never
// change, so a copy taken after the database holds every file it names
// (one removed in between aside). Restore: labbot.db from the backup, and
// DEST.files as data_dir/files.
func backupFiles(db, dest string, stdout io.Writer) error {
	files := store.FilesBeside(db)
	if _, err := os.Stat(string(files)); errors.Is(err, os.ErrNotExist) {
		return nil // no file shared yet
	}
	to := dest + ".files"
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("backup: %s already exists; not overwritten", to)
	}
	n, err := files.CopyTo(to)
	if err != nil {
		return fmt.Errorf("backup: files: %w", err)
	}
	fmt.Fprintf(stdout, "files copied: %s (%s)\n", to, countText(n, "file"))
	return nil
}

// sizeText writes a size as people read it: 1.2 MB.
func sizeText(n int64) string {
	if n < 1000 {
		return countText(int(n), "byte")
	}
	v, unit := float64(n)/1000, "kB"
	for _, u := range []string{"MB", "GB", "TB"} {
		if v < 999.95 {
			break
		}
		v, unit = v/1000, u
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + unit
}

// countText writes a count with thousands separators: 3,456 items, 1 item.
func countText(n int, noun string) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n != 1 {
		noun += "s"
	}
	return s + " " + noun
}
