package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"labbot/store/internal/sqlitext"
)

const (
	hasMigrationsSQL = `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')`
	schemaVersionSQL = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
)

// Reader reads the Lab's database beside a running labbot: it takes no
// lock and applies no migration, so `labbot export` never waits for, nor
// changes, the file labbot is serving from. WAL lets it read a consistent
// snapshot while labbot writes.
type Reader struct {
	db  *sql.DB
	key []byte // labbot.key's, or nil when there is none
}

// OpenReader opens the database at path for reading. The file must exist
// (a reader never creates one) and carry the newest schema this binary
// knows: an older file is upgraded only by labbot itself, at start.
func OpenReader(ctx context.Context, path string) (*Reader, error) {
	if err := sqlitext.Register(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist (labbot creates it on its first start)", path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	key, err := readKey(keyPath(path))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	r := &Reader{db: openDB(readerDSN(path)), key: key}
	// One connection: every read of an export runs in one transaction.
	r.db.SetMaxOpenConns(1)
	if err := r.checkSchema(ctx, path); err != nil {
		r.db.Close()
		return nil, err
	}
	return r, nil
}

// readerDSN is the read-only DSN without its journal mode: setting WAL
// writes to the file, and a reader must not change one (a copy kept in the
// older journal mode, say). labbot's own file is in WAL already.
func readerDSN(path string) string {
	d := dsn(path, true)
	i := strings.LastIndex(d, "?") // the query is escaped: the last ? starts it
	q, _ := url.ParseQuery(d[i+1:])
	q.Del("_journal_mode")
	return d[:i+1] + q.Encode()
}

// Close closes the reader's connection.
func (r *Reader) Close() error { return r.db.Close() }

// checkSchema refuses a file this binary's queries may not fit: an older
// one lacks tables they read, a newer one may have moved them.
func (r *Reader) checkSchema(ctx context.Context, path string) error {
	all, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	want := all[len(all)-1].version
	var has bool
	if err := r.db.QueryRowContext(ctx, hasMigrationsSQL).Scan(&has); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if !has {
		return fmt.Errorf("%s is not a labbot database (it has no schema_migrations table)", path)
	}
	var v int
	if err := r.db.QueryRowContext(ctx, schemaVersionSQL).Scan(&v); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	switch {
	case v < want:
		return fmt.Errorf("%s has schema version %d, older than this labbot's %d: start labbot once (run or console) to upgrade it", path, v, want)
	case v > want:
		return fmt.Errorf("%s has schema version %d, newer than this labbot's %d: use the labbot that wrote it", path, v, want)
	}
	return nil
}
