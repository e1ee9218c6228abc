package labdata

import (
	"context"
	"database/sql"
	"labbot/textfold"
	"strings"
)

// Row is an item placed in the Lab, as benchmarks load it: its number,
// author, group, question (for an answer) and time; zero for none.
type Row struct {
	Item
	Num        int64
	AuthorID   int64
	GroupID    int64
	QuestionID int64
	Created    int64 // Unix milliseconds
}

// Insert writes r into items, item_tags and items_fts inside tx, as the
// store would, and returns its ID. Loading straight into the tables in
// large transactions builds a big Lab in seconds instead of minutes.
func Insert(ctx context.Context, tx *sql.Tx, r Row) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO items (kind, num, body, url, lang, author_id, group_id, question_id, created_at)
		VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?)`,
		r.Kind, r.Num, r.Body, r.URL, r.Lang, r.AuthorID, r.GroupID, r.QuestionID, r.Created)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if r.QuestionID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE items SET answers = answers + 1 WHERE id = ?`, r.QuestionID); err != nil {
			return 0, err
		}
	}
	for _, tag := range r.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO item_tags (item_id, tag, shown) VALUES (?, ?, ?)`, id, textfold.Fold(tag), tag); err != nil {
			return 0, err
		}
	}
	title, body := "", r.Body
	if r.Kind == "R" { // a resource's text is its title
		title, body = r.Body, ""
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO items_fts (rowid, title, body, tags, translations) VALUES (?, ?, ?, ?, '')`,
		id, title, body, strings.Join(r.Tags, " "))
	return id, err
}
