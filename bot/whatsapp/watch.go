package whatsapp

import (
	"sync"
	"time"
)

// watch is what the session keeps between WhatsApp's events, which
// whatsmeow hands over on more than one goroutine.
type watch struct {
	mu        sync.Mutex
	outdated  int       // client-outdated refusals since the last connection
	bans      int       // bans without an end since the last connection
	phoneSeen time.Time // the phone's last sighting passed on to the core
}

// connected starts the counts again: what failed before worked.
func (w *watch) connected() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.outdated, w.bans = 0, 0
}

// outdatedAgain counts a refusal of labbot's client version.
func (w *watch) outdatedAgain() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.outdated++
	return w.outdated
}

// bannedAgain counts a ban without an end.
func (w *watch) bannedAgain() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.bans++
	return w.bans
}

// phoneNews reports whether the phone seen at t is worth telling the
// core: an hour past what it was last told. Receipts come by the dozen.
func (w *watch) phoneNews(t time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t.Before(w.phoneSeen.Add(time.Hour)) {
		return false
	}
	w.phoneSeen = t
	return true
}
