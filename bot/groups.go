package bot

import (
	"context"
	"fmt"
	"sync"

	"labbot/store"
)

// groupRegistry keeps the partner groups in memory: every message asks
// for its group, and groups change only when staff set one up.
type groupRegistry struct {
	mu    sync.RWMutex
	byJID map[string]store.Group
	// loadMu makes each load read and swap in turn: two at once (two
	// !setup in two chats) could otherwise swap in the older read last.
	loadMu sync.Mutex
}

// load reads the active groups from the store, replacing what it held.
func (g *groupRegistry) load(ctx context.Context, st *store.Store) error {
	g.loadMu.Lock()
	defer g.loadMu.Unlock()
	all, err := st.Groups(ctx)
	if err != nil {
		return fmt.Errorf("load groups: %w", err)
	}
	m := make(map[string]store.Group, len(all))
	for _, grp := range all {
		m[grp.JID] = grp
	}
	g.mu.Lock()
	g.byJID = m
	g.mu.Unlock()
	return nil
}

// lookup finds a partner group by chat ID.
func (g *groupRegistry) lookup(jid string) (store.Group, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	grp, ok := g.byJID[jid]
	return grp, ok
}
