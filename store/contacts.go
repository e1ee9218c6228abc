package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const (
	wroteDMSQL = `INSERT INTO direct_contacts (member_id, wrote_dm) VALUES (?1, 1)
		ON CONFLICT(member_id) DO UPDATE SET wrote_dm = 1`
	contactSQL = `SELECT COALESCE(c.wrote_dm, 0) = 1, c.refused_at IS NOT NULL
		FROM members m LEFT JOIN direct_contacts c ON c.member_id = m.id WHERE m.user_id = ?`
	refusedSQL = `INSERT INTO direct_contacts (member_id, refused_at) SELECT id, ?2 FROM members WHERE user_id = ?1
		ON CONFLICT(member_id) DO UPDATE SET refused_at = excluded.refused_at`
	refusedSinceSQL = `SELECT m.name FROM direct_contacts c JOIN members m ON m.id = c.member_id
		WHERE c.refused_at >= ? ORDER BY c.refused_at DESC, m.id DESC`
)

// Contact is what labbot knows of writing to a person directly.
type Contact struct {
	Member  bool // she is a member (or staff with a member row)
	WroteDM bool // she once wrote labbot a direct message
	Refused bool // WhatsApp refused a first message to her
}

// Cold reports whether a direct message to her would be a first one: she
// is a member who never wrote labbot one. A non-member is written to only
// in answer to what she just wrote (a stranger's refusal).
func (c Contact) Cold() bool { return c.Member && !c.WroteDM }

// WroteDM records that member memberID wrote labbot a direct message.
func (s *Store) WroteDM(ctx context.Context, memberID int64) error {
	return s.update(ctx, "wrote dm", wroteDMSQL, memberID)
}

// ContactOf says what labbot knows of writing directly to userID.
func (s *Store) ContactOf(ctx context.Context, userID string) (Contact, error) {
	var c Contact
	err := s.rdb.QueryRowContext(ctx, contactSQL, userID).Scan(&c.WroteDM, &c.Refused)
	if errors.Is(err, sql.ErrNoRows) {
		return Contact{}, nil
	}
	if err != nil {
		return Contact{}, fmt.Errorf("contact: %w", err)
	}
	c.Member = true
	return c, nil
}

// RefusedDM records that WhatsApp refused a first message to userID, a
// member; nothing for anyone else.
func (s *Store) RefusedDM(ctx context.Context, userID string, now time.Time) error {
	return s.update(ctx, "refused dm", refusedSQL, userID, ms(now))
}

// RefusedSince names the members WhatsApp refused a first message to
// from since on, the latest first.
func (s *Store) RefusedSince(ctx context.Context, since time.Time) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, refusedSinceSQL, ms(since))
	if err != nil {
		return nil, fmt.Errorf("refused since: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("refused since: %w", err)
		}
		names = append(names, name)
	}
	return names, rows.Err()
}
