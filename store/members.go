package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const (
	// upsertMemberSQL keeps the newest display name a member is seen with.
	upsertMemberSQL = `INSERT INTO members (user_id, name, created_at, seen_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE members.name END,
			seen_at = excluded.seen_at
		RETURNING id, user_id, name, COALESCE(lang, '')`
	joinGroupSQL = `INSERT INTO group_members (group_id, member_id, joined_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`
	memberByUserSQL = `SELECT id, user_id, name, COALESCE(lang, '') FROM members WHERE user_id = ?`
	setLangSQL      = `UPDATE members SET lang = NULLIF(?, '') WHERE id = ?`
	memberGroupsSQL = `SELECT g.id, g.key, g.jid, g.name, g.lang, g.tz, g.private, g.active
		FROM groups g JOIN group_members gm ON gm.group_id = g.id
		WHERE gm.member_id = ? AND g.active = 1 ORDER BY gm.joined_at, g.id`
)

// Member is someone who has spoken in a partner group.
type Member struct {
	ID     int64
	UserID string // the transport's ID for her: never shown to anyone
	Name   string
	Lang   string // her own choice, or "" when she has not made one
}

// SeeMember records that userID spoke in group groupID (0 for none) under
// name, and returns her as stored.
func (s *Store) SeeMember(ctx context.Context, userID, name string, groupID int64, now time.Time) (Member, error) {
	var m Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, upsertMemberSQL, userID, name, ms(now), ms(now)).
			Scan(&m.ID, &m.UserID, &m.Name, &m.Lang)
		if err != nil || groupID == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, joinGroupSQL, groupID, m.ID, ms(now))
		return err
	})
	if err != nil {
		return Member{}, fmt.Errorf("see member: %w", err)
	}
	return m, nil
}

// MemberByUser finds a member by user ID; ErrNotFound if she never spoke in
// a partner group.
func (s *Store) MemberByUser(ctx context.Context, userID string) (Member, error) {
	var m Member
	err := s.rdb.QueryRowContext(ctx, memberByUserSQL, userID).Scan(&m.ID, &m.UserID, &m.Name, &m.Lang)
	return m, notFound(err)
}

// SetMemberLang records her language choice ("" clears it).
func (s *Store) SetMemberLang(ctx context.Context, memberID int64, lang string) error {
	if _, err := s.db.ExecContext(ctx, setLangSQL, lang, memberID); err != nil {
		return fmt.Errorf("set member lang: %w", err)
	}
	return nil
}

// MemberGroups lists the active partner groups she belongs to, oldest first.
func (s *Store) MemberGroups(ctx context.Context, memberID int64) ([]Group, error) {
	return queryGroups(ctx, s.rdb, memberGroupsSQL, memberID)
}
