package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const (
	postDoneSQL   = `SELECT 1 FROM schedule_runs WHERE key = ?`
	insertPostSQL = `INSERT INTO schedule_runs (key, due_at, ran_at, outcome) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	prunePostsSQL  = `DELETE FROM schedule_runs WHERE due_at < ?`
	subscribeSQL   = `INSERT INTO subscriptions (member_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`
	unsubscribeSQL = `DELETE FROM subscriptions WHERE member_id = ?`
	subscribersSQL = `SELECT m.id, m.user_id, m.name, COALESCE(m.lang, '')
		FROM subscriptions s JOIN members m ON m.id = s.member_id ORDER BY m.id`
)

// ScheduledPost outcomes, as schedule_runs keeps them.
const (
	PostQueued  = "queued"  // its messages went to the outbox
	PostQuiet   = "quiet"   // there was nothing to say, and nothing was sent
	PostSkipped = "skipped" // it was found past the grace window, and not done
	PostFailed  = "failed"  // building it broke (a bug, logged): it is not tried again
)

// ScheduledPost is one scheduled send: a job for one target and one period.
type ScheduledPost struct {
	Key     string // job:target:period, unique for all time
	Due     time.Time
	Outcome string
	Out     []Outgoing // what it sends, queued with it
	Told    []Told     // groups that hear of an event through it
	EventID int64      // the event it reminds of: nothing is queued once that is cancelled
}

// ScheduledPostDone reports whether the post with this key was recorded already.
func (s *Store) ScheduledPostDone(ctx context.Context, key string) (bool, error) {
	var one int
	err := s.rdb.QueryRowContext(ctx, postDoneSQL, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// RecordPost records p, and the groups it tells of an event; the caller
// queues p.Out in the same transaction when it reports true. It reports
// false, recording nothing, when a post with its key was recorded already
// (a scheduled post goes once, across restarts), or when p reminds of an
// event cancelled meanwhile.
func (tx *Tx) RecordPost(ctx context.Context, p ScheduledPost, now time.Time) (bool, error) {
	if tx.done {
		return false, errTxDone
	}
	recorded, err := recordPost(ctx, tx.q, p, now)
	if err != nil {
		return false, fmt.Errorf("record scheduled post %s: %w", p.Key, err)
	}
	return recorded, nil
}

func recordPost(ctx context.Context, q querier, p ScheduledPost, now time.Time) (bool, error) {
	if p.EventID != 0 {
		var live bool
		if err := q.QueryRowContext(ctx, eventLiveSQL, p.EventID).Scan(&live); err != nil || !live {
			return false, notFoundIsNil(err)
		}
	}
	res, err := q.ExecContext(ctx, insertPostSQL, p.Key, ms(p.Due), ms(now), p.Outcome)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for _, t := range p.Told {
		if _, err := q.ExecContext(ctx, toldSQL, t.EventID, t.GroupID); err != nil {
			return false, err
		}
	}
	return true, nil
}

// PruneScheduledPosts forgets posts due before before: the scheduler never looks back
// that far (it looks back one grace window).
func (s *Store) PruneScheduledPosts(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, prunePostsSQL, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune scheduled posts: %w", err)
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
