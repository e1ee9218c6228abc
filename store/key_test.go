package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A backup of labbot.db alone holds no key: its keyed hashes cannot be
// undone by trying every number against a key kept beside them.
func TestBackupHoldsNoHashKey(t *testing.T) {
	s, path := backupSource(t, 1)
	ctx := context.Background()
	if _, err := s.RefuseStranger(ctx, "+19999999999", t0, 0); err != nil {
		t.Fatal(err)
	}
	m, _, _ := s.SeeMember(ctx, Incoming{Sender: "+15550000123"}, "Zainab", 0, t0)
	if err := s.ForgetMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	if _, err := Backup(ctx, path, dest); err != nil {
		t.Fatal(err)
	}
	key, err := readKey(filepath.Join(filepath.Dir(path), KeyFileName))
	if err != nil {
		t.Fatalf("the key file: %v", err)
	}
	raw, _ := os.ReadFile(dest)
	if bytes.Contains(raw, key) || bytes.Contains(raw, []byte(hex.EncodeToString(key))) {
		t.Error("the backup holds the hash key")
	}
	db, err := sql.Open("sqlite3", readOnlyURI(dest))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	// No value of the state table is a 32-byte key, in hex or raw.
	db.QueryRow(`SELECT COUNT(*) FROM state WHERE length(value) IN (32, 64) OR key LIKE '%key%'`).Scan(&n)
	if n != 0 {
		t.Errorf("the backup's state table holds %d key-like values", n)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("the backup made %d files, want the copy alone", len(entries))
	}
}

// A database from before the key file keeps its key in the state table:
// at Open it moves to the file and leaves the table, and the hashes made
// with it still match.
func TestHashKeyMovesOutOfTheDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Repeat("ab", 32)
	s.SetState(ctx, legacyKeyName, old)
	s.Close()
	os.Remove(keyPath(path))
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := os.ReadFile(keyPath(path)); err != nil || strings.TrimSpace(string(got)) != old {
		t.Errorf("key file = %q, %v; want the table's key", got, err)
	}
	if _, err := s.State(ctx, legacyKeyName); err == nil {
		t.Error("the key is still in the state table")
	}
	if hex.EncodeToString(s.key) != old {
		t.Error("the store hashes with another key than the one moved")
	}
	if len(s.Notes()) != 0 {
		t.Errorf("notes = %q, want none", s.Notes())
	}
}

// A lost key file is made anew, and a note tells the operator that the
// hashes kept before no longer match.
func TestLostHashKeyIsMadeAnewWithANote(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.RefuseStranger(ctx, "+19999999999", t0, 0)
	before := s.key
	s.Close()
	os.Remove(keyPath(path))
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if bytes.Equal(s.key, before) {
		t.Error("the new key is the old one")
	}
	if notes := s.Notes(); len(notes) != 1 || !strings.Contains(notes[0], "no longer match") {
		t.Errorf("notes = %q, want one saying older hashes no longer match", notes)
	}
}
