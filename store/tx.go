package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Tx is one write transaction on the writer connection, the one way the
// store writes more than a statement at once. Its operations (MarkProcessed,
// AddItem, Enqueue, …) run inside it; Commit keeps them. Rollback, deferred
// right after Begin, drops them when Commit was not reached, a panic
// included.
//
// While a Tx is open no other write runs: keep it short, and read what a
// command needs before Begin. Its statements run to their end even when the
// context is cancelled (a shutdown): half a transaction is worth nothing.
type Tx struct {
	s    *Store
	ctx  context.Context // uncancelled, for COMMIT and ROLLBACK
	q    querier
	done bool
}

// errTxDone refuses an operation on a transaction that is over: it would
// write outside any transaction, without the writer's lock.
var errTxDone = errors.New("store: transaction already committed or rolled back")

// Begin starts an immediate transaction on the writer: it holds SQLite's
// write lock from its first statement, so a commit never fails for a
// writer that came between.
func (s *Store) Begin(ctx context.Context) (*Tx, error) {
	ctx = context.WithoutCancel(ctx)
	s.wmu.Lock()
	if _, err := s.w.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		s.wmu.Unlock()
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{s: s, ctx: ctx, q: uncancelled{q: s.w, key: s.key}}, nil
}

// Commit keeps the transaction's writes. When it fails they are rolled
// back, and the transaction is over all the same.
func (tx *Tx) Commit() error {
	if tx.done {
		return errTxDone
	}
	tx.done = true
	defer tx.s.wmu.Unlock()
	if _, err := tx.s.w.ExecContext(tx.ctx, "COMMIT"); err != nil {
		tx.s.w.ExecContext(tx.ctx, "ROLLBACK")
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Rollback drops the transaction's writes; after Commit it does nothing,
// so it can be deferred. A transaction left open would take every later
// write with it, and lose them all.
func (tx *Tx) Rollback() {
	if tx.done {
		return
	}
	tx.done = true
	defer tx.s.wmu.Unlock()
	tx.s.w.ExecContext(tx.ctx, "ROLLBACK")
}

// tx runs fn in one transaction: the store's own multi-statement writes.
func (s *Store) tx(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx.q); err != nil { // fn has no way to end tx
		return err
	}
	return tx.Commit()
}

// MarkProcessed marks in handled, and reports false, writing nothing, when
// it was already: the message was handled twice at once, and is answered
// once.
func (tx *Tx) MarkProcessed(ctx context.Context, in Incoming, now time.Time) (bool, error) {
	if tx.done {
		return false, errTxDone
	}
	first, err := markProcessed(ctx, tx.q, in, now)
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	return first, nil
}

// AddItem saves a new item with its tags and indexes it for search,
// filling in its ID and number.
func (tx *Tx) AddItem(ctx context.Context, it *Item, now time.Time) error {
	if tx.done {
		return errTxDone
	}
	if err := addItem(ctx, tx.q, it, now); err != nil {
		return fmt.Errorf("add item: %w", err)
	}
	return nil
}

// Enqueue queues out, due from now, filling in their IDs; leaseUntil, when
// set, claims them for the sender as they are queued. A row whose dedup key
// is queued already is left out.
func (tx *Tx) Enqueue(ctx context.Context, out []Outgoing, now, leaseUntil time.Time) error {
	if tx.done {
		return errTxDone
	}
	if err := enqueueAll(ctx, tx.q, out, now, leaseUntil); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	return nil
}
