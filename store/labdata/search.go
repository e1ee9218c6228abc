package labdata

import (
	"context"
	"database/sql"
	"errors"
	"slices"
)

// The raw search baselines: the SQL of a search run straight on the
// database, without the store or the bot. Benchmarks time store.Search
// and !find against them. store's TestRawSearchIsSearch holds
// SearchCandidates, SearchSlack and RawSearch to store.Search.
const (
	// SearchCandidates is how many of the newest matches store.Search
	// ranks, and SearchSlack how many more of the best it joins to their
	// items than it shows (its first pass).
	SearchCandidates, SearchSlack = 3000, 45

	// rawSearchSQL is store.Search's work for one MATCH: the newest
	// ?2 matches ranked with labrank, the best ?3 joined to their items and
	// authors, those the viewer (group ?4, member ?5) may see kept, the
	// first ?6 read in full; ?7 are labrank's weights of the query's phrases.
	rawSearchSQL = `WITH candidates AS (
			SELECT rowid AS id, labrank(items_fts, 4.0, 1.0, 3.0, 1.0, ?7) AS score FROM items_fts
			WHERE items_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2),
		ranked AS (SELECT id, score FROM candidates ORDER BY score, id DESC LIMIT ?3)
		SELECT i.id, i.kind, i.num, i.body, i.url, i.lang, COALESCE(i.author_id, 0),
			COALESCE(m.name, ''), COALESCE(m.user_id, ''), i.anonymous, COALESCE(i.group_id, 0), i.private,
			COALESCE(i.question_id, 0), i.created_at
		FROM ranked JOIN items i ON i.id = ranked.id LEFT JOIN members m ON m.id = i.author_id
		WHERE (i.private = 0 OR (?4 <> 0 AND i.group_id = ?4) OR
			(?4 = 0 AND i.group_id IN (SELECT group_id FROM group_members WHERE member_id = ?5)))
		ORDER BY ranked.score, ranked.id DESC LIMIT ?6`

	// rawAllSQL is the baseline the figures before issue 15 used: bm25
	// over every match, the best five rows' IDs, no item read.
	rawAllSQL = `SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rank LIMIT 5`
)

// RawPass is one query of a search: store.SearchPass, which this package
// cannot import (store's tests import it).
type RawPass struct {
	Match, Weights string
	Fill           bool
	Subject        bool
}

// fillBelow is store's: a filling pass runs only for a list this short.
const fillBelow = 5

// RawSearch does store.Search's work for its passes (store.SearchPasses),
// viewed from group and member, straight on db: each pass while the list
// is not full (a filling one while it is short), adding the rows not found
// yet. It returns the IDs found, best first, having read every column
// Search reads.
func RawSearch(ctx context.Context, db *sql.DB, passes []RawPass, group, member int64, limit int) ([]int64, error) {
	var found []int64
	for _, p := range passes {
		if len(found) >= limit || p.Fill && len(found) >= min(limit, fillBelow) {
			continue
		}
		ids, err := rawQuery(ctx, db, rawSearchSQL, p.Match, SearchCandidates, limit+SearchSlack, group, member, limit, p.Weights)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if len(found) < limit && !slices.Contains(found, id) {
				found = append(found, id)
			}
		}
	}
	return found, nil
}

// RawAll ranks every match of match with bm25 and returns the best five
// rows' IDs: the old baseline, different work from Search's.
func RawAll(ctx context.Context, db *sql.DB, match string) ([]int64, error) {
	return rawQuery(ctx, db, rawAllSQL, match)
}

// rawQuery runs query and returns its rows' first column, scanning every
// column as a store would.
func rawQuery(ctx context.Context, db *sql.DB, query string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	cols, err := rows.Columns()
	if err != nil {
		return nil, errors.Join(err, rows.Close())
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var ids []int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, errors.Join(err, rows.Close())
		}
		ids = append(ids, vals[0].(int64))
	}
	return ids, errors.Join(rows.Err(), rows.Close())
}
