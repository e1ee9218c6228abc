package bot

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
	"unicode/utf8"

	"labbot/bot/config"
)

const (
	// staffTimes is how many times a member's limits staff get: they set
	// up groups and events in bursts, but a lost or broken phone of theirs
	// must not get the number banned either.
	staffTimes = 3
	// heavyCost is what a command that posts to groups counts for.
	heavyCost = 5
	// groupDigestEvery is how often !digest may post in one group.
	groupDigestEvery = time.Hour
	// maxTracked bounds the members the limiter remembers: a flood of new
	// senders evicts, it does not grow memory.
	maxTracked = 4096
	// strangersPerDay bounds the refusals labbot sends strangers in a day:
	// each gets one a day, but many numbers writing at once (the number
	// passed around, a spam run) must not make labbot message them all.
	strangersPerDay = 20
)

// limiter keeps, in memory, what the limits need: a restart forgets it,
// which at worst lets one more burst through.
type limiter struct {
	mu       sync.Mutex
	lim      config.Limits
	seed     maphash.Seed
	members  map[int64]*memberLimit
	digests  map[int64]*groupDigest // by group ID
	welcomes []welcome              // posted in the last day
	refusals []time.Time            // sent to strangers in the last day
}

type window struct {
	start time.Time
	n     int
}

// memberLimit is one member's recent commands.
type memberLimit struct {
	minute, hour window
	quietUntil   time.Time // over a limit: silent until then
	lastID       string    // the last message counted: a redelivery counts once
	lastVerdict  verdict
	lastChat     string
	lastText     uint64 // the hash of the last command's folded text
	lastAt       time.Time
	seen         time.Time
}

type groupDigest struct {
	at      time.Time // when !digest last posted here
	pointed bool      // a later asker was told where it is
}

type welcome struct {
	chat string
	at   time.Time
}

// verdict is what the limiter says about a command.
type verdict int

const (
	allow    verdict = iota
	notice           // over a limit just now: one short notice
	silent           // over a limit and told; or a redelivery
	repeated         // the same command again, answered already
)

func newLimiter(lim config.Limits) *limiter {
	return &limiter{lim: lim, seed: maphash.MakeSeed(), members: map[int64]*memberLimit{}, digests: map[int64]*groupDigest{}}
}

// command counts one command of member's, which costs cost, and says
// whether to answer it; once says whether the same command sent again is
// answered once (anything but a lookup, whose answer may have changed).
func (l *limiter) command(member int64, staff bool, m Message, cost int, once bool, now time.Time) verdict {
	var text uint64 // 0: a lookup, no repeat, and it ends one
	if once {
		text = l.textKey(m.Text)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.member(member, now)
	if m.ID == s.lastID { // delivered again: what it got the first time
		return s.lastVerdict
	}
	s.lastID = m.ID
	s.lastVerdict = l.count(s, staff, m.Chat, text, cost, now)
	return s.lastVerdict
}

func (l *limiter) count(s *memberLimit, staff bool, chat string, text uint64, cost int, now time.Time) verdict {
	if now.Before(s.quietUntil) {
		return silent
	}
	perMinute, perHour := l.perMinute(staff), l.perHour(staff)
	if text != 0 && s.lastChat == chat && s.lastText == text && now.Sub(s.lastAt) < l.lim.RepeatWindow {
		s.count(1, now) // an impatient resend costs no work, but counts
		return s.over(perMinute, perHour, repeated)
	}
	s.lastChat, s.lastText, s.lastAt = chat, text, now
	s.count(min(cost, perMinute), now) // a heavy command stays possible
	return s.over(perMinute, perHour, allow)
}

// textKey hashes text as folded (case and accents aside). Folding costs
// allocations, so plain ASCII, most commands, is lowered as it is hashed.
func (l *limiter) textKey(text string) uint64 {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return maphash.String(l.seed, fold(text))
		}
	}
	var h maphash.Hash
	h.SetSeed(l.seed)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h.WriteByte(c)
	}
	return h.Sum64()
}

func (l *limiter) perMinute(staff bool) int {
	if staff {
		return l.lim.CommandsPerMinute * staffTimes
	}
	return l.lim.CommandsPerMinute
}

func (l *limiter) perHour(staff bool) int {
	if staff {
		return l.lim.CommandsPerHour * staffTimes
	}
	return l.lim.CommandsPerHour
}

// member finds member's record, making room for it when the map is full:
// first by forgetting those quiet for an hour, then any.
func (l *limiter) member(id int64, now time.Time) *memberLimit {
	s, ok := l.members[id]
	if !ok {
		if len(l.members) >= maxTracked {
			l.evict(now)
		}
		s = &memberLimit{}
		l.members[id] = s
	}
	s.seen = now
	return s
}

// evict frees at least a quarter of the map. Those seen within the hour
// go only when the map is still full: forgetting one resets her limits.
func (l *limiter) evict(now time.Time) {
	for id, s := range l.members {
		if now.Sub(s.seen) >= time.Hour && now.After(s.quietUntil) {
			delete(l.members, id)
		}
	}
	for id := range l.members { // in Go's random order
		if len(l.members) <= maxTracked*3/4 {
			return
		}
		delete(l.members, id)
	}
}

