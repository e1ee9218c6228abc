package store

import (
	"context"
	"fmt"
	"strconv"
)

const (
	getStateSQL = `SELECT value FROM state WHERE key = ?`
	setStateSQL = `INSERT INTO state (key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`
	nextCounterSQL = `INSERT INTO state (key, value) VALUES (?, '1')
		ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
		RETURNING value`
)

// State reads a small named value; ErrNotFound if it was never set.
func (s *Store) State(ctx context.Context, key string) (string, error) {
	var v string
	err := s.rdb.QueryRowContext(ctx, getStateSQL, key).Scan(&v)
	return v, notFound(err)
}

// SetState writes a small named value.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	if _, err := s.db.ExecContext(ctx, setStateSQL, key, value); err != nil {
		return fmt.Errorf("set state %s: %w", key, err)
	}
	return nil
}

// NextCounter increments the counter named key and returns its new value,
// starting at 1.
func (s *Store) NextCounter(ctx context.Context, key string) (int64, error) {
	var v string
	if err := s.db.QueryRowContext(ctx, nextCounterSQL, key).Scan(&v); err != nil {
		return 0, fmt.Errorf("next counter %s: %w", key, err)
	}
	return strconv.ParseInt(v, 10, 64)
}
