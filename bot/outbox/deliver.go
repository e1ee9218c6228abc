package outbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"labbot/store"
)

// deliver hands row to the transport and records what became of it. The
// send runs to its end, or to the lease's, even when ctx is cancelled: a
// shutdown finishes the send in flight.
func (s *Sender) deliver(ctx context.Context, row store.Outgoing) (outcome, error) {
	if held, err := s.audienceHolds(ctx, row); !held {
		return deferred, err
	}
	if row.Chat == "" {
		// A cover (see store.Outgoing.Sensitive): it takes a notice's
		// place and path, and goes nowhere. No other row lacks a chat.
		return delivered, s.keepSent(ctx, store.Sent{ID: row.ID, Bulk: row.Bulk, At: s.clock.Now()})
	}
	if held, err := s.coldHolds(ctx, row); !held {
		s.pace.unrecord(row.ID)
		return deferred, err
	}
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lease)
	defer cancel()
	// A shutdown gives the send in flight a few seconds, not the whole lease.
	defer context.AfterFunc(ctx, func() { time.AfterFunc(shutdownGrace, cancel) })()
	to, body := s.outgoing(row)
	err := s.hide(s.send(sendCtx, to, body, row))
	now := s.clock.Now()
	if err == nil {
		s.log.Debug("sent", "row", row.ID, "bulk", row.Bulk)
		if row.Batch == "" {
			return delivered, s.keepSent(ctx, store.Sent{ID: row.ID, Bulk: row.Bulk, At: now})
		}
		// A broadcast's post is marked at once: its report counts them.
		if err := s.store.MarkSent(ctx, row.ID, now); err != nil {
			return delivered, err
		}
		s.settle(ctx, row)
		return delivered, nil
	}
	s.Notify() // the row is back in the outbox, or gone from it
	var pause pauseError
	if errors.As(err, &pause) {
		if pause.slow {
			s.slowDown(ctx, now.Add(pause.d))
		}
		s.PauseUntil(now.Add(pause.d))
		s.log.Warn("sending paused", "for", pause.d, slog.Any("error", err))
		return deferred, s.store.MarkPaused(ctx, row.ID, now.Add(pause.d), err.Error())
	}
	if IsPermanent(err) || row.Attempts >= MaxAttempts {
		s.refused(ctx, row, err)
		s.log.Error("gave up sending a message", "row", row.ID, "attempts", row.Attempts, slog.Any("error", err))
		if err := s.store.MarkFailed(ctx, row.ID, now, err.Error()); err != nil {
			return deferred, err
		}
		s.settle(ctx, row)
		return deferred, nil
	}
	wait := backoff(row.Attempts)
	s.log.Warn("send failed, will retry", "row", row.ID, "attempt", row.Attempts, "retry_in", wait, slog.Any("error", err))
	return deferred, s.store.MarkRetry(ctx, row.ID, now.Add(wait), err.Error())
}

// outgoing is where row goes and the text it says, as it leaves: every
// text labbot writes passes here on its way out (and again when a phone
// asks for it once more, see SentText): no member sees a person's chat ID,
// nor a member's or staff number, however written. A quote repeats her own
// words, and a document carries what staff typed; both go as they are. A
// send's error is filtered the same way before the log and the outbox keep
// it.
func (s *Sender) outgoing(row store.Outgoing) (Envelope, string) {
	return EnvelopeOf(row), s.numbers.Outgoing(row.Body)
}

// Resend is a message labbot sent, as the transport was handed it.
type Resend struct {
	To       Envelope
	Text     string // the text or caption, as filtered when it left
	Reaction string // an emoji, for a reaction
	Poll     *Poll  // a native poll, with the secret it was sent with
}

