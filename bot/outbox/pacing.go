package outbox

import (
	"hash/fnv"
	"sync"
	"time"

	"labbot/store"
)

const (
	window = time.Minute
	// bulkPerMinute is the most bulk posts in any minute, inside the
	// ceiling; on a slow day, or under a low ceiling, half of it at most,
	// so answers to commands always find room.
	bulkPerMinute = 4
	// slowFor is how long labbot keeps to half its ceiling after WhatsApp
	// said "too many" or banned the account for a while.
	slowFor = 24 * time.Hour
	// bulkStarves is how long a bulk post may wait past its time while
	// answers take every slot. Then answers leave one slot a minute to bulk
	// posts: a busy hour does not hold a reminder past its event.
	bulkStarves = 5 * time.Minute
)

// Pacing is how fast the sender may go: WhatsApp bans accounts that send
// too much too quickly.
type Pacing struct {
	// PerMinute is the ceiling on everything sent in any rolling minute,
	// answers and bulk posts alike; 0 for none.
	PerMinute    int
	BulkInterval time.Duration // between bulk posts, at least
	Jitter       time.Duration // up to this much more, so bulk posts do not tick like a robot
	// ColdPerDay caps the direct messages a day (UTC) to members who never
	// wrote labbot one; 0 for no cap.
	ColdPerDay int
}

// pacer remembers what pacing needs of past sends, in memory: one sender
// sends, and Recover rebuilds it from the outbox and the store's state at
// start.
type pacer struct {
	Pacing
	mu        sync.Mutex
	sends     []store.Sent // everything sent in the last minute, oldest first
	lastBulk  store.Sent   // the newest bulk post sent (ID 0 for none)
	slowUntil time.Time    // half the ceiling until then
	starved   bool         // a bulk post has waited bulkStarves past its time
}

// record remembers a send.
func (p *pacer) record(r store.Sent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Bulk {
		p.lastBulk = r
	}
	p.sends = append(p.sends, r)
}

// unrecord forgets the send of row id, which did not happen after all
// (a direct message over the day's cap): its slot is free again.
func (p *pacer) unrecord(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, r := range p.sends {
		if r.ID == id {
			p.sends = append(p.sends[:i], p.sends[i+1:]...)
			return
		}
	}
}

// slow keeps to half the ceiling until t, unless it already does longer.
func (p *pacer) slow(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.After(p.slowUntil) {
		p.slowUntil = t
	}
}

// bulkDue notes when the next bulk post was due (zero for none), as the
// sender last looked, at now.
func (p *pacer) bulkDue(due, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.starved = !due.IsZero() && now.Sub(due) >= bulkStarves
}

// ceiling is how many sends any minute may hold at now.
func (p *pacer) ceiling(now time.Time) int {
	if p.PerMinute > 0 && now.Before(p.slowUntil) {
		return max(1, p.PerMinute/2)
	}
	return p.PerMinute
}

// freeAt is the earliest time pacing lets a row of the kind go, counting
// extra replies already promised but not yet sent.
func (p *pacer) freeAt(bulk bool, now time.Time, extra int) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.sends) > 0 && !p.sends[0].At.After(now.Add(-window)) {
		p.sends = p.sends[1:]
	}
	limit := p.ceiling(now)
	if !bulk {
		if p.starved && limit > 1 {
			return slotFree(p.sends, limit-1, extra, now)
		}
		return slotFree(p.sends, limit, extra, now)
	}
	free := slotFree(p.sends, limit, 0, now)
	if p.lastBulk.ID != 0 {
		free = later(free, p.lastBulk.At.Add(p.BulkInterval+p.jitter(p.lastBulk.ID)))
	}
	if limit > 0 {
		var posts []store.Sent
		for _, r := range p.sends {
			if r.Bulk {
				posts = append(posts, r)
			}
		}
		free = later(free, slotFree(posts, max(1, min(bulkPerMinute, limit/2)), 0, now))
	}
	return free
}

// slotFree is when a window holding sends (oldest first) and extra
// promised ones has room for one more under limit; zero when it has now.
func slotFree(sends []store.Sent, limit, extra int, now time.Time) time.Time {
	used := len(sends) + extra
	if limit <= 0 || used < limit {
		return time.Time{}
	}
	if used-limit >= len(sends) {
		return now.Add(window) // promised sends fill the window: wait a whole one
	}
	// A slot frees when the oldest of the last `limit` sends leaves the window.
	return sends[used-limit].At.Add(window)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
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
