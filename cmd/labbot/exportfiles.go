package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	knowledge "labbot/bot/export"
	"labbot/internal/filestore"
)

// copyFiles copies each item's file into dir (made 0700 if need be), each
// 0600 and named by its item's ID (knowledge.CopyName): never by the name
// a member gave it. Without force, a file already there stops the export.
func copyFiles(k knowledge.Knowledge, src filestore.Dir, dir string, force bool) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return dirProblem("export: --files", dir, err)
	}
	for _, it := range k.Items() {
		if it.File == nil {
			continue
		}
		dest := filepath.Join(dir, knowledge.CopyName(it))
		if err := copyStored(src, it.File.SHA256, dest, force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return usageError{fmt.Sprintf("export: --files: %s already exists: name a new directory, or add --force to replace it", dest)}
			}
			return fmt.Errorf("export: %s's file: %w", it.ID, err)
		}
	}
	return nil
}

// copyStored copies the stored file hash to dest; force replaces a file
// there (removed first: never written through a link left there).
func copyStored(src filestore.Dir, hash, dest string, force bool) error {
	p := src.Path(hash)
	if p == "" {
		return fs.ErrNotExist
	}
	if force {
		os.Remove(dest)
	}
	return filestore.CopyNew(p, dest)
}
