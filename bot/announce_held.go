package bot

import (
	"context"
	"errors"
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

// whenWords is how much of rest, after at/el/le, reads as when to send:
// a date or time that begins it ("2026-12-14 09:00", "15/01"), a day's
// or a month's name that begins it ("Monday 9 …", "tomorrow …"), or the
// words up to a time of day among its first six ("Dec 1 09:00", "1er
// décembre à 9h", "noon"). It is "" when rest reads as text ("our
// retreat…", "15 de enero tenemos taller…": a date with no time is no
// schedule): at/el/le then begin the announcement.
func whenWords(rest string) string {
	words := strings.Fields(rest)
	if len(words) == 0 {
		return ""
	}
	for i, w := range words[:min(6, len(words))] {
		w = strings.TrimRightFunc(w, unicode.IsPunct)
		if clockRE.MatchString(w) || isWord(clockWords, w) {
			return strings.Join(words[:i+1], " ")
		}
	}
	first := fold(strings.TrimRightFunc(words[0], unicode.IsPunct))
	_, relative := relativeDays[first]
	_, weekday := weekdayNames[first]
	if whenLikeRE.MatchString(rest) || relative || weekday || isWord(monthNames, first) {
		return words[0]
	}
	return ""
}

// announceAt schedules the announcement after at/el/le, or, when its date
// and time cannot be read, holds all of args as written: she sends it
// with one word if those words were her text, or writes the time again.
func (b *Bot) announceAt(ctx context.Context, r *request, args, first, rest string) error {
	loc := b.staffZone(r.Msg.Sender)
	at, text, ok := parseWhen(rest, loc)
	if !ok {
		return b.announceNew(ctx, r, args, time.Time{}, first+" "+whenWords(rest))
	}
	if !at.After(b.clock.Now()) {
		b.reply(r, b.texts.msg(r.Lang, "announce.past", vars{"When": b.when(r.Lang, at, loc), "Example": b.announceExample(r.Lang, loc)}))
		return nil
	}
	return b.announceNew(ctx, r, text, at, "")
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

// dropHeld cancels what staff member staffID has held: a new announcement
// of hers replaces it, as the texts that hold one tell her ("send the
// whole announcement again"). Left, it waited forever, and a later
// "send" sent the old draft (found by the outside trial of issue 18).
func (b *Bot) dropHeld(ctx context.Context, staffID int64) error {
	for range maxHeld {
		a, err := b.store.HeldAnnouncement(ctx, staffID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := b.store.SetAnnouncementStatus(ctx, a.ID, store.AnnouncementCancelled, store.AnnouncementHeld); err != nil {
			return err
		}
	}
	return nil
}
