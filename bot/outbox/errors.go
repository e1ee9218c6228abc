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
	err error
	d   time.Duration
}

func (e pauseError) Error() string { return e.err.Error() }
func (e pauseError) Unwrap() error { return e.err }

// Pause wraps a transport error that asks labbot to send nothing for d
// (WhatsApp's "rate-overlimit"): the row is retried after it, and so is
// everything else.
func Pause(err error, d time.Duration) error { return pauseError{err, d} }

// IsPause reports whether err, or an error it wraps, came from Pause.
func IsPause(err error) bool {
	var p pauseError
	return errors.As(err, &p)
}

// AudienceGone is the reason kept on a row given up on because its reader
// may no longer receive it: she left the private group it speaks of, or
// was forgotten. It names no one.
const AudienceGone = "audience gone: the reader is no longer in the group it speaks of, or was forgotten"