// SentMessage is the message msgID was sent as, and where, for a recipient
// whose phone asks for it again (a retry receipt, after a restart emptied
// whatsmeow's memory of recent sends): the same as it left, through the
// same filter. ok is false for what labbot cannot send again as it was: no
// such row (pruned), a document (its upload is not kept), or a sensitive
// row (blanked as it was sent).
func (s *Sender) SentMessage(ctx context.Context, msgID string) (r Resend, ok bool, err error) {
	row, err := s.store.SentByMsgID(ctx, msgID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (row.DocData != nil || row.FileHash != "") {
		return Resend{}, false, nil
	}
	if err != nil {
		return Resend{}, false, err
	}
	r.To, r.Text = s.outgoing(row)
	r.Reaction = row.Reaction
	if row.Poll != nil {
		r.Poll = &Poll{Question: r.Text, Options: s.pollOptions(row.Poll.Options), Selectable: row.Poll.Selectable,
			Secret: row.Poll.Secret}
	}
	return r, true, nil
}

// send hands row to the transport as what it is: a reaction, a document
// or a text (body, filtered).
func (s *Sender) send(ctx context.Context, to Envelope, body string, row store.Outgoing) error {
	switch {
	case row.Reaction != "":
		return s.tr.SendReaction(ctx, to, row.Reaction)
	case row.FileHash != "":
		return s.tr.SendFile(ctx, to, s.fileOf(row, body))
	case row.Poll != nil:
		return s.tr.SendPoll(ctx, to, Poll{Question: body, Options: s.pollOptions(row.Poll.Options),
			Selectable: row.Poll.Selectable, Secret: row.Poll.Secret})
	case row.DocData != nil:
		return s.tr.SendDocument(ctx, to, Document{Name: row.DocName, MIME: row.DocMIME, Caption: body, Data: row.DocData})
	}
	return s.tr.SendText(ctx, to, body)
}

// EnvelopeOf addresses row as the transport receives it: what rebuilds the
// same message for a retry is this, the body and the chat's timer.
func EnvelopeOf(row store.Outgoing) Envelope {
	return Envelope{Chat: row.Chat, ID: row.MsgID, QuoteID: row.QuoteID, QuoteSender: row.QuoteSender,
		QuoteAddr: row.QuoteAddr, QuoteText: row.QuoteText, Queued: row.Created}
}

// audienceHolds asks, just before row leaves, whether its reader may
// still receive it (see store.Audience): someone who left a private group,
// or was forgotten, gets nothing more of it. A row she may not receive is
// given up on, never retried; a failed look retries the row later, unsent.
// Rows with no audience (group posts, replies) cost nothing here.
func (s *Sender) audienceHolds(ctx context.Context, row store.Outgoing) (bool, error) {
	if row.Audience.Member == 0 {
		return true, nil
	}
	now := s.clock.Now()
	held, err := s.store.AudienceHolds(ctx, row.Chat, row.Audience)
	if err != nil {
		s.Notify()
		s.log.Warn("could not check who may receive a message, will retry", "row", row.ID, slog.Any("error", err))
		return false, s.store.MarkRetry(ctx, row.ID, now.Add(backoff(row.Attempts)), err.Error())
	}
	if held {
		return true, nil
	}
	s.Notify()
	s.log.Info("message dropped: its reader may no longer receive it", "row", row.ID, "groups", len(row.Audience.Groups))
	if err := s.store.MarkFailed(ctx, row.ID, now, AudienceGone); err != nil {
		return false, err
	}
	s.settle(ctx, row)
	return false, nil
}

// giveUpSealed gives up on row, claimed but sealed under a key labbot no
// longer has: sent blank it would reach nobody, or the wrong chat. The log
// names the row, never whom it was for.
func (s *Sender) giveUpSealed(ctx context.Context, row store.Outgoing, now time.Time) error {
	s.Notify()
	s.log.Error("gave up sending a message: it was sealed with a key labbot no longer has", "row", row.ID)
	if err := s.store.MarkFailed(ctx, row.ID, now, store.ErrSealLost.Error()); err != nil {
		return err
	}
	s.settle(ctx, row)
	return nil
}

// keepSent keeps r to be marked sent with others, and marks them all
// when markBatch wait.
func (s *Sender) keepSent(ctx context.Context, r store.Sent) error {
	s.sentMu.Lock()
	s.sent = append(s.sent, r)
	full := len(s.sent) >= markBatch
	s.sentMu.Unlock()
	if !full {
		return nil
	}
	return s.markSent(ctx)
}

// markSent marks the rows kept by keepSent, in one commit. On an
// error they stay kept, for the next try.
func (s *Sender) markSent(ctx context.Context) error {
	s.sentMu.Lock()
	sent := s.sent
	s.sent = nil
	s.sentMu.Unlock()
	if len(sent) == 0 {
		return nil
	}
	if err := s.store.MarkAllSent(ctx, sent); err != nil {
		s.sentMu.Lock()
		s.sent = append(sent, s.sent...)
		s.sentMu.Unlock()
		return err
	}
	return nil
}

// settle tells whoever listens that a row of a batch is sent or given up on.
func (s *Sender) settle(ctx context.Context, row store.Outgoing) {
	if row.Batch != "" && s.settled != nil {
		s.settled(ctx, row.Batch)
	}
}

// backoff doubles from firstBackoff up to maxBackoff.
func backoff(attempt int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
