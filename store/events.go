package store

import (
	"context"
	"fmt"
	"time"
)

const (
	eventColumns = `e.id, e.num, e.title, e.description, e.starts_at, COALESCE(e.group_id, 0),
		COALESCE(e.created_by, 0), e.created_at, e.cancelled_at IS NOT NULL,
		e.revision, COALESCE(e.changed_at, 0), COALESCE(e.moved_at, 0)`

	insertEventSQL = `INSERT INTO events (num, title, description, starts_at, group_id, created_by, created_at, source)
		VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, ''))`
	eventByNumSQL    = `SELECT ` + eventColumns + ` FROM events e WHERE e.num = ?`
	eventBySourceSQL = `SELECT ` + eventColumns + ` FROM events e WHERE e.source = ?`
	eventLiveSQL     = `SELECT cancelled_at IS NULL FROM events WHERE id = ?`
	// dropEventRowsSQL gives up on an event's posts not sent yet (its
	// reminders): a cancelled event is not to be announced after all.
	dropEventRowsSQL = `UPDATE outbox SET failed_at = ?1, last_error = 'event cancelled'
		WHERE batch IN (?2, ?3) AND sent_at IS NULL AND failed_at IS NULL AND lease_until IS NULL`
	// dropRemindersSQL gives up on a moved event's reminders not sent yet:
	// they give the old time. Its announcements stay, followed by the change.
	dropRemindersSQL = `UPDATE outbox SET failed_at = ?1, last_error = 'event moved'
		WHERE batch = ?2 AND sent_at IS NULL AND failed_at IS NULL AND lease_until IS NULL`
	// changeEventSQL changes an event still to come, unless it was
	// cancelled or changed since the caller read it (its revision).
	changeEventSQL = `UPDATE events SET title = ?1, description = ?2, starts_at = ?3, revision = revision + 1,
			changed_at = ?4, moved_at = CASE WHEN starts_at <> ?3 THEN ?4 ELSE moved_at END
		WHERE id = ?5 AND revision = ?6 AND cancelled_at IS NULL
		RETURNING id, num, title, description, starts_at, COALESCE(group_id, 0), COALESCE(created_by, 0),
			created_at, cancelled_at IS NOT NULL, revision, COALESCE(changed_at, 0), COALESCE(moved_at, 0)`
	rsvpCountSQL = `SELECT COUNT(*) FROM rsvps WHERE event_id = ?`
	eventsSQL    = `SELECT ` + eventColumns + ` FROM events e
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
	Source      string    // the message that created it, when known
	Revision    int       // how many times its time or text changed
	Changed     time.Time // when it last changed; zero if never
	Moved       time.Time // when its time last changed; zero if never
}

// Ref is the ID members type: E2.
func (e Event) Ref() string { return fmt.Sprintf("E%d", e.Num) }

// Batch is the outbox batch of the posts about e, given up on if it is cancelled.
func (e Event) Batch() string { return fmt.Sprintf("event:%d", e.ID) }

// RemindBatch is the outbox batch of e's reminders, given up on if it
// is moved or cancelled.
func (e Event) RemindBatch() string { return fmt.Sprintf("event:%d:remind", e.ID) }

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
	if _, err := tx.q.ExecContext(ctx, dropEventRowsSQL, ms(now), e.Batch(), e.RemindBatch()); err != nil {
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

// ChangeEvent gives e, as the caller read it, the title, description
// and start of to, and returns it changed (its revision one more). When
// the start moves, the reminders not sent yet are given up on: they give
// the old time. In the same transaction the caller reads who was told of
// it and who said she would attend, and queues what tells them, as for a
// cancellation. It reports false, changing nothing, when e was cancelled
// or changed since the caller read it.
func (tx *Tx) ChangeEvent(ctx context.Context, e, to Event, now time.Time) (Event, bool, error) {
	if tx.done {
		return Event{}, false, errTxDone
	}
	got, err := scanEvent(tx.q.QueryRowContext(ctx, changeEventSQL, to.Title, to.Description, ms(to.Start), ms(now), e.ID, e.Revision))
	if notFound(err) == ErrNotFound {
		return Event{}, false, nil
	}
	if err != nil {
		return Event{}, false, fmt.Errorf("change event: %w", err)
	}
	if !got.Start.Equal(e.Start) {
		if _, err := tx.q.ExecContext(ctx, dropRemindersSQL, ms(now), e.RemindBatch()); err != nil {
			return Event{}, false, fmt.Errorf("change event: %w", err)
		}
	}
	if err := reindexEvent(ctx, tx.q, e.ID); err != nil {
		return Event{}, false, fmt.Errorf("change event: %w", err)
	}
	got.Source = e.Source
	return got, true, nil
}

// RSVPCount is how many said they would attend an event.
func (s *Store) RSVPCount(ctx context.Context, eventID int64) (int, error) {
	var n int
	if err := s.rdb.QueryRowContext(ctx, rsvpCountSQL, eventID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count rsvps: %w", err)
	}
	return n, nil
}

func scanEvent(row scanner) (Event, error) {
	var e Event
	var start, created, changed, moved int64
	err := row.Scan(&e.ID, &e.Num, &e.Title, &e.Description, &start, &e.GroupID, &e.CreatedBy, &created, &e.Cancelled,
		&e.Revision, &changed, &moved)
	e.Start, e.Created, e.Changed, e.Moved = fromMS(start), fromMS(created), fromMSOrZero(changed), fromMSOrZero(moved)
	return e, err
}
