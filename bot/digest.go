package bot

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"labbot/locales"
	"labbot/store"
)

const (
	// digestWeek is what a digest looks back on, and digestAhead how far
	// ahead it announces events.
	digestWeek  = 7 * 24 * time.Hour
	digestAhead = 14 * 24 * time.Hour
	// digestSection is how many items a digest section lists; the rest are
	// counted, for !find.
	digestSection = 8
	// digestExcerpt is how much of an item a digest line shows.
	digestExcerpt = 140
	// digestPart is how long one digest message may grow before the next
	// section goes into a message of its own: a phone screen or three.
	digestPart = 3000
)

// digestView is who a digest is for: the language and zone it is written
// in, and the groups whose private items and events it may show.
type digestView struct {
	lang   string
	loc    *time.Location
	groups []int64
}

func (v digestView) seesEvent(e store.Event) bool {
	return e.GroupID == 0 || slices.Contains(v.groups, e.GroupID)
}

// digestSections are the item sections of a digest, in order.
var digestSections = [...]struct{ kind, title string }{
	{store.KindTip, "digest.tips"},
	{store.KindQuestion, "digest.questions"},
	{store.KindAnswer, "digest.answers"},
	{store.KindResource, "digest.resources"},
}

// digestPicks is what a digest shows of each section: the items chosen,
// and how many the week had; and of the week's items with no text in the
// reader's language, a few of those written in each other language.
type digestPicks struct {
	sec     [len(digestSections)]picked
	waiting []waitingPick
}

type picked struct {
	ids   []int64
	total int
}

// waitingPick is what a digest shows of the week's items written in
// from that nobody translated into its language yet.
type waitingPick struct {
	from string
	picked
}

// waitingShown is how many IDs a digest names of those waiting for a
// translation from each language: enough to start with, and short.
const waitingShown = 3

// addIDs appends to ids every item the picks show.
func (p *digestPicks) addIDs(ids []int64) []int64 {
	for _, sec := range p.sec {
		ids = append(ids, sec.ids...)
	}
	for _, w := range p.waiting {
		ids = append(ids, w.ids...)
	}
	return ids
}

// Lists of a digestIndex: one per section, and one more for the questions
// that have an answer, which a digest shows after those still waiting.
const answeredList = len(digestSections)

// digestIndex holds the items of a run's weeks, newest first, in lists by
// section and by who may see them (the Lab, or one private group), so
// that each of hundreds of digests counts and chooses its own with a few
// binary searches instead of a walk through every item. waiting[to][from]
// lists likewise the items written in language from with no translation
// into language to (locales.Languages' order).
type digestIndex struct {
	sections [answeredList + 1]entryLists
	waiting  [3][3]entryLists
}

// entryLists are entries newest first: those the whole Lab may see, and
// each private group's.
type entryLists struct {
	lab     []digestEntry
	private map[int64][]digestEntry
}

type digestEntry struct{ id, created int64 }

func (l *entryLists) add(e store.DigestEntry) {
	de := digestEntry{e.ID, e.Created.UnixMilli()}
	if !e.Private {
		l.lab = append(l.lab, de)
		return
	}
	if l.private == nil {
		l.private = map[int64][]digestEntry{}
	}
	l.private[e.GroupID] = append(l.private[e.GroupID], de)
}

// window counts the entries of (lo, hi] that v may see, and returns the
// newest n of them, newest first.
func (l *entryLists) window(v digestView, lo, hi int64, n int) (total int, newest []digestEntry) {
	var cands []digestEntry
	take := func(list []digestEntry) {
		// Lists are newest first: the week is list[from:until].
		from := sort.Search(len(list), func(i int) bool { return list[i].created <= hi })
		until := sort.Search(len(list), func(i int) bool { return list[i].created <= lo })
		total += until - from
		cands = append(cands, list[from:min(until, from+n)]...)
	}
	take(l.lab)
	for _, g := range v.groups {
		take(l.private[g])
	}
	slices.SortFunc(cands, func(a, b digestEntry) int {
		return cmp.Or(cmp.Compare(b.created, a.created), cmp.Compare(b.id, a.id))
	})
	return total, cands[:min(len(cands), n)]
}

func newDigestIndex(entries []store.DigestEntry) *digestIndex {
	var x digestIndex
	for _, e := range entries {
		list := slices.IndexFunc(digestSections[:], func(s struct{ kind, title string }) bool { return s.kind == e.Kind })
		if list < 0 {
			continue
		}
		if e.Kind == store.KindQuestion && e.Answers > 0 {
			list = answeredList
		}
		x.sections[list].add(e)
		from := slices.Index(locales.Languages(), e.Lang)
		for to, lang := range locales.Languages() {
			if from >= 0 && to != from && !slices.Contains(e.Translated, lang) {
				x.waiting[to][from].add(e)
			}
		}
	}
	return &x
}

