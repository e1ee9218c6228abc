// Package filestore keeps the files members share, content-addressed: a
// file is named by its SHA-256 (DIR/ab/cdef…), written once, readable by
// labbot's user only (files 0600, directories 0700).
package filestore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrTooBig is a file larger than the limit Put was given.
var ErrTooBig = errors.New("file too big")

// Dir is the directory files are kept in (data_dir/files).
type Dir string

// Blob is a stored file.
type Blob struct {
	Hash string // hex SHA-256 of its content
	Size int64
}

// Path is where the file with hash is kept. A hash that is not 64 hex
// digits names no file (it cannot climb out of the directory).
func (d Dir) Path(hash string) string {
	if !validHash(hash) {
		return ""
	}
	return filepath.Join(string(d), hash[:2], hash[2:])
}

func validHash(h string) bool {
	if len(h) != 2*sha256.Size {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// Put streams r to a temporary file in the directory, then renames it
// to its hash: the content is never held in memory, and a file only ever
// appears whole. More than max bytes is ErrTooBig, and nothing is kept.
func (d Dir) Put(r io.Reader, max int64) (Blob, error) {
	return d.PutFrom(max, func(f Sink) error {
		_, err := io.Copy(f, io.LimitReader(r, max+1))
		if errors.Is(err, ErrTooBig) {
			return ErrTooBig
		}
		return err
	})
}

// PutFrom is Put for a writer that wants the file itself (whatsmeow's
// DownloadToFile seeks and truncates it): fill writes the content into
// a new temporary file, which is then hashed from disk and renamed.
func (d Dir) PutFrom(max int64, fill func(f Sink) error) (Blob, error) {
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return Blob{}, err
	}
	f, err := os.CreateTemp(string(d), ".put-*")
	if err != nil {
		return Blob{}, err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // gone once renamed, or on any failure
	b, err := fillAndHash(f, max, fill)
	if err != nil {
		return Blob{}, err
	}
	dest := d.Path(b.Hash)
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return Blob{}, err
	}
	return b, os.Rename(tmp, dest)
}

// fillAndHash fills f (0600), syncs it, and hashes what it holds.
func fillAndHash(f *os.File, max int64, fill func(f Sink) error) (Blob, error) {
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return Blob{}, err
	}
	// The writer may not grow the file past max (and a download's
	// padding): a file that lies about its size stops there.
	if err := fill(capped{f: f, max: max + downloadSlack}); err != nil {
		if errors.Is(err, ErrTooBig) {
			return Blob{}, ErrTooBig
		}
		return Blob{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Blob{}, err
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, max+1))
	switch {
	case err != nil:
		return Blob{}, fmt.Errorf("store file: %w", err)
	case n > max:
		return Blob{}, ErrTooBig
	}
	if err := f.Sync(); err != nil {
		return Blob{}, err
	}
	return Blob{Hash: hex.EncodeToString(h.Sum(nil)), Size: n}, f.Close()
}

// Open opens the file with hash for reading.
func (d Dir) Open(hash string) (*os.File, error) {
	p := d.Path(hash)
	if p == "" {
		return nil, fs.ErrNotExist
	}
	return os.Open(p)
}

// Remove deletes the file with hash; one already gone is no error.
func (d Dir) Remove(hash string) error {
	p := d.Path(hash)
	if p == "" {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	os.Remove(filepath.Dir(p)) // the fan-out directory, when it is empty now
	return nil
}

// CopyTo copies every stored file into dest (created, 0700), each 0600:
// a backup's files. It returns how many it copied.
func (d Dir) CopyTo(dest string) (int, error) {
	n := 0
	err := filepath.WalkDir(string(d), func(p string, e fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist) && p == string(d):
			return fs.SkipAll // no file shared yet
		case err != nil:
			return err
		case e.IsDir() || !validHash(filepath.Base(filepath.Dir(p))+e.Name()):
			return nil // directories, and temporary files of a Put under way
		}
		rel, _ := filepath.Rel(string(d), p)
		n++
		target := filepath.Join(dest, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return err
		}
		return CopyNew(p, target)
	})
	return n, err
}

// CopyNew copies src to dest, a file it creates 0600 or fails on (it is
// there already: fs.ErrExist), and syncs it. A half copy does not stay:
// the file is ours since it created it. Backups, the files beside them and
// an export's copies all come through here.
func CopyNew(src, dest string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(dest)
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

// Sink is what a download writes a file into: whatsmeow's DownloadToFile
// needs all of it (it seeks, reads its MAC back, truncates).
type Sink interface {
	io.Reader
	io.Writer
	io.Seeker
	io.ReaderAt
	io.WriterAt
	Truncate(size int64) error
	Stat() (os.FileInfo, error)
}

// downloadSlack is what an encrypted download holds beyond the file: its
// padding and MAC, which the downloader cuts off once it has checked them.
const downloadSlack = 64

// capped is a file that refuses to grow past max bytes, whatever the
// sender announced. It is no *os.File, so a downloader does not reserve
// disk for a size it was told either, and it has no ReadFrom for io.Copy
// to write around Write with.
type capped struct {
	f   *os.File
	max int64
}

func (c capped) Read(p []byte) (int, error)              { return c.f.Read(p) }
func (c capped) ReadAt(p []byte, off int64) (int, error) { return c.f.ReadAt(p, off) }
func (c capped) Seek(off int64, whence int) (int64, error) {
	return c.f.Seek(off, whence)
}
func (c capped) Truncate(size int64) error  { return c.f.Truncate(size) }
func (c capped) Stat() (os.FileInfo, error) { return c.f.Stat() }

func (c capped) Write(p []byte) (int, error) {
	off, err := c.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, err
	}
	if off+int64(len(p)) > c.max {
		return 0, ErrTooBig
	}
	return c.f.Write(p)
}

func (c capped) WriteAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > c.max {
		return 0, ErrTooBig
	}
	return c.f.WriteAt(p, off)
}

// Sweep deletes what a crash may leave in the directory: temporary files,
// and stored files keep says no one needs (stored, then never named by
// the item being saved). It runs at start, before anything is stored.
func (d Dir) Sweep(keep func(hash string) (bool, error)) error {
	err := filepath.WalkDir(string(d), func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || e.IsDir() {
			return err
		}
		if strings.HasPrefix(e.Name(), ".put-") {
			return os.Remove(p)
		}
		hash := filepath.Base(filepath.Dir(p)) + e.Name()
		if !validHash(hash) {
			return nil // not ours: left alone
		}
		needed, err := keep(hash)
		if err != nil || needed {
			return err
		}
		return d.Remove(hash)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
