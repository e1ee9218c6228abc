package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"labbot/store"
)

const (
	// lease is how long one send may take; a send still hanging then is
	// cut off and retried.
	lease = 2 * time.Minute
	// maxAttempts is how often a row is tried before labbot gives up on it.
	maxAttempts    = 8
	firstBackoff   = 5 * time.Second
	maxBackoff     = 10 * time.Minute
	idleWakeup     = time.Minute
	shutdownGrace  = 5 * time.Second
	errorRetryWait = 5 * time.Second
	// markBatch is how many rows the transport took are marked sent
	// together, at most. A crash can send them again (at least once).
	markBatch = 32
)

// Sender drains the outbox: replies first under their ceiling, then bulk
// posts spaced out, each row claimed with a lease and retried with backoff.
//
// A reply that pacing lets go at once, with no older reply waiting, is
// queued already leased to the sender and handed to it in memory
// (QueueReplies): the common case costs no claim and no look at the outbox.
// Everything else the sender finds with NextDue and claims by ID.
type Sender struct {
	store *store.Store
	tr    Transport
	clock Clock
	log   *slog.Logger
	pace  pacer
	wake  chan struct{}

	// mu is held across QueueReplies' commit and the sender's look at the
	// outbox, so the look sees a reply queued unleased, or the reply sees
	// the look's verdict: no reply overtakes an older one.
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

	// settled, when set, hears of each row of a batch that was sent or
	// given up on: the last one of a broadcast makes its report due.
	settled func(ctx context.Context, batch string)
}

func newSender(st *store.Store, tr Transport, clock Clock, p Pacing, log *slog.Logger) *Sender {
	return &Sender{store: st, tr: tr, clock: clock, log: log, pace: pacer{Pacing: p},
		wake: make(chan struct{}, 1), dirty: true}
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

// QueueReplies queues replies through commit, which asks leaseFor, with
// how many replies it queues, for the end of their lease: set when they
// may go at once, zero when pacing holds them back or older replies wait.
// commit returns the replies it queued, and whether it queued them.
func (s *Sender) QueueReplies(commit func(leaseFor func(replies int) time.Time) ([]store.Outgoing, bool, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	var leaseUntil time.Time
	leaseFor := func(n int) time.Time {
		leaseUntil = time.Time{}
		if !s.backlog && !s.pace.freeAt(false, now, len(s.ready)+n-1).After(now) {
			leaseUntil = now.Add(lease)
		}
		return leaseUntil
	}
	replies, queued, err := commit(leaseFor)
	if err != nil || !queued || len(replies) == 0 {
		return err
	}
	if leaseUntil.IsZero() {
		s.backlog, s.dirty = true, true
	} else {
		s.ready = append(s.ready, replies...)
	}
	s.poke()
	return nil
}

// PauseUntil stops all sending until t (a temporary ban, a rate limit).
func (s *Sender) PauseUntil(t time.Time) {
	s.mu.Lock()
	if t.After(s.paused) {
		s.paused = t
	}
	s.mu.Unlock()
	s.poke()
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
	since := s.clock.Now().Add(-max(replyWindow, s.pace.BulkInterval+s.pace.Jitter))
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

// Run drains the outbox until ctx ends, sleeping on the wall clock between
// sends. It finishes the send in flight before it returns.
func (s *Sender) Run(ctx context.Context) error {
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
