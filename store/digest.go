package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

const (
	// digestEntriesSQL reads only what choosing needs: a week can hold tens
	// of thousands of items, of which a digest shows a few dozen.
	digestEntriesSQL = `SELECT id, kind, created_at, COALESCE(group_id, 0), private, answers, lang FROM items
		WHERE created_at > ? AND created_at <= ? ORDER BY created_at DESC, id DESC`
	// recentTranslationsSQL reads the translations of items shared since
	// ?: none is older than its item, so those written since then hold
	// them all, and they are few (by the index of migration 0019).
	recentTranslationsSQL = `SELECT item_id, lang FROM translations WHERE created_at > ?`
	digestItemsSQL        = `SELECT ` + itemColumns + `, i.answers, COALESCE(q.num, 0),
		(SELECT COUNT(*) FROM question_wants w WHERE w.item_id = i.id)` + itemFrom + `
		LEFT JOIN items q ON q.id = i.question_id
		WHERE i.id IN (SELECT value FROM json_each(?))`
	digestTranslationsSQL = `SELECT ` + translationColumns + translationFrom + `
		WHERE t.item_id IN (SELECT value FROM json_each(?))`
)

// DigestEntry is an item as a digest chooses among them: by kind, age and
// who may see it.
type DigestEntry struct {
	ID      int64
	Kind    string
	Created time.Time
	GroupID int64
	Private bool
	Answers int // a question's answers so far
	Lang    string
	// Translated are the languages someone translated it into.
	Translated []string
}

// DigestItem is an item as a digest lists it.
type DigestItem struct {
	Item
	Answers      int                    // a question's answers so far
	QuestionNum  int64                  // an answer's question: Q<QuestionNum>
	Wants        int                    // a question's members who want to know too
	Translations map[string]Translation // by language
}

// DigestEntries lists every item shared in (from, to], newest first. One
// read serves every digest of a run: each keeps its own week and view.
func (s *Store) DigestEntries(ctx context.Context, from, to time.Time) ([]DigestEntry, error) {
	translated := map[int64][]string{}
	_, err := queryAll(ctx, s.rdb, func(row scanner) (struct{}, error) {
		var id int64
		var lang string
		err := row.Scan(&id, &lang)
		translated[id] = append(translated[id], lang)
		return struct{}{}, err
	}, recentTranslationsSQL, ms(from))
	if err != nil {
		return nil, wrap("digest entries", err)
	}
	entries, err := queryAll(ctx, s.rdb, func(row scanner) (DigestEntry, error) {
		var e DigestEntry
		var created int64
		err := row.Scan(&e.ID, &e.Kind, &created, &e.GroupID, &e.Private, &e.Answers, &e.Lang)
		e.Created, e.Translated = fromMS(created), translated[e.ID]
		return e, err
	}, digestEntriesSQL, ms(from), ms(to))
	return entries, wrap("digest entries", err)
}

// DigestItems loads the items with these IDs, with their translations.
func (s *Store) DigestItems(ctx context.Context, ids []int64) (map[int64]*DigestItem, error) {
	out := make(map[int64]*DigestItem, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	items, err := queryAll(ctx, s.rdb, func(row scanner) (DigestItem, error) {
		var d DigestItem
		var created int64
		var file sql.NullString
		err := row.Scan(&d.ID, &d.Kind, &d.Num, &d.Body, &d.URL, &d.Lang, &d.AuthorID, &d.AuthorName, &d.AuthorUser,
			&d.Anonymous, &d.GroupID, &d.Private, &d.QuestionID, &created, &file, &d.Answers, &d.QuestionNum, &d.Wants)
		d.Created = fromMS(created)
		if err == nil {
			d.File, err = scanFile(file)
		}
		if d.Anonymous {
			d.AuthorName, d.AuthorUser = "", ""
		}
		return d, err
	}, digestItemsSQL, string(list))
	if err != nil {
		return nil, fmt.Errorf("digest items: %w", err)
	}
	for i := range items {
		out[items[i].ID] = &items[i]
	}
	trs, err := queryAll(ctx, s.rdb, scanTranslation, digestTranslationsSQL, string(list))
	if err != nil {
		return nil, fmt.Errorf("digest items: %w", err)
	}
	for _, t := range trs {
		if d := out[t.ItemID]; d != nil {
			if d.Translations == nil {
				d.Translations = map[string]Translation{}
			}
			d.Translations[t.Lang] = t
		}
	}
	return out, nil
}

// wrap adds context to err, and leaves nil alone.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
