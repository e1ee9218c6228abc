package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"labbot/glossary"
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
	// openQuestionsSQL lists the questions nobody marked solved: those
	// still waiting for an answer first, then the answered, newest first.
	// ?4 is the offset.
	openQuestionsSQL = `SELECT ` + itemColumns + `
		FROM items i INDEXED BY items_unsolved LEFT JOIN members m ON m.id = i.author_id
		WHERE i.kind = 'Q' AND i.solved_by IS NULL AND ` + visibleSQL + `
		ORDER BY i.answers > 0, i.num DESC LIMIT ?1 OFFSET ?4`
	countOpenSQL = `SELECT COUNT(*) FROM items i INDEXED BY items_unsolved
		WHERE i.kind = 'Q' AND i.solved_by IS NULL AND ` + visibleSQL
	resourcesSQL = `SELECT ` + itemColumns + itemFrom + `
		WHERE i.kind = 'R' AND ` + visibleSQL + `
		ORDER BY i.num DESC LIMIT ?1 OFFSET ?4`
	countResourcesSQL  = `SELECT COUNT(*) FROM items i WHERE i.kind = 'R' AND ` + visibleSQL
	taggedResourcesSQL = `SELECT ` + itemColumns + `
		FROM item_tags t JOIN items i ON i.id = t.item_id LEFT JOIN members m ON m.id = i.author_id
		WHERE t.tag = ?5 AND i.kind = 'R' AND ` + visibleSQL + `
		ORDER BY i.id DESC LIMIT ?1 OFFSET ?4`
	countTaggedSQL = `SELECT COUNT(*) FROM item_tags t JOIN items i ON i.id = t.item_id
		WHERE t.tag = ?4 AND i.kind = 'R' AND ` + visibleSQL
	// tagShownSQL is how a tag is most often written among the resources
	// the viewer may see (ties: the oldest).
	tagShownSQL = `SELECT t.shown FROM item_tags t JOIN items i ON i.id = t.item_id
		WHERE t.tag = ?4 AND t.shown != '' AND i.kind = 'R' AND ` + visibleSQL + `
		GROUP BY t.shown ORDER BY COUNT(*) DESC, MIN(i.id) LIMIT 1`
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

// fillBelow is how few items a search's first pass (every word) must have
// found for the next ones (any word, then the words' subjects) to run:
// weaker evidence fills a short first page, and never pads the further
// pages of a long list. find asks for 51 to page through them; running
// the any-word pass for each of those pages put !find at 1M items over
// its 50 ms p99 (docs/SEARCH.md).
const fillBelow = 5

// Search finds the items that best match what a member typed, among those
// v may see, in any of the three languages (docs/SEARCH.md): those with
// every word (or a word of the same meaning) first, then those with any,
// then, for a short list, those with any and those on the subjects its
// words name.
func (s *Store) Search(ctx context.Context, v Viewer, text string, limit int) ([]Item, error) {
	var found []Item
	for _, p := range SearchPasses(s.Glossary(), text) {
		if len(found) >= limit || p.Fill && len(found) >= min(limit, fillBelow) {
			continue
		}
		more, err := s.search(ctx, v, p.Match, p.Weights, limit)
		if err != nil {
			return nil, err
		}
		for i := range more {
			more[i].Nearby = p.Subject
		}
		found = appendNew(found, more, limit)
	}
	return found, nil
}

// SearchPass is one FTS5 query a search may run: its MATCH expression,
// labrank's weights for its phrases, and whether it only fills a short
// list.
type SearchPass struct {
	Match, Weights string
	Fill           bool
	Subject        bool // the words' subjects: what it finds is only nearby
}

// SearchPasses are the queries Search runs for text, expanded through g,
// in order: every word, while the list is not full; then, only while it is
// short (fillBelow), any word (for more than one), or of a glossary phrase
// she typed, any of its words alone; then the words' subjects. The
// benchmarks' raw baselines run the same ones.
func SearchPasses(g *glossary.Glossary, text string) []SearchPass {
	terms := queryTerms(g, text, false)
	if len(terms) == 0 {
		return nil
	}
	var passes []SearchPass
	add := func(terms [][]phrase, every bool) {
		match, weights := ftsQuery(terms, every)
		passes = append(passes, SearchPass{Match: match, Weights: weights, Fill: !every})
	}
	add(terms, true)
	switch apart := apartTerms(g, text); {
	case len(terms) > 1:
		add(append(terms[:len(terms):len(terms)], apart...), false)
	case len(apart) > 0: // the phrase's own items are all listed or ranked out already
		add(apart, false)
	}
	add(queryTerms(g, text, true), false)
	passes[len(passes)-1].Subject = true
	return passes
}

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