// count adds cost to her minute and her hour, starting new ones as they pass.
func (s *memberLimit) count(cost int, now time.Time) {
	for _, w := range []struct {
		w   *window
		len time.Duration
	}{{&s.minute, time.Minute}, {&s.hour, time.Hour}} {
		if now.Sub(w.w.start) >= w.len {
			*w.w = window{start: now}
		}
		w.w.n += cost
	}
}

// over turns v into a notice when she went over a limit, and keeps her
// quiet until the window she went over has passed.
func (s *memberLimit) over(perMinute, perHour int, v verdict) verdict {
	switch {
	case s.hour.n > perHour:
		s.quietUntil = s.hour.start.Add(time.Hour)
	case s.minute.n > perMinute:
		s.quietUntil = s.minute.start.Add(time.Minute)
	default:
		return v
	}
	return notice
}

// groupDigest says whether !digest may post in group now; if not, since
// how long one is there, and whether to say so (once a window).
func (l *limiter) groupDigest(group int64, now time.Time) (post bool, ago time.Duration, tell bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, ok := l.digests[group]
	if !ok || now.Sub(d.at) >= groupDigestEvery {
		l.digests[group] = &groupDigest{at: now}
		return true, 0, false
	}
	tell, d.pointed = !d.pointed, true
	return false, now.Sub(d.at), tell
}

// welcome says whether chat may be welcomed now: a day's welcomes are
// capped, and a chat welcomed already today goes through (the outbox's
// dedup key sends it once).
func (l *limiter) welcome(chat string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.welcomes[:0]
	for _, w := range l.welcomes {
		if now.Sub(w.at) < 24*time.Hour {
			kept = append(kept, w)
		}
	}
	l.welcomes = kept
	for _, w := range kept {
		if w.chat == chat {
			return true
		}
	}
	if len(kept) >= l.lim.WelcomesPerDay {
		return false
	}
	l.welcomes = append(l.welcomes, welcome{chat: chat, at: now})
	return true
}

// stranger says whether a stranger may be refused now: the day's
// refusals are capped.
func (l *limiter) stranger(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.refusals[:0]
	for _, at := range l.refusals {
		if now.Sub(at) < 24*time.Hour {
			kept = append(kept, at)
		}
	}
	l.refusals = kept
	if len(kept) >= strangersPerDay {
		return false
	}
	l.refusals = append(l.refusals, now)
	return true
}

// withinLimits counts r's command against her limits before it does any
// work. It reports whether to go on; if not, r holds at most the one
// notice that she went over. What she already had (a repeat) or was
// told (silence) gets nothing.
func (b *Bot) withinLimits(ctx context.Context, r *request) bool {
	r.limited = true
	v := b.limits.command(r.Member.ID, r.Staff, r.Msg, commandCost(r), !lookup(r), b.clock.Now())
	if v == allow {
		return true
	}
	r.out, r.posts, r.saving = nil, nil, nil
	switch v {
	case notice:
		b.log.Info("a member went over the command limits; quiet until they pass", "chat", b.chatLabel(r))
		b.reply(r, b.texts.msg(r.Lang, "limits.slow_down", nil))
	case repeated:
		b.log.Info("a command sent again was answered already", "chat", b.chatLabel(r))
	}
	return false
}

// commandCost is what r's command counts for: more for those that post
// to groups, when she may run them.
func commandCost(r *request) int {
	if r.labWide {
		return heavyCost
	}
	if r.Cmd == nil || r.Cmd.Role == roleStaff && !r.Staff {
		return 1
	}
	switch r.Cmd.Key {
	case "announce", "event", "cancel":
		return heavyCost
	case "digest":
		if r.Group != nil {
			return heavyCost
		}
	}
	return 1
}

// lookup reports whether r's command only reads what may change between
// two asks (a new answer to Q1): the same lookup sent again is answered
// again, within the limits. Anything else sent again is a duplicate.
func lookup(r *request) bool {
	if r.Cmd == nil {
		return false
	}
	switch r.Cmd.Key {
	case "help", "find", "show", "questions", "resources", "events":
		return true
	}
	return false
}

// merge counts member from's recent commands as into's: one person found
// under two member rows has one set of limits. Her two windows become one,
// from the earlier start: it may count her a little more, never less.
func (l *limiter) merge(from, into int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.members[from]
	if !ok {
		return
	}
	delete(l.members, from)
	t, ok := l.members[into]
	if !ok {
		l.members[into] = f
		return
	}
	for _, w := range []struct{ t, f *window }{{&t.minute, &f.minute}, {&t.hour, &f.hour}} {
		if w.f.start.Before(w.t.start) {
			w.t.start = w.f.start
		}
		w.t.n += w.f.n
	}
	if f.quietUntil.After(t.quietUntil) {
		t.quietUntil = f.quietUntil
	}
}
