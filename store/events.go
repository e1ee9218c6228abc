package store

import (
	"context"
	"fmt"
	"time"
)

const (
	eventColumns = `e.id, e.num, e.title, e.description, e.starts_at, COALESCE(e.group_id, 0),
		COALESCE(e.created_by, 0), e.created_at, e.cancelled_at IS NOT NULL`

	insertEventSQL = `INSERT INTO events (num, title, description, starts_at, group_id, created_by, created_at, source)
		VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, ''))`
	eventByNumSQL    = `SELECT ` + eventColumns + ` FROM events e WHERE e.num = ?`
	eventBySourceSQL = `SELECT ` + eventColumns + ` FROM events e WHERE e.source = ?`
	eventLiveSQL     = `SELECT cancelled_at IS NULL FROM events WHERE id = ?`
	// dropEventRowsSQL gives up on an event's posts not sent yet (its
	// reminders): a cancelled event is not to be announced after all.
	dropEventRowsSQL = `UPDATE outbox SET failed_at = ?1, last_error = 'event cancelled'
		WHERE batch = ?2 AND sent_at IS NULL AND failed_at IS NULL AND lease_until IS NULL`
	eventsSQL = `SELECT ` + eventColumns + ` FROM events e
		WHERE e.cancelled_at IS NULL AND e.starts_at >= ? AND e.starts_at < ? ORDER BY e.starts_at, e.num`
	cancelEventSQL = `UPDATE events SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL`
	// rsvpSQL records an RSVP only while the event is not cancelled, in
	// the statement itself: a cancel cannot slip between check and write.
	// A second RSVP touches its row, so no row changed means cancelled.
	rsvpSQL = `INSERT INTO rsvps (event_id, member_id, created_at)
		SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM events WHERE id = ?1 AND cancelled_at IS NULL)
		ON CONFLICT DO UPDATE SET created_at = rsvps.created_at`
	rsvpMembersSQL = `SELECT m.id, m.user_id, m.name, COALESCE(m.lang, '')
		FROM rsvps r JOIN members m ON m.id = r.member_id WHERE r.event_id = ? ORDER BY r.created_at, m.id`
	toldSQL        = `INSERT INTO event_groups (event_id, group_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
	toldGroupsSQL  = `SELECT ` + groupColumns + ` FROM groups WHERE id IN (SELECT group_id FROM event_groups WHERE event_id = ?) ORDER BY id`
	eventNumberSQL = `INSERT INTO item_numbers (kind, last) VALUES ('E', 1)
		ON CONFLICT (kind) DO UPDATE SET last = last + 1 RETURNING last`
)

// Event is a webinar, a retreat session or a call the Lab holds.
type Event struct {
	ID          int64
	Num         int64
	Title       string
	Description string
	Start       time.Time
	GroupID     int64 // the private group it belongs to; 0 when Lab-wide
	CreatedBy   int64
	Created     time.Time
	Cancelled   bool
	Source      string // the message that created it, when known
}

// Ref is the ID members type: E2.
func (e Event) Ref() string { return fmt.Sprintf("E%d", e.Num) }

// Batch is the outbox batch of the posts about e, given up on if it is cancelled.
func (e Event) Batch() string { return fmt.Sprintf("event:%d", e.ID) }

// Told is a group told of an event, which hears if it is cancelled.
type Told struct{ EventID, GroupID int64 }

// AddEvent saves a new event, numbered, filling in its ID, and records the
// groups about to be told of it: the caller queues the posts that tell them
// (they need the event's number) in the same transaction. When an event
// with the same Source exists (the message that creates it came again), it
// fills e with that one, and reports added false.
func (tx *Tx) AddEvent(ctx context.Context, e *Event, groups []int64, now time.Time) (added bool, _ error) {
	if tx.done {
		return false, errTxDone
	}
	if err := tx.addEvent(ctx, e, groups, now, &added); err != nil {
		return false, fmt.Errorf("add event: %w", err)
	}
	return added, nil
}

func (tx *Tx) addEvent(ctx context.Context, e *Event, groups []int64, now time.Time, added *bool) error {
	if e.Source != "" {
		had, err := scanEvent(tx.q.QueryRowContext(ctx, eventBySourceSQL, e.Source))
		if err == nil {
			*e = had
			return nil
		}
		if notFound(err) != ErrNotFound {
			return err
		}
	}
	if err := tx.q.QueryRowContext(ctx, eventNumberSQL).Scan(&e.Num); err != nil {
		return err
	}
	res, err := tx.q.ExecContext(ctx, insertEventSQL, e.Num, e.Title, e.Description, ms(e.Start), e.GroupID, e.CreatedBy, ms(now), e.Source)
	if err != nil {
		return err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	e.Created = fromMS(ms(now))
	if err := reindexEvent(ctx, tx.q, e.ID); err != nil {
		return err
	}
	for _, g := range groups {
		if _, err := tx.q.ExecContext(ctx, toldSQL, e.ID, g); err != nil {
			return err
		}
	}
	*added = true
	return nil
}

// EventByNum finds an event by its number, cancelled or not; ErrNotFound if none.
func (s *Store) EventByNum(ctx context.Context, num int64) (Event, error) {
	e, err := scanEvent(s.rdb.QueryRowContext(ctx, eventByNumSQL, num))
	return e, notFound(err)
}

// Events lists the events not cancelled that start in [from, to), soonest first.
func (s *Store) Events(ctx context.Context, from, to time.Time) ([]Event, error) {
	return queryAll(ctx, s.rdb, scanEvent, eventsSQL, ms(from), ms(to))
}

// CancelEvent marks an event cancelled and gives up on its posts not sent
// yet. In the same transaction the caller reads the groups told of it and
// those who said they would attend, and queues what tells them: a reminder
// queued meanwhile cannot slip past, nor a group told or an RSVP made
// meanwhile be missed. It reports false when the event was cancelled
// already.
func (tx *Tx) CancelEvent(ctx context.Context, e Event, now time.Time) (bool, error) {
	if tx.done {
		return false, errTxDone
	}
	res, err := tx.q.ExecContext(ctx, cancelEventSQL, ms(now), e.ID)
	if err != nil {
		return false, fmt.Errorf("cancel event: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, wrap("cancel event", err)
	}
	if _, err := tx.q.ExecContext(ctx, dropEventRowsSQL, ms(now), e.Batch()); err != nil {
		return false, fmt.Errorf("cancel event: %w", err)
	}
	return true, nil
}

// ToldGroups lists the groups told of an event.
func (tx *Tx) ToldGroups(ctx context.Context, eventID int64) ([]Group, error) {
	if tx.done {
		return nil, errTxDone
	}
	return queryGroups(ctx, tx.q, toldGroupsSQL, eventID)
}

// Attendees lists those who said they would attend an event.
func (tx *Tx) Attendees(ctx context.Context, eventID int64) ([]Member, error) {
	if tx.done {
		return nil, errTxDone
	}
	return queryAll(ctx, tx.q, scanMember, rsvpMembersSQL, eventID)
}

// RSVP records that a member will attend; false when the event was
// cancelled meanwhile.
func (s *Store) RSVP(ctx context.Context, eventID, memberID int64, now time.Time) (bool, error) {
	res, err := s.exec(ctx, rsvpSQL, eventID, memberID, ms(now))
	if err != nil {
		return false, fmt.Errorf("rsvp: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Attendees lists the members who said they will attend, in the order they said it.
func (s *Store) Attendees(ctx context.Context, eventID int64) ([]Member, error) {
	return queryAll(ctx, s.rdb, scanMember, rsvpMembersSQL, eventID)
}

func scanEvent(row scanner) (Event, error) {
	var e Event
	var start, created int64
	err := row.Scan(&e.ID, &e.Num, &e.Title, &e.Description, &start, &e.GroupID, &e.CreatedBy, &created, &e.Cancelled)
	e.Start, e.Created = fromMS(start), fromMS(created)
	return e, err
}
