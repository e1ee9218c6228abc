package bot

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// whenFault says why a date and time an event was given were refused.
type whenFault int

const (
	whenOK         whenFault = iota
	whenUnreadable           // no date and time there that labbot can read
	whenNoSuchDate           // 2027-02-30, 2027-13-01
	whenNoSuchTime           // 25:00, 13pm, 10:75
	whenSkipped              // the clock jumps over it (spring forward)
	whenTwice                // the clock goes back over it (fall back)
)

// eventWhen is a date and time as staff wrote it for an event, read on
// the wall clock of their zone.
type eventWhen struct {
	At      time.Time // the instant; zero unless Fault is whenOK
	Wall    time.Time // the wall time written, its fields in UTC
	Written string    // the words read, as written, for a refusal to quote
	Rest    string    // what follows them (the title, the description)
	Fault   whenFault
}

var (
	// isoDateRE is a date as 2027-01-12; the day may be impossible, which
	// is refused with its own reason, not read as something else.
	isoDateRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|$)`)
	// The time of day, as staff write it in three languages: 15:00, 9:05;
	// 3pm, 3:30 pm, 3 p.m., 3 p. m.; 15h, 15h30, 15 h 30.
	clock12RE = regexp.MustCompile(`(?i)^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\.?(?:\s+|$)`)
	clockHRE  = regexp.MustCompile(`(?i)^(\d{1,2})\s*h\s*(\d{2})?(?:\s+|$)`)
	clock24RE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?:\s+|$)`)
)

// relativeDays are the words for a day counted from today, folded.
var relativeDays = map[string]int{
	"today": 0, "hoy": 0, "aujourd'hui": 0,
	"tomorrow": 1, "manana": 1, "demain": 1,
}

// weekdayNames are the days of the week in en, es and fr, folded.
var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "domingo": time.Sunday, "dimanche": time.Sunday,
	"monday": time.Monday, "lunes": time.Monday, "lundi": time.Monday,
	"tuesday": time.Tuesday, "martes": time.Tuesday, "mardi": time.Tuesday,
	"wednesday": time.Wednesday, "miercoles": time.Wednesday, "mercredi": time.Wednesday,
	"thursday": time.Thursday, "jueves": time.Thursday, "jeudi": time.Thursday,
	"friday": time.Friday, "viernes": time.Friday, "vendredi": time.Friday,
	"saturday": time.Saturday, "sabado": time.Saturday, "samedi": time.Saturday,
}

// timeLinks may stand between the day and the time: "tomorrow at 3pm",
// "mañana a las 3 pm", "demain à 15h".
var timeLinks = [][]string{{"a", "las"}, {"a", "la"}, {"at"}, {"a"}}

// parseEventWhen reads the date and time that begin s, on the wall clock
// of loc: a date (2027-01-12, today, tomorrow or a weekday's name, in en,
// es or fr, the next such day) then a time (15:00, 3pm, 3:30 p.m., 15h30).
// Today is ref's day in loc. A date or time that does not exist, or that
// the zone's clock skips or passes twice, is refused with its reason.
func parseEventWhen(s string, loc *time.Location, ref time.Time) eventWhen {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	y, m, d, rest, fault := readDay(s, loc, ref)
	if fault != whenOK {
		return eventWhen{Fault: fault, Written: strings.TrimSpace(s[:len(s)-len(rest)])}
	}
	clock := rest
	hour, minute, rest, fault := readClock(clock)
	w := eventWhen{Written: strings.TrimSpace(s[:len(s)-len(rest)]), Rest: rest, Fault: fault}
	if fault == whenNoSuchTime {
		w.Written = strings.TrimSpace(clock[:len(clock)-len(rest)]) // the time alone
	}
	if fault != whenOK {
		return w
	}
	w.Wall = time.Date(y, time.Month(m), d, hour, minute, 0, 0, time.UTC)
	switch at := wallInstants(loc, w.Wall); len(at) {
	case 0:
		w.Fault = whenSkipped
	case 1:
		w.At = at[0]
	default:
		w.Fault = whenTwice
	}
	return w
}

