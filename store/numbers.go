package store

import (
	"context"
	"fmt"
)

// Numbers is what the filter on labbot's messages must know at start (see
// privacy.NewNumbers): members' phone and LID user IDs, and forgotten
// members' numbers as keyed hashes, with their key.
type Numbers struct {
	UserIDs   []string
	Forgotten []string
	Key       []byte
}

// KnownNumbers reads them, as an export does, in one snapshot.
func (s *Store) KnownNumbers(ctx context.Context) (Numbers, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return Numbers{}, fmt.Errorf("known numbers: %w", err)
	}
	defer tx.Rollback()
	var snap Snapshot
	if err := readNumbers(ctx, tx, s.key, &snap); err != nil {
		return Numbers{}, fmt.Errorf("known numbers: %w", err)
	}
	return Numbers{UserIDs: snap.UserIDs, Forgotten: snap.Forgotten, Key: snap.ForgottenKey}, nil
}
