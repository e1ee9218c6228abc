package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"labbot/textfold"
)

const (
	// maxTerms bounds the words of a search (each at most
	// textfold.MaxWordLen long).
	maxTerms = 12
	// candidates bounds how many of the newest matches are ranked: for a
	// common word among a million items, ranking them all would take far
	// longer than a member should wait (over 100 ms), and the newest are
	// what she wants. Ranking costs about this many rows times the words
	// searched; 3,000 keeps three common words among a million items under
	// 50 ms at p99 (docs/PERFORMANCE.md).
	candidates = 3000
	// searchSlack is how many more of the best rows are read than asked
	// for, for the ones a private group keeps from the viewer.
	searchSlack = 45

	// visibleSQL keeps what the viewer may see: Lab-wide items, and a
	// private group's items in that group, or in a direct message to its
	// members. ?2 is the chat's group (0 in a direct message), ?3 the member.
	visibleSQL = `(i.private = 0 OR (?2 <> 0 AND i.group_id = ?2) OR
		(?2 = 0 AND i.group_id IN (SELECT group_id FROM group_members WHERE member_id = ?3)))`

	// countCandidatesSQL counts the newest matches of ?1, up to ?2.
	countCandidatesSQL = `SELECT COUNT(*) FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ?1
		ORDER BY rowid DESC LIMIT ?2)`
	// searchSQL walks the matches newest first, scoring each, as far as
	// the ?4 newest; ranks them; and joins only the best rows to their
	// items: building a whole item for every candidate cost more than
	// ranking. The slack (?6) leaves room for the rows the viewer may not
	// see. labrank (internal/sqlitext/labrank.c) is bm25 without the
	// row's length: titles weigh 4, tags 3, text and translations 1, and
	// each phrase of the query as ?7 says (the glossary's less); ties go
	// to the newest.
	searchSQL = `WITH candidates AS (
			SELECT rowid AS id, labrank(items_fts, 4.0, 1.0, 3.0, 1.0, ?7) AS score FROM items_fts
			WHERE items_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4),
		ranked AS (SELECT id, score FROM candidates ORDER BY score, id DESC LIMIT ?6)
		SELECT ` + itemColumns + `
		FROM ranked JOIN items i ON i.id = ranked.id LEFT JOIN members m ON m.id = i.author_id
		WHERE ` + visibleSQL + `
		ORDER BY ranked.score, ranked.id DESC LIMIT ?5`
	openQuestionsSQL = `SELECT ` + itemColumns + `
		FROM items i INDEXED BY items_open LEFT JOIN members m ON m.id = i.author_id
		WHERE i.kind = 'Q' AND i.answers = 0 AND ` + visibleSQL + `
		ORDER BY i.num DESC LIMIT ?1`
	resourcesSQL = `SELECT ` + itemColumns + itemFrom + `
		WHERE i.kind = 'R' AND ` + visibleSQL + `
		ORDER BY i.num DESC LIMIT ?1`
	taggedResourcesSQL = `SELECT ` + itemColumns + `
		FROM item_tags t JOIN items i ON i.id = t.item_id LEFT JOIN members m ON m.id = i.author_id
		WHERE t.tag = ?4 AND i.kind = 'R' AND ` + visibleSQL + `
		ORDER BY i.id DESC LIMIT ?1`
)

// Viewer is who looks at the knowledge base, and from where.
type Viewer struct {
	GroupID  int64 // the group chat; 0 in a direct message
	MemberID int64
}

// Visible reports whether v may see it.
func (v Viewer) Visible(it Item, memberGroups []int64) bool {
	if !it.Private {
		return true
	}
	if v.GroupID != 0 {
		return it.GroupID == v.GroupID
	}
	for _, g := range memberGroups {
		if g == it.GroupID {
			return true
		}
	}
	return false
}

// SearchTerms splits what a member typed into the words a search looks
// for: letters and digits only (textfold.Words), at most maxTerms of
// them. Nothing else she types can reach FTS5's syntax.
func SearchTerms(text string) []string {
	words := textfold.Words(text)
	return words[:min(len(words), maxTerms)]
}

// MatchQuery is the FTS5 query for terms: each one quoted, all of them
// (every) or any of them. "" for no terms.
func MatchQuery(terms []string, every bool) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	op := " OR "
	if every {
		op = " AND "
	}
	return strings.Join(quoted, op)
}

// Search finds the items that best match what a member typed, among those
// v may see, in any of the three languages (docs/SEARCH.md): those with
// every word (or a word of the same meaning) first, then those with any.
func (s *Store) Search(ctx context.Context, v Viewer, text string, limit int) ([]Item, error) {
	terms := queryTerms(s.Glossary(), text, false)
	var found []Item
	for i, every := range []bool{true, false, false} {
		if i == 2 {
			terms = queryTerms(s.Glossary(), text, true)
		}
		if len(terms) == 0 || i == 1 && len(terms) == 1 || len(found) >= limit {
			continue
		}
		match, weights := ftsQuery(terms, every)
		more, err := s.search(ctx, v, match, weights, limit)
		if err != nil {
			return nil, err
		}
		found = appendNew(found, more, limit)
	}
	return found, nil
}

// appendNew adds to found the items of more it does not hold, up to limit.
func appendNew(found, more []Item, limit int) []Item {
	for _, it := range more {
		if len(found) == limit {
			break
		}
		if !slices.ContainsFunc(found, func(f Item) bool { return f.ID == it.ID }) {
			found = append(found, it)
		}
	}
	return found
}

func (s *Store) search(ctx context.Context, v Viewer, match, weights string, limit int) ([]Item, error) {
	// Rows a private group keeps from the viewer are dropped after ranking:
	// when they crowd out what she may see, rank more.
	var found []Item
	var err error
	for _, slack := range []int{searchSlack, 20 * searchSlack, candidates} {
		found, err = s.queryItems(ctx, searchSQL, match, v.GroupID, v.MemberID, candidates, limit, limit+slack, weights)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if len(found) == limit || !s.crowded(ctx, match, limit+slack) {
			break
		}
	}
	return found, nil
}

// crowded reports whether more candidates lie beyond the ranked ones, so
// that ranking more could find more.
func (s *Store) crowded(ctx context.Context, match string, ranked int) bool {
	if ranked >= candidates {
		return false
	}
	var n int
	err := s.rdb.QueryRowContext(ctx, countCandidatesSQL, match, ranked+1).Scan(&n)
	return err == nil && n > ranked
}

// OpenQuestions lists the questions v may see that have no answer yet,
// newest first.
func (s *Store) OpenQuestions(ctx context.Context, v Viewer, limit int) ([]Item, error) {
	return s.queryItems(ctx, openQuestionsSQL, limit, v.GroupID, v.MemberID)
}

// Resources lists the resources v may see, newest first; with tag, only
// those tagged so (tag folded, without #).
func (s *Store) Resources(ctx context.Context, v Viewer, tag string, limit int) ([]Item, error) {
	if tag == "" {
		return s.queryItems(ctx, resourcesSQL, limit, v.GroupID, v.MemberID)
	}
	return s.queryItems(ctx, taggedResourcesSQL, limit, v.GroupID, v.MemberID, tag)
}
