package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"

	"labbot/internal/filestore"
)

const (
	// itemFileColumn reads an item's file as one JSON array, NULL for none:
	// one lookup by the item's key, whatever the query's FROM.
	itemFileColumn = `(SELECT json_array(f.name, f.mime, f.kind, f.size, f.sha256) FROM item_files f WHERE f.item_id = i.id)`
	insertFileSQL  = `INSERT INTO item_files (item_id, name, mime, kind, size, sha256) VALUES (?, ?, ?, ?, ?, ?)`
	fileUsedSQL    = `SELECT EXISTS (SELECT 1 FROM item_files WHERE sha256 = ?)`
	fileNeededSQL  = `SELECT EXISTS (SELECT 1 FROM item_files WHERE sha256 = ?1) OR EXISTS (SELECT 1 FROM outbox WHERE file_hash = ?1)`
	filesDirName   = "files"
)

// File is a file kept with an item: what it is, and its hash, which names
// it under the data directory (see Store.Files).
type File struct {
	Name string // as she sent it; "" for an image or a voice note
	MIME string
	Kind string // document, image, audio or voice (see internal/filetype)
	Size int64
	Hash string // hex SHA-256
}

// Files is the directory the files of labbot.db's items are kept in:
// "files" beside it.
func (s *Store) Files() filestore.Dir {
	return filestore.Dir(filepath.Join(filepath.Dir(s.path), filesDirName))
}

// FilesBeside is Files for the database at dbPath, without opening it
// (a backup reads beside a running labbot).
func FilesBeside(dbPath string) filestore.Dir {
	return filestore.Dir(filepath.Join(filepath.Dir(dbPath), filesDirName))
}

// DropFileIfUnused deletes the file with hash from disk once no item
// names it (after !remove, or !forget taking her voice notes).
func (s *Store) DropFileIfUnused(ctx context.Context, hash string) error {
	used, err := s.FileUsed(ctx, hash)
	if err != nil || used {
		return err
	}
	return s.Files().Remove(hash)
}

// FileUsed reports whether an item still names the file with hash: once
// none does, it may be deleted.
func (s *Store) FileUsed(ctx context.Context, hash string) (bool, error) {
	var used bool
	if err := s.rdb.QueryRowContext(ctx, fileUsedSQL, hash).Scan(&used); err != nil {
		return false, fmt.Errorf("file used: %w", err)
	}
	return used, nil
}

// addFile keeps it's file, when it has one, inside tx.
func addFile(ctx context.Context, tx querier, it Item) error {
	if it.File == nil {
		return nil
	}
	f := it.File
	_, err := tx.ExecContext(ctx, insertFileSQL, it.ID, f.Name, f.MIME, f.Kind, f.Size, f.Hash)
	return err
}

// scanFile reads itemFileColumn.
func scanFile(col sql.NullString) (*File, error) {
	if !col.Valid {
		return nil, nil
	}
	var a []any
	if err := json.Unmarshal([]byte(col.String), &a); err != nil || len(a) != 5 {
		return nil, fmt.Errorf("item file %q: %v", col.String, err)
	}
	f := &File{}
	f.Name, _ = a[0].(string)
	f.MIME, _ = a[1].(string)
	f.Kind, _ = a[2].(string)
	size, _ := a[3].(float64)
	f.Size = int64(size)
	f.Hash, _ = a[4].(string)
	return f, nil
}

// sweepFiles deletes what a crash left among the files: temporary files,
// and files no item and no waiting message names (stored for an item
// whose save never committed). Open runs it, before anything is stored.
func (s *Store) sweepFiles(ctx context.Context) error {
	return s.Files().Sweep(func(hash string) (bool, error) {
		var needed bool
		err := s.rdb.QueryRowContext(ctx, fileNeededSQL, hash).Scan(&needed)
		return needed, err
	})
}
