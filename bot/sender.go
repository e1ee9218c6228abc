package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"labbot/store"
)

const (
	// lease is how long a send is expected to take at most; it is written
	// down with each claim, to see sends that hang.
	lease = 2 * time.Minute
	// maxAttempts is how often a row is tried before labbot gives up on it.
	maxAttempts    = 8
	firstBackoff   = 5 * time.Second
	maxBackoff     = 10 * time.Minute
	idleWakeup     = time.Minute
	errorRetryWait = 5 * time.Second
)

// permanentError marks a send error that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps a transport error that no retry can fix (the chat is
// gone): the row is given up on at once.
func Permanent(err error) error { return permanentError{err} }

// Sender drains the outbox: replies first under their ceiling, then bulk
// posts spaced out, each row claimed with a lease and retried with backoff.
//
// A reply that pacing lets go at once is queued already leased to the
// sender and handed to it in memory (Reserve, Take): the common case costs
// no claim and no look at the outbox. Everything else the sender finds with
// NextDue and claims by ID.
type Sender struct {
	store *store.Store
	tr    Transport
	clock Clock
	log   *slog.Logger
	pace  pacer
	wake  chan struct{}

	mu      sync.Mutex
	ready   []store.Outgoing // leased to this sender when queued, oldest first
	backlog bool             // replies wait in the outbox: new ones queue behind them

	// dirty says the outbox may hold rows the sender has not looked at;
	// empty, that at its last look it held nothing.
	dirty, empty atomic.Bool
}

func newSender(st *store.Store, tr Transport, clock Clock, p Pacing, log *slog.Logger) *Sender {
	s := &Sender{store: st, tr: tr, clock: clock, log: log, pace: pacer{Pacing: p}, wake: make(chan struct{}, 1)}
	s.dirty.Store(true)
	return s
}

// Notify tells the sender that rows were queued.
func (s *Sender) Notify() {
	s.dirty.Store(true)
	s.poke()
}

func (s *Sender) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Reserve asks to queue n replies leased to the sender, to go at once.
// It returns the lease's end, or zero when they must queue like any row:
// pacing holds them back, or older replies wait before them.
func (s *Sender) Reserve(n int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n == 0 {
		return time.Time{}
	}
	now := s.clock.Now()
	if s.backlog || s.pace.freeAt(false, now, len(s.ready)+n-1).After(now) {
		s.backlog = true
		return time.Time{}
	}
	return now.Add(lease)
}

// Take hands the sender rows queued with the lease Reserve gave.
func (s *Sender) Take(rows []store.Outgoing) {
	s.mu.Lock()
	s.ready = append(s.ready, rows...)
	s.mu.Unlock()
	s.poke()
}

func (s *Sender) popReady() (store.Outgoing, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ready) == 0 {
		return store.Outgoing{}, false
	}
	row := s.ready[0]
	s.ready = s.ready[1:]
	return row, true
}

// Recover frees the rows a crashed process had claimed, so they are sent,
// and rebuilds pacing from the latest sends, so a restart is no way around it.
func (s *Sender) Recover(ctx context.Context) error {
	n, err := s.store.ReleaseLeases(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Warn("outbox rows claimed before a stop will be sent again", "rows", n)
	}
	since := s.clock.Now().Add(-max(replyWindow, s.pace.BulkInterval+s.pace.Jitter))
	sent, err := s.store.SentSince(ctx, since)
	if err != nil {
		return err
	}
	for _, r := range sent {
		s.pace.record(r)
	}
	s.dirty.Store(true)
	return nil
}

