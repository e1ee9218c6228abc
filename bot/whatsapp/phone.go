package whatsapp

import (
	"context"
	"log/slog"
	"time"

	"go.mau.fi/whatsmeow/types"
)

// WhatsApp unlinks a linked device whose phone stays offline about 14
// days (issue 14, point 15). labbot cannot ask whether the phone is
// online; like mautrix-whatsapp it takes what only the phone sends as a
// sign of it: receipts and messages from the account's own device 0 (the
// phone; linked devices are 1 and up), and a pairing. The core keeps the
// last sign and warns staff at 12 days.

// seePhone notes a sign of the phone: src is from labbot's own account,
// sent by device 0.
func (s *Session) seePhone(src types.MessageSource, at time.Time) {
	if src.IsFromMe && src.Sender.Device == 0 && !at.IsZero() {
		s.phoneSeen(at)
	}
}

// phoneSeen tells the core the phone was online at t, at most once an hour.
func (s *Session) phoneSeen(t time.Time) {
	if s.watch.phoneNews(t) {
		s.toCore(func(ctx context.Context) error { return s.core.PhoneSeen(ctx, t) })
	}
}

// toCore makes a quick change in the core while it serves. Not in a
// chat's turn: the phone belongs to no chat.
func (s *Session) toCore(change func(context.Context) error) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	if !s.accepting {
		return
	}
	if err := change(context.Background()); err != nil {
		s.log.Error("account state", slog.Any("error", err))
	}
}
