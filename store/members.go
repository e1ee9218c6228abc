package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

const (
	// upsertMemberSQL keeps the newest display name a member is seen with,
	// and when she was last seen to the hour: a message that changes
	// neither writes nothing.
	upsertMemberSQL = `INSERT INTO members (user_id, name, created_at, seen_at) VALUES (?1, ?2, ?3, ?3)
		ON CONFLICT(user_id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE members.name END,
			seen_at = excluded.seen_at
		WHERE (excluded.name <> '' AND excluded.name <> members.name) OR excluded.seen_at >= members.seen_at + 3600000`
	joinGroupSQL = `INSERT INTO group_members (group_id, member_id, joined_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`
	leaveGroupSQL = `DELETE FROM group_members
		WHERE group_id = ? AND member_id = (SELECT id FROM members WHERE user_id = ?)`
	// keepOnlyMembersSQL removes from group ?1 everyone whose user ID is
	// not in the JSON array ?2.
	keepOnlyMembersSQL = `DELETE FROM group_members WHERE group_id = ?1 AND member_id NOT IN
		(SELECT m.id FROM members m JOIN json_each(?2) j ON j.value = m.user_id)`
	memberByUserSQL = `SELECT id, user_id, name, COALESCE(lang, '') FROM members WHERE user_id = ?`
	memberByIDSQL   = `SELECT id, user_id, name, COALESCE(lang, '') FROM members WHERE id = ?`
	// seenMemberSQL looks a member up and asks, on the way, whether the
	// message was handled already. (Built around a LEFT JOIN, to answer for
	// strangers too, it was six times slower: strangers ask Processed.)
	seenMemberSQL = `SELECT id, user_id, name, COALESCE(lang, ''), seen_at,
		?2 = 0 OR EXISTS (SELECT 1 FROM group_members WHERE group_id = ?2 AND member_id = members.id),
		EXISTS (SELECT 1 FROM processed_messages WHERE hash = ?3 AND ran = 1)
		FROM members WHERE user_id = ?1`
	// goneSQL asks whether user ?1, with the hash ?2, asked to be
	// forgotten and has not come back since.
	goneSQL = `SELECT NOT EXISTS (SELECT 1 FROM members WHERE user_id = ?1)
		AND EXISTS (SELECT 1 FROM forgotten_members WHERE user_hash = ?2)`
	setLangSQL      = `UPDATE members SET lang = NULLIF(?, '') WHERE id = ?`
	memberGroupsSQL = `SELECT g.id, g.key, g.jid, g.name, g.lang, g.tz, g.private, g.active
		FROM groups g JOIN group_members gm ON gm.group_id = g.id
		WHERE gm.member_id = ? AND g.active = 1 ORDER BY gm.rowid`
)

// Member is someone who has spoken in a partner group.
type Member struct {
	ID     int64
	UserID string // the transport's ID for her: never shown to anyone
	Name   string
	Lang   string // her own choice, or "" when she has not made one
}

