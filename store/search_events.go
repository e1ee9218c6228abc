package store

import (
	"context"
	"fmt"

	"labbot/textfold"
)

const (
	eventTextSQL       = `SELECT title, description FROM events WHERE id = ?`
	eventFTSDeleteSQL  = `DELETE FROM events_fts WHERE rowid = ?`
	eventFTSInsertSQL  = `INSERT INTO events_fts (rowid, title, description) VALUES (?, ?, ?)`
	reindexItemsSQL    = `SELECT id, kind, body, lang FROM items WHERE id > ? ORDER BY id LIMIT 500`
	reindexEventsSQL   = `SELECT id FROM events WHERE id > ? ORDER BY id LIMIT 500`
	ftsDeleteAllSQL    = `INSERT INTO items_fts (items_fts) VALUES ('delete-all')`
	eventsDeleteAllSQL = `INSERT INTO events_fts (events_fts) VALUES ('delete-all')`

	// searchEventsSQL ranks the events not cancelled whose title or
	// description match ?1, titles weighing 4, among those the viewer may
	// see: Lab-wide ones, and a group's own in that group, or in a direct
	// message to its members (?2 the chat's group, 0 in a direct message;
	// ?3 the member). Soonest to start first among equals.
	searchEventsSQL = `WITH ranked AS (
			SELECT rowid AS id, labrank(events_fts, 4.0, 1.0, ?5) AS score FROM events_fts
			WHERE events_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4)
		SELECT ` + eventColumns + ` FROM ranked JOIN events e ON e.id = ranked.id
		WHERE e.cancelled_at IS NULL AND (e.group_id IS NULL OR (?2 <> 0 AND e.group_id = ?2) OR
			(?2 = 0 AND e.group_id IN (SELECT group_id FROM group_members WHERE member_id = ?3)))
		ORDER BY ranked.score, e.starts_at DESC LIMIT ?6`
)

// reindexEvent (re)writes an event's search entry from its row: call it
// after changing its title or description. An event has no language of
// its own, so its words are stemmed in all three.
func reindexEvent(ctx context.Context, tx querier, eventID int64) error {
	var title, description string
	if err := tx.QueryRowContext(ctx, eventTextSQL, eventID).Scan(&title, &description); err != nil {
		return notFound(err)
	}
	if _, err := tx.ExecContext(ctx, eventFTSDeleteSQL, eventID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, eventFTSInsertSQL, eventID,
		stemmed(title, textfold.Langs...), stemmed(description, textfold.Langs...))
	return err
}

// SearchEvents finds the events not cancelled that best match what a
// member typed, among those v may see, as Search finds items.
func (s *Store) SearchEvents(ctx context.Context, v Viewer, text string, limit int) ([]Event, error) {
	terms := queryTerms(s.Glossary(), text, false)
	var found []Event
	for _, every := range []bool{true, false} {
		if len(terms) == 0 || !every && len(terms) == 1 || len(found) >= limit {
			break
		}
		match, weights := ftsQuery(terms, every)
		more, err := queryAll(ctx, s.rdb, scanEvent, searchEventsSQL, match, v.GroupID, v.MemberID, candidates, weights, limit)
		if err != nil {
			return nil, fmt.Errorf("search events: %w", err)
		}
		for _, e := range more {
			if len(found) < limit && !containsEvent(found, e.ID) {
				found = append(found, e)
			}
		}
	}
	return found, nil
}

func containsEvent(events []Event, id int64) bool {
	for _, e := range events {
		if e.ID == id {
			return true
		}
	}
	return false
}

// reindexAll writes every item's and event's search entry again, as
// index and reindexEvent write them now: migration 0016's Go step, for a
// database indexed before search knew stems.
func reindexAll(ctx context.Context, tx querier) error {
	for _, q := range []string{ftsDeleteAllSQL, eventsDeleteAllSQL} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := reindexItems(ctx, tx); err != nil {
		return err
	}
	return reindexEvents(ctx, tx)
}

// reindexItems indexes every item again, a batch at a time: the rows of
// a batch are read before they are written, on the one connection.
func reindexItems(ctx context.Context, tx querier) error {
	scan := func(r scanner) (Item, error) {
		var it Item
		return it, r.Scan(&it.ID, &it.Kind, &it.Body, &it.Lang)
	}
	for after := int64(0); ; {
		batch, err := queryAll(ctx, tx, scan, reindexItemsSQL, after)
		if err != nil || len(batch) == 0 {
			return err
		}
		for _, it := range batch {
			if it.Tags, err = tags(ctx, tx, it.ID); err != nil {
				return err
			}
			trans, err := translations(ctx, tx, it.ID)
			if err != nil {
				return err
			}
			if err := index(ctx, tx, it, trans); err != nil {
				return err
			}
		}
		after = batch[len(batch)-1].ID
	}
}

// reindexEvents indexes every event again, a batch at a time.
func reindexEvents(ctx context.Context, tx querier) error {
	scan := func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}
	for after := int64(0); ; {
		ids, err := queryAll(ctx, tx, scan, reindexEventsSQL, after)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			if err := reindexEvent(ctx, tx, id); err != nil {
				return err
			}
		}
		after = ids[len(ids)-1]
	}
}
