package bot

import (
	"sync"
	"time"

	"labbot/store"
)

const (
	// removedKeep is how long labbot remembers, in memory, that a group
	// message named an item removed since.
	removedKeep = 30 * 24 * time.Hour
	// maxRemoved bounds that memory; past it, the oldest go.
	maxRemoved = 10000
)

// removedItems remembers, for this run only, labbot's group messages
// about a question removed since (its post, its confirmation, the
// notices of its answers): a quote-reply to one is told the question was
// removed, instead of silence (issue 18). Group chats only: a direct
// chat's ID is a number, and nothing here may hold one.
type removedItems struct {
	mu sync.Mutex
	m  map[store.ItemMessage]removedItem
}

type removedItem struct {
	ref string // the question's ID, as Q7
	at  time.Time
}

// add remembers that msgs named the question ref, removed at now.
func (ri *removedItems) add(msgs []store.ItemMessage, ref string, now time.Time) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if ri.m == nil {
		ri.m = map[store.ItemMessage]removedItem{}
	}
	for _, m := range msgs {
		ri.m[m] = removedItem{ref: ref, at: now}
	}
	if len(ri.m) > maxRemoved {
		ri.prune(now)
	}
}

// prune drops what is older than removedKeep, or everything when that
// is not enough.
func (ri *removedItems) prune(now time.Time) {
	for k, v := range ri.m {
		if now.Sub(v.at) >= removedKeep {
			delete(ri.m, k)
		}
	}
	if len(ri.m) > maxRemoved {
		clear(ri.m)
	}
}

// lookup returns the removed question message msgID in chat named.
func (ri *removedItems) lookup(chat, msgID string, now time.Time) (string, bool) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	v, ok := ri.m[store.ItemMessage{MsgID: msgID, Chat: chat}]
	return v.ref, ok && now.Sub(v.at) < removedKeep
}

// groupMessages keeps the messages of msgs posted in partner groups.
func (b *Bot) groupMessages(msgs []store.ItemMessage) []store.ItemMessage {
	var out []store.ItemMessage
	for _, m := range msgs {
		if _, isGroup := b.groups.lookup(m.Chat); isGroup {
			out = append(out, m)
		}
	}
	return out
}
