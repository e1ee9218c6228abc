package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the key of labbot's keyed hashes (strangers' IDs,
// forgotten members' numbers, handled messages), beside the database and
// never in it: a copy of labbot.db alone does not give back the numbers
// its hashes stand for, as trying every number against a key kept beside
// them would. A backup leaves it out on purpose.
const KeyFileName = "labbot.key"

const (
	// legacyKeyName is where labbot kept the key before it had a file.
	legacyKeyName  = "stranger_key"
	deleteStateSQL = `DELETE FROM state WHERE key = ?`
	hashedRowsSQL  = `SELECT (SELECT COUNT(*) FROM forgotten_numbers) + (SELECT COUNT(*) FROM stranger_refusals)`
)

// errNoKey is a hash asked for where the key is not at hand.
var errNoKey = errors.New("store: the hash key is only at hand in a write transaction")

// keyPath is the key file beside the database at dbPath.
func keyPath(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), KeyFileName) }

// strangerKey is the key strangers' IDs, forgotten members' numbers and
// handled messages are hashed with. It lives in labbot.key (see loadKey)
// and reaches a write transaction with its querier.
func strangerKey(_ context.Context, tx querier) ([]byte, error) {
	if u, ok := tx.(uncancelled); ok && len(u.key) > 0 {
		return u.key, nil
	}
	return nil, errNoKey
}

// loadKey reads the hash key at Open. A database older than the key file
// kept it in its state table: it moves to the file, then leaves the table,
// so the hashes made with it still match. With neither, a new key is
// made; hashes already kept then match nothing, and a note says so.
func (s *Store) loadKey(ctx context.Context, dbPath string) error {
	path := keyPath(dbPath)
	var legacy string
	err := s.w.QueryRowContext(ctx, getStateSQL, legacyKeyName).Scan(&legacy)
	switch {
	case err == nil:
		// The table's key made the hashes of this very file: it wins over
		// a file left by a database this one replaced.
		if s.key, err = hex.DecodeString(legacy); err != nil {
			return fmt.Errorf("hash key in the state table: %w", err)
		}
		if err := writeKey(path, s.key); err != nil {
			return err
		}
		_, err = s.exec(ctx, deleteStateSQL, legacyKeyName)
		return err
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if s.key, err = readKey(path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	s.key = make([]byte, 32)
	rand.Read(s.key)
	if err := writeKey(path, s.key); err != nil {
		return err
	}
	var hashed int
	if err := s.w.QueryRowContext(ctx, hashedRowsSQL).Scan(&hashed); err != nil {
		return err
	}
	if hashed > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%s was missing: made a new one; the %d keyed hashes kept before "+
			"(forgotten members' numbers, refused strangers) no longer match. Restore the old %s to keep them.",
			KeyFileName, hashed, KeyFileName))
	}
	return nil
}

// readKey reads a key file: 64 hex digits.
func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err == nil && len(key) != 32 {
		err = errors.New("not 32 bytes")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w (it holds 64 hex digits)", path, err)
	}
	return key, nil
}

// writeKey puts key in path through a temporary file, readable by its
// owner only, synced before it takes the name.
func writeKey(path string, key []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+KeyFileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", KeyFileName, err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", KeyFileName, err)
	}
	syncBackupDir(filepath.Dir(path))
	return nil
}
