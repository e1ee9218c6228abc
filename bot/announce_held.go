package bot

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode"

	"labbot/store"
)

// When at/el/le begin an announcement, they schedule it, or they are its
// first word ("At our retreat…", "El 15 de enero tenemos taller…"). A
// schedule needs a time of day; what reads like one but does not parse
// is held, never sent at once nor refused (issue 18).

// whenLikeRE is how a date or a time begins: 2026-12-14, 14/12, 15:00,
// 15h30, 9am. clockRE is a time of day as one word.
var (
	whenLikeRE = regexp.MustCompile(`(?i)^\d{1,4}(?:[-/.]\d|:\d|h(?:\d|\s|$)|\s*[ap]\.?m\b)`)
	clockRE    = regexp.MustCompile(`(?i)^\d{1,2}(?::\d{2}|h(?:\d{2})?|[ap]\.?m\.?)$`)
)

// clockWords are times of day as words, folded: "at noon".
var clockWords = []string{"noon", "midnight", "tonight", "mediodia", "medianoche", "midi", "minuit"}

// monthNames are the months in en, es and fr, folded.
var monthNames = []string{
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
	"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
}

// whenWords is how much of rest, after the sub-word at/el/le, reads as
// when to send: a date or time that begins it ("2026-12-14 09:00",
// "15/01", "noon"), the words up to a time of day among its first six
// ("Dec 1 09:00", "1er décembre à 9h"), or, after "at" only, a day's or a
// month's name ("at Monday 9 …", "at tomorrow …": English text does not
// begin "At Monday"). It is "" when rest reads as text ("our retreat…",
// "El martes tenemos taller…", "15 de enero tenemos taller…": a date
// with no time is no schedule): the sub-word then begins the
// announcement.
func whenWords(sub, rest string) string {
	words := strings.Fields(rest)
	if len(words) == 0 {
		return ""
	}
	first := fold(strings.TrimRightFunc(words[0], unicode.IsPunct))
	if whenLikeRE.MatchString(rest) || isWord(clockWords, first) {
		if len(words) > 1 && clockRE.MatchString(strings.TrimRightFunc(words[1], unicode.IsPunct)) {
			return words[0] + " " + words[1] // the date and its time, as she wrote them
		}
		return words[0]
	}
	for i, w := range words[:min(6, len(words))] {
		if clockRE.MatchString(strings.TrimRightFunc(w, unicode.IsPunct)) {
			return strings.Join(words[:i+1], " ")
		}
	}
	_, relative := relativeDays[first]
	_, weekday := weekdayNames[first]
	if fold(sub) == "at" && (relative || weekday || isWord(monthNames, first)) {
		return words[0]
	}
	return ""
}

// announceAt schedules the announcement after at/el/le. When its date and
// time cannot be read, and text follows them, it holds all of args as
// written: she sends it with one word if those words were her text, or
// writes the time again. When a language tag follows them, they were
// meant as a schedule ("at 25:00 [en] …"): nothing is held, and she is
// told how to write one.
func (b *Bot) announceAt(ctx context.Context, r *request, args, sub, rest string) error {
	loc := b.staffZone(r.Msg.Sender)
	at, text, ok := parseWhen(rest, loc)
	read := whenWords(sub, rest)
	switch {
	case !ok && startsWithTag(afterWords(rest, read)):
		b.reply(r, b.texts.msg(r.Lang, "announce.bad_when", vars{"Read": clip(sub+" "+read, 40),
			"Example": b.announceExample(r.Lang, loc)}))
		return nil
	case !ok:
		return b.announceNew(ctx, r, args, time.Time{}, sub+" "+read)
	case !at.After(b.clock.Now()):
		b.reply(r, b.texts.msg(r.Lang, "announce.past", vars{"When": b.when(r.Lang, at, loc), "Example": b.announceExample(r.Lang, loc)}))
		return nil
	}
	return b.announceNew(ctx, r, text, at, "")
}

// afterWords is what follows in s the words of w, which begin it.
func afterWords(s, w string) string {
	for range strings.Fields(w) {
		_, s = cutWord(s)
	}
	return s
}

// startsWithTag reports whether s begins with a language tag: [en] ….
func startsWithTag(s string) bool {
	loc := blockTagRE.FindStringIndex(s)
	return loc != nil && loc[0] == 0
}

// unreadWhen says why ref is held: read, which she began it with, reads
// as when to send it, and labbot cannot read it.
func (b *Bot) unreadWhen(r *request, ref, read string) string {
	return b.texts.msg(r.Lang, "announce.when_held", vars{"Ref": bold(ref), "Read": clip(read, 40),
		"Send": b.subUsage(r.Lang, "announce", sendWords), "Cancel": b.subUsage(r.Lang, "announce", cancelWords),
		"Example": b.announceExample(r.Lang, b.staffZone(r.Msg.Sender))})
}

// replyHeld tells her why a is held, in one message: the date and time
// labbot could not read, a language no block has, or both.
func (b *Bot) replyHeld(r *request, a store.Announcement, unread string, missing []string) {
	v := vars{"Ref": bold(a.Ref()), "Missing": b.langList(r.Lang, missing),
		"Fallback": b.langName(r.Lang, fallbackLang(a.Blocks, a.StaffLang)),
		"Send":     b.subUsage(r.Lang, "announce", sendWords), "Cancel": b.subUsage(r.Lang, "announce", cancelWords)}
	switch {
	case unread == "":
		b.reply(r, b.texts.msg(r.Lang, "announce.missing", v))
	case len(missing) == 0:
		b.reply(r, b.unreadWhen(r, a.Ref(), unread))
	default:
		b.reply(r, b.unreadWhen(r, a.Ref(), unread)+"\n\n"+b.texts.msg(r.Lang, "announce.when_held_missing", v))
	}
}

// maxHeld bounds the held announcements dropHeld goes through.
const maxHeld = 100

// dropHeld cancels what staff member staffID has held that an
// announcement for at replaces: one held for the same time, or held to be
// sent as soon as she says (at zero: a language was missing, or labbot
// could not read its time). The texts that hold one tell her to send it
// again; left, it waited forever, and a later "send" sent the old draft
// (outside trial). One held for another time stays. It returns the
// references of those it dropped, for her reply to name.
func (b *Bot) dropHeld(ctx context.Context, staffID int64, at time.Time) ([]string, error) {
	planned, err := b.store.PlannedAnnouncements(ctx)
	if err != nil {
		return nil, err
	}
	var dropped []string
	for _, a := range planned[:min(len(planned), maxHeld)] {
		if a.Status != store.AnnouncementHeld || a.StaffID != staffID || !a.SendAt.IsZero() && !a.SendAt.Equal(at) {
			continue
		}
		ok, err := b.store.SetAnnouncementStatus(ctx, a.ID, store.AnnouncementCancelled, store.AnnouncementHeld)
		if err != nil {
			return nil, err
		}
		if ok {
			dropped = append(dropped, bold(a.Ref()))
		}
	}
	return dropped, nil
}