// SeeMember records that the sender of in spoke in group groupID (0 for
// none) under name, and returns her as stored; done reports that in was
// handled already, and then nothing is written. Most messages come from
// members already known, under the name they had: those cost two reads.
// Someone who asked to be forgotten is recorded again only for a command
// (in.Command); for anything else she is returned as Member{}, and
// nothing is written.
func (s *Store) SeeMember(ctx context.Context, in Incoming, name string, groupID int64, now time.Time) (m Member, done bool, err error) {
	var seen int64
	var inGroup bool
	err = s.rdb.QueryRowContext(ctx, seenMemberSQL, in.Sender, groupID, in.hash(s.key)).
		Scan(&m.ID, &m.UserID, &m.Name, &m.Lang, &seen, &inGroup, &done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Someone new: her message may still have been handled (a
		// redelivery after she was forgotten).
		if done, err = s.Processed(ctx, in.Chat, in.Sender, in.MsgID); err != nil || done {
			return Member{}, done, err
		}
		if gone, err := gone(ctx, s.rdb, s.key, in.Sender); err != nil || (gone && !in.Command) {
			return Member{}, false, err
		}
	case err != nil:
		return Member{}, false, fmt.Errorf("see member: %w", err)
	case done:
		return Member{}, true, nil
	case inGroup && (name == "" || name == m.Name) && now.Sub(fromMS(seen)) < time.Hour:
		return m, false, nil
	}
	err = s.tx(ctx, func(tx querier) error {
		m, err = seeMember(ctx, tx, in.Sender, name, groupID, now)
		return err
	})
	if err != nil {
		return Member{}, false, fmt.Errorf("see member: %w", err)
	}
	return m, false, nil
}

func seeMember(ctx context.Context, tx querier, userID, name string, groupID int64, now time.Time) (Member, error) {
	var m Member
	if _, err := tx.ExecContext(ctx, upsertMemberSQL, userID, name, ms(now)); err != nil {
		return m, err
	}
	err := tx.QueryRowContext(ctx, memberByUserSQL, userID).Scan(&m.ID, &m.UserID, &m.Name, &m.Lang)
	if err != nil || groupID == 0 {
		return m, err
	}
	_, err = tx.ExecContext(ctx, joinGroupSQL, groupID, m.ID, ms(now))
	return m, err
}

// LeaveGroup ends her membership of group groupID; she stays a member,
// with what she shared, as she may be in other groups. It reports whether
// she was in it.
func (s *Store) LeaveGroup(ctx context.Context, groupID int64, userID string) (bool, error) {
	res, err := s.exec(ctx, leaveGroupSQL, groupID, userID)
	if err != nil {
		return false, fmt.Errorf("leave group: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// SetGroupMembers makes userIDs exactly the members of group groupID, in
// one transaction: each is recorded as a member (as SeeMember does, with no
// name), and everyone else loses her membership, which decides what she
// reads of a private group. Someone who asked to be forgotten is left out.
// It returns how many lost it.
func (s *Store) SetGroupMembers(ctx context.Context, groupID int64, userIDs []string, now time.Time) (removed int64, err error) {
	list, err := json.Marshal(append([]string{}, userIDs...)) // [] rather than null for none
	if err != nil {
		return 0, fmt.Errorf("set group members: %w", err)
	}
	err = s.tx(ctx, func(tx querier) error {
		for _, user := range userIDs {
			gone, err := gone(ctx, tx, s.key, user)
			if err != nil {
				return err
			}
			if gone {
				continue
			}
			if _, err := seeMember(ctx, tx, user, "", groupID, now); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, keepOnlyMembersSQL, groupID, string(list))
		if err != nil {
			return err
		}
		removed, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("set group members: %w", err)
	}
	return removed, nil
}

// MemberByUser finds a member by user ID; ErrNotFound if she never spoke in
// a partner group.
func (s *Store) MemberByUser(ctx context.Context, userID string) (Member, error) {
	var m Member
	err := s.rdb.QueryRowContext(ctx, memberByUserSQL, userID).Scan(&m.ID, &m.UserID, &m.Name, &m.Lang)
	return m, notFound(err)
}

// MemberByID finds a member by her row ID; ErrNotFound if she was forgotten.
func (s *Store) MemberByID(ctx context.Context, id int64) (Member, error) {
	var m Member
	err := s.rdb.QueryRowContext(ctx, memberByIDSQL, id).Scan(&m.ID, &m.UserID, &m.Name, &m.Lang)
	return m, notFound(err)
}

// SetMemberLang records her language choice ("" clears it).
func (s *Store) SetMemberLang(ctx context.Context, memberID int64, lang string) error {
	if _, err := s.exec(ctx, setLangSQL, lang, memberID); err != nil {
		return fmt.Errorf("set member lang: %w", err)
	}
	return nil
}

// MemberGroups lists the active partner groups she belongs to, oldest first.
func (s *Store) MemberGroups(ctx context.Context, memberID int64) ([]Group, error) {
	return queryGroups(ctx, s.rdb, memberGroupsSQL, memberID)
}

// scanMember reads the columns id, user_id, name, lang (” for none).
func scanMember(row scanner) (Member, error) {
	var m Member
	return m, row.Scan(&m.ID, &m.UserID, &m.Name, &m.Lang)
}