// pick chooses what v's digest for the week ending at to shows: in each
// section the newest items v may see, questions still waiting for an
// answer first. The week is (to-digestWeek, to]: weeks so bounded neither
// overlap nor leave a gap, and an item shared the instant a digest is
// asked for is in it.
func (x *digestIndex) pick(v digestView, to time.Time) digestPicks {
	var p digestPicks
	hi, lo := to.UnixMilli(), to.Add(-digestWeek).UnixMilli()
	for list := range x.sections {
		sec := list
		if list == answeredList {
			sec = sectionOf(store.KindQuestion)
		}
		total, newest := x.sections[list].window(v, lo, hi, digestSection)
		p.sec[sec].total += total
		for _, c := range newest[:min(len(newest), digestSection-len(p.sec[sec].ids))] {
			p.sec[sec].ids = append(p.sec[sec].ids, c.id)
		}
	}
	target := slices.Index(locales.Languages(), v.lang)
	for from, lang := range locales.Languages() {
		if target < 0 || from == target {
			continue
		}
		total, newest := x.waiting[target][from].window(v, lo, hi, waitingShown)
		if total == 0 {
			continue
		}
		w := waitingPick{from: lang, picked: picked{total: total}}
		for _, c := range newest {
			w.ids = append(w.ids, c.id)
		}
		p.waiting = append(p.waiting, w)
	}
	return p
}

func sectionOf(kind string) int {
	for i, s := range digestSections {
		if s.kind == kind {
			return i
		}
	}
	return -1
}

// digestItems are the items a run of digests shows, loaded, and each one's
// lines once written in a language: hundreds of digests share them.
type digestItems struct {
	byID  map[int64]*store.DigestItem
	lines map[string][]string // lang + ID
	polls []store.Poll        // open, or closed in the week (issue 17)
}

// renderDigest writes v's digest of the week ending at to, showing the
// picked items and the events from `from` (to, or later when the digest is
// late) to to+digestAhead, as the messages to send. It returns none when
// there is nothing to say.
func (b *Bot) renderDigest(v digestView, p digestPicks, items digestItems, events []store.Event, to, from time.Time) []string {
	var sections []string
	for i, sec := range digestSections {
		if p.sec[i].total == 0 {
			continue
		}
		lines := []string{b.texts.msg(v.lang, sec.title, nil)}
		shown := 0
		for _, id := range p.sec[i].ids {
			it := items.byID[id]
			if it == nil { // removed meanwhile
				continue
			}
			key := v.lang + strconv.FormatInt(id, 10)
			if _, ok := items.lines[key]; !ok {
				items.lines[key] = b.digestLine(v.lang, it)
			}
			lines = append(lines, items.lines[key]...)
			shown++
		}
		if more := p.sec[i].total - shown; more > 0 {
			lines = append(lines, b.texts.plural(v.lang, "digest.more", more, vars{"Find": b.cmdWord(v.lang, "find")}))
		}
		sections = append(sections, strings.Join(lines, "\n"))
	}
	if len(sections) > 0 {
		if w := b.waitingSection(v.lang, p.waiting, items); w != "" {
			sections = append(sections, w)
		}
	}
	if ps := b.pollsSection(v.lang, weekPolls(items.polls, to)); ps != "" {
		sections = append(sections, ps)
	}
	var upcoming []string
	for _, e := range events {
		if v.seesEvent(e) && !e.Start.Before(from) && e.Start.Before(to.Add(digestAhead)) {
			upcoming = append(upcoming, b.eventLine(v.lang, e, v.loc))
		}
	}
	if len(sections) == 0 && len(upcoming) == 0 {
		return nil
	}
	// "To read one in full" only when there is one to read (issue 16).
	footKey := "digest.footer"
	if len(sections) == 0 {
		sections = append(sections, b.texts.msg(v.lang, "digest.nothing_new", nil))
		footKey = "digest.footer_share"
	}
	if len(upcoming) > 0 {
		sections = append(sections, b.texts.msg(v.lang, "digest.events", nil)+"\n"+strings.Join(upcoming, "\n"))
	}
	head := b.texts.msg(v.lang, "digest.title", vars{"Date": b.day(v.lang, to.In(v.loc))})
	foot := b.texts.msg(v.lang, footKey, vars{"Show": b.cmdWord(v.lang, "show"), "Tip": b.cmdWord(v.lang, "tip")})
	return splitMessage(append(append([]string{head}, sections...), foot), digestPart)
}

