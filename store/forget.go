package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"labbot/privacy"
)

// ForgetBatch marks an outbox row that names someone who asked to be
// forgotten (the reply that confirms it): once sent, or given up on, the
// row is blanked like those ForgetMember found.
const ForgetBatch = "forget"

const (
	forgetWhoSQL    = `SELECT user_id, name, COALESCE(alt_id, '') FROM members WHERE id = ?`
	forgetMemberSQL = `DELETE FROM members WHERE id = ?`
	forgetVoicesSQL = `SELECT DISTINCT f.sha256 FROM item_files f JOIN items i ON i.id = f.item_id
		WHERE i.author_id = ? AND f.kind = 'voice'`
	dropVoicesSQL = `DELETE FROM item_files WHERE kind = 'voice'
		AND item_id IN (SELECT id FROM items WHERE author_id = ?)`
	forgetNumberSQL  = `INSERT INTO forgotten_numbers (hash) VALUES (?) ON CONFLICT DO NOTHING`
	forgetUserSQL    = `INSERT INTO forgotten_members (user_hash) VALUES (?) ON CONFLICT DO NOTHING`
	outboxBlankNames = `chat = '', body = '', quote_id = '', quote_sender = '', quote_addr = '', quote_text = '',
		doc_name = '', doc_mime = '', doc_data = NULL, file_hash = '', file_kind = '', last_error = '', sealed = NULL`
)

// forgetSQL removes, once her member row is gone (?1 her user ID, which is
// also her direct chat's; ?2 her name), what still names her: what was
// queued to her and not sent is dropped (sealed rows by dropSealedTo),
// what was sent is blanked; quotes
// of her lose her words; the messages that created an event or an
// announcement are no longer known by her; her announcements' reports go
// nowhere.
var forgetSQL = []string{
	`DELETE FROM outbox WHERE chat = ?1 AND sent_at IS NULL`,
	`UPDATE outbox SET ` + outboxBlankNames + ` WHERE chat = ?1`,
	`UPDATE outbox SET quote_id = '', quote_sender = '', quote_addr = '', quote_text = '' WHERE quote_sender = ?1`,
	// A post that credited her by name has gone out: what it said is no
	// longer labbot's to keep. (The name may be short and common: at
	// worst another sent message loses its copy.)
	`UPDATE outbox SET body = '' WHERE sent_at IS NOT NULL AND ?2 <> '' AND instr(body, ?2) > 0`,
	`DELETE FROM item_messages WHERE chat = ?1`,
	`UPDATE events SET source = NULL WHERE instr(source, '|' || ?1 || '|') > 0`,
	`UPDATE announcements SET source = NULL WHERE instr(source, '|' || ?1 || '|') > 0`,
	`UPDATE announcements SET staff_chat = '' WHERE staff_chat = ?1`,
}

