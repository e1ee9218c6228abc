package outbox

import (
	"errors"
	"time"
)

// What a transport's send error asks of the sender: give the row up at
// once, or send nothing for a while. Any other error is retried with
// backoff.

// permanentError marks a send error that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps a transport error that no retry can fix (the chat is
// gone): the row is given up on at once.
func Permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err, or an error it wraps, came from Permanent.
func IsPermanent(err error) bool {
	var perm permanentError
	return errors.As(err, &perm)
}

// pauseError marks a send error after which nothing may be sent for a while.
type pauseError struct {
	err  error
	d    time.Duration
	slow bool // then a day at half the ceiling
}

func (e pauseError) Error() string { return e.err.Error() }
func (e pauseError) Unwrap() error { return e.err }

// Pause wraps a transport error that asks labbot to send nothing for d
// (WhatsApp's "rate-overlimit"): the row is retried after it, and so is
// everything else.
func Pause(err error, d time.Duration) error { return pauseError{err: err, d: d} }

// RateLimited wraps a transport error by which WhatsApp says labbot sends
// too much (429, "rate-overlimit"): nothing is sent for d, and then, for
// a day, at half the ceiling.
func RateLimited(err error, d time.Duration) error { return pauseError{err: err, d: d, slow: true} }

// IsPause reports whether err, or an error it wraps, came from Pause.
func IsPause(err error) bool {
	var p pauseError
	return errors.As(err, &p)
}

// AudienceGone is the reason kept on a row given up on because its reader
// may no longer receive it: she left the private group it speaks of, or
// was forgotten. It names no one.
const AudienceGone = "audience gone: the reader is no longer in the group it speaks of, or was forgotten"

// ErrFirstContactRefused is what a transport's error wraps when WhatsApp
// refused a message to a person as a first contact (463: no privacy
// token, as to someone who never wrote labbot) or as invalid (479).
// Retrying cannot help: wrapped in Permanent, the row is given up on,
// and a member refused is kept for staff to see (store.RefusedSince).
var ErrFirstContactRefused = errors.New("whatsapp refused a first message to this person")

// ColdCapReached is the reason kept on a direct message to a member who
// never wrote labbot one, held back to the next day by the day's cap.
const ColdCapReached = "held to the next day: today's first messages to people who never wrote labbot are used up"

// FirstContactGone is the reason kept on a direct message given up on
// without a try: WhatsApp refused a first message to her before, and she
// has not written labbot since.
const FirstContactGone = "not sent: whatsapp refused a first message to this person before, and she has not written since"
