package outbox

import (
	"hash/fnv"
	"sync"
	"time"

	"labbot/store"
)

const replyWindow = time.Minute

// Pacing is how fast the sender may go: WhatsApp bans accounts that send
// too much too quickly.
type Pacing struct {
	RepliesPerMinute int           // ceiling for replies; 0 for none
	BulkInterval     time.Duration // between bulk posts
	Jitter           time.Duration // up to this much more, so bulk posts do not tick like a robot
}

// pacer remembers what pacing needs of past sends, in memory: one sender
// sends, and Recover rebuilds it from the outbox at start.
type pacer struct {
	Pacing
	mu       sync.Mutex
	replies  []time.Time // replies sent in the last minute, oldest first
	lastBulk store.Sent  // the newest bulk post sent (ID 0 for none)
}

// record remembers a send.
func (p *pacer) record(r store.Sent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Bulk {
		p.lastBulk = r
		return
	}
	p.replies = append(p.replies, r.At)
}

// freeAt is the earliest time pacing lets a row of the kind go, counting
// extra replies already promised but not yet sent.
func (p *pacer) freeAt(bulk bool, now time.Time, extra int) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if bulk {
		if p.lastBulk.ID == 0 {
			return time.Time{}
		}
		return p.lastBulk.At.Add(p.BulkInterval + p.jitter(p.lastBulk.ID))
	}
	limit := p.RepliesPerMinute
	if limit <= 0 {
		return time.Time{}
	}
	for len(p.replies) > 0 && !p.replies[0].After(now.Add(-replyWindow)) {
		p.replies = p.replies[1:]
	}
	used := len(p.replies) + extra
	if used < limit {
		return time.Time{}
	}
	if used-limit >= len(p.replies) {
		return now.Add(replyWindow) // promised replies fill the window: wait a whole one
	}
	// A slot frees when the oldest of the last `limit` replies leaves the window.
	return p.replies[used-limit].Add(replyWindow)
}

// jitter is a stable share of Pacing.Jitter drawn from the row ID: spread
// like a random one, yet the same on every run, so console transcripts are
// repeatable.
func (p *pacer) jitter(id int64) time.Duration {
	if p.Jitter <= 0 {
		return 0
	}
	h := fnv.New64a()
	var buf [8]byte
	for i := range buf {
		buf[i] = byte(id >> (8 * i))
	}
	h.Write(buf[:])
	return time.Duration(h.Sum64() % uint64(p.Jitter))
}
