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
