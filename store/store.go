// Package store keeps the Lab's data in one SQLite file: schema migrations,
// queries, and full-text search ranked by labrank.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"

	"labbot/glossary"
	"labbot/store/internal/sqlitext"
)

// FileName is the Lab's database inside the data directory.
const FileName = "labbot.db"

// checkpointEvery is how often the WAL is copied back into the database
// file, off the writer's path: a checkpoint waits for the disk, and a
// message should not wait for it.
const checkpointEvery = time.Second

// Store is the Lab's database. Writes go through one connection, so SQLite
// never sees two writers; reads use a small pool of their own, and a third
// connection checkpoints the WAL in the background.
type Store struct {
	db   *sql.DB // the writer's pool, of one connection
	rdb  *sql.DB // readers
	cpdb *sql.DB // the checkpointer

	// Writes run on one pinned connection under wmu, transactions begun by
	// hand: database/sql would start a goroutine for each transaction,
	// which costs more than the transaction itself.
	wmu sync.Mutex
	w   *sql.Conn

	lock *os.File // held while open: one process per database
	path string   // labbot.db's: its files are kept beside it (see Files)
	key  []byte   // of the keyed hashes, read from labbot.key (see loadKey)

	notes []string // what Open found and put right, for the operator

	gloss atomic.Pointer[glossary.Glossary] // what searches expand words through

	stop      chan struct{}
	done      sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// querier is what the writer's connection offers a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Open opens (creating if needed) the database at path and applies every
// migration the file has not seen yet.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := sqlitext.Register(); err != nil {
		return nil, err
	}
	notes, err := privateFiles(path)
	if err != nil {
		return nil, err
	}
	lock, err := lockFile(path + ".lock")
	if err != nil {
		return nil, err
	}
	s := &Store{
		lock:  lock,
		path:  path,
		notes: notes,
		// secure_delete zeroes what a delete frees: a forgotten member's
		// row must not stay readable in a free page of the file.
		db:   openDB(dsn(path, false), "PRAGMA wal_autocheckpoint = 0", "PRAGMA secure_delete = ON"),
		rdb:  openDB(dsn(path, true)),
		cpdb: openDB(dsn(path, false)),
		stop: make(chan struct{}),
	}
	s.db.SetMaxOpenConns(1)
	s.db.SetConnMaxIdleTime(0)
	s.db.SetConnMaxLifetime(0)
	s.rdb.SetMaxOpenConns(4)
	s.rdb.SetMaxIdleConns(4)
	s.cpdb.SetMaxOpenConns(1)
	w, err := s.db.Conn(ctx)
	if err != nil {
		s.closeDBs()
		if noFTS5(err) {
			return nil, errNoFTS5
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.w = w
	if err := checkFTS5(ctx, s.w); err != nil {
		s.closeDBs()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.loadKey(ctx, path); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.hashProcessed(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.sealOldAskers(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.sealOldRows(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.sweepFiles(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open %s: files: %w", path, err)
	}
	s.done.Add(1)
	go s.checkpointLoop()
	return s, nil
}

// Notes are what Open found and put right (a file others could read, a
// lost key), one line each, for the operator's log.
func (s *Store) Notes() []string { return s.notes }

// truncateWAL copies the WAL into the file and empties it, so that rows
// just blanked or deleted leave no older copy in labbot.db-wal.
func (s *Store) truncateWAL(ctx context.Context) error {
	_, err := s.cpdb.ExecContext(context.WithoutCancel(ctx), "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// Close stops the checkpointer, folds the WAL into the file and closes.
// Closing twice is harmless.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		s.done.Wait()
		_, err := s.cpdb.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		s.closeErr = errors.Join(err, s.closeDBs())
	})
	return s.closeErr
}

func (s *Store) closeDBs() error {
	var err error
	if s.w != nil {
		err = s.w.Close()
	}
	return errors.Join(err, s.rdb.Close(), s.cpdb.Close(), s.db.Close(), s.lock.Close())
}

// lockFile takes an exclusive lock that lasts while the file stays open
// (and ends with the process): two labbots on one database would each
// think the other's claimed rows were left by a crash, and send them twice.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is in use by another labbot (one process per data directory)", strings.TrimSuffix(path, ".lock"))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

func (s *Store) checkpointLoop() {
	defer s.done.Done()
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			// PASSIVE never blocks the writer; what it cannot copy now
			// waits for the next tick.
			s.cpdb.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// connector opens go-sqlite3 connections that run pragmas first, so every
// connection of a pool is set up alike, a reopened one included.
type connector struct {
	drv *sqlite3.SQLiteDriver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

func openDB(dsn string, pragmas ...string) *sql.DB {
	drv := &sqlite3.SQLiteDriver{ConnectHook: func(conn *sqlite3.SQLiteConn) error {
		for _, p := range pragmas {
			if _, err := conn.Exec(p, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	}}
	return sql.OpenDB(connector{drv: drv, dsn: dsn})
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_stmt_cache_size", "64") // every hot query is a constant: parse each once per connection
	if readOnly {
		q.Set("_query_only", "true")
	}
	// In a URI, "?" and "#" in the path would end it: a directory named
	// "#m1" (a test's) opened another file.
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

var uriPath = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")

// checkFTS5 fails early, with the fix in the message, when the binary was
// built without FTS5: search cannot work without it.
func checkFTS5(ctx context.Context, db querier) error {
	_, err := db.ExecContext(ctx, "CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x); DROP TABLE temp.fts5_probe")
	return fts5Error(err)
}

func fts5Error(err error) error {
	switch {
	case err == nil:
		return nil
	case noFTS5(err):
		return errNoFTS5
	}
	return fmt.Errorf("check fts5: %w", err)
}

var errNoFTS5 = errors.New("SQLite was built without FTS5: build labbot with -tags sqlite_fts5 (go run -tags sqlite_fts5 ./cmd/labbot console)")

// noFTS5 tells an error that says SQLite has no FTS5, in each way that
// shows: the probe's "no such module: fts5", and "no such function: fts5"
// from a connection's setup (labrank asks fts5() for its API) or a query.
// A build without the tag stops at compile time (sqlitext/needs_fts5.go);
// this is for a build made another way.
func noFTS5(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such module") || strings.Contains(msg, "no such function: fts5")
}

// uncancelled runs a transaction's statements to their end even when the
// context they are given is cancelled (a shutdown): half a transaction is
// worth nothing, and a statement cut off midway fails the whole of it.
// It carries the hash key, for strangerKey.
type uncancelled struct {
	q   querier
	key []byte
}

func (u uncancelled) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}

// exec runs one write statement on the writer.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.w.ExecContext(context.WithoutCancel(ctx), query, args...)
}

// writeRow runs one write statement that returns a row, and scans it.
func (s *Store) writeRow(ctx context.Context, query string, args []any, dest ...any) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.w.QueryRowContext(context.WithoutCancel(ctx), query, args...).Scan(dest...)
}

// ms and fromMS convert between times and the integer milliseconds kept in
// every *_at column.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
