package store

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// One person may reach labbot under two user IDs: her phone number and,
// in groups that hide numbers, her LID. Before labbot learns they are one
// person each may become a member; MergeMember makes them one, kept under
// the ID the transport uses from then on, with the other kept as alt_id
// so that forgetting her forgets both.

const (
	memberFormsSQL = `SELECT user_id, id, COALESCE(alt_id, '') FROM members WHERE user_id IN (?1, ?2)`
	renameSQL      = `UPDATE members SET user_id = ?1, alt_id = ?2 WHERE id = ?3`
	setAltSQL      = `UPDATE members SET alt_id = ?1 WHERE id = ?2`
	// clearAltSQL takes LID ?1 from any other row than ?2 that kept it (a
	// number she no longer uses): one LID is one person's.
	clearAltSQL   = `UPDATE members SET alt_id = NULL WHERE alt_id = ?1 AND id <> ?2`
	lidMembersSQL = `SELECT user_id FROM members WHERE user_id LIKE 'lid:%' ORDER BY id`
	userByAltSQL  = `SELECT user_id FROM members WHERE alt_id = ?`
)

// mergeRowsSQL moves what member ?2 has onto member ?1 and deletes ?2.
// She keeps the name and language of the row she used last (the other's
// when hers has none), her first arrival, every group, subscription and
// RSVP of either, whether she ever wrote labbot directly, and the credit for what either shared or translated.
var mergeRowsSQL = []string{
	`UPDATE members SET
		name = CASE WHEN (o.seen_at > members.seen_at AND o.name <> '') OR members.name = '' THEN o.name ELSE members.name END,
		lang = CASE WHEN (o.seen_at > members.seen_at AND o.lang IS NOT NULL) OR members.lang IS NULL THEN o.lang ELSE members.lang END,
		created_at = MIN(members.created_at, o.created_at), seen_at = MAX(members.seen_at, o.seen_at)
		FROM (SELECT name, lang, created_at, seen_at FROM members WHERE id = ?2) AS o WHERE members.id = ?1`,
	`INSERT INTO group_members (group_id, member_id, joined_at)
		SELECT group_id, ?1, joined_at FROM group_members WHERE member_id = ?2 ON CONFLICT DO NOTHING`,
	`INSERT INTO subscriptions (member_id, created_at)
		SELECT ?1, created_at FROM subscriptions WHERE member_id = ?2 ON CONFLICT DO NOTHING`,
	`INSERT INTO rsvps (event_id, member_id, created_at)
		SELECT event_id, ?1, created_at FROM rsvps WHERE member_id = ?2 ON CONFLICT DO NOTHING`,
	`INSERT INTO direct_contacts (member_id, wrote_dm, refused_at)
		SELECT ?1, wrote_dm, refused_at FROM direct_contacts WHERE member_id = ?2
		ON CONFLICT (member_id) DO UPDATE SET
		wrote_dm = MAX(direct_contacts.wrote_dm, excluded.wrote_dm),
		refused_at = NULLIF(MAX(COALESCE(direct_contacts.refused_at, 0), COALESCE(excluded.refused_at, 0)), 0)`,
	`UPDATE items SET author_id = ?1 WHERE author_id = ?2`,
	`UPDATE translations SET translator_id = ?1 WHERE translator_id = ?2`,
	`UPDATE events SET created_by = ?1 WHERE created_by = ?2`,
	`UPDATE announcements SET staff_id = ?1 WHERE staff_id = ?2`,
	`UPDATE outbox SET audience_member = ?1 WHERE audience_member = ?2`,
	mergeWantsSQL,
	unmergeWantsSQL,
	`DELETE FROM members WHERE id = ?2`,
}

