package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"labbot/internal/filestore"
	"os"
	"path/filepath"
	"strings"

	"labbot/store/internal/sqlitext"
)

const (
	backupVacuumSQL    = `VACUUM INTO ?`
	backupIntegritySQL = `PRAGMA integrity_check`
	backupItemsSQL     = `SELECT COUNT(*) FROM items`
	backupVersionSQL   = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
)

// BackupInfo is what a backup holds, read from the copy itself.
type BackupInfo struct {
	Bytes         int64
	Items         int
	SchemaVersion int
}

// backupExistsError is a backup refused because its destination already exists.
type backupExistsError struct{ path string }

func (e *backupExistsError) Error() string { return e.path + " already exists; not overwritten" }
func (e *backupExistsError) Unwrap() error { return fs.ErrExist }

// Backup writes a consistent copy of the database at dbPath to dest, which
// must not exist, while a running labbot may be writing. It takes neither
// the lock file nor a migration: the running labbot holds the one, and a
// backup must copy the file as it is. dest only ever appears complete and
// checked; if it exists, the error matches fs.ErrExist and dest is left
// as it was.
func Backup(ctx context.Context, dbPath, dest string) (BackupInfo, error) {
	if err := sqlitext.Register(); err != nil {
		return BackupInfo{}, err
	}
	// Fail before the work, not after; placeBackup checks again, atomically.
	if _, err := os.Lstat(dest); err == nil {
		return BackupInfo{}, &backupExistsError{dest}
	}
	if _, err := os.Stat(dbPath); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	// An empty file of our own in dest's directory: VACUUM INTO accepts an
	// empty file, and a link from the same directory cannot cross devices.
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer removeBackupTemp(tmp)

	if err := vacuumInto(ctx, dbPath, tmp); err != nil {
		return BackupInfo{}, err
	}
	info, err := checkBackup(ctx, tmp)
	if err != nil {
		return BackupInfo{}, err
	}
	// VACUUM INTO leaves the copy to the page cache: make it durable before
	// it takes the name a person will trust.
	if err := syncBackup(tmp); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	if err := placeBackup(tmp, dest); err != nil {
		return BackupInfo{}, err
	}
	return info, nil
}

// vacuumInto copies db into the empty file tmp from one read transaction:
// a snapshot of committed writes only, compact, with the WAL folded in.
func vacuumInto(ctx context.Context, dbPath, tmp string) error {
	db, err := sql.Open("sqlite3", readOnlyURI(dbPath)+"&_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, backupVacuumSQL, tmp); err != nil {
		return fmt.Errorf("backup %s: %w", dbPath, err)
	}
	return db.Close()
}

// checkBackup reads the copy back: a backup nobody has read is a hope.
func checkBackup(ctx context.Context, path string) (BackupInfo, error) {
	db, err := sql.Open("sqlite3", readOnlyURI(path))
	if err != nil {
		return BackupInfo{}, fmt.Errorf("check backup: %w", err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, backupIntegritySQL).Scan(&result); err != nil {
		return BackupInfo{}, fmt.Errorf("check backup: %w", err)
	}
	if result != "ok" {
		return BackupInfo{}, fmt.Errorf("check backup: integrity check says %q", result)
	}
	var info BackupInfo
	if err := db.QueryRowContext(ctx, backupItemsSQL).Scan(&info.Items); err != nil {
		return BackupInfo{}, fmt.Errorf("check backup: %w", err)
	}
	if err := db.QueryRowContext(ctx, backupVersionSQL).Scan(&info.SchemaVersion); err != nil {
		return BackupInfo{}, fmt.Errorf("check backup: %w", err)
	}
	if err := db.Close(); err != nil {
		return BackupInfo{}, fmt.Errorf("check backup: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("check backup: %w", err)
	}
	info.Bytes = st.Size()
	return info, nil
}

// readOnlyURI names path for a read-only open, escaped: a backup's name
// is a person's choice, and "week #3?.db" must not end the file name.
func readOnlyURI(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + esc.Replace(path) + "?mode=ro"
}

// placeBackup gives tmp the name dest without ever replacing a file there:
// a link fails if dest exists, where a rename would silently overwrite.
func placeBackup(tmp, dest string) error {
	err := os.Link(tmp, dest)
	if errors.Is(err, fs.ErrExist) {
		return &backupExistsError{dest}
	}
	if err != nil {
		// Some filesystems (FAT, some network mounts) have no links.
		if err := copyExclusive(tmp, dest); err != nil {
			return err
		}
	}
	syncBackupDir(filepath.Dir(dest))
	return nil
}

// copyExclusive copies src to a new file dest, which it creates or fails.
func copyExclusive(src, dest string) error {
	err := filestore.CopyNew(src, dest)
	if errors.Is(err, fs.ErrExist) {
		return &backupExistsError{dest}
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

func syncBackup(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncBackupDir makes a new name in dir durable. Some systems cannot sync a
// directory; the copy itself is already on disk, so that is no failure.
func syncBackupDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// removeBackupTemp removes a temporary copy and any journal SQLite left beside it.
func removeBackupTemp(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}
