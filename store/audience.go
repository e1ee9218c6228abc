package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// audienceSQL says whether member ?1 still exists under chat ID ?2 and
// still belongs to each active group of the JSON array ?3. Every step is
// a primary key or unique index: the members' user_id, group_members'
// (group_id, member_id), groups' id.
const audienceSQL = `SELECT EXISTS (SELECT 1 FROM members m WHERE m.id = ?1 AND m.user_id = ?2
	AND NOT EXISTS (SELECT 1 FROM json_each(?3) j WHERE NOT EXISTS (
		SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id
		WHERE gm.group_id = j.value AND gm.member_id = m.id AND g.active = 1)))`

// Audience is who may still receive an outgoing message when it leaves:
// the member it is for, while she is a member (not forgotten), and the
// private groups whose content it carries, while she is in each. The zero
// Audience asks nothing: group posts, and replies to a command.
type Audience struct {
	Member int64   // members.id; 0 for none
	Groups []int64 // private groups the message speaks of
}

// AudienceHolds reports whether a message for audience may still go to
// chat. Rows with no audience member always may.
func (s *Store) AudienceHolds(ctx context.Context, chat string, a Audience) (bool, error) {
	if a.Member == 0 {
		return true, nil
	}
	groups := a.encode()
	if groups == "" {
		groups = "[]"
	}
	var ok bool
	if err := s.rdb.QueryRowContext(ctx, audienceSQL, a.Member, chat, groups).Scan(&ok); err != nil {
		return false, fmt.Errorf("audience: %w", err)
	}
	return ok, nil
}

// encode is the groups as the outbox keeps them: a JSON array, or "".
func (a Audience) encode() string {
	if len(a.Groups) == 0 {
		return ""
	}
	b, _ := json.Marshal(a.Groups) // int64s always marshal
	return string(b)
}

func decodeGroups(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	var ids []int64
	if err := json.Unmarshal([]byte(s), &ids); err != nil {
		return nil, fmt.Errorf("audience groups: %w", err)
	}
	return ids, nil
}
