package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"labbot/privacy"
)

const (
	processedSQL     = `SELECT 1 FROM processed_messages WHERE hash = ? AND ran = 1`
	markProcessedSQL = `INSERT INTO processed_messages (hash, at) VALUES (?, ?)
		ON CONFLICT(hash) DO UPDATE SET ran = 1, at = excluded.at WHERE ran = 0`
	setAsideSQL        = `INSERT INTO processed_messages (hash, at, ran) VALUES (?, ?, 0) ON CONFLICT DO NOTHING`
	pruneProcessedSQL  = `DELETE FROM processed_messages WHERE at < ?`
	pruneStrangersSQL  = `DELETE FROM stranger_refusals WHERE at < ?`
	hasClearSQL        = `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'processed_messages_clear')`
	clearProcessedSQL  = `SELECT chat, sender, msg_id, at FROM processed_messages_clear`
	dropClearSQL       = `DROP TABLE processed_messages_clear`
	strangerLastSQL    = `SELECT at FROM stranger_refusals WHERE user_hash = ?`
	strangerRefusedSQL = `INSERT INTO stranger_refusals (user_hash, at) VALUES (?, ?)
		ON CONFLICT(user_hash) DO UPDATE SET at = excluded.at`
)

// Incoming names an incoming message.
type Incoming struct {
	Chat, Sender, MsgID string
	// Command is set when the message is a command: the one thing that
	// brings back someone who asked to be forgotten (see SeeMember).
	Command bool
}

// hash is the keyed hash in is kept as once handled: who wrote what, and
// where, is no business of the table that remembers it was handled.
func (in Incoming) hash(key []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(in.Chat))
	mac.Write([]byte{0})
	mac.Write([]byte(in.Sender))
	mac.Write([]byte{0})
	mac.Write([]byte(in.MsgID))
	return mac.Sum(nil)[:16]
}

// Processed reports whether the message was handled already: labbot ran
// it. One it set aside as too old (SetAside) was not.
func (s *Store) Processed(ctx context.Context, chat, sender, msgID string) (bool, error) {
	var one int
	in := Incoming{Chat: chat, Sender: sender, MsgID: msgID}
	err := s.rdb.QueryRowContext(ctx, processedSQL, in.hash(s.key)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("processed: %w", err)
	}
	return true, nil
}

// markProcessed marks in handled (run), and reports false when it was
// already. A message set aside before is marked run now: its edit ran.
func markProcessed(ctx context.Context, tx querier, in Incoming, now time.Time) (bool, error) {
	key, err := strangerKey(ctx, tx)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, markProcessedSQL, in.hash(key), ms(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// SetAside notes that labbot did not run in, a command too old to answer,
// and reports false when it was noted already (a redelivery): so it is
// logged once. It does not count as handled: an edit of it that is not too
// old is run.
func (s *Store) SetAside(ctx context.Context, in Incoming, now time.Time) (bool, error) {
	res, err := s.exec(ctx, setAsideSQL, in.hash(s.key), ms(now))
	if err != nil {
		return false, fmt.Errorf("set aside: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// PruneProcessed forgets incoming messages older than before; WhatsApp does
// not redeliver messages that old.
func (s *Store) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, pruneProcessedSQL, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return res.RowsAffected()
}

// RefuseStranger reports whether a stranger should be told, now, that
// labbot only serves the Lab: at most once per every. It records the refusal
// when it says yes. Only a keyed hash of the ID is kept (the key is made at
// random, once, and kept in labbot.key, outside the database): labbot has no reason to
// know who strangers are, and an unkeyed hash of a phone number is undone
// by trying them all.
func (s *Store) RefuseStranger(ctx context.Context, userID string, now time.Time, every time.Duration) (bool, error) {
	refuse := false
	err := s.tx(ctx, func(tx querier) error {
		key, err := strangerKey(ctx, tx)
		if err != nil {
			return err
		}
		hash := privacy.NumberHash(key, userID)
		var last int64
		err = tx.QueryRowContext(ctx, strangerLastSQL, hash).Scan(&last)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case now.Sub(fromMS(last)) < every:
			return nil
		}
		refuse = true
		_, err = tx.ExecContext(ctx, strangerRefusedSQL, hash, ms(now))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("refuse stranger: %w", err)
	}
	return refuse, nil
}

// hashProcessed hashes the handled messages of a file older than
// migration 0006, kept in the clear until then, and drops them.
func (s *Store) hashProcessed(ctx context.Context) error {
	var clear bool
	if err := s.w.QueryRowContext(ctx, hasClearSQL).Scan(&clear); err != nil || !clear {
		return err
	}
	return s.tx(ctx, func(tx querier) error {
		rows, err := tx.QueryContext(ctx, clearProcessedSQL)
		if err != nil {
			return err
		}
		var all []Incoming
		var at []int64
		for rows.Next() {
			var in Incoming
			var t int64
			if err := rows.Scan(&in.Chat, &in.Sender, &in.MsgID, &t); err != nil {
				rows.Close()
				return err
			}
			all, at = append(all, in), append(at, t)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for i, in := range all {
			if _, err := tx.ExecContext(ctx, markProcessedSQL, in.hash(s.key), at[i]); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, dropClearSQL)
		return err
	})
}

// PruneStrangers forgets the strangers refused before before: a refusal
// matters only for the day after it, and even a keyed hash of a number is
// kept no longer than it serves.
func (s *Store) PruneStrangers(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, pruneStrangersSQL, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune strangers: %w", err)
	}
	return res.RowsAffected()
}
