package bot

import (
	"path/filepath"
	"testing"
	"time"

	"labbot/store"
)

// A stranger's refusal is kept (as a keyed hash) only while it serves, a
// day: labbot's daily prune, which also runs at start, drops it after.
func TestStrangerRefusalsArePruned(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	h := newHarnessAt(t, path, nil)
	h.say(t, "+19999999999", "", "hello?")
	v := openAuthzDB(t, h.path)
	if n := len(v.rows(t, `SELECT user_hash FROM stranger_refusals`)); n != 1 {
		t.Fatalf("%d refusals kept, want the one", n)
	}
	h.store.Close()
	later := newHarnessFrom(t, path, t0.Add(3*24*time.Hour), nil)
	v = openAuthzDB(t, later.path)
	if rows := v.rows(t, `SELECT user_hash FROM stranger_refusals`); len(rows) != 0 {
		t.Errorf("a refusal three days old is still kept: %q", rows)
	}
}