// ForgetMember deletes what labbot keeps about a member: her language,
// her groups, her digest subscription and her RSVPs (by foreign keys), the
// questions she wanted answered too, and every outbox row and message
// record that names her. Her items stay, with
// no author: credited to "a former member". Her phone number is kept only
// as keyed hashes (see privacy.PhoneForms), so that an export still
// removes it from what she and others wrote, and her user ID as one, so
// that chat does not bring her back (see SeeMember). Deleted rows leave no
// copy in the file (secure_delete) nor in the WAL, emptied at the end.
func (s *Store) ForgetMember(ctx context.Context, memberID int64) error {
	var voices []string // her voice notes' files, deleted once no item names them
	err := s.tx(ctx, func(tx querier) error {
		var user, name, alt string
		err := tx.QueryRowContext(ctx, forgetWhoSQL, memberID).Scan(&user, &name, &alt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		// Which questions she wanted answered ties her to them: gone
		// first (the foreign key would refuse her row's delete).
		if _, err = tx.ExecContext(ctx, forgetWantsSQL, memberID); err != nil {
			return err
		}
		if voices, err = forgetVoices(ctx, tx, memberID); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, forgetMemberSQL, memberID); err != nil {
			return err
		}
		for _, id := range []string{user, alt} { // her other ID too, once known (see MergeMember)
			if id == "" {
				continue
			}
			if err := forgetUser(ctx, tx, s.key, id, name); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = s.truncateWAL(ctx)
	}
	if err == nil {
		err = s.dropUnusedFiles(ctx, voices)
	}
	if err != nil {
		return fmt.Errorf("forget member: %w", err)
	}
	return nil
}

// forgetVoices takes her voice notes off her items, inside tx, and returns
// their files' hashes. A voice note is her voice: what she shared stays in
// the Lab as text (its caption, its tags), but her voice goes with her.
// Documents and photos she shared stay, as her other items do.
func forgetVoices(ctx context.Context, tx querier, memberID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, forgetVoicesSQL, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		hashes = append(hashes, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	_, err = tx.ExecContext(ctx, dropVoicesSQL, memberID)
	return hashes, err
}

// dropUnusedFiles deletes from disk each of hashes no item names any more.
func (s *Store) dropUnusedFiles(ctx context.Context, hashes []string) error {
	for _, h := range hashes {
		if err := s.DropFileIfUnused(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

// forgetUser removes what still names user ID user, once her member row
// is gone, and keeps its hashes.
func forgetUser(ctx context.Context, tx querier, key []byte, user, name string) error {
	if err := keepHashes(ctx, tx, key, user); err != nil {
		return err
	}
	if err := forgetAsker(ctx, tx, user); err != nil {
		return err
	}
	if err := dropSealedTo(ctx, tx, user); err != nil {
		return err
	}
	for _, q := range forgetSQL {
		if _, err := tx.ExecContext(ctx, q, user, name); err != nil {
			return err
		}
	}
	return nil
}

// keepHashes keeps the keyed hashes of user's ID and of her number's forms.
func keepHashes(ctx context.Context, tx querier, key []byte, user string) error {
	if _, err := tx.ExecContext(ctx, forgetUserSQL, privacy.NumberHash(key, user)); err != nil {
		return err
	}
	for _, d := range privacy.PhoneForms(user) {
		if _, err := tx.ExecContext(ctx, forgetNumberSQL, privacy.NumberHash(key, d)); err != nil {
			return err
		}
	}
	return nil
}

// gone reports whether user asked to be forgotten and has not come back.
func gone(ctx context.Context, q querier, key []byte, user string) (bool, error) {
	var g bool
	err := q.QueryRowContext(ctx, goneSQL, user, privacy.NumberHash(key, user)).Scan(&g)
	return g, err
}

const (
	isForgetRow = `batch = '` + ForgetBatch + `'`
	// endsAs is what the updates that end a row's sending return: whether
	// it was a ForgetBatch row, and whether it was sensitive.
	endsAs         = isForgetRow + `, sensitive`
	blankOutboxSQL = `UPDATE outbox SET ` + outboxBlankNames + ` WHERE id = ?`
	// dropEndedSQL deletes a sensitive row once out of the sender's hands:
	// blanked, it would still show, by its place and time among the
	// others, which answers to an anonymous question told someone.
	dropEndedSQL = `DELETE FROM outbox WHERE id = ?`
)

// markEnd runs query, an update that ends row id's sending and returns
// isForgetRow. A row that named someone who asked to be forgotten is then
// blanked, and the WAL emptied of its older copy.
func (s *Store) markEnd(ctx context.Context, what, query string, id int64, args ...any) error {
	s.wmu.Lock()
	forgotten, err := endRow(context.WithoutCancel(ctx), s.w, id, query, args...)
	s.wmu.Unlock()
	if err == nil && forgotten {
		err = s.truncateWAL(ctx)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// endRow runs query for row id on q, and blanks the row when it was a
// ForgetBatch one; it reports whether it was. A row that is gone is no
// error.
func endRow(ctx context.Context, q querier, id int64, query string, args ...any) (bool, error) {
	var forgotten, sensitive bool
	err := q.QueryRowContext(ctx, query, args...).Scan(&forgotten, &sensitive)
	if errors.Is(err, sql.ErrNoRows) || err != nil {
		return false, ignoreNoRows(err)
	}
	if sensitive {
		_, err = q.ExecContext(ctx, dropEndedSQL, id)
	} else if forgotten {
		_, err = q.ExecContext(ctx, blankOutboxSQL, id)
	}
	return forgotten, err
}

func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}