// SendDue sends every row that pacing allows now, and returns when the next
// one may go; ok is false when the outbox holds nothing more to send.
func (s *Sender) SendDue(ctx context.Context) (next time.Time, ok bool, err error) {
	for {
		if err := ctx.Err(); err != nil {
			return time.Time{}, false, err
		}
		if row, ok := s.popReady(); ok {
			if _, err := s.deliver(ctx, row); err != nil {
				return time.Time{}, false, err
			}
			continue
		}
		if s.empty.Load() && !s.dirty.Load() {
			return time.Time{}, false, nil
		}
		s.dirty.Store(false)
		due, err := s.store.NextDue(ctx)
		if err != nil {
			s.dirty.Store(true)
			return time.Time{}, false, err
		}
		s.mu.Lock()
		s.backlog = due.ReplyID != 0
		s.mu.Unlock()
		s.empty.Store(due.Rows == 0)
		next, sent, err := s.sendOne(ctx, s.clock.Now(), due)
		if err != nil || sent == nothing {
			return next, !next.IsZero(), err
		}
		// The one row there was went out: the outbox is empty, unless
		// something was queued meanwhile (which set dirty).
		if sent == delivered && due.Rows == 1 {
			s.empty.Store(true)
			s.mu.Lock()
			s.backlog = false
			s.mu.Unlock()
		}
	}
}

// outcome is what became of a row the sender tried.
type outcome int

const (
	nothing   outcome = iota // no row was due
	delivered                // the transport took it
	deferred                 // it failed, and was given back or given up on
)

// sendOne sends the first row pacing allows at now, a reply before a bulk
// post. When it sends nothing, next is when something may go (zero for
// an empty outbox).
func (s *Sender) sendOne(ctx context.Context, now time.Time, due store.Due) (next time.Time, sent outcome, err error) {
	kinds := []struct {
		bulk bool
		at   time.Time
		id   int64
	}{{false, due.Reply, due.ReplyID}, {true, due.Bulk, due.BulkID}}
	for _, k := range kinds {
		if k.id == 0 {
			continue
		}
		at := k.at
		if free := s.pace.freeAt(k.bulk, now, 0); free.After(at) {
			at = free
		}
		if at.After(now) {
			if next.IsZero() || at.Before(next) {
				next = at
			}
			continue
		}
		row, err := s.store.Claim(ctx, k.id, now, lease)
		if errors.Is(err, store.ErrNotFound) {
			s.dirty.Store(true) // taken meanwhile: look again
			continue
		}
		if err != nil {
			return time.Time{}, nothing, err
		}
		sent, err := s.deliver(ctx, row)
		return time.Time{}, sent, err
	}
	return next, nothing, nil
}

func (s *Sender) deliver(ctx context.Context, row store.Outgoing) (outcome, error) {
	to := Envelope{Chat: row.Chat, ID: row.MsgID, QuoteID: row.QuoteID}
	var err error
	if row.DocData != nil {
		err = s.tr.SendDocument(ctx, to, Document{Name: row.DocName, MIME: row.DocMIME, Caption: row.Body, Data: row.DocData})
	} else {
		err = s.tr.SendText(ctx, to, row.Body)
	}
	now := s.clock.Now()
	if err == nil {
		s.log.Debug("sent", "row", row.ID, "bulk", row.Bulk)
		s.pace.record(store.Sent{ID: row.ID, Bulk: row.Bulk, At: now})
		return delivered, s.store.MarkSent(ctx, row.ID, now)
	}
	s.dirty.Store(true) // the row is back in the outbox, or gone from it
	var perm permanentError
	if errors.As(err, &perm) || row.Attempts >= maxAttempts {
		s.log.Error("gave up sending a message", "row", row.ID, "attempts", row.Attempts, slog.Any("error", err))
		return deferred, s.store.MarkFailed(ctx, row.ID, now, err.Error())
	}
	wait := backoff(row.Attempts)
	s.log.Warn("send failed, will retry", "row", row.ID, "attempt", row.Attempts, "retry_in", wait, slog.Any("error", err))
	return deferred, s.store.MarkRetry(ctx, row.ID, now.Add(wait), err.Error())
}

// backoff doubles from firstBackoff up to maxBackoff.
func backoff(attempt int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// Run drains the outbox until ctx ends, sleeping on the wall clock between
// sends. It finishes the send in flight before it returns.
func (s *Sender) Run(ctx context.Context) error {
	if err := s.Recover(ctx); err != nil {
		return err
	}
	for {
		wait := idleWakeup
		next, ok, err := s.SendDue(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			s.log.Error("outbox", slog.Any("error", err))
			wait = errorRetryWait
		case ok:
			wait = max(next.Sub(s.clock.Now()), 10*time.Millisecond)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-s.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}
