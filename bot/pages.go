package bot

import (
	"strings"
	"sync"
	"time"
)

// Lists say what they hold back (issue 15): a list longer than a page
// ends with how many more there are, and "more" (más, plus) after the
// command shows the next page of the reader's last list in that chat.
// labbot keeps that list only in memory, for an hour, for a bounded number
// of readers: a restart or a long pause starts the list over, no worse.

const (
	// pageKeep is how long "more" continues a list.
	pageKeep = time.Hour
	// maxPages bounds the lists kept: past it, the oldest go.
	maxPages = 5000
)

// moreWords are the sub-word for a next page in each language, folded.
var moreWords = []string{"more", "mas", "plus"}

// isMore reports whether args is only the sub-word for a next page.
func isMore(args string) bool {
	a := fold(strings.TrimSpace(args))
	for _, w := range moreWords {
		if a == w {
			return true
		}
	}
	return false
}

// listPage is where a reader is in a list: the command, what it listed
// (find's words, a tag) and where the next page starts.
type listPage struct {
	cmd   string
	query string
	next  int
	at    time.Time
}

type pageKey struct {
	chat   string
	member int64
}

// pages are the readers' last lists, by chat and member.
type pages struct {
	mu sync.Mutex
	m  map[pageKey]listPage
}

// last returns r's last list in its chat, while it may be continued.
func (p *pages) last(chat string, member int64, now time.Time) (listPage, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	lp, ok := p.m[pageKey{chat, member}]
	return lp, ok && now.Sub(lp.at) < pageKeep
}

// keep remembers a reader's list; at the bound, expired lists go first,
// then the oldest.
func (p *pages) keep(chat string, member int64, lp listPage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[pageKey]listPage{}
	}
	k := pageKey{chat, member}
	if _, ok := p.m[k]; !ok && len(p.m) >= maxPages {
		p.evict(lp.at)
	}
	p.m[k] = lp
}

// forget drops a member's lists, in every chat: what she searched for
// goes with her (her member ID may be given again).
func (p *pages) forget(member int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.m {
		if k.member == member {
			delete(p.m, k)
		}
	}
}

// evict drops the lists past pageKeep, or else the oldest one.
func (p *pages) evict(now time.Time) {
	var oldest pageKey
	first := true
	for k, lp := range p.m {
		if now.Sub(lp.at) >= pageKeep {
			delete(p.m, k)
			continue
		}
		if first || lp.at.Before(p.m[oldest].at) {
			oldest, first = k, false
		}
	}
	if len(p.m) >= maxPages {
		delete(p.m, oldest)
	}
}

// pageFrom is where r's list starts: a new one, or, after "more", where
// her last list of cmd in this chat left off. It replies, and reports
// false, when there is nothing to continue.
func (b *Bot) pageFrom(r *request, cmd string) (listPage, bool) {
	if !isMore(r.Inv.Args) {
		return listPage{cmd: cmd}, true
	}
	lp, ok := b.pages.last(r.Msg.Chat, r.Member.ID, b.clock.Now())
	if !ok || lp.cmd != cmd {
		b.reply(r, b.texts.msg(r.Lang, "list.nothing_more", vars{"Usage": b.usage(r.Lang, cmd, true)}))
		return lp, false
	}
	return lp, true
}

// listEnd answers "more" after the last page.
func (b *Bot) listEnd(r *request) {
	b.reply(r, b.texts.msg(r.Lang, "list.end", nil))
}

// moreLine says what a list holds back after showing shown items from
// lp.next, of total, and keeps where the next page starts; "" when
// nothing is left. With atLeast, total is a floor (a search's cap).
func (b *Bot) moreLine(r *request, lp listPage, shown, total int, atLeast bool) string {
	lp.next += shown
	lp.at = b.clock.Now()
	b.pages.keep(r.Msg.Chat, r.Member.ID, lp)
	left := total - lp.next
	more := b.cmdWord(r.Lang, lp.cmd) + " " + moreShown[langIndex(r.Lang)]
	switch {
	case left <= 0 && atLeast:
		return b.texts.msg(r.Lang, "list.maybe_more", nil)
	case left <= 0:
		return ""
	case atLeast:
		return b.texts.plural(r.Lang, "list.more_than", left, vars{"More": more})
	}
	return b.texts.plural(r.Lang, "list.more", left, vars{"More": more})
}

// moreShown is the sub-word labbot writes in each language.
var moreShown = []string{"more", "más", "plus"}
