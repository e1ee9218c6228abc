package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const (
	runDoneSQL   = `SELECT 1 FROM schedule_runs WHERE key = ?`
	insertRunSQL = `INSERT INTO schedule_runs (key, due_at, ran_at, outcome) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	pruneRunsSQL   = `DELETE FROM schedule_runs WHERE due_at < ?`
	subscribeSQL   = `INSERT INTO subscriptions (member_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`
	unsubscribeSQL = `DELETE FROM subscriptions WHERE member_id = ?`
	subscribersSQL = `SELECT m.id, m.user_id, m.name, COALESCE(m.lang, '')
		FROM subscriptions s JOIN members m ON m.id = s.member_id ORDER BY m.id`
)

// Run outcomes, as schedule_runs keeps them.
const (
	RunQueued  = "queued"  // its messages went to the outbox
	RunQuiet   = "quiet"   // there was nothing to say, and nothing was sent
	RunSkipped = "skipped" // it was found past the grace window, and not done
	RunFailed  = "failed"  // building it broke (a bug, logged): it is not tried again
)

// Run is one scheduled send: a job for one target and one period.
type Run struct {
	Key     string // job:target:period, unique for all time
	Due     time.Time
	Outcome string
	Out     []Outgoing
	Told    []Told // groups that hear of an event through it
	EventID int64  // the event it reminds of: nothing is queued once that is cancelled
}

// RunDone reports whether the run with this key was recorded already.
func (s *Store) RunDone(ctx context.Context, key string) (bool, error) {
	var one int
	err := s.rdb.QueryRowContext(ctx, runDoneSQL, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// RecordRun records r and queues its messages in one transaction. It
// reports false, and queues nothing, when a run with its key was recorded
// already (a scheduled send is done once, across restarts), or when r
// reminds of an event cancelled meanwhile.
func (s *Store) RecordRun(ctx context.Context, r Run, now time.Time) (bool, error) {
	var recorded bool
	err := s.tx(ctx, func(tx querier) error {
		if r.EventID != 0 {
			var live bool
			if err := tx.QueryRowContext(ctx, eventLiveSQL, r.EventID).Scan(&live); err != nil || !live {
				return notFoundIsNil(err)
			}
		}
		res, err := tx.ExecContext(ctx, insertRunSQL, r.Key, ms(r.Due), ms(now), r.Outcome)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		recorded = true
		for _, t := range r.Told {
			if _, err := tx.ExecContext(ctx, toldSQL, t.EventID, t.GroupID); err != nil {
				return err
			}
		}
		return enqueueAll(ctx, tx, r.Out, now, time.Time{})
	})
	if err != nil {
		return false, fmt.Errorf("record run %s: %w", r.Key, err)
	}
	return recorded, nil
}

// PruneRuns forgets runs due before before: the scheduler never looks back
// that far (it looks back one grace window).
func (s *Store) PruneRuns(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, pruneRunsSQL, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune runs: %w", err)
	}
	return res.RowsAffected()
}

// Subscribe signs a member up for the weekly digest by direct message;
// false when she was signed up already.
func (s *Store) Subscribe(ctx context.Context, memberID int64, now time.Time) (bool, error) {
	return s.changed(ctx, "subscribe", subscribeSQL, memberID, ms(now))
}

// Unsubscribe stops her digest by direct message; false when she had none.
func (s *Store) Unsubscribe(ctx context.Context, memberID int64) (bool, error) {
	return s.changed(ctx, "unsubscribe", unsubscribeSQL, memberID)
}

// Subscribers lists the members who get the digest by direct message.
func (s *Store) Subscribers(ctx context.Context) ([]Member, error) {
	return queryAll(ctx, s.rdb, scanMember, subscribersSQL)
}

// changed runs one write and reports whether it changed a row.
func (s *Store) changed(ctx context.Context, what, query string, args ...any) (bool, error) {
	res, err := s.exec(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
