package store

import (
	"context"
	"fmt"
	"time"
)

const (
	// groupStatsSQL counts, per active group, its members and what was
	// shared there; group 0 is what was shared in direct messages.
	groupStatsSQL = `SELECT g.id, g.key, g.name, g.lang,
		(SELECT COUNT(*) FROM group_members gm WHERE gm.group_id = g.id),
		(SELECT COUNT(*) FROM items i WHERE i.group_id = g.id AND i.created_at > ?1),
		(SELECT COUNT(*) FROM items i WHERE i.group_id = g.id),
		(SELECT COUNT(*) FROM items i WHERE i.group_id = g.id AND i.kind = 'Q' AND i.answers = 0),
		(SELECT COUNT(*) FROM items i WHERE i.group_id = g.id AND i.kind = 'Q' AND i.answers > 0)
		FROM groups g WHERE g.active = 1
		UNION ALL
		SELECT 0, '', '', '', 0,
		(SELECT COUNT(*) FROM items WHERE group_id IS NULL AND created_at > ?1),
		(SELECT COUNT(*) FROM items WHERE group_id IS NULL),
		(SELECT COUNT(*) FROM items WHERE group_id IS NULL AND kind = 'Q' AND answers = 0),
		(SELECT COUNT(*) FROM items WHERE group_id IS NULL AND kind = 'Q' AND answers > 0)
		ORDER BY 1`
	// langStatsSQL counts, per language items were written in, what was
	// shared, and the members of the groups that speak it.
	langStatsSQL = `SELECT l.lang,
		(SELECT COUNT(*) FROM groups g WHERE g.active = 1 AND g.lang = l.lang),
		(SELECT COUNT(DISTINCT gm.member_id) FROM group_members gm JOIN groups g ON g.id = gm.group_id
			WHERE g.active = 1 AND g.lang = l.lang),
		(SELECT COUNT(*) FROM items i WHERE i.lang = l.lang AND i.created_at > ?1),
		(SELECT COUNT(*) FROM items i WHERE i.lang = l.lang),
		(SELECT COUNT(*) FROM items i WHERE i.lang = l.lang AND i.kind = 'Q' AND i.answers = 0),
		(SELECT COUNT(*) FROM items i WHERE i.lang = l.lang AND i.kind = 'Q' AND i.answers > 0)
		FROM (SELECT 'en' AS lang UNION ALL SELECT 'es' UNION ALL SELECT 'fr') l`
)

// Counts are what stats shows for a group or a language.
type Counts struct {
	Groups    int // for a language: the groups that speak it
	Members   int
	ItemsWeek int // shared since the week began
	Items     int
	Open      int // questions waiting for an answer
	Answered  int // questions with at least one
}

// GroupCounts is one group's counts; Group.ID 0 is the direct messages.
type GroupCounts struct {
	Group Group
	Counts
}

// LangCounts is one language's counts.
type LangCounts struct {
	Lang string
	Counts
}

// Stats counts, per active group and per language, the members and what
// was shared: in all, and since weekStart.
func (s *Store) Stats(ctx context.Context, weekStart time.Time) ([]GroupCounts, []LangCounts, error) {
	groups, err := queryAll(ctx, s.rdb, func(row scanner) (GroupCounts, error) {
		var g GroupCounts
		return g, row.Scan(&g.Group.ID, &g.Group.Key, &g.Group.Name, &g.Group.Lang, &g.Members,
			&g.ItemsWeek, &g.Items, &g.Open, &g.Answered)
	}, groupStatsSQL, ms(weekStart))
	if err != nil {
		return nil, nil, fmt.Errorf("stats: %w", err)
	}
	langs, err := queryAll(ctx, s.rdb, func(row scanner) (LangCounts, error) {
		var l LangCounts
		return l, row.Scan(&l.Lang, &l.Groups, &l.Members, &l.ItemsWeek, &l.Items, &l.Open, &l.Answered)
	}, langStatsSQL, ms(weekStart))
	if err != nil {
		return nil, nil, fmt.Errorf("stats: %w", err)
	}
	return groups, langs, nil
}

const (
	// readableSQL counts, per language, the items written in it or
	// translated into it; and all items.
	readableSQL = `SELECT l.lang,
		(SELECT COUNT(*) FROM items i WHERE i.lang = l.lang
			OR EXISTS (SELECT 1 FROM translations t WHERE t.item_id = i.id AND t.lang = l.lang)),
		(SELECT COUNT(*) FROM items)
		FROM (SELECT 'en' AS lang UNION ALL SELECT 'es' UNION ALL SELECT 'fr') l`
	// directionsSQL counts translations by the language of their item and
	// their own: en→es, es→fr.
	directionsSQL = `SELECT i.lang, t.lang, COUNT(*) FROM translations t JOIN items i ON i.id = t.item_id
		GROUP BY i.lang, t.lang ORDER BY i.lang, t.lang`
)

// Readable is how many of the Lab's items one language reads: written in
// it, or translated into it, of Total.
type Readable struct {
	Lang     string
	Readable int
	Total    int
}

// Direction counts the translations from one language into another.
type Direction struct {
	From, To string
	N        int
}

// LangReach counts, per language, the items readable in it, and the
// translations by direction.
func (s *Store) LangReach(ctx context.Context) ([]Readable, []Direction, error) {
	readable, err := queryAll(ctx, s.rdb, func(row scanner) (Readable, error) {
		var r Readable
		return r, row.Scan(&r.Lang, &r.Readable, &r.Total)
	}, readableSQL)
	if err != nil {
		return nil, nil, fmt.Errorf("language reach: %w", err)
	}
	dirs, err := queryAll(ctx, s.rdb, func(row scanner) (Direction, error) {
		var d Direction
		return d, row.Scan(&d.From, &d.To, &d.N)
	}, directionsSQL)
	if err != nil {
		return nil, nil, fmt.Errorf("language reach: %w", err)
	}
	return readable, dirs, nil
}
