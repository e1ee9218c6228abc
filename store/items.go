package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"labbot/textfold"
)

// shownTag is a tag as she wrote it (#santé), or folded when it was
// saved before tags kept their form.
const shownTag = `CASE shown WHEN '' THEN tag ELSE shown END`

const (
	itemColumns = `i.id, i.kind, i.num, i.body, i.url, i.lang, COALESCE(i.author_id, 0),
		COALESCE(m.name, ''), COALESCE(m.user_id, ''), i.anonymous, COALESCE(i.group_id, 0), i.private,
		COALESCE(i.question_id, 0), i.created_at, ` + itemFileColumn
	itemFrom = ` FROM items i LEFT JOIN members m ON m.id = i.author_id`

	nextNumSQL = `INSERT INTO item_numbers (kind, last) VALUES (?, 1)
		ON CONFLICT (kind) DO UPDATE SET last = last + 1 RETURNING last`
	insertItemSQL = `INSERT INTO items (kind, num, body, url, lang, author_id, anonymous, group_id,
		private, question_id, created_at) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, NULLIF(?, 0), ?, NULLIF(?, 0), ?)`
	insertTagSQL    = `INSERT INTO item_tags (item_id, tag, shown) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
	itemByRefSQL    = `SELECT ` + itemColumns + itemFrom + ` WHERE i.kind = ? AND i.num = ?`
	itemByIDSQL     = `SELECT ` + itemColumns + itemFrom + ` WHERE i.id = ?`
	itemByMsgSQL    = `SELECT ` + itemColumns + itemFrom + ` JOIN item_messages im ON im.item_id = i.id WHERE im.msg_id = ? AND im.chat = ?`
	answersSQL      = `SELECT ` + itemColumns + itemFrom + ` WHERE i.question_id = ? ORDER BY i.id`
	tagsSQL         = `SELECT ` + shownTag + ` FROM item_tags WHERE item_id = ? ORDER BY tag`
	translationsSQL = `SELECT lang, body FROM translations WHERE item_id = ? ORDER BY lang`
	setTranslateSQL = `INSERT INTO translations (item_id, lang, body, translator_id, created_at, anonymous) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?)
		ON CONFLICT (item_id, lang) DO UPDATE SET body = excluded.body, translator_id = excluded.translator_id,
			created_at = excluded.created_at, anonymous = excluded.anonymous`
	linkMessageSQL = `INSERT INTO item_messages (msg_id, chat, item_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
	ftsDeleteSQL   = `DELETE FROM items_fts WHERE rowid = ?`
	ftsInsertSQL   = `INSERT INTO items_fts (rowid, title, body, tags, translations) VALUES (?, ?, ?, ?, ?)`
	answerIDsSQL   = `SELECT id FROM items WHERE question_id = ?`
	deleteItemSQL  = `DELETE FROM items WHERE id = ?`
	// countAnswerSQL counts an answer (?3: its privacy) on its question
	// only when both are seen alike: an answer kept in a private group
	// leaves a Lab-wide question open, and says nothing of itself there.
	countAnswerSQL = `UPDATE items SET answers = answers + ?1 WHERE id = ?2 AND private = ?3`
	questionOfSQL  = `SELECT COALESCE(question_id, 0), private FROM items WHERE id = ?`
)

// Item kinds, as their IDs begin.
const (
	KindTip      = "T"
	KindQuestion = "Q"
	KindAnswer   = "A"
	KindResource = "R"
)

// Item is a tip, question, answer or resource.
type Item struct {
	ID         int64
	Kind       string
	Num        int64
	Body       string // the text; a resource's title
	URL        string // a resource's link
	Lang       string // the language it was written in
	AuthorID   int64  // 0 when she asked to be forgotten, and for anonymous items once saved
	AuthorName string // "" then, and for anonymous items (see Anonymous)
	AuthorUser string // her user ID, so that staff are credited as staff; "" as AuthorName
	Anonymous  bool
	GroupID    int64 // where it was shared; 0 for a direct message
	Private    bool
	QuestionID int64 // an answer's question
	Created    time.Time
	Tags       []string
	Nearby     bool  // found by a search only through the subject of its words
	File       *File // the file shared with it, if any (issue 17)
}

