// Package store keeps the Lab's data in one SQLite file: schema migrations,
// queries, and (later) full-text search.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, built with -tags sqlite_fts5
)

// FileName is the Lab's database inside the data directory.
const FileName = "labbot.db"

// Store is the Lab's database. Writes go through one connection, so SQLite
// never sees two writers; reads use a small pool of their own.
type Store struct {
	db  *sql.DB // the single writer
	rdb *sql.DB // readers
}

// Open opens (creating if needed) the database at path and applies every
// migration the file has not seen yet.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	s := &Store{db: db}
	if err := checkFTS5(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	rdb, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	rdb.SetMaxOpenConns(4)
	rdb.SetMaxIdleConns(4)
	s.rdb = rdb
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.rdb.Close(), s.db.Close())
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("_query_only", "true")
	}
	return "file:" + path + "?" + q.Encode()
}

// checkFTS5 fails early, with the fix in the message, when the binary was
// built without FTS5: search cannot work without it.
func checkFTS5(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x); DROP TABLE temp.fts5_probe")
	return fts5Error(err)
}

func fts5Error(err error) error {
	switch {
	case err == nil:
		return nil
	case strings.Contains(err.Error(), "no such module"):
		return errors.New("SQLite was built without FTS5: build labbot with -tags sqlite_fts5")
	}
	return fmt.Errorf("check fts5: %w", err)
}

// tx runs fn in one immediate transaction on the writer.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ms and fromMS convert between times and the integer milliseconds kept in
// every *_at column; zero times are stored as NULL by the callers.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func nullMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMS(v.Int64)
}
