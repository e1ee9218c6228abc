package export

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"labbot/store"
)

var t0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

// lab is a store with two groups, one private, and a member in each.
type lab struct {
	*store.Store
	path         string
	open, closed store.Group // a Lab-wide group, and a private one
	ana, bea     store.Member
}

func newLab(t *testing.T) *lab {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.AddGroup(ctx, store.Group{Key: "open", JID: "open@g.us", Name: "Open", Lang: "es", TZ: "UTC"}, t0)
	s.AddGroup(ctx, store.Group{Key: "closed", JID: "closed@g.us", Name: "Closed", Lang: "fr", TZ: "UTC", Private: true}, t0)
	l := &lab{Store: s, path: path}
	l.open, _ = s.GroupByKey(ctx, "open")
	l.closed, _ = s.GroupByKey(ctx, "closed")
	l.ana, _, _ = s.SeeMember(ctx, store.Incoming{Sender: "+1"}, "Ana", l.open.ID, t0)
	l.bea, _, _ = s.SeeMember(ctx, store.Incoming{Sender: "+2"}, "Bea", l.closed.ID, t0)
	return l
}

func (l *lab) add(t *testing.T, it store.Item) store.Item {
	t.Helper()
	if it.Lang == "" {
		it.Lang = "es"
	}
	got, err := l.AddItem(context.Background(), it, t0)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// reader opens a Reader beside the lab's Store, closed when the test ends.
func (l *lab) reader(t *testing.T) *store.Reader {
	t.Helper()
	r, err := store.OpenReader(context.Background(), l.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
