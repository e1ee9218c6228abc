package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"labbot/privacy"
)

const (
	processedSQL     = `SELECT 1 FROM processed_messages WHERE chat = ? AND sender = ? AND msg_id = ?`
	markProcessedSQL = `INSERT INTO processed_messages (chat, sender, msg_id, at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	pruneProcessedSQL  = `DELETE FROM processed_messages WHERE at < ?`
	strangerLastSQL    = `SELECT at FROM stranger_refusals WHERE user_hash = ?`
	strangerRefusedSQL = `INSERT INTO stranger_refusals (user_hash, at) VALUES (?, ?)
		ON CONFLICT(user_hash) DO UPDATE SET at = excluded.at`
	strangerKeyName = "stranger_key"
)

// Incoming names an incoming message.
type Incoming struct{ Chat, Sender, MsgID string }

// Processed reports whether the message was handled already.
func (s *Store) Processed(ctx context.Context, chat, sender, msgID string) (bool, error) {
	var one int
	err := s.rdb.QueryRowContext(ctx, processedSQL, chat, sender, msgID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("processed: %w", err)
	}
	return true, nil
}

// markProcessed marks in handled, and reports false when it was already.
func markProcessed(ctx context.Context, tx querier, in Incoming, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, markProcessedSQL, in.Chat, in.Sender, in.MsgID, ms(now))
	if err != nil {
		return false, err
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
// random, once, and never leaves the database): labbot has no reason to
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

// strangerKey is the key strangers' IDs, and forgotten members' numbers,
// are hashed with, made on first use.
func strangerKey(ctx context.Context, tx querier) ([]byte, error) {
	var v string
	err := tx.QueryRowContext(ctx, getStateSQL, strangerKeyName).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		key := make([]byte, 32)
		rand.Read(key)
		v = hex.EncodeToString(key)
		_, err = tx.ExecContext(ctx, setStateSQL, strangerKeyName, v)
	}
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}
