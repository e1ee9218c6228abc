package outbox

import (
	"time"

	"labbot/store"
)

// Reservation is the sender held still while a command's replies are
// queued in the caller's store transaction, so that they may be leased to
// the sender as they are written and handed to it in memory when the
// transaction commits. It holds Sender.mu from Reserve until Queued or
// Release: reserve before store.Begin, and keep what runs in between short.
//
//	res := sender.Reserve()
//	defer res.Release()
//	tx, err := st.Begin(ctx)
//	…
//	err = tx.Enqueue(ctx, replies, now, res.Lease(len(replies)))
//	…
//	err = tx.Commit()
//	res.Queued(replies)
type Reservation struct {
	s          *Sender
	now        time.Time
	leaseUntil time.Time
	done       bool
}

// Reserve holds the sender for a transaction that queues replies.
func (s *Sender) Reserve() *Reservation {
	s.mu.Lock()
	return &Reservation{s: s, now: s.clock.Now()}
}

// Lease returns the end of the lease under which n replies are queued:
// set when they may go at once, zero when pacing holds them back or older
// replies wait, in which case the sender finds them in the outbox.
func (r *Reservation) Lease(n int) time.Time {
	s := r.s
	r.leaseUntil = time.Time{}
	if !s.backlog && !s.pace.freeAt(false, r.now, len(s.ready)+n-1).After(r.now) {
		r.leaseUntil = r.now.Add(lease)
	}
	return r.leaseUntil
}

// Queued tells the sender that replies, queued under Lease, are committed,
// and ends the reservation.
func (r *Reservation) Queued(replies []store.Outgoing) {
	if r.done {
		return
	}
	s := r.s
	if len(replies) > 0 {
		if r.leaseUntil.IsZero() {
			s.backlog, s.dirty = true, true
		} else {
			s.ready = append(s.ready, replies...)
		}
	}
	r.Release()
	if len(replies) > 0 {
		s.poke()
	}
}

// Release ends the reservation with nothing handed over (the transaction
// failed, or queued no reply). After Queued it does nothing, so it can be
// deferred.
func (r *Reservation) Release() {
	if r.done {
		return
	}
	r.done = true
	r.s.mu.Unlock()
}
