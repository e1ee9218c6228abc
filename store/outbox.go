package store

import (
	"context"
	"fmt"
	"time"

	"labbot/privacy"
)

const (
	outboxColumns = `id, msg_id, chat, bulk, body, quote_id, quote_sender, quote_text, doc_name, doc_mime, doc_data,
		COALESCE(dedup_key, ''), batch, created_at, attempts, COALESCE(audience_member, 0), audience_groups, sealed, quote_addr, sensitive, reaction, file_hash, file_kind,
		poll_options, poll_secret, poll_selectable`

	// enqueueSQL queues a row; with a lease (?13 not 0) the row is claimed
	// by the sender as it is queued, its first attempt under way.
	enqueueSQL = `INSERT INTO outbox (msg_id, chat, bulk, body, quote_id, quote_sender, quote_text, doc_name, doc_mime,
		doc_data, dedup_key, batch, created_at, next_attempt_at, lease_until, attempts, sensitive,
		audience_member, audience_groups, sealed, quote_addr, reaction, file_hash, file_kind, poll_options, poll_secret, poll_selectable)
		VALUES (?1, ?2, ?3, ?4, ?5, ?14, ?15, ?6, ?7, ?8, NULLIF(?9, ''), ?10, ?11, ?12, NULLIF(?13, 0), ?13 <> 0, ?16,
			NULLIF(?17, 0), ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)
		ON CONFLICT(dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING`

	// leaseSQL claims a row NextDue named, so a crash between claim and
	// send leaves it to be retried, never lost. It checks again that the
	// row is still free.
	leaseSQL = `UPDATE outbox SET lease_until = ?1, attempts = attempts + 1
		WHERE id = ?2 AND sent_at IS NULL AND failed_at IS NULL AND lease_until IS NULL
			AND next_attempt_at <= ?3
		RETURNING ` + outboxColumns

	// nextDueSQL finds, for each kind, the row that may go first and when.
	// SQLite takes the bare column id from the row holding the minimum;
	// scanning outbox_pending in order, ties go to the oldest row (a test
	// holds it to that).
	nextDueSQL = `SELECT bulk, MIN(next_attempt_at), id, COUNT(*) FROM outbox
		WHERE sent_at IS NULL AND failed_at IS NULL AND lease_until IS NULL GROUP BY bulk`
	sentSinceSQL  = `SELECT id, bulk, sent_at FROM outbox WHERE sent_at >= ? ORDER BY sent_at, id`
	markSentSQL   = `UPDATE outbox SET sent_at = ?, lease_until = NULL, last_error = '', ` + blankSensitive + ` WHERE id = ? RETURNING ` + endsAs
	markRetrySQL  = `UPDATE outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?`
	markPausedSQL = `UPDATE outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ?,
		attempts = MAX(attempts - 1, 0) WHERE id = ?`
	markFailedSQL = `UPDATE outbox SET failed_at = ?, lease_until = NULL, last_error = ?, ` + blankSensitive + ` WHERE id = ? RETURNING ` + endsAs
	releaseSQL    = `UPDATE outbox SET lease_until = NULL
		WHERE sent_at IS NULL AND failed_at IS NULL AND lease_until IS NOT NULL`
	pendingSQL = `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`
	// sentByIDSQL scans: retry receipts are rare, and an index on msg_id
	// would cost every send (see 0001_init.sql).
	sentByIDSQL = `SELECT ` + outboxColumns + ` FROM outbox
		WHERE msg_id = ? AND sent_at IS NOT NULL AND NOT sensitive AND chat <> ''`
	pruneOutboxSQL = `DELETE FROM outbox WHERE COALESCE(sent_at, failed_at) < ?`
)

// blankSensitive empties a sensitive row's chat and body once it is out of
// the sender's hands (see Outgoing.Sensitive), and drops any row's seal
// (see sealRow): sealed, they were empty already.
const blankSensitive = `chat = CASE WHEN sensitive THEN '' ELSE chat END, body = CASE WHEN sensitive THEN '' ELSE body END,
	audience_member = CASE WHEN sensitive THEN NULL ELSE audience_member END, sealed = NULL`

