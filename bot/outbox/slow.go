package outbox

import (
	"context"
	"log/slog"
	"time"
)

// State keys that keep a pause and a slow day across a restart: a ban
// or a "too many" is no less true for labbot having stopped.
const (
	pausedKey = "outbox.paused_until"
	slowKey   = "outbox.slow_until"
)

// PauseUntil stops all sending until t (WhatsApp out of reach).
func (s *Sender) PauseUntil(t time.Time) {
	s.mu.Lock()
	if t.After(s.paused) {
		s.paused = t
	}
	s.mu.Unlock()
	s.poke()
}

// Banned stops all sending until t, the end of a temporary ban, and keeps
// to half the ceiling for a day after it. Both outlast a restart.
func (s *Sender) Banned(t time.Time) {
	s.log.Warn("banned for a while: sending nothing, then at half the ceiling for a day", "until", t)
	s.slowDown(context.Background(), t)
}

// slowDown pauses until t, then keeps to half the ceiling for slowFor,
// and writes both down.
func (s *Sender) slowDown(ctx context.Context, t time.Time) {
	s.PauseUntil(t)
	s.pace.slow(t.Add(slowFor))
	ctx = context.WithoutCancel(ctx)
	for key, at := range map[string]time.Time{pausedKey: t, slowKey: t.Add(slowFor)} {
		if err := s.keepLater(ctx, key, at); err != nil {
			s.log.Error("could not keep a pause for after a restart", "key", key, slog.Any("error", err))
		}
	}
}

// keepLater writes t under key, unless a later time is kept there.
func (s *Sender) keepLater(ctx context.Context, key string, t time.Time) error {
	if kept, err := s.store.StateTime(ctx, key); err != nil || kept.After(t) {
		return err
	}
	return s.store.SetStateTime(ctx, key, t)
}

// recoverSlow brings back, at start, a pause and a slow day still under
// way, and the day's count of first messages.
func (s *Sender) recoverSlow(ctx context.Context) error {
	paused, err := s.store.StateTime(ctx, pausedKey)
	if err != nil {
		return err
	}
	slow, err := s.store.StateTime(ctx, slowKey)
	if err != nil {
		return err
	}
	if now := s.clock.Now(); slow.After(now) {
		s.log.Warn("sending slowly: WhatsApp said too many, or banned the account, within a day", "paused_until", paused, "slow_until", slow)
	}
	s.PauseUntil(paused)
	s.pace.slow(slow)
	return s.cold.load(ctx, s.store)
}
