// Package outbox sends what labbot queued in the store's outbox under one
// ceiling: replies first, then bulk posts spaced out, first messages to
// people who never wrote capped a day, half the ceiling for a day after
// WhatsApp says "too many" or bans the account; every row claimed
// with a lease, retried with backoff, given up on when the transport says
// no retry can help, and nothing sent at all while WhatsApp asks for a
// pause. It reports how a broadcast fared; the core words the report.
//
// Locks, and the order they are taken in:
//
//   - Sender.mu guards ready, backlog, dirty, empty and paused. It is held
//     from Reserve to the end of the reservation, across the caller's store
//     transaction, and across the sender's look at the outbox (NextDue),
//     so the look sees a reply queued unleased, or the reply sees the
//     look's verdict: no reply overtakes an older one.
//   - The store's writer lock comes after Sender.mu, never before: the
//     sender writes (marks rows sent) while it holds mu. So a caller
//     reserves before it begins its transaction.
//   - Sender.sentMu guards sent alone, and is never held while another
//     lock is taken.
//   - pacer.mu guards the pacer alone.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"labbot/privacy"
	"labbot/store"
)

const (
	// lease is how long one send may take; a send still hanging then is
	// cut off and retried.
	lease          = 2 * time.Minute
	firstBackoff   = 5 * time.Second
	maxBackoff     = 10 * time.Minute
	idleWakeup     = time.Minute
	shutdownGrace  = 5 * time.Second
	errorRetryWait = 5 * time.Second
	// markBatch is how many rows the transport took are marked sent
	// together, at most. A crash can send them again (at least once).
	markBatch = 32
)

// MaxAttempts is how often a row is tried before labbot gives up on it.
const MaxAttempts = 8

// Deps is what a sender is built from.
type Deps struct {
	Store     *store.Store
	Transport Transport
	Clock     Clock
	Pacing    Pacing
	Logger    *slog.Logger
	// Settled, when set, hears of each row of a batch that was sent or
	// given up on: the last one of a broadcast makes its report due.
	Settled func(ctx context.Context, batch string)
	// Numbers, when set, are the members' and staff numbers no text may
	// show (see privacy.Numbers); without it only WhatsApp IDs are removed.
	Numbers *privacy.Numbers
}

// Sender drains the outbox. One sender serves a store.
//
// A reply that pacing lets go at once, with no older reply waiting, is
// queued already leased to the sender and handed to it in memory (see
// Reserve): the common case costs no claim and no look at the outbox.
// Everything else the sender finds with NextDue and claims by ID.
type Sender struct {
	store   *store.Store
	tr      Transport
	clock   Clock
	log     *slog.Logger
	pace    pacer
	cold    coldCount
	wake    chan struct{}
	settled func(ctx context.Context, batch string)
	numbers *privacy.Numbers

	mu      sync.Mutex
	ready   []store.Outgoing // leased to this sender when queued, oldest first
	backlog bool             // replies wait in the outbox: new ones queue behind them
	dirty   bool             // the outbox may hold rows the sender has not looked at
	empty   bool             // at its last look, the outbox held nothing to send
	paused  time.Time        // nothing is sent before this (rate limits, bans)

	// sent are the rows the transport took that are not marked sent yet
	// (all but a broadcast's posts, which its report counts): a mark is a
	// commit, and under load one commit marks several.
	// They are marked when markBatch wait, when SendDue returns and before
	// the sender looks at the outbox. Leased, they are not sent twice.
	sentMu sync.Mutex
	sent   []store.Sent
}

// New builds the sender; call Recover before anything is queued.
func New(d Deps) *Sender {
	return &Sender{store: d.Store, tr: d.Transport, clock: d.Clock, log: d.Logger, pace: pacer{Pacing: d.Pacing},
		settled: d.Settled, numbers: d.Numbers, wake: make(chan struct{}, 1), dirty: true}
}

// Notify tells the sender that rows were queued.
func (s *Sender) Notify() {
	s.mu.Lock()
	s.dirty = true
	s.mu.Unlock()
	s.poke()
}

func (s *Sender) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Sender) pausedUntil() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