// Outgoing is one message on its way out.
type Outgoing struct {
	ID          int64
	MsgID       string // the transport's message ID, fixed when queued and reused on every retry
	Chat        string
	Bulk        bool // broadcasts, digests, reminders: spaced out; replies go first
	Body        string
	Reaction    string // an emoji: the row reacts with it to QuoteID instead of saying Body
	QuoteID     string // the incoming message this answers, if any
	QuoteSender string // its sender, as the core knows her
	QuoteAddr   string // its sender's address as the message arrived (the transport's, opaque); "" for QuoteSender
	QuoteText   string // its text
	DocName     string // a document, when DocData is set
	DocMIME     string
	DocData     []byte
	// FileHash names a stored file (see Store.Files) the row sends, read
	// from disk as it leaves, as FileKind (document, image, audio, voice),
	// named DocName, of type DocMIME; Body is its caption (issue 17).
	FileHash  string
	FileKind  string
	DedupKey  string   // one logical message is queued once; "" for none
	Batch     string   // groups the rows of one broadcast, for its report
	ItemID    int64    // the item this message posts or confirms, so a quote-reply to it names the item
	Sensitive bool     // it ties an anonymous asker to her question, or names a stranger: sealed while it waits, dropped once sent or given up on; with no Chat, a cover that goes nowhere (see tellAsker)
	Audience  Audience // who may still receive it when it leaves; none for group posts and replies
	Poll      *OutPoll // a native poll: Body is its question
	Created   time.Time
	Attempts  int // including the current one, once claimed
}

