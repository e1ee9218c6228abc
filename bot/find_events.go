package bot

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"labbot/bot/config"
)

// eventResults is how many events find shows after the items.
const eventResults = 3

// eventHits is the part of find's reply that lists the events matching
// query the reader may see (the store keeps the others), or "" for none.
func (b *Bot) eventHits(ctx context.Context, r *request, query string) (string, error) {
	events, err := b.store.SearchEvents(ctx, viewer(r), query, eventResults)
	if err != nil || len(events) == 0 {
		return "", err
	}
	loc := b.readerZone(r)
	lines := []string{"", b.texts.msg(r.Lang, "find.events", nil)}
	for _, e := range events {
		lines = append(lines, b.eventLine(r.Lang, e, loc))
	}
	return strings.Join(lines, "\n"), nil
}

// glossaryFile follows staff's glossary (search.glossary) as it changes:
// find reads it again when its time or size differ, and a file that no
// longer reads keeps the glossary before it.
type glossaryFile struct {
	mu   sync.Mutex
	mod  time.Time
	size int64
}

// useGlossary gives the store staff's glossary, read with the config.
func (b *Bot) useGlossary() {
	if g := b.cfg.Search.Glossary; g != nil {
		b.store.SetGlossary(g)
		if fi, err := os.Stat(b.cfg.Search.GlossaryFile); err == nil {
			b.glossary.mod, b.glossary.size = fi.ModTime(), fi.Size()
		}
	}
}

// reloadGlossary gives the store staff's glossary as its file now reads,
// when it changed since last read.
func (b *Bot) reloadGlossary() {
	path := b.cfg.Search.GlossaryFile
	if path == "" {
		return
	}
	fi, err := os.Stat(path)
	b.glossary.mu.Lock()
	defer b.glossary.mu.Unlock()
	if err != nil || fi.ModTime().Equal(b.glossary.mod) && fi.Size() == b.glossary.size {
		return
	}
	b.glossary.mod, b.glossary.size = fi.ModTime(), fi.Size()
	g, err := config.LoadGlossary(path)
	if err != nil {
		b.log.Warn("the glossary file no longer reads: searches keep the one before", "err", err)
		return
	}
	b.store.SetGlossary(g)
	b.log.Info("glossary read again", "file", path, "concepts", g.Len())
}