// Recover frees the rows a crashed process had claimed, so they are sent,
// and rebuilds pacing from the latest sends, so a restart is no way around
// it. It runs once, before any message is handled.
func (s *Sender) Recover(ctx context.Context) error {
	n, err := s.store.ReleaseLeases(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Warn("outbox rows claimed before a stop will be sent again", "rows", n)
	}
	if err := s.recoverSlow(ctx); err != nil {
		return err
	}
	since := s.clock.Now().Add(-max(window, s.pace.BulkInterval+s.pace.Jitter))
	sent, err := s.store.SentSince(ctx, since)
	if err != nil {
		return err
	}
	for _, r := range sent {
		s.pace.record(r)
	}
	return nil
}

// SendDue sends every row that pacing allows now, and returns when the next
// one may go; ok is false when the outbox holds nothing more to send.
func (s *Sender) SendDue(ctx context.Context) (next time.Time, ok bool, err error) {
	defer func() {
		if markErr := s.markSent(ctx); err == nil && markErr != nil {
			next, ok, err = time.Time{}, false, markErr
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return time.Time{}, false, err
		}
		if until := s.pausedUntil(); s.clock.Now().Before(until) {
			return until, true, nil
		}
		row, due, err := s.look(ctx)
		switch {
		case err != nil:
			return time.Time{}, false, err
		case row != nil:
			if _, err := s.deliver(ctx, *row); err != nil {
				return time.Time{}, false, err
			}
			continue
		case due == nil:
			return time.Time{}, false, nil
		}
		next, sent, err := s.sendOne(ctx, s.clock.Now(), *due)
		if err != nil || sent == nothing {
			return next, !next.IsZero(), err
		}
		if sent == delivered && due.Rows == 1 {
			// The one row there was went out: the outbox is empty, unless
			// something was queued since (which made it dirty).
			s.mu.Lock()
			if !s.dirty {
				s.empty, s.backlog = true, false
			}
			s.mu.Unlock()
		}
	}
}

// look finds the next thing to do: a ready row (its pacing slot taken), or
// what the outbox holds; neither when it is known to be empty.
func (s *Sender) look(ctx context.Context) (*store.Outgoing, *store.Due, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ready) > 0 {
		row := s.ready[0]
		s.ready = s.ready[1:]
		s.pace.record(store.Sent{ID: row.ID, At: s.clock.Now()})
		return &row, nil, nil
	}
	if s.empty && !s.dirty {
		return nil, nil, nil
	}
	if err := s.markSent(ctx); err != nil {
		return nil, nil, err
	}
	due, err := s.store.NextDue(ctx)
	if err != nil {
		return nil, nil, err
	}
	s.dirty = false
	s.backlog = due.ReplyID != 0
	s.empty = due.Rows == 0
	bulkAt := due.Bulk
	if due.BulkID == 0 {
		bulkAt = time.Time{}
	}
	s.pace.bulkDue(bulkAt, s.clock.Now())
	if s.empty {
		return nil, nil, nil
	}
	return nil, &due, nil
}

// outcome is what became of a row the sender tried.
type outcome int

const (
	nothing   outcome = iota // no row was due
	delivered                // the transport took it
	deferred                 // it failed, and was given back or given up on
)

// sendOne sends the first row pacing allows at now, a reply before a bulk
// post. When it sends nothing, next is when something may go.
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
			s.Notify() // gone meanwhile: look again
			continue
		}
		if errors.Is(err, store.ErrSealLost) {
			return time.Time{}, deferred, s.giveUpSealed(ctx, row, now)
		}
		if err != nil {
			return time.Time{}, nothing, err
		}
		// The pacing slot is taken as the send starts, so that a reply
		// queued meanwhile counts this one.
		s.pace.record(store.Sent{ID: row.ID, Bulk: row.Bulk, At: now})
		sent, err := s.deliver(ctx, row)
		return time.Time{}, sent, err
	}
	return next, nothing, nil
}

// Drain sends until ctx ends, sleeping on the wall clock between sends.
// It finishes the send in flight before it returns.
func (s *Sender) Drain(ctx context.Context) error {
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