// Enqueue queues m to be sent from notBefore on. It reports false, and
// queues nothing, when a row with the same dedup key exists.
func (s *Store) Enqueue(ctx context.Context, m Outgoing, notBefore time.Time) (bool, error) {
	var queued bool
	err := s.tx(ctx, func(tx querier) error {
		var err error
		queued, err = enqueue(ctx, tx, &m, notBefore, time.Time{})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("enqueue: %w", err)
	}
	return queued, nil
}

// enqueueAll queues each of out inside tx, due from now, filling in their
// IDs; leaseUntil, when set, claims them for the sender.
func enqueueAll(ctx context.Context, tx querier, out []Outgoing, now, leaseUntil time.Time) error {
	for i := range out {
		if _, err := enqueue(ctx, tx, &out[i], now, leaseUntil); err != nil {
			return err
		}
	}
	return nil
}

// enqueue inserts m and fills in its ID; leaseUntil, when set, claims it.
func enqueue(ctx context.Context, tx querier, m *Outgoing, notBefore, leaseUntil time.Time) (bool, error) {
	var lease int64
	if !leaseUntil.IsZero() {
		lease = ms(leaseUntil)
		m.Attempts = 1
	}
	// What the row keeps: m, or m sealed; m stays clear for the sender.
	w, sealed, err := sealRow(ctx, tx, *m)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, enqueueSQL, w.MsgID, w.Chat, w.Bulk, w.Body, w.QuoteID,
		w.DocName, w.DocMIME, w.DocData, w.DedupKey, w.Batch, ms(w.Created), ms(notBefore), lease,
		w.QuoteSender, w.QuoteText, w.Sensitive, w.Audience.Member, w.Audience.encode(), sealed, w.QuoteAddr, w.Reaction,
		w.FileHash, w.FileKind, w.Poll.options(), w.Poll.secret(), w.Poll.selectable())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return false, err
	}
	if m.ItemID != 0 && sealed == nil { // a sealed row's chat is kept nowhere in the clear
		if _, err := tx.ExecContext(ctx, linkMessageSQL, m.MsgID, m.Chat, m.ItemID); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Claim leases row id, which NextDue named, to the sender. The lease lasts
// until the send ends or the process stops (its end, now+lease, is kept to
// see how long sends take); at start, ReleaseLeases takes back every one.
// ErrNotFound when the row is no longer free to send. A sealed row comes
// back opened; one that no longer opens comes back claimed, with its ID
// and batch only, and ErrSealLost: give it up.
func (s *Store) Claim(ctx context.Context, id int64, now time.Time, lease time.Duration) (Outgoing, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return scanOutgoing(s.w.QueryRowContext(context.WithoutCancel(ctx), leaseSQL, ms(now.Add(lease)), id, ms(now)), s.key)
}

// Due says which unsent row of each kind may be tried first, and when.
type Due struct {
	Reply, Bulk     time.Time
	ReplyID, BulkID int64 // 0 when there is none of the kind
	Rows            int   // unsent rows of both kinds
}

// NextDue is when the earliest unsent row of each kind may be tried.
func (s *Store) NextDue(ctx context.Context) (Due, error) {
	// On the writer: it asks right after a write, and the writer's page
	// cache already holds what a reader would have to read again.
	s.wmu.Lock()
	defer s.wmu.Unlock()
	rows, err := s.w.QueryContext(context.WithoutCancel(ctx), nextDueSQL)
	if err != nil {
		return Due{}, fmt.Errorf("next due: %w", err)
	}
	defer rows.Close()
	var d Due
	for rows.Next() {
		var bulk bool
		var at, id int64
		var n int
		if err := rows.Scan(&bulk, &at, &id, &n); err != nil {
			return Due{}, fmt.Errorf("next due: %w", err)
		}
		d.Rows += n
		if bulk {
			d.Bulk, d.BulkID = fromMS(at), id
		} else {
			d.Reply, d.ReplyID = fromMS(at), id
		}
	}
	return d, rows.Err()
}

// Sent is a row that reached the transport.
type Sent struct {
	ID   int64
	Bulk bool
	At   time.Time
}

// SentSince lists the rows sent from since on, oldest first: the sender
// rebuilds its pacing from them at start. It reads the whole table (an
// index here would cost every send), so it is for starting, not for sending.
func (s *Store) SentSince(ctx context.Context, since time.Time) ([]Sent, error) {
	rows, err := s.rdb.QueryContext(ctx, sentSinceSQL, ms(since))
	if err != nil {
		return nil, fmt.Errorf("sent since: %w", err)
	}
	defer rows.Close()
	var out []Sent
	for rows.Next() {
		var r Sent
		var at int64
		if err := rows.Scan(&r.ID, &r.Bulk, &at); err != nil {
			return nil, fmt.Errorf("sent since: %w", err)
		}
		r.At = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkSent records that row id reached the transport.
func (s *Store) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return s.markEnd(ctx, "mark sent", markSentSQL, id, ms(now), id)
}

// MarkAllSent records, in one transaction, that the rows of sent reached
// the transport, each at its time.
func (s *Store) MarkAllSent(ctx context.Context, sent []Sent) error {
	forgotten := false
	err := s.tx(ctx, func(tx querier) error {
		for _, r := range sent {
			f, err := markOneSent(ctx, tx, r)
			if err != nil {
				return err
			}
			forgotten = forgotten || f
		}
		return nil
	})
	if err == nil && forgotten {
		err = s.truncateWAL(ctx)
	}
	if err != nil {
		return fmt.Errorf("mark sent: %w", err)
	}
	return nil
}

// markSentPlainSQL is markSentSQL for a row neither of ForgetBatch nor
// sensitive, with nothing to read back.
const markSentPlainSQL = `UPDATE outbox SET sent_at = ?, lease_until = NULL, last_error = '', ` + blankSensitive +
	` WHERE id = ? AND NOT ` + isForgetRow + ` AND NOT sensitive`

// markOneSent marks r sent, and reports whether it was a ForgetBatch row
// (blanked). Nearly every row is a reply: a plain update marks it. Reading
// back endRow's RETURNING on every row cost about 50 µs of CPU per reply,
// a fifth of a !help's (docs/PERFORMANCE.md, issue 13); the row a plain
// update leaves, a ForgetBatch one or one gone, goes through endRow.
func markOneSent(ctx context.Context, tx querier, r Sent) (bool, error) {
	res, err := tx.ExecContext(ctx, markSentPlainSQL, ms(r.At), r.ID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return false, err
	}
	return endRow(ctx, tx, r.ID, markSentSQL, ms(r.At), r.ID)
}

// A send's error is kept (last_error) only with its chat IDs and numbers
// hidden (privacy.HideNumbers), whoever wrote it: the sender filters it
// first, and this holds for any other caller.

// MarkRetry gives row id back to the queue, to be tried again at retryAt.
func (s *Store) MarkRetry(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	return s.update(ctx, "mark retry", markRetrySQL, ms(retryAt), privacy.HideNumbers(reason), id)
}

// MarkPaused gives row id back to the queue after a pause that was not
// its fault (WhatsApp out of reach, or asking to slow down): the try does
// not count against it.
func (s *Store) MarkPaused(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	return s.update(ctx, "mark paused", markPausedSQL, ms(retryAt), privacy.HideNumbers(reason), id)
}

// MarkFailed gives up on row id.
func (s *Store) MarkFailed(ctx context.Context, id int64, now time.Time, reason string) error {
	return s.markEnd(ctx, "mark failed", markFailedSQL, id, ms(now), privacy.HideNumbers(reason), id)
}

// ReleaseLeases frees the rows a previous process claimed and never
// confirmed: only one process serves a data directory, so at start every
// lease is a dead one.
func (s *Store) ReleaseLeases(ctx context.Context) (int64, error) {
	res, err := s.exec(ctx, releaseSQL)
	if err != nil {
		return 0, fmt.Errorf("release leases: %w", err)
	}
	return res.RowsAffected()
}

// PruneOutbox deletes the rows sent or given up on before before: what
// was said is in the chats, and the outbox holds members' numbers.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, pruneOutboxSQL, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return res.RowsAffected()
}

// SentByMsgID is the row sent as the transport's message msgID, for a
// recipient whose phone asks for it again (ErrNotFound when there is none).
// A sensitive row is never found: it was blanked as it was sent.
func (s *Store) SentByMsgID(ctx context.Context, msgID string) (Outgoing, error) {
	m, err := scanOutgoing(s.rdb.QueryRowContext(ctx, sentByIDSQL, msgID), s.key)
	if err != nil {
		return Outgoing{}, fmt.Errorf("sent by message ID: %w", notFound(err))
	}
	return m, nil
}

// Pending counts the rows neither sent nor given up on.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, pendingSQL).Scan(&n)
	return n, err
}

