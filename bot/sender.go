package bot

import (
	"context"
	"errors"
	"hash/fnv"
	"log/slog"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

const (
	// lease is how long a claimed row is the sender's alone; a send that
	// has not been confirmed by then is presumed lost and tried again.
	lease = 2 * time.Minute
	// maxAttempts is how often a row is tried before labbot gives up on it.
	maxAttempts    = 8
	firstBackoff   = 5 * time.Second
	maxBackoff     = 10 * time.Minute
	replyWindow    = time.Minute
	idleWakeup     = time.Minute
	errorRetryWait = 5 * time.Second
)

// Pacing is how fast the sender may go: WhatsApp bans accounts that send
// too much too quickly.
type Pacing struct {
	RepliesPerMinute int           // ceiling for replies; 0 for none
	BulkInterval     time.Duration // between bulk posts
	Jitter           time.Duration // up to this much more, so bulk posts do not tick like a robot
}

func pacingFrom(s config.Sending) Pacing {
	return Pacing{RepliesPerMinute: s.RepliesPerMinute, BulkInterval: s.BulkInterval, Jitter: s.Jitter}
}

// permanentError marks a send error that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps a transport error that no retry can fix (the chat is
// gone): the row is given up on at once.
func Permanent(err error) error { return permanentError{err} }

// Sender drains the outbox: replies first under their ceiling, then bulk
// posts spaced out, each row claimed with a lease and retried with backoff.
type Sender struct {
	store  *store.Store
	tr     Transport
	clock  Clock
	pacing Pacing
	log    *slog.Logger
	wake   chan struct{}
}

func newSender(st *store.Store, tr Transport, clock Clock, p Pacing, log *slog.Logger) *Sender {
	return &Sender{store: st, tr: tr, clock: clock, pacing: p, log: log, wake: make(chan struct{}, 1)}
}

// Notify tells a running sender that a row was queued.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Recover frees the rows a crashed process had claimed, so they are sent.
func (s *Sender) Recover(ctx context.Context) error {
	n, err := s.store.ReleaseLeases(ctx)
	if n > 0 {
		s.log.Warn("outbox rows claimed before a stop will be sent again", "rows", n)
	}
	return err
}

// SendDue sends every row that pacing allows now, and returns when the next
// one may go; ok is false when the outbox holds nothing more to send.
func (s *Sender) SendDue(ctx context.Context) (next time.Time, ok bool, err error) {
	for ctx.Err() == nil {
		sent, err := s.sendOne(ctx, s.clock.Now())
		if err != nil {
			return time.Time{}, false, err
		}
		if !sent {
			break
		}
	}
	if err := ctx.Err(); err != nil {
		return time.Time{}, false, err
	}
	return s.nextDue(ctx, s.clock.Now())
}

// sendOne sends the first row pacing allows at now, a reply before a bulk post.
func (s *Sender) sendOne(ctx context.Context, now time.Time) (bool, error) {
	for _, bulk := range []bool{false, true} {
		free, err := s.freeAt(ctx, bulk, now)
		if err != nil {
			return false, err
		}
		if free.After(now) {
			continue
		}
		row, err := s.store.Claim(ctx, bulk, now, lease)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		return true, s.deliver(ctx, row)
	}
	return false, nil
}

// freeAt is the earliest time pacing lets a row of the kind go.
func (s *Sender) freeAt(ctx context.Context, bulk bool, now time.Time) (time.Time, error) {
	if !bulk {
		if s.pacing.RepliesPerMinute <= 0 {
			return time.Time{}, nil
		}
		n, oldest, err := s.store.RepliesSentSince(ctx, now.Add(-replyWindow))
		if err != nil || n < s.pacing.RepliesPerMinute {
			return time.Time{}, err
		}
		return oldest.Add(replyWindow), nil
	}
	id, last, ok, err := s.store.LastBulkSent(ctx)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return last.Add(s.pacing.BulkInterval + s.jitter(id)), nil
}

// jitter is a stable share of Pacing.Jitter drawn from the row ID: spread
// like a random one, yet the same on every run, so console transcripts are
// repeatable.
func (s *Sender) jitter(id int64) time.Duration {
	if s.pacing.Jitter <= 0 {
		return 0
	}
	h := fnv.New64a()
	var buf [8]byte
	for i := range buf {
		buf[i] = byte(id >> (8 * i))
	}
	h.Write(buf[:])
	return time.Duration(h.Sum64() % uint64(s.pacing.Jitter))
}

func (s *Sender) deliver(ctx context.Context, row store.Outgoing) error {
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
		return s.store.MarkSent(ctx, row.ID, now)
	}
	var perm permanentError
	if errors.As(err, &perm) || row.Attempts >= maxAttempts {
		s.log.Error("gave up sending a message", "row", row.ID, "attempts", row.Attempts, slog.Any("error", err))
		return s.store.MarkFailed(ctx, row.ID, now, err.Error())
	}
	wait := backoff(row.Attempts)
	s.log.Warn("send failed, will retry", "row", row.ID, "attempt", row.Attempts, "retry_in", wait, slog.Any("error", err))
	return s.store.MarkRetry(ctx, row.ID, now.Add(wait), err.Error())
}

// backoff doubles from firstBackoff up to maxBackoff.
func backoff(attempt int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// nextDue is when the next row may go, pacing included.
func (s *Sender) nextDue(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var next time.Time
	for _, bulk := range []bool{false, true} {
		due, ok, err := s.store.NextDue(ctx, bulk)
		if err != nil {
			return time.Time{}, false, err
		}
		if !ok {
			continue
		}
		free, err := s.freeAt(ctx, bulk, now)
		if err != nil {
			return time.Time{}, false, err
		}
		if free.After(due) {
			due = free
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next, !next.IsZero(), nil
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
