package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
)

const (
	markProcessedSQL = `INSERT INTO processed_messages (chat, sender, msg_id, at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	pruneProcessedSQL  = `DELETE FROM processed_messages WHERE at < ?`
	strangerLastSQL    = `SELECT at FROM stranger_refusals WHERE user_hash = ?`
	strangerRefusedSQL = `INSERT INTO stranger_refusals (user_hash, at) VALUES (?, ?)
		ON CONFLICT(user_hash) DO UPDATE SET at = excluded.at`
)

// MarkProcessed records an incoming message and reports whether it is the
// first time it was seen: a redelivered message is not handled again.
func (s *Store) MarkProcessed(ctx context.Context, chat, sender, msgID string, now time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, markProcessedSQL, chat, sender, msgID, ms(now))
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PruneProcessed forgets incoming messages older than before; WhatsApp does
// not redeliver messages that old.
func (s *Store) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, pruneProcessedSQL, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return res.RowsAffected()
}

// RefuseStranger reports whether a stranger should be told, now, that
// labbot only serves the Lab: at most once per every. It records the refusal
// when it says yes. Only a hash of the ID is kept: labbot has no reason to
// know who strangers are.
func (s *Store) RefuseStranger(ctx context.Context, userID string, now time.Time, every time.Duration) (bool, error) {
	sum := sha256.Sum256([]byte(userID))
	hash := hex.EncodeToString(sum[:])
	refuse := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var last int64
		err := tx.QueryRowContext(ctx, strangerLastSQL, hash).Scan(&last)
		switch {
		case err == sql.ErrNoRows:
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
