package store

import (
	"context"
	"fmt"
)

const (
	snapshotGroupsSQL = `SELECT ` + groupColumns + ` FROM groups ORDER BY id`
	// snapshotItemsSQL reads nothing of an anonymous item's author, not
	// even whether she was forgotten, and no user ID of anyone's. Its
	// columns are itemColumns'.
	snapshotItemsSQL = `SELECT i.id, i.kind, i.num, i.body, i.url, i.lang,
		CASE WHEN i.anonymous THEN 0 ELSE COALESCE(i.author_id, 0) END,
		CASE WHEN i.anonymous THEN '' ELSE COALESCE(m.name, '') END, '',
		i.anonymous, COALESCE(i.group_id, 0), i.private, COALESCE(i.question_id, 0), i.created_at, ` + itemFileColumn + itemFrom + `
		ORDER BY CASE i.kind WHEN 'T' THEN 0 WHEN 'Q' THEN 1 WHEN 'R' THEN 2 ELSE 3 END, i.num`
	snapshotTagsSQL = `SELECT item_id, ` + shownTag + ` FROM item_tags ORDER BY item_id, tag`
	// snapshotTranslationsSQL reads who translated by name only: no
	// user ID, and nobody for the anonymous asker's own translation.
	snapshotTranslationsSQL = `SELECT t.item_id, t.lang, t.body, COALESCE(t.translator_id, 0), COALESCE(m.name, ''), t.anonymous
		FROM translations t LEFT JOIN members m ON m.id = t.translator_id ORDER BY t.item_id, t.lang`
	snapshotEventsSQL = `SELECT ` + eventColumns + ` FROM events e ORDER BY e.num`
	snapshotRSVPsSQL  = `SELECT event_id, COUNT(*) FROM rsvps GROUP BY event_id`
	// snapshotUserIDsSQL reads the user IDs no exported text may show.
	snapshotUserIDsSQL = `SELECT user_id FROM members WHERE user_id LIKE '+%' OR user_id LIKE 'lid:%'
		UNION ALL SELECT alt_id FROM members WHERE alt_id LIKE '+%' OR alt_id LIKE 'lid:%'`
	snapshotForgottenSQL = `SELECT hash FROM forgotten_numbers`
)

// Snapshot is the knowledge base as stored, read at one instant, and what
// an export needs to keep numbers out of it. Nothing in it is redacted.
type Snapshot struct {
	Groups       []Group                         // all, in the order they were registered
	Items        []Item                          // by kind (T, Q, R, A) and number, with their tags
	Translations map[int64]map[string]string     // by item ID, then language
	Translators  map[int64]map[string]Translator // who wrote each translation, likewise
	Events       []Event                         // by number, the cancelled ones too
	RSVPs        map[int64]int                   // how many will attend, by event ID
	Polls        []Poll                          // by number, with their posts (issue 17)
	Tallies      map[int64]PollTally             // each poll's count, by poll ID: never who voted
	UserIDs      []string                        // members' phone and LID user IDs
	// Forgotten are the keyed hashes of forgotten members' numbers (see
	// privacy.NumberHash), and ForgottenKey the key they were made with.
	Forgotten    []string
	ForgottenKey []byte
}

// Translator is who wrote a translation, as an export credits her: by
// name; ID 0 and not Anonymous when she was forgotten; Anonymous (no ID,
// no name) when she is the item's anonymous asker.
type Translator struct {
	ID        int64
	Name      string
	Anonymous bool
}

// Snapshot reads the whole knowledge base in one transaction, so that
// labbot's writes meanwhile cannot leave an answer without its question.
// An anonymous item comes with no author at all (AuthorID 0, no name).
func (r *Reader) Snapshot(ctx context.Context) (Snapshot, error) {
	s, err := r.snapshot(ctx)
	if err != nil {
		return Snapshot{}, fmt.Errorf("read knowledge: %w", err)
	}
	return s, nil
}

func (r *Reader) snapshot(ctx context.Context) (s Snapshot, err error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return s, err
	}
	defer tx.Rollback()
	if s.Groups, err = queryAll(ctx, tx, scanGroup, snapshotGroupsSQL); err != nil {
		return s, err
	}
	if s.Items, err = queryAll(ctx, tx, scanItem, snapshotItemsSQL); err != nil {
		return s, err
	}
	tags := map[int64][]string{}
	err = eachRow(ctx, tx, snapshotTagsSQL, func(row scanner) error {
		var id int64
		var tag string
		err := row.Scan(&id, &tag)
		tags[id] = append(tags[id], tag)
		return err
	})
	if err != nil {
		return s, err
	}
	for i := range s.Items {
		s.Items[i].Tags = tags[s.Items[i].ID]
	}
	s.Translations, s.Translators = map[int64]map[string]string{}, map[int64]map[string]Translator{}
	err = eachRow(ctx, tx, snapshotTranslationsSQL, func(row scanner) error {
		var id int64
		var lang, body string
		var who Translator
		err := row.Scan(&id, &lang, &body, &who.ID, &who.Name, &who.Anonymous)
		if s.Translations[id] == nil {
			s.Translations[id], s.Translators[id] = map[string]string{}, map[string]Translator{}
		}
		s.Translations[id][lang], s.Translators[id][lang] = body, who
		return err
	})
	if err != nil {
		return s, err
	}
	if s.Events, err = queryAll(ctx, tx, scanEvent, snapshotEventsSQL); err != nil {
		return s, err
	}
	s.RSVPs = map[int64]int{}
	err = eachRow(ctx, tx, snapshotRSVPsSQL, func(row scanner) error {
		var id int64
		var n int
		err := row.Scan(&id, &n)
		s.RSVPs[id] = n
		return err
	})
	if err != nil {
		return s, err
	}
	if err := readPolls(ctx, tx, &s); err != nil {
		return s, err
	}
	return s, readNumbers(ctx, tx, r.key, &s)
}

// readNumbers reads what an export must keep out: members' user IDs, and
// forgotten members' numbers as hashes, with their key (labbot.key's, nil
// when there is none).
func readNumbers(ctx context.Context, tx querier, key []byte, s *Snapshot) (err error) {
	text := func(row scanner) (v string, err error) { return v, row.Scan(&v) }
	if s.UserIDs, err = queryAll(ctx, tx, text, snapshotUserIDsSQL); err != nil {
		return err
	}
	if s.Forgotten, err = queryAll(ctx, tx, text, snapshotForgottenSQL); err != nil || len(s.Forgotten) == 0 {
		return err
	}
	if key == nil {
		return fmt.Errorf("%d forgotten members' numbers are kept as keyed hashes, and their key, %s, is not in the data directory: "+
			"restore it, or start labbot once to make a new one (those numbers then go unrecognised)", len(s.Forgotten), KeyFileName)
	}
	s.ForgottenKey = key
	return nil
}

// eachRow runs query and hands every row to fn.
func eachRow(ctx context.Context, db querier, query string, fn func(scanner) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
