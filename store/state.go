package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

const (
	getStateSQL = `SELECT value FROM state WHERE key = ?`
	setStateSQL = `INSERT INTO state (key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`
	maxNumberSQL = `SELECT COALESCE(MAX(CAST(substr(msg_id, length(?1) + 1) AS INTEGER)), 0)
		FROM outbox WHERE substr(msg_id, 1, length(?1)) = ?1`
)

// State reads a small named value; ErrNotFound if it was never set.
func (s *Store) State(ctx context.Context, key string) (string, error) {
	var v string
	err := s.rdb.QueryRowContext(ctx, getStateSQL, key).Scan(&v)
	return v, notFound(err)
}

// SetState writes a small named value.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	if _, err := s.exec(ctx, setStateSQL, key, value); err != nil {
		return fmt.Errorf("set state %s: %w", key, err)
	}
	return nil
}

// StateTime reads a time written by SetStateTime; zero when none was.
func (s *Store) StateTime(ctx context.Context, key string) (time.Time, error) {
	v, err := s.State(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("state %s: %w", key, err)
	}
	return t, nil
}

// SetStateTime writes t under key, in UTC.
func (s *Store) SetStateTime(ctx context.Context, key string, t time.Time) error {
	return s.SetState(ctx, key, t.UTC().Format(time.RFC3339Nano))
}

// MaxMessageNumber is the highest N among the message IDs PREFIX+N that the
// outbox holds: a transport that numbers its messages starts past it, so
// no ID comes back after a restart or a crash. (Handled messages are kept
// as hashes: their IDs cannot be read back.)
func (s *Store) MaxMessageNumber(ctx context.Context, prefix string) (int64, error) {
	var n int64
	if err := s.rdb.QueryRowContext(ctx, maxNumberSQL, prefix).Scan(&n); err != nil {
		return 0, fmt.Errorf("max message number: %w", err)
	}
	return n, nil
}

// SetState writes a small named value inside the transaction: a mark that
// something was done, kept with what was done.
func (tx *Tx) SetState(ctx context.Context, key, value string) error {
	if tx.done {
		return errTxDone
	}
	if _, err := tx.q.ExecContext(ctx, setStateSQL, key, value); err != nil {
		return fmt.Errorf("set state %s: %w", key, err)
	}
	return nil
}
