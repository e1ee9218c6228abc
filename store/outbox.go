package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const (
	outboxColumns = `id, msg_id, chat, bulk, body, quote_id, doc_name, doc_mime, doc_data,
		COALESCE(dedup_key, ''), batch, created_at, attempts`

	enqueueSQL = `INSERT INTO outbox (msg_id, chat, bulk, body, quote_id, doc_name, doc_mime, doc_data,
		dedup_key, batch, created_at, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?, ?)
		ON CONFLICT(dedup_key) DO NOTHING`

	// claimSQL takes the oldest due row of one kind and leases it, so a
	// crash between claim and send leaves it to be retried, never lost.
	claimSQL = `UPDATE outbox SET lease_until = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM outbox
			WHERE sent_at IS NULL AND failed_at IS NULL AND bulk = ?
				AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY next_attempt_at, id LIMIT 1)
		RETURNING ` + outboxColumns

	nextDueSQL = `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox
		WHERE sent_at IS NULL AND failed_at IS NULL AND bulk = ?`
	sentSinceSQL = `SELECT COUNT(*), COALESCE(MIN(sent_at), 0) FROM outbox
		WHERE bulk = 0 AND sent_at IS NOT NULL AND sent_at > ?`
	lastBulkSQL = `SELECT id, sent_at FROM outbox
		WHERE bulk = 1 AND sent_at IS NOT NULL ORDER BY sent_at DESC, id DESC LIMIT 1`
	markSentSQL   = `UPDATE outbox SET sent_at = ?, lease_until = NULL, last_error = '' WHERE id = ?`
	markRetrySQL  = `UPDATE outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?`
	markFailedSQL = `UPDATE outbox SET failed_at = ?, lease_until = NULL, last_error = ? WHERE id = ?`
	releaseSQL    = `UPDATE outbox SET lease_until = NULL
		WHERE sent_at IS NULL AND failed_at IS NULL AND lease_until IS NOT NULL`
	pendingSQL     = `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`
	outboxByMsgSQL = `SELECT ` + outboxColumns + ` FROM outbox WHERE msg_id = ?`
)

// Outgoing is one message on its way out.
type Outgoing struct {
	ID       int64
	MsgID    string // the transport's message ID, fixed when queued and reused on every retry
	Chat     string
	Bulk     bool // broadcasts, digests, reminders: spaced out; replies go first
	Body     string
	QuoteID  string // the incoming message this answers, if any
	DocName  string // a document, when DocData is set
	DocMIME  string
	DocData  []byte
	DedupKey string // one logical message is queued once; "" for none
	Batch    string // groups the rows of one broadcast, for its report
	Created  time.Time
	Attempts int // including the current one, once claimed
}

// Enqueue queues m to be sent from notBefore on. It reports false, and
// queues nothing, when a row with the same dedup key exists.
func (s *Store) Enqueue(ctx context.Context, m Outgoing, notBefore time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, enqueueSQL, m.MsgID, m.Chat, m.Bulk, m.Body, m.QuoteID,
		m.DocName, m.DocMIME, m.DocData, m.DedupKey, m.Batch, ms(m.Created), ms(notBefore))
	if err != nil {
		return false, fmt.Errorf("enqueue: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Claim leases the oldest due row of the given kind until now+lease.
// ErrNotFound when nothing of that kind is due.
func (s *Store) Claim(ctx context.Context, bulk bool, now time.Time, lease time.Duration) (Outgoing, error) {
	row := s.db.QueryRowContext(ctx, claimSQL, ms(now.Add(lease)), bulk, ms(now), ms(now))
	m, err := scanOutgoing(row)
	if err != nil {
		return Outgoing{}, notFound(err)
	}
	return m, nil
}

// NextDue is when the earliest unsent row of the given kind may be tried;
// ok is false when there is none.
func (s *Store) NextDue(ctx context.Context, bulk bool) (t time.Time, ok bool, err error) {
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, nextDueSQL, bulk).Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next due: %w", err)
	}
	return nullMS(v), v.Valid, nil
}

// RepliesSentSince counts the replies sent after since, and when the oldest
// of them went: the reply ceiling is a sliding window.
func (s *Store) RepliesSentSince(ctx context.Context, since time.Time) (int, time.Time, error) {
	var n int
	var oldest int64
	if err := s.db.QueryRowContext(ctx, sentSinceSQL, ms(since)).Scan(&n, &oldest); err != nil {
		return 0, time.Time{}, fmt.Errorf("replies sent: %w", err)
	}
	return n, fromMS(oldest), nil
}

// LastBulkSent is the newest bulk post sent; ok is false when none was.
func (s *Store) LastBulkSent(ctx context.Context) (id int64, at time.Time, ok bool, err error) {
	var t int64
	err = s.db.QueryRowContext(ctx, lastBulkSQL).Scan(&id, &t)
	if err == sql.ErrNoRows {
		return 0, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("last bulk: %w", err)
	}
	return id, fromMS(t), true, nil
}

// MarkSent records that row id reached the transport.
func (s *Store) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return s.exec(ctx, "mark sent", markSentSQL, ms(now), id)
}

// MarkRetry gives row id back to the queue, to be tried again at retryAt.
func (s *Store) MarkRetry(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	return s.exec(ctx, "mark retry", markRetrySQL, ms(retryAt), reason, id)
}

// MarkFailed gives up on row id.
func (s *Store) MarkFailed(ctx context.Context, id int64, now time.Time, reason string) error {
	return s.exec(ctx, "mark failed", markFailedSQL, ms(now), reason, id)
}

// ReleaseLeases frees the rows a previous process claimed and never
// confirmed: only one process serves a data directory, so at start every
// lease is a dead one.
func (s *Store) ReleaseLeases(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, releaseSQL)
	if err != nil {
		return 0, fmt.Errorf("release leases: %w", err)
	}
	return res.RowsAffected()
}

// Pending counts the rows neither sent nor given up on.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, pendingSQL).Scan(&n)
	return n, err
}

// OutgoingByMsgID finds a queued or sent message by its transport ID.
func (s *Store) OutgoingByMsgID(ctx context.Context, msgID string) (Outgoing, error) {
	return scanOutgoing(s.rdb.QueryRowContext(ctx, outboxByMsgSQL, msgID))
}

func (s *Store) exec(ctx context.Context, what, query string, args ...any) error {
	if _, err := s.db.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func scanOutgoing(row scanner) (Outgoing, error) {
	var m Outgoing
	var created int64
	err := row.Scan(&m.ID, &m.MsgID, &m.Chat, &m.Bulk, &m.Body, &m.QuoteID, &m.DocName, &m.DocMIME,
		&m.DocData, &m.DedupKey, &m.Batch, &created, &m.Attempts)
	if err != nil {
		return Outgoing{}, notFound(err)
	}
	m.Created = fromMS(created)
	return m, nil
}
