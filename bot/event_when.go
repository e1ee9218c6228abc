package bot

import (
	"strconv"
	"time"
)

// sentAt is when r's message was written, which "today" and "tomorrow"
// count from: a message delivered again after midnight still means the
// day it was written. The clock's now when the transport gave no time.
func (b *Bot) sentAt(r *request) time.Time {
	if r.Msg.Time.IsZero() {
		return b.clock.Now()
	}
	return r.Msg.Time
}

// whenUsable reports whether w, read on loc's clock, is a time an event
// can start at. It replies itself, with one line saying why, when it is
// not: a day or time that does not exist, one the clock skips or passes
// twice, or one already gone. An unreadable w is the caller's to answer.
func (b *Bot) whenUsable(r *request, w eventWhen, loc *time.Location, now time.Time) bool {
	d := vars{"Written": w.Written, "Zone": b.placeName(r.Lang, loc)}
	switch w.Fault {
	case whenOK:
		if w.At.After(now) {
			return true
		}
		b.reply(r, b.texts.msg(r.Lang, "event.past", vars{"When": b.when(r.Lang, w.At, loc), "Example": b.eventExample(r.Lang, now, loc)}))
		return false
	case whenNoSuchDate:
		b.reply(r, b.noSuchDate(r.Lang, w))
		return false
	case whenNoSuchTime:
		b.reply(r, b.texts.msg(r.Lang, "event.no_such_time", d))
		return false
	}
	at, from, to := clockChange(loc, w.Wall)
	d["Date"] = b.dayIn(r.Lang, at.In(loc), at.In(loc).Year() != now.In(loc).Year())
	d["From"], d["To"], d["Time"] = b.theTime(r.Lang, from), b.theTime(r.Lang, to), b.timeOfDay(r.Lang, w.Wall)
	key := "event.clock_jumps"
	if w.Fault == whenTwice {
		key = "event.clock_repeats"
	}
	b.reply(r, b.texts.msg(r.Lang, key, d))
	return false
}

// noSuchDate says why the date w names does not exist: its month has
// fewer days, or there is no such month.
func (b *Bot) noSuchDate(lang string, w eventWhen) string {
	g := isoDateRE.FindStringSubmatchIndex(w.Written)
	if g == nil { // cannot happen: only a written date can be impossible
		return b.texts.msg(lang, "event.no_such_month", vars{"Written": w.Written})
	}
	year, month := atoiAt(w.Written, g, 1), atoiAt(w.Written, g, 2)
	if month < 1 || month > 12 {
		return b.texts.msg(lang, "event.no_such_month", vars{"Written": w.Written})
	}
	return b.texts.msg(lang, "event.no_such_day", vars{"Written": w.Written,
		"Month": b.texts.msg(lang, "date.month."+monthKeys[month-1], nil), "Year": strconv.Itoa(year),
		"Days": daysIn(year, time.Month(month))})
}
