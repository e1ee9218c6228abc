package filestore

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPutIsContentAddressedAndPrivate checks that a file is kept by its
// SHA-256, once, 0600 in 0700 directories; that one over the limit leaves
// nothing behind; and that Remove and CopyTo do what they say.
func TestPutIsContentAddressedAndPrivate(t *testing.T) {
	d := Dir(filepath.Join(t.TempDir(), "files"))
	b, err := d.Put(strings.NewReader("hello"), 5)
	if err != nil {
		t.Fatal(err)
	}
	const sum = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
	if b.Hash != sum || b.Size != 5 || d.Path(sum) != filepath.Join(string(d), "2c", sum[2:]) {
		t.Fatalf("Put = %+v at %s", b, d.Path(sum))
	}
	for p, want := range map[string]os.FileMode{d.Path(sum): 0o600, filepath.Dir(d.Path(sum)): 0o700 | os.ModeDir, string(d): 0o700 | os.ModeDir} {
		if st, err := os.Stat(p); err != nil || st.Mode() != want {
			t.Errorf("%s: mode %v (%v); want %v", p, st.Mode(), err, want)
		}
	}
	if _, err := d.Put(strings.NewReader("hello!"), 5); !errors.Is(err, ErrTooBig) {
		t.Errorf("Put of 6 bytes, max 5 = %v; want ErrTooBig", err)
	}
	if left, _ := filepath.Glob(filepath.Join(string(d), ".put-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	dest := filepath.Join(t.TempDir(), "backup.files")
	if n, err := d.CopyTo(dest); n != 1 || err != nil {
		t.Errorf("CopyTo = %d, %v; want 1 file", n, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "2c", sum[2:])); !bytes.Equal(got, []byte("hello")) {
		t.Errorf("copied file holds %q", got)
	}
	if err := d.Remove(sum); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(sum); !os.IsNotExist(err) {
		t.Errorf("Open after Remove = %v; want not exist", err)
	}
	if d.Path("../../etc/passwd") != "" {
		t.Error("a hash that is not one names a path")
	}
}

// Review of issue 17: a download that lies about its size stops at the
// cap as it is written (not once it is whole on disk), by Write or
// WriteAt, and the writer is no *os.File a downloader could reserve disk
// through.
func TestPutFromStopsAtTheCap(t *testing.T) {
	d := Dir(t.TempDir())
	for name, fill := range map[string]func(Sink) error{
		"Write": func(f Sink) error {
			for range 100 {
				if _, err := f.Write(make([]byte, 1000)); err != nil {
					return err
				}
			}
			return nil
		},
		"WriteAt": func(f Sink) error { _, err := f.WriteAt([]byte("x"), 50_000); return err },
		"no *os.File": func(f Sink) error {
			if _, ok := f.(*os.File); ok {
				t.Error("the sink is an *os.File")
			}
			return nil
		},
	} {
		_, err := d.PutFrom(10_000, fill)
		if name != "no *os.File" && !errors.Is(err, ErrTooBig) {
			t.Errorf("%s past the cap: %v, want ErrTooBig", name, err)
		}
	}
	entries, _ := os.ReadDir(string(d))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".put-") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
}