// renameUserSQL names her by user ID ?1 wherever labbot kept user ID ?2:
// her direct chat, quotes of her, the messages that made her events and
// announcements. Forgetting her then finds it all under one ID.
var renameUserSQL = []string{
	`UPDATE outbox SET chat = ?1 WHERE chat = ?2`,
	`UPDATE outbox SET quote_sender = ?1 WHERE quote_sender = ?2`,
	`UPDATE item_messages SET chat = ?1 WHERE chat = ?2`,
	`UPDATE events SET source = trim(replace('|' || source || '|', '|' || ?2 || '|', '|' || ?1 || '|'), '|')
		WHERE instr('|' || source || '|', '|' || ?2 || '|') > 0`,
	`UPDATE announcements SET source = trim(replace('|' || source || '|', '|' || ?2 || '|', '|' || ?1 || '|'), '|')
		WHERE instr('|' || source || '|', '|' || ?2 || '|') > 0`,
	`UPDATE announcements SET staff_chat = ?1 WHERE staff_chat = ?2`,
}

// Merge is what MergeMember did: the member kept, and the row merged
// into it and deleted (0 when there was none).
type Merge struct {
	Kept, Dropped int64
}

// memberForms is what the store knows of one person's two user IDs.
type memberForms struct {
	kept, other int64 // row IDs; 0 for none
	alt         string
}

// settled reports that there is nothing to merge: the other form has no
// row, and hers (if any) knows it.
func (f memberForms) settled(other string) bool {
	return f.other == 0 && (f.kept == 0 || f.alt == other)
}

func readForms(ctx context.Context, q querier, keep, other string) (memberForms, error) {
	var f memberForms
	rows, err := q.QueryContext(ctx, memberFormsSQL, keep, other)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var user, alt string
		var id int64
		if err := rows.Scan(&user, &id, &alt); err != nil {
			return f, err
		}
		if user == keep {
			f.kept, f.alt = id, alt
		} else {
			f.other = id
		}
	}
	return f, rows.Err()
}

// MergeMember records that user IDs keep and other are one person, known
// from now on as keep. A member row under other is merged into hers, or
// becomes hers when she has none; what labbot kept under other (her direct
// chat, quotes, sealed rows and anonymous links) is renamed to keep. Most
// calls find it done already: those cost one read.
func (s *Store) MergeMember(ctx context.Context, keep, other string) (Merge, error) {
	if keep == other || keep == "" || other == "" {
		return Merge{}, nil
	}
	f, err := readForms(ctx, s.rdb, keep, other)
	if err != nil || f.settled(other) {
		return Merge{}, wrapMerge(err)
	}
	var m Merge
	err = s.tx(ctx, func(tx querier) error {
		m, err = mergeForms(ctx, tx, keep, other)
		return err
	})
	return m, wrapMerge(err)
}

func wrapMerge(err error) error {
	if err != nil {
		return fmt.Errorf("merge member: %w", err)
	}
	return nil
}

// mergeForms is MergeMember inside its transaction.
func mergeForms(ctx context.Context, tx querier, keep, other string) (Merge, error) {
	f, err := readForms(ctx, tx, keep, other)
	if err != nil || f.settled(other) {
		return Merge{}, err
	}
	holder := f.kept // the row that keeps her, and the LID with her
	if holder == 0 {
		holder = f.other
	}
	if _, err := tx.ExecContext(ctx, clearAltSQL, other, holder); err != nil {
		return Merge{}, err
	}
	switch {
	case f.other == 0:
		_, err = tx.ExecContext(ctx, setAltSQL, other, f.kept)
		return Merge{Kept: f.kept}, err
	case f.kept == 0:
		if _, err = tx.ExecContext(ctx, renameSQL, keep, other, f.other); err != nil {
			return Merge{}, err
		}
		return Merge{Kept: f.other}, renameUser(ctx, tx, keep, other, f.other, f.other)
	}
	if err := runAll(ctx, tx, mergeRowsSQL, f.kept, f.other); err != nil {
		return Merge{}, err
	}
	if _, err := tx.ExecContext(ctx, setAltSQL, other, f.kept); err != nil {
		return Merge{}, err
	}
	return Merge{Kept: f.kept, Dropped: f.other}, renameUser(ctx, tx, keep, other, f.other, f.kept)
}