// OpenQuestions lists, from offset on, the questions v may see that
// nobody marked solved: those with no answer yet first, then the others,
// newest first; and how many there are in all.
func (s *Store) OpenQuestions(ctx context.Context, v Viewer, offset, limit int) ([]Item, int, error) {
	return s.page(ctx, openQuestionsSQL, countOpenSQL, v, offset, limit)
}

// Resources lists, from offset on, the resources v may see, newest first;
// with tag, only those tagged so (tag folded, without #); and how many
// there are in all.
func (s *Store) Resources(ctx context.Context, v Viewer, tag string, offset, limit int) ([]Item, int, error) {
	if tag == "" {
		return s.page(ctx, resourcesSQL, countResourcesSQL, v, offset, limit)
	}
	return s.page(ctx, taggedResourcesSQL, countTaggedSQL, v, offset, limit, textfold.Fold(tag))
}

// TagShown is tag as the resources v may see most often write it
// (#santé), or tag itself when none does.
func (s *Store) TagShown(ctx context.Context, v Viewer, tag string) (string, error) {
	var shown string
	err := s.rdb.QueryRowContext(ctx, tagShownSQL, 0, v.GroupID, v.MemberID, textfold.Fold(tag)).Scan(&shown)
	if errors.Is(err, sql.ErrNoRows) {
		return tag, nil
	}
	return shown, err
}

// page runs a list's query from offset and its count; tag is the
// tagged lists' ?5 (?4 in the count).
func (s *Store) page(ctx context.Context, list, count string, v Viewer, offset, limit int, tag ...any) ([]Item, int, error) {
	items, err := s.queryItems(ctx, list, append([]any{limit, v.GroupID, v.MemberID, offset}, tag...)...)
	if err != nil {
		return nil, 0, err
	}
	var n int
	err = s.rdb.QueryRowContext(ctx, count, append([]any{0, v.GroupID, v.MemberID}, tag...)...).Scan(&n)
	return items, n, err
}

// Related finds up to limit items v may see on the subject of text (a
// question about to be saved): those sharing at least two of its telling
// words, or words of the same meaning; when none does, those sharing one.
// A word most items hold (in, de, the) tells nothing of a subject, and one
// shared word is chance: "Who can lend a projector?" is not related to
// every item with "can".
func (s *Store) Related(ctx context.Context, v Viewer, text string, limit int) ([]Item, error) {
	var words []string
	for _, w := range textfold.Words(text) {
		if !textfold.IsStopWord(w) {
			words = append(words, w)
		}
	}
	terms, err := s.telling(ctx, queryTerms(s.Glossary(), strings.Join(words, " "), false))
	if err != nil || len(terms) == 0 {
		return nil, err
	}
	var match, weights []string
	for i := range terms {
		for j := i + 1; j < len(terms); j++ {
			m, w := ftsQuery([][]phrase{terms[i], terms[j]}, true)
			match, weights = append(match, "("+m+")"), append(weights, w)
		}
	}
	if len(terms) == 1 {
		m, w := ftsQuery(terms, true)
		match, weights = []string{m}, []string{w}
	}
	found, err := s.search(ctx, v, strings.Join(match, " OR "), strings.Join(weights, " "), limit)
	if err != nil || len(found) > 0 || len(terms) == 1 {
		return found, err
	}
	// None shares two: those sharing one telling word (never a stop word
	// nor a word most items hold) are still on her subject.
	m, w := ftsQuery(terms, false)
	return s.search(ctx, v, m, w, limit)
}

// telling keeps the terms that match fewer than an eighth of the items (at
// most tellingMax; its stop words already left out): the words that say
// what a text is about. At most
// relatedTerms of them, the first.
func (s *Store) telling(ctx context.Context, terms [][]phrase) ([][]phrase, error) {
	var last int64
	if err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM items`).Scan(&last); err != nil {
		return nil, err
	}
	most := min(max(last/8, 2), tellingMax)
	var kept [][]phrase
	for _, t := range terms {
		if len(t) == 0 {
			continue
		}
		m, _ := ftsQuery([][]phrase{t[:1]}, true) // the word as typed
		var n int64
		if err := s.rdb.QueryRowContext(ctx, countCandidatesSQL, m, most+1).Scan(&n); err != nil {
			return nil, err
		}
		if n <= most {
			kept = append(kept, t)
		}
		if len(kept) == relatedTerms {
			break
		}
	}
	return kept, nil
}

const (
	// tellingMax bounds how many items a telling word may match, and so
	// what counting them costs among a million.
	tellingMax = 5000
	// relatedTerms bounds the words related pairs up: 8 make 28 pairs.
	relatedTerms = 8
)