func (s *Store) update(ctx context.Context, what, query string, args ...any) error {
	if _, err := s.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// scanOutgoing reads a row, opening it with key when it is sealed.
func scanOutgoing(row scanner, key []byte) (Outgoing, error) {
	var m Outgoing
	var created int64
	var groups string
	var sealed, pollSecret []byte
	var pollOptions string
	var pollSelectable int
	err := row.Scan(&m.ID, &m.MsgID, &m.Chat, &m.Bulk, &m.Body, &m.QuoteID, &m.QuoteSender, &m.QuoteText, &m.DocName, &m.DocMIME,
		&m.DocData, &m.DedupKey, &m.Batch, &created, &m.Attempts, &m.Audience.Member, &groups, &sealed, &m.QuoteAddr, &m.Sensitive, &m.Reaction,
		&m.FileHash, &m.FileKind, &pollOptions, &pollSecret, &pollSelectable)
	if err != nil {
		return Outgoing{}, notFound(err)
	}
	if m.Poll, err = readOutPoll(pollOptions, pollSecret, pollSelectable); err != nil {
		return Outgoing{}, fmt.Errorf("outbox row %d: %w", m.ID, err)
	}
	m.Created = fromMS(created)
	if m.Audience.Groups, err = decodeGroups(groups); err != nil {
		return Outgoing{}, fmt.Errorf("outbox row %d: %w", m.ID, err)
	}
	if sealed != nil {
		return m, openRow(key, &m, sealed)
	}
	return m, nil
}

// Queued reports whether a row with dedupKey was queued and is still
// kept (sent or not): what a second queueing would be refused for.
func (s *Store) Queued(ctx context.Context, dedupKey string) (bool, error) {
	var queued bool
	err := s.rdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox WHERE dedup_key = ?)`, dedupKey).Scan(&queued)
	return queued, err
}
