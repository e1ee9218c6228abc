package store

import (
	"context"
	"fmt"
	"time"
)

const (
	groupColumns = `id, key, jid, name, lang, tz, private, active`

	insertGroupSQL = `INSERT INTO groups (key, jid, name, lang, tz, private, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	groupByJIDSQL   = `SELECT ` + groupColumns + ` FROM groups WHERE jid = ?`
	groupByKeySQL   = `SELECT ` + groupColumns + ` FROM groups WHERE key = ?`
	activeGroupsSQL = `SELECT ` + groupColumns + ` FROM groups WHERE active = 1 ORDER BY id`
	setActiveSQL    = `UPDATE groups SET active = ? WHERE jid = ?`
	renameGroupSQL  = `UPDATE groups SET name = ? WHERE jid = ?`
	setupGroupSQL   = `UPDATE groups SET lang = ?, tz = ?, private = ?, active = 1 WHERE jid = ?`
	// groupItemsSQL counts a group's items by privacy. items has no index
	// on group_id: !setup is rare, and an index would cost every item.
	groupItemsSQL = `SELECT COALESCE(SUM(private = 0), 0), COALESCE(SUM(private = 1), 0) FROM items WHERE group_id = ?`
)

// Group is a registered partner group.
type Group struct {
	ID      int64
	Key     string // the config key: used in logs, exports and the console
	JID     string // the transport's chat ID
	Name    string
	Lang    string
	TZ      string
	Private bool
	Active  bool
}

// AddGroup registers g unless a group with its key or its chat exists
// already: config groups are the starting set, and what the database holds
// wins after that. It reports whether g was new.
func (s *Store) AddGroup(ctx context.Context, g Group, now time.Time) (bool, error) {
	res, err := s.exec(ctx, insertGroupSQL, g.Key, g.JID, g.Name, g.Lang, g.TZ, g.Private, ms(now))
	if err != nil {
		return false, fmt.Errorf("add group %s: %w", g.Key, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetupGroup changes a registered group's language, zone and privacy (and
// makes it active); false when no group has that chat.
func (s *Store) SetupGroup(ctx context.Context, jid, lang, tz string, private bool) (bool, error) {
	return s.updateGroup(ctx, setupGroupSQL, lang, tz, private, jid)
}

// GroupItems counts the items shared in group groupID that the whole Lab
// reads, and those kept in the group: changing a group's privacy changes
// neither, and staff are told how many stay as they were.
func (s *Store) GroupItems(ctx context.Context, groupID int64) (labWide, private int, err error) {
	err = s.rdb.QueryRowContext(ctx, groupItemsSQL, groupID).Scan(&labWide, &private)
	if err != nil {
		return 0, 0, fmt.Errorf("group items: %w", err)
	}
	return labWide, private, nil
}

// GroupByJID finds a group by its chat ID; ErrNotFound if none.
func (s *Store) GroupByJID(ctx context.Context, jid string) (Group, error) {
	return scanGroup(s.rdb.QueryRowContext(ctx, groupByJIDSQL, jid))
}

// GroupByKey finds a group by its key; ErrNotFound if none.
func (s *Store) GroupByKey(ctx context.Context, key string) (Group, error) {
	return scanGroup(s.rdb.QueryRowContext(ctx, groupByKeySQL, key))
}

// Groups lists the active partner groups in the order they were registered.
func (s *Store) Groups(ctx context.Context) ([]Group, error) {
	return queryGroups(ctx, s.rdb, activeGroupsSQL)
}

// SetGroupActive marks the group with chat ID jid as one labbot is in
// (true) or was removed from (false: it gets no more posts). It reports
// whether such a group is registered.
func (s *Store) SetGroupActive(ctx context.Context, jid string, active bool) (bool, error) {
	return s.updateGroup(ctx, setActiveSQL, active, jid)
}

// RenameGroup keeps a partner group's new name.
func (s *Store) RenameGroup(ctx context.Context, jid, name string) (bool, error) {
	return s.updateGroup(ctx, renameGroupSQL, name, jid)
}

func (s *Store) updateGroup(ctx context.Context, query string, args ...any) (bool, error) {
	res, err := s.exec(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("update group: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func queryGroups(ctx context.Context, db querier, query string, args ...any) ([]Group, error) {
	return queryAll(ctx, db, scanGroup, query, args...)
}

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, db querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanGroup(row scanner) (Group, error) {
	var g Group
	err := row.Scan(&g.ID, &g.Key, &g.JID, &g.Name, &g.Lang, &g.TZ, &g.Private, &g.Active)
	return g, notFound(err)
}