// renameUser names her keep, and member row into, wherever labbot kept
// other and row from: in the clear, and sealed.
func renameUser(ctx context.Context, tx querier, keep, other string, from, into int64) error {
	if err := runAll(ctx, tx, renameUserSQL, keep, other); err != nil {
		return err
	}
	return resealFor(ctx, tx, keep, other, from, into)
}

func runAll(ctx context.Context, tx querier, queries []string, args ...any) error {
	for _, q := range queries {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// LIDOnlyMembers lists the members known only by LID ("lid:…"): the
// transport asks, for each, whether it has learned her number since.
func (s *Store) LIDOnlyMembers(ctx context.Context) ([]string, error) {
	ids, err := queryAll(ctx, s.rdb, func(row scanner) (v string, err error) { return v, row.Scan(&v) }, lidMembersSQL)
	if err != nil {
		return nil, fmt.Errorf("members known by LID: %w", err)
	}
	return ids, nil
}

const (
	resealOutboxSQL = `UPDATE outbox SET sealed = ? WHERE id = ?`
	resealAskerSQL  = `UPDATE anon_askers SET sealed = ? WHERE item_id = ?`
	resealDraftSQL  = `UPDATE anon_drafts SET sealed = ? WHERE msg_id = ?`
)

// resealFor renames other to keep, and member row from to into, inside
// what labbot keeps sealed: the outbox rows waiting sealed, and the
// anonymous askers' links and drafts. Each is opened to see whose it is;
// one that no longer opens serves nobody, and is left.
func resealFor(ctx context.Context, tx querier, keep, other string, from, into int64) error {
	key, err := strangerKey(ctx, tx)
	if err != nil {
		return err
	}
	if err := resealOutbox(ctx, tx, key, keep, other, from, into); err != nil {
		return err
	}
	return resealAnon(ctx, tx, keep, other)
}

func resealOutbox(ctx context.Context, tx querier, key []byte, keep, other string, from, into int64) error {
	aead, err := subkeyAEAD(key, outboxContext)
	if err != nil {
		return err
	}
	return eachSealed(ctx, tx, key, func(r sealedOutRow, f sealedFields) error {
		if f.Chat != other && f.QuoteSender != other && f.Member != from {
			return nil
		}
		f.Chat, f.QuoteSender, f.Member = swap(f.Chat, other, keep), swap(f.QuoteSender, other, keep), swapID(f.Member, from, into)
		plain, err := json.Marshal(f)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, resealOutboxSQL, seal(aead, plain, outboxAbout(r.msgID)), r.id)
		return err
	})
}

func resealAnon(ctx context.Context, tx querier, keep, other string) error {
	return eachAnonOf(ctx, tx, other, func(aead cipher.AEAD, id int64) error {
		_, err := tx.ExecContext(ctx, resealAskerSQL, seal(aead, []byte(keep), askerAbout(id)), id)
		return err
	}, func(aead cipher.AEAD, key string, d AnonDraft) error {
		d.UserID = keep
		plain, err := json.Marshal(d)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, resealDraftSQL, seal(aead, plain, draftAbout(key)), key)
		return err
	})
}

func swap(v, from, to string) string {
	if v == from {
		return to
	}
	return v
}

func swapID(v, from, to int64) int64 {
	if v == from {
		return to
	}
	return v
}

// UserByAlt is the user ID of the member whose other form is alt (her
// LID, merged into her number's row); ok is false when none is.
func (s *Store) UserByAlt(ctx context.Context, alt string) (user string, ok bool, err error) {
	err = s.rdb.QueryRowContext(ctx, userByAltSQL, alt).Scan(&user)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("member by other form: %w", err)
	}
	return user, true, nil
}
