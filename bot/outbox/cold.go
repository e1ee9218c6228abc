package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"labbot/store"
)

// coldKey keeps the day's count of first messages in the store's state,
// so a restart does not start the day's count again.
const coldKey = "outbox.cold_dms"

// coldCount counts the direct messages sent today (UTC) to members who
// never wrote labbot one.
type coldCount struct {
	mu  sync.Mutex
	day time.Time // midnight UTC of the day counted
	n   int
}

// take counts one more for now's day, when the cap leaves room; else it
// returns when the next day starts.
func (c *coldCount) take(now time.Time, limit int) (ok bool, next time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	day := now.UTC().Truncate(24 * time.Hour)
	if !day.Equal(c.day) {
		c.day, c.n = day, 0
	}
	if limit > 0 && c.n >= limit {
		return false, day.Add(24 * time.Hour)
	}
	c.n++
	return true, time.Time{}
}

func (c *coldCount) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("%d %d", c.day.UnixMilli(), c.n)
}

// load reads the count the store kept; none kept is none sent.
func (c *coldCount) load(ctx context.Context, st *store.Store) error {
	v, err := st.State(ctx, coldKey)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var dayMS int64
	if _, err := fmt.Sscanf(v, "%d %d", &dayMS, &c.n); err != nil {
		return fmt.Errorf("state %s: %w", coldKey, err)
	}
	c.day = time.UnixMilli(dayMS).UTC()
	return nil
}

// isGroupChat reports whether chat is a group's: members are written to
// under their user ID ("+…", "lid:…"), which holds no "@".
func isGroupChat(chat string) bool { return strings.Contains(chat, "@") }

// coldHolds asks, just before row leaves, whether it is a first message
// to a member who never wrote labbot one, and if so whether it may go:
// not when WhatsApp refused her one already (given up on), nor past the
// day's cap (held to the next day, its try not counted). Group posts and
// answers to people who wrote cost no look past the chat's form.
func (s *Sender) coldHolds(ctx context.Context, row store.Outgoing) (bool, error) {
	if isGroupChat(row.Chat) {
		return true, nil
	}
	now := s.clock.Now()
	c, err := s.store.ContactOf(ctx, row.Chat)
	if err != nil {
		s.Notify()
		s.log.Warn("could not check whether a message is a first one, will retry", "row", row.ID, slog.Any("error", err))
		return false, s.store.MarkRetry(ctx, row.ID, now.Add(backoff(row.Attempts)), err.Error())
	}
	if !c.Cold() {
		return true, nil
	}
	if c.Refused {
		s.Notify()
		s.log.Info("message dropped: WhatsApp refused a first message to its reader before", "row", row.ID)
		if err := s.store.MarkFailed(ctx, row.ID, now, FirstContactGone); err != nil {
			return false, err
		}
		s.settle(ctx, row)
		return false, nil
	}
	ok, next := s.cold.take(now, s.pace.ColdPerDay)
	if !ok {
		s.Notify()
		s.log.Info("first message held to the next day: today's are used up", "row", row.ID, "until", next)
		return false, s.store.MarkPaused(ctx, row.ID, next, ColdCapReached)
	}
	if err := s.store.SetState(ctx, coldKey, s.cold.String()); err != nil {
		// Sent uncounted, a restart could go past the cap: not sent yet.
		s.Notify()
		s.log.Warn("could not keep today's count of first messages, will retry", "row", row.ID, slog.Any("error", err))
		return false, s.store.MarkRetry(ctx, row.ID, now.Add(backoff(row.Attempts)), err.Error())
	}
	return true, nil
}

// refused keeps, for staff, that WhatsApp refused a first message to the
// member row was for. Not for a sensitive row: that she was written to
// then may tie her to an anonymous question.
func (s *Sender) refused(ctx context.Context, row store.Outgoing, err error) {
	if !errors.Is(err, ErrFirstContactRefused) || isGroupChat(row.Chat) || row.Sensitive {
		return
	}
	if err := s.store.RefusedDM(ctx, row.Chat, s.clock.Now()); err != nil {
		s.log.Warn("could not keep that WhatsApp refused a first message", "row", row.ID, slog.Any("error", err))
	}
}
