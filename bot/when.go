package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"

	"labbot/bot/schedule"
	"labbot/store"
)

// weekdayKeys and monthKeys name the locale messages for day and month names.
var (
	weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	monthKeys   = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// day writes t's date in lang, as a member reads it: "Wednesday 9 December",
// "miércoles 9 de diciembre", "mardi 1er décembre".
func (b *Bot) day(lang string, t time.Time) string {
	return b.dayIn(lang, t, false)
}

// dayIn is day, with the year when withYear: "Tuesday 12 January 2027".
func (b *Bot) dayIn(lang string, t time.Time, withYear bool) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = b.texts.msg(lang, "date.first_day", nil)
	}
	key := "date.day"
	if withYear {
		key = "date.day_year"
	}
	return b.texts.msg(lang, key, vars{
		"Weekday": b.texts.msg(lang, "date.weekday."+weekdayKeys[t.Weekday()], nil),
		"Day":     day,
		"Month":   b.texts.msg(lang, "date.month."+monthKeys[t.Month()-1], nil),
		"Year":    strconv.Itoa(t.Year()),
	})
}

// when writes an instant in loc, in lang, on the 24-hour clock:
// "Wednesday 9 December, 15:00", "miércoles 9 de diciembre a la 1:00",
// "mercredi 9 décembre à 15 h 00". The year is shown when it is not this
// one on loc's calendar: "Tuesday 12 January 2027, 15:00" (a typo in the
// year should not go unseen). date.at is a plural on the hour, for the
// Spanish article: "a la 1:00", "a las 15:00".
func (b *Bot) when(lang string, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	withYear := t.Year() != b.clock.Now().In(loc).Year()
	return b.texts.plural(lang, "date.at", t.Hour(), vars{"Date": b.dayIn(lang, t, withYear), "Time": b.timeOfDay(lang, t)})
}

// timeOfDay writes t's clock reading as lang writes it: "09:00", "9:00",
// "9 h 00" (date.time, from the hour with and without its zero, and the
// minutes).
func (b *Bot) timeOfDay(lang string, t time.Time) string {
	return b.texts.msg(lang, "date.time", vars{
		"H":  strconv.Itoa(t.Hour()),
		"HH": fmt.Sprintf("%02d", t.Hour()),
		"MM": fmt.Sprintf("%02d", t.Minute()),
	})
}

// theTime is timeOfDay as the object of "from" and "to", where Spanish
// puts an article that agrees with the hour: "de las 2:00 a la 1:00".
func (b *Bot) theTime(lang string, t time.Time) string {
	return b.texts.plural(lang, "date.clock", t.Hour(), vars{"Time": b.timeOfDay(lang, t)})
}

// within says how far ahead something is, in lang, rounded as people say
// it: "in 24 hours", "dans une heure", "en 50 minutos".
func (b *Bot) within(lang string, d time.Duration) string {
	switch {
	case d >= 47*time.Hour+30*time.Minute:
		return b.texts.plural(lang, "date.in_days", int(d.Round(24*time.Hour)/(24*time.Hour)), nil)
	case d >= 90*time.Minute:
		return b.texts.plural(lang, "date.in_hours", int(d.Round(time.Hour)/time.Hour), nil)
	case d >= 55*time.Minute:
		return b.texts.plural(lang, "date.in_hours", 1, nil)
	default:
		return b.texts.plural(lang, "date.in_minutes", max(int(d.Round(time.Minute)/time.Minute), 1), nil)
	}
}

// zones loads IANA zones once each. The config's zones are checked at
// start; a zone a group got at run time was checked by !setup.
type zones struct{ m sync.Map }

// get loads name, or returns fallback when it cannot be loaded.
func (z *zones) get(name string, fallback *time.Location) *time.Location {
	if v, ok := z.m.Load(name); ok {
		return v.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		return fallback
	}
	z.m.Store(name, loc)
	return loc
}

// groupZone is the time zone a group reads times in.
func (b *Bot) groupZone(g store.Group) *time.Location { return b.zones.get(g.TZ, b.cfg.Location) }

// memberZone is the zone times are shown in to a member in a direct
// message: a staff member's own, else her first group's, else the Lab's.
func (b *Bot) memberZone(userID string, groups []store.Group) *time.Location {
	if s, ok := b.cfg.StaffByPhone(userID); ok && s.Location != nil {
		return s.Location
	}
	if len(groups) > 0 {
		return b.groupZone(groups[0])
	}
	return b.cfg.Location
}

// readerZone is the zone of the chat r speaks from.
func (b *Bot) readerZone(r *request) *time.Location {
	if r.Group != nil {
		return b.groupZone(*r.Group)
	}
	return b.memberZone(r.Msg.Sender, r.Groups)
}

// whenRE is a date and a time as staff type them: 2026-12-03 15:00, also
// 9:00, 15h30 or 15h as French speakers write the hour.
var whenRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2})(?::(\d{2})|[hH](\d{2})?)(?:\s+|$)`)

// parseWhen reads the date and time that start s, on the wall clock of
// loc, and returns the instant and the rest of s. It refuses dates that do
// not exist (2026-02-30, 25:00) instead of rolling them over. A wall time
// that a daylight-saving change skips is taken as the instant the gap ends;
// one that happens twice, as its first pass.
func parseWhen(s string, loc *time.Location) (time.Time, string, bool) {
	m := whenRE.FindStringSubmatchIndex(s)
	if m == nil {
		return time.Time{}, "", false
	}
	num := func(i int) int {
		if m[2*i] < 0 {
			return 0
		}
		n, _ := strconv.Atoi(s[m[2*i]:m[2*i+1]])
		return n
	}
	year, month, day, hour := num(1), num(2), num(3), num(4)
	minute := num(5) + num(6) // only one of the two is ever set
	if month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 {
		return time.Time{}, "", false
	}
	wall := time.Date(year, time.Month(month), day, hour, minute, 0, 0, time.UTC)
	if wall.Day() != day {
		return time.Time{}, "", false
	}
	return schedule.Instant(loc, wall), s[m[1]:], true
}

// staffZone is the zone a staff member's times are read in.
func (b *Bot) staffZone(userID string) *time.Location {
	if s, ok := b.cfg.StaffByPhone(userID); ok && s.Location != nil {
		return s.Location
	}
	return b.cfg.Location
}
