package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

const (
	announcementColumns = `id, num, COALESCE(source, ''), COALESCE(staff_id, 0), staff_chat, staff_lang, blocks,
		status, COALESCE(send_at, 0), groups, created_at, COALESCE(sent_at, 0)`

	insertAnnouncementSQL = `INSERT INTO announcements (num, source, staff_id, staff_chat, staff_lang, blocks, status,
		send_at, groups, created_at, sent_at) VALUES (?, NULLIF(?, ''), NULLIF(?, 0), ?, ?, ?, ?, NULLIF(?, 0), ?, ?, NULLIF(?, 0))`
	announcementNumberSQL = `INSERT INTO item_numbers (kind, last) VALUES ('N', 1)
		ON CONFLICT (kind) DO UPDATE SET last = last + 1 RETURNING last`
	announcementBySourceSQL = `SELECT ` + announcementColumns + ` FROM announcements WHERE source = ?`
	announcementByNumSQL    = `SELECT ` + announcementColumns + ` FROM announcements WHERE num = ?`
	heldAnnouncementSQL     = `SELECT ` + announcementColumns + ` FROM announcements
		WHERE status = 'held' AND staff_id = ? ORDER BY num DESC LIMIT 1`
	plannedAnnouncementsSQL = `SELECT ` + announcementColumns + ` FROM announcements
		WHERE status IN ('held', 'scheduled') ORDER BY COALESCE(send_at, created_at), num`
	dueAnnouncementsSQL = `SELECT ` + announcementColumns + ` FROM announcements
		WHERE status = 'scheduled' AND send_at <= ? ORDER BY send_at, num`
	sendingAnnouncementsSQL = `SELECT ` + announcementColumns + ` FROM announcements WHERE status = 'sending' ORDER BY num`
	nextAnnouncementSQL     = `SELECT MIN(send_at) FROM announcements WHERE status = 'scheduled' AND send_at > ?`
	startAnnouncementSQL    = `UPDATE announcements SET status = 'sending', sent_at = ?, groups = ?
		WHERE id = ? AND status IN ('held', 'scheduled')`
	skipAnnouncementSQL   = `UPDATE announcements SET status = 'skipped' WHERE id = ? AND status = 'scheduled'`
	finishAnnouncementSQL = `UPDATE announcements SET status = 'done' WHERE id = ? AND status = 'sending'`
	batchRowsSQL          = `SELECT chat, sent_at IS NOT NULL, failed_at IS NOT NULL, attempts, last_error
		FROM outbox WHERE batch = ? ORDER BY id`
)

// Announcement statuses.
const (
	AnnouncementHeld      = "held"      // a language is missing: waiting for `announce send`
	AnnouncementScheduled = "scheduled" // waiting for its time
	AnnouncementSending   = "sending"   // queued to the groups
	AnnouncementDone      = "done"      // every group done, the staff member told
	AnnouncementCancelled = "cancelled"
	AnnouncementSkipped   = "skipped" // found past the grace window, not sent
)

// Announcement is a staff broadcast to every partner group, each in its language.
type Announcement struct {
	ID        int64
	Num       int64
	Source    string // the message that made it, when known
	StaffID   int64
	StaffChat string // where her delivery report goes
	StaffLang string
	Blocks    map[string]string // language -> text
	Status    string
	SendAt    time.Time // when it is to go; zero for at once
	Groups    int       // how many groups it was queued to
	Created   time.Time
	Sent      time.Time
}

// Ref is the ID staff type: N3.
func (a Announcement) Ref() string { return fmt.Sprintf("N%d", a.Num) }

// Batch is the outbox batch of its posts, which its delivery report counts.
func (a Announcement) Batch() string { return fmt.Sprintf("announce:%d", a.ID) }

// AddAnnouncement saves a new announcement, numbered, filling in its ID.
// One that goes at once is marked sent now, to a.Groups groups: the caller
// queues its posts in the same transaction, with a.Batch(). An
// announcement with the same Source (its message came again) fills a
// instead, with added false.
func (tx *Tx) AddAnnouncement(ctx context.Context, a *Announcement, now time.Time) (added bool, _ error) {
	if tx.done {
		return false, errTxDone
	}
	if err := tx.addAnnouncement(ctx, a, now, &added); err != nil {
		return false, fmt.Errorf("add announcement: %w", err)
	}
	return added, nil
}

func (tx *Tx) addAnnouncement(ctx context.Context, a *Announcement, now time.Time, added *bool) error {
	if a.Source != "" {
		had, err := scanAnnouncement(tx.q.QueryRowContext(ctx, announcementBySourceSQL, a.Source))
		if err == nil {
			*a = had
			return nil
		}
		if notFound(err) != ErrNotFound {
			return err
		}
	}
	if err := tx.q.QueryRowContext(ctx, announcementNumberSQL).Scan(&a.Num); err != nil {
		return err
	}
	if a.Status == AnnouncementSending {
		a.Sent = now
	} else {
		a.Groups = 0
	}
	blocks, err := json.Marshal(a.Blocks)
	if err != nil {
		return err
	}
	res, err := tx.q.ExecContext(ctx, insertAnnouncementSQL, a.Num, a.Source, a.StaffID, a.StaffChat, a.StaffLang,
		string(blocks), a.Status, msOrZero(a.SendAt), a.Groups, ms(now), msOrZero(a.Sent))
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	a.Created = fromMS(ms(now))
	*added = true
	return nil
}