// Ref is the ID members type: T12, Q7.
func (i Item) Ref() string { return fmt.Sprintf("%s%d", i.Kind, i.Num) }

// AddItem saves a new item with its tags and indexes it for search, in one
// transaction, and returns it numbered.
func (s *Store) AddItem(ctx context.Context, it Item, now time.Time) (Item, error) {
	if err := s.tx(ctx, func(tx querier) error { return addItem(ctx, tx, &it, now) }); err != nil {
		return Item{}, fmt.Errorf("add item: %w", err)
	}
	return it, nil
}

// addItem writes it, numbered, with its tags, its question's answer count
// and its search entry, inside tx.
func addItem(ctx context.Context, tx querier, it *Item, now time.Time) error {
	if err := tx.QueryRowContext(ctx, nextNumSQL, it.Kind).Scan(&it.Num); err != nil {
		return err
	}
	// An anonymous item names nobody: its asker is kept sealed, apart.
	asker := int64(0)
	if it.Anonymous {
		asker, it.AuthorID = it.AuthorID, 0
	}
	res, err := tx.ExecContext(ctx, insertItemSQL, it.Kind, it.Num, it.Body, it.URL, it.Lang, it.AuthorID,
		it.Anonymous, it.GroupID, it.Private, it.QuestionID, ms(now))
	if err != nil {
		return err
	}
	if it.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if asker != 0 && it.Kind == KindQuestion {
		if err := sealAsker(ctx, tx, it.ID, asker, now.Add(AskerKeep)); err != nil {
			return err
		}
	}
	for _, tag := range it.Tags {
		if _, err := tx.ExecContext(ctx, insertTagSQL, it.ID, textfold.Fold(tag), tag); err != nil {
			return err
		}
	}
	if err := addFile(ctx, tx, *it); err != nil {
		return err
	}
	if it.QuestionID != 0 {
		if _, err := tx.ExecContext(ctx, countAnswerSQL, 1, it.QuestionID, it.Private); err != nil {
			return err
		}
	}
	it.Created = fromMS(ms(now))
	return index(ctx, tx, *it, nil)
}

// index (re)writes an item's search entry: the stems of its title or
// text, in its language, of its tags, in the three (a tag is often a word
// of any), and of its translations, each in its own (docs/SEARCH.md).
func index(ctx context.Context, tx querier, it Item, translations map[string]string) error {
	if _, err := tx.ExecContext(ctx, ftsDeleteSQL, it.ID); err != nil {
		return err
	}
	text := stemmed(it.Body, itemLangs(it.Lang)...)
	title, body := "", text
	if it.Kind == KindResource {
		title, body = text, ""
	}
	var trans []string
	for _, lang := range slices.Sorted(maps.Keys(translations)) {
		trans = append(trans, stemmed(translations[lang], itemLangs(lang)...))
	}
	tags := stemmed(strings.Join(it.Tags, " "), textfold.Langs...)
	_, err := tx.ExecContext(ctx, ftsInsertSQL, it.ID, title, body, tags, strings.Join(trans, "\n"))
	return err
}

// ItemByRef finds an item by kind and number; ErrNotFound if none.
func (s *Store) ItemByRef(ctx context.Context, kind string, num int64) (Item, error) {
	return s.loadItem(ctx, itemByRefSQL, kind, num)
}

// ItemByMessage finds the item labbot's message msgID, in chat, posted or
// confirmed.
func (s *Store) ItemByMessage(ctx context.Context, msgID, chat string) (Item, error) {
	return s.loadItem(ctx, itemByMsgSQL, msgID, chat)
}

func (s *Store) loadItem(ctx context.Context, query string, args ...any) (Item, error) {
	it, err := scanItem(s.rdb.QueryRowContext(ctx, query, args...))
	if err != nil {
		return Item{}, notFound(err)
	}
	it.Tags, err = s.tags(ctx, it.ID)
	return it, err
}

func (s *Store) tags(ctx context.Context, itemID int64) ([]string, error) {
	return tags(ctx, s.rdb, itemID)
}