// waitingSection asks for translations into lang of the week's items that
// have no text in it: per language they were written in, how many, a few
// of their IDs, and how to translate one. "" when none waits.
func (b *Bot) waitingSection(lang string, waiting []waitingPick, items digestItems) string {
	var lines []string
	first := ""
	for _, w := range waiting {
		var refs []string
		for _, id := range w.ids {
			if it := items.byID[id]; it != nil { // nil: removed meanwhile
				refs = append(refs, bold(it.Ref()))
			}
		}
		if len(refs) == 0 {
			continue
		}
		if first == "" {
			first = items.byID[w.ids[0]].Ref()
		}
		list := strings.Join(refs, ", ")
		if w.total > len(refs) {
			list += "…"
		}
		lines = append(lines, b.texts.plural(lang, "digest.waiting_line", w.total, vars{"From": b.langName(lang, w.from), "IDs": list}))
	}
	if len(lines) == 0 {
		return ""
	}
	usage := b.cmdWord(lang, "translate") + " " + first + " " + lang
	return b.texts.msg(lang, "digest.waiting_title", vars{"Lang": b.langName(lang, lang)}) + "\n" + strings.Join(lines, "\n") +
		"\n" + b.texts.msg(lang, "digest.waiting_help", vars{"Usage": usage})
}

// digestLine is one item in a digest, with its translation into the
// reader's language underneath when someone wrote one.
func (b *Bot) digestLine(lang string, it *store.DigestItem) []string {
	line := "• " + fileMark(it.Item) + bold(it.Ref())
	if it.Kind == store.KindAnswer && it.QuestionNum != 0 {
		line += " → " + bold("Q"+strconv.FormatInt(it.QuestionNum, 10))
	}
	line += " (" + b.langName(lang, it.Lang) + ") " + memberExcerpt(it.Body, digestExcerpt)
	switch {
	case it.Kind == store.KindResource && it.URL != "": // a file has none: its sharer is credited
		line += " — " + it.URL
	case it.Anonymous, it.AuthorID == 0: // no name, as ever
	default:
		line += " — " + b.creditName(lang, it.AuthorName, it.AuthorUser)
	}
	if it.Kind == store.KindQuestion {
		if it.Answers == 0 {
			line += "\n   " + b.texts.msg(lang, "digest.needs_help", nil)
		} else {
			line += "\n   " + b.texts.plural(lang, "digest.answered", it.Answers, nil)
		}
		if it.Wants > 0 {
			line += " · " + b.texts.plural(lang, "questions.wants", it.Wants, nil)
		}
	}
	lines := []string{line}
	if t, ok := it.Translations[lang]; ok && it.Lang != lang {
		lines = append(lines, "   ↳ ("+b.langName(lang, lang)+") "+memberExcerpt(t.Body, digestExcerpt)+" — "+
			b.texts.msg(lang, "digest.translated_by", vars{"Name": b.translatorName(lang, t)}))
	}
	return lines
}

// eventLine is one event in a list: "• *E2* miércoles 9 de diciembre, 15:00 — Title".
func (b *Bot) eventLine(lang string, e store.Event, loc *time.Location) string {
	return "• " + bold(e.Ref()) + " " + b.when(lang, e.Start, loc) + " — " + excerpt(e.Title, digestExcerpt)
}

// excerpt is text on one line, clipped to n characters.
func excerpt(text string, n int) string { return clip(strings.Join(strings.Fields(text), " "), n) }

// splitMessage joins blocks with blank lines into as few messages as it
// can, each at most limit characters unless one block alone is longer
// (then that block is split between its lines). Blocks are never cut.
func splitMessage(blocks []string, limit int) []string {
	var parts []string
	cur := ""
	for _, blk := range blocks {
		for _, piece := range splitBlock(blk, limit) {
			if cur != "" && utf8.RuneCountInString(cur)+2+utf8.RuneCountInString(piece) > limit {
				parts = append(parts, cur)
				cur = ""
			}
			if cur != "" {
				cur += "\n\n"
			}
			cur += piece
		}
	}
	if cur != "" {
		parts = append(parts, cur)
	}
	return parts
}

// splitBlock cuts a block longer than limit between its lines.
func splitBlock(blk string, limit int) []string {
	if utf8.RuneCountInString(blk) <= limit {
		return []string{blk}
	}
	var out []string
	cur := ""
	for _, line := range strings.Split(blk, "\n") {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(line) > limit {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += line
	}
	return append(out, cur)
}