// SetAnnouncementStatus moves an announcement to status to, only from one
// of the statuses from; it reports whether it did.
func (s *Store) SetAnnouncementStatus(ctx context.Context, id int64, to string, from ...string) (bool, error) {
	query := `UPDATE announcements SET status = ? WHERE id = ? AND status IN (?` + strings.Repeat(", ?", len(from)-1) + `)`
	args := []any{to, id}
	for _, f := range from {
		args = append(args, f)
	}
	return s.changed(ctx, "set announcement status", query, args...)
}

// StartAnnouncement moves a held or scheduled announcement to sending, to
// groups groups; the caller queues its posts in the same transaction, so
// it goes once. It reports false when it was no longer held or scheduled.
func (tx *Tx) StartAnnouncement(ctx context.Context, id int64, groups int, now time.Time) (bool, error) {
	if tx.done {
		return false, errTxDone
	}
	res, err := tx.q.ExecContext(ctx, startAnnouncementSQL, ms(now), groups, id)
	if err != nil {
		return false, fmt.Errorf("start announcement: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("start announcement: %w", err)
	}
	return n > 0, nil
}

// FinishAnnouncement marks a sending announcement done and queues its
// delivery report, in one transaction; false when it was done already.
func (s *Store) FinishAnnouncement(ctx context.Context, id int64, report Outgoing, now time.Time) (bool, error) {
	var done bool
	err := s.tx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, finishAnnouncementSQL, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		done = true
		if report.Chat == "" {
			return nil // its author asked to be forgotten: no one to tell
		}
		_, err = enqueue(ctx, tx, &report, now, time.Time{})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("finish announcement: %w", err)
	}
	return done, nil
}

// SkipAnnouncement marks a scheduled announcement skipped and queues the
// notice that tells its author, in one transaction; false when it was no
// longer scheduled.
func (s *Store) SkipAnnouncement(ctx context.Context, id int64, notice Outgoing, now time.Time) (bool, error) {
	var skipped bool
	err := s.tx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, skipAnnouncementSQL, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		skipped = true
		if notice.Chat == "" {
			return nil // its author asked to be forgotten: no one to tell
		}
		_, err = enqueue(ctx, tx, &notice, now, time.Time{})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("skip announcement: %w", err)
	}
	return skipped, nil
}

// HeldAnnouncement is the staff member's newest announcement waiting for
// `announce send`; ErrNotFound if none.
func (s *Store) HeldAnnouncement(ctx context.Context, staffID int64) (Announcement, error) {
	return scanAnnouncement(s.rdb.QueryRowContext(ctx, heldAnnouncementSQL, staffID))
}

// AnnouncementByNum finds an announcement by its number; ErrNotFound if none.
func (s *Store) AnnouncementByNum(ctx context.Context, num int64) (Announcement, error) {
	return scanAnnouncement(s.rdb.QueryRowContext(ctx, announcementByNumSQL, num))
}

// PlannedAnnouncements lists those held or scheduled, soonest first.
func (s *Store) PlannedAnnouncements(ctx context.Context) ([]Announcement, error) {
	return queryAll(ctx, s.rdb, scanAnnouncement, plannedAnnouncementsSQL)
}

// DueAnnouncements lists the scheduled announcements whose time has come.
func (s *Store) DueAnnouncements(ctx context.Context, now time.Time) ([]Announcement, error) {
	return queryAll(ctx, s.rdb, scanAnnouncement, dueAnnouncementsSQL, ms(now))
}

// SendingAnnouncements lists those queued and not yet reported.
func (s *Store) SendingAnnouncements(ctx context.Context) ([]Announcement, error) {
	return queryAll(ctx, s.rdb, scanAnnouncement, sendingAnnouncementsSQL)
}

// NextAnnouncement is when the next scheduled announcement is due after
// after; zero when none is.
func (s *Store) NextAnnouncement(ctx context.Context, after time.Time) (time.Time, error) {
	var at sql.NullInt64
	if err := s.rdb.QueryRowContext(ctx, nextAnnouncementSQL, ms(after)).Scan(&at); err != nil || !at.Valid {
		return time.Time{}, err
	}
	return fromMS(at.Int64), nil
}

// BatchRow is how one post of a broadcast fared.
type BatchRow struct {
	Chat      string
	Sent      bool
	Failed    bool
	Attempts  int
	LastError string
}

// BatchRows lists the posts of a batch and how each fared.
func (s *Store) BatchRows(ctx context.Context, batch string) ([]BatchRow, error) {
	return queryAll(ctx, s.rdb, func(row scanner) (BatchRow, error) {
		var b BatchRow
		return b, row.Scan(&b.Chat, &b.Sent, &b.Failed, &b.Attempts, &b.LastError)
	}, batchRowsSQL, batch)
}

func scanAnnouncement(row scanner) (Announcement, error) {
	var a Announcement
	var blocks string
	var sendAt, created, sent int64
	err := row.Scan(&a.ID, &a.Num, &a.Source, &a.StaffID, &a.StaffChat, &a.StaffLang, &blocks,
		&a.Status, &sendAt, &a.Groups, &created, &sent)
	if err != nil {
		return Announcement{}, notFound(err)
	}
	if err := json.Unmarshal([]byte(blocks), &a.Blocks); err != nil {
		return Announcement{}, fmt.Errorf("announcement %d blocks: %w", a.Num, err)
	}
	a.SendAt, a.Created, a.Sent = fromMSOrZero(sendAt), fromMS(created), fromMSOrZero(sent)
	return a, nil
}

// msOrZero and fromMSOrZero keep a zero time as 0 (stored as NULL).
func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

func fromMSOrZero(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}