func tags(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, itemID int64) ([]string, error) {
	rows, err := db.QueryContext(ctx, tagsSQL, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, rows.Err()
}

// Answers lists a question's answers, oldest first.
func (s *Store) Answers(ctx context.Context, questionID int64) ([]Item, error) {
	return s.queryItems(ctx, answersSQL, questionID)
}

func (s *Store) queryItems(ctx context.Context, query string, args ...any) ([]Item, error) {
	return queryAll(ctx, s.rdb, scanItem, query, args...)
}

// Translations returns an item's human translations by language.
func (s *Store) Translations(ctx context.Context, itemID int64) (map[string]string, error) {
	return translations(ctx, s.rdb, itemID)
}

func translations(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, itemID int64) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, translationsSQL, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var lang, body string
		if err := rows.Scan(&lang, &body); err != nil {
			return nil, err
		}
		out[lang] = body
	}
	return out, rows.Err()
}

// SetTranslation adds (or replaces) the translation of it into lang, and
// makes it searchable.
func (s *Store) SetTranslation(ctx context.Context, it Item, lang, body string, translatorID int64, now time.Time) error {
	err := s.tx(ctx, func(tx querier) error {
		return setTranslation(ctx, tx, it, Translation{Lang: lang, Body: body, TranslatorID: translatorID}, now)
	})
	if err != nil {
		return fmt.Errorf("set translation: %w", err)
	}
	return nil
}

func setTranslation(ctx context.Context, tx querier, it Item, t Translation, now time.Time) error {
	translator := t.TranslatorID
	if t.Anonymous {
		translator = 0
	}
	if _, err := tx.ExecContext(ctx, setTranslateSQL, it.ID, t.Lang, t.Body, translator, ms(now), t.Anonymous); err != nil {
		return err
	}
	trans, err := translations(ctx, tx, it.ID)
	if err != nil {
		return err
	}
	// The stored tags, not the caller's: an item loaded without them
	// must not lose them from search.
	if it.Tags, err = tags(ctx, tx, it.ID); err != nil {
		return err
	}
	return index(ctx, tx, it, trans)
}

// RemoveItem deletes an item, and a question's answers with it, from the
// store and from search.
func (s *Store) RemoveItem(ctx context.Context, itemID int64) error {
	err := s.tx(ctx, func(tx querier) error {
		ids := []int64{itemID}
		rows, err := tx.QueryContext(ctx, answerIDsSQL, itemID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, ftsDeleteSQL, id); err != nil {
				return err
			}
		}
		var question int64
		var private bool
		if err := tx.QueryRowContext(ctx, questionOfSQL, itemID).Scan(&question, &private); err != nil {
			return notFound(err)
		}
		if question != 0 {
			if _, err := tx.ExecContext(ctx, countAnswerSQL, -1, question, private); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, deleteItemSQL, itemID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("remove item: %w", err)
	}
	return err
}

func scanItem(row scanner) (Item, error) {
	var it Item
	var created int64
	var file sql.NullString
	err := row.Scan(&it.ID, &it.Kind, &it.Num, &it.Body, &it.URL, &it.Lang, &it.AuthorID, &it.AuthorName, &it.AuthorUser,
		&it.Anonymous, &it.GroupID, &it.Private, &it.QuestionID, &created, &file)
	if err != nil {
		return Item{}, err
	}
	if it.File, err = scanFile(file); err != nil {
		return Item{}, err
	}
	it.Created = fromMS(created)
	if it.Anonymous {
		it.AuthorName, it.AuthorUser = "", "" // never shown, to anyone
	}
	return it, nil
}

// ItemMessage is one of labbot's messages that posted or confirmed an item.
type ItemMessage struct{ MsgID, Chat string }

const itemMessagesSQL = `SELECT msg_id, chat FROM item_messages
	WHERE item_id = ?1 OR item_id IN (SELECT id FROM items WHERE question_id = ?1)`

// ItemMessages lists labbot's messages about an item and, for a question,
// about its answers: read before !remove, whose cascade deletes them, so
// that a quote-reply to one can be told the item is gone (issue 18).
func (s *Store) ItemMessages(ctx context.Context, itemID int64) ([]ItemMessage, error) {
	msgs, err := queryAll(ctx, s.rdb, func(row scanner) (ItemMessage, error) {
		var m ItemMessage
		return m, row.Scan(&m.MsgID, &m.Chat)
	}, itemMessagesSQL, itemID)
	if err != nil {
		return nil, fmt.Errorf("item messages: %w", err)
	}
	return msgs, nil
}