// readDay reads the day that begins s. A date written in numbers must
// exist; a word names a day from ref's, in loc.
func readDay(s string, loc *time.Location, ref time.Time) (y, m, d int, rest string, _ whenFault) {
	if g := isoDateRE.FindStringSubmatchIndex(s); g != nil {
		y, m, d = atoiAt(s, g, 1), atoiAt(s, g, 2), atoiAt(s, g, 3)
		if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
			return 0, 0, 0, s[g[1]:], whenNoSuchDate
		}
		return y, m, d, s[g[1]:], whenOK
	}
	word, rest := nextWord(s)
	word = fold(strings.ReplaceAll(word, "’", "'"))
	today := ref.In(loc)
	ahead, ok := relativeDays[word]
	if wd, isDay := weekdayNames[word]; isDay {
		// The next such day: on a Wednesday, "Wednesday" is a week away
		// (today is "today").
		ahead, ok = (int(wd)-int(today.Weekday())+6)%7+1, true
	}
	if !ok {
		return 0, 0, 0, s, whenUnreadable
	}
	day := time.Date(today.Year(), today.Month(), today.Day()+ahead, 12, 0, 0, 0, time.UTC)
	return day.Year(), int(day.Month()), day.Day(), rest, whenOK
}

func startsWithDigit(s string) bool {
	return s != "" && unicode.IsDigit([]rune(s)[0])
}

// readClock reads the time of day that begins s, after an optional "at".
func readClock(s string) (hour, minute int, rest string, _ whenFault) {
	for _, link := range timeLinks {
		if after, ok := cutLink(s, link); ok && startsWithDigit(after) {
			s = after
			break
		}
	}
	if g := clock12RE.FindStringSubmatchIndex(s); g != nil {
		hour, minute = atoiAt(s, g, 1), atoiAt(s, g, 2)
		if hour < 1 || hour > 12 || minute > 59 {
			return 0, 0, s[g[1]:], whenNoSuchTime
		}
		hour %= 12
		if strings.EqualFold(s[g[6]:g[7]], "p") {
			hour += 12
		}
		return hour, minute, s[g[1]:], whenOK
	}
	g := clockHRE.FindStringSubmatchIndex(s)
	if g == nil {
		g = clock24RE.FindStringSubmatchIndex(s)
	}
	if g == nil {
		return 0, 0, s, whenUnreadable
	}
	hour, minute = atoiAt(s, g, 1), atoiAt(s, g, 2)
	if hour > 23 || minute > 59 {
		return 0, 0, s[g[1]:], whenNoSuchTime
	}
	return hour, minute, s[g[1]:], whenOK
}

// nextWord cuts the first word off s, which starts with none of its
// spaces; what follows keeps its own end, so that it stays the end of s.
func nextWord(s string) (word, rest string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeftFunc(s[i:], unicode.IsSpace)
}

// cutLink cuts the words of link, folded, off the start of s.
func cutLink(s string, link []string) (string, bool) {
	for _, w := range link {
		var first string
		if first, s = nextWord(s); fold(first) != w {
			return "", false
		}
	}
	return s, true
}

// atoiAt is the number in submatch i of s, 0 when it did not match.
func atoiAt(s string, g []int, i int) int {
	if g[2*i] < 0 {
		return 0
	}
	n, _ := strconv.Atoi(s[g[2*i]:g[2*i+1]])
	return n
}

// daysIn is how many days month has in year.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// wallInstants are the instants at which loc's clock reads w (its fields
// taken in UTC): none in a gap the clock skips, two in an hour it repeats.
func wallInstants(loc *time.Location, w time.Time) []time.Time {
	var out []time.Time
	for _, probe := range []time.Duration{-48, -24, -12, 0, 12, 24, 48} {
		_, off := w.Add(probe * time.Hour).In(loc).Zone()
		u := w.Add(-time.Duration(off) * time.Second)
		if wallClock(u, loc).Equal(w) && !containsInstant(out, u) {
			out = append(out, u)
		}
	}
	if len(out) == 2 && out[1].Before(out[0]) {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

func containsInstant(list []time.Time, t time.Time) bool {
	for _, u := range list {
		if u.Equal(t) {
			return true
		}
	}
	return false
}

// wallClock is what loc's clock reads at t, its fields in UTC.
func wallClock(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// clockChange is the change of loc's clock nearest the wall time w, which
// it skips or repeats: the instant, and the clock's reading just before
// and just after it (02:00 and 03:00 in spring), as wall times in UTC.
func clockChange(loc *time.Location, w time.Time) (at, from, to time.Time) {
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
	start, end := t.ZoneBounds()
	at = start
	if !end.IsZero() && (start.IsZero() || absDuration(end.Sub(w)) < absDuration(start.Sub(w))) {
		at = end
	}
	_, before := at.Add(-time.Nanosecond).In(loc).Zone()
	return at, wallClock(at, time.FixedZone("", before)), wallClock(at, loc)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
