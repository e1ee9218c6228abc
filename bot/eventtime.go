package bot

import (
	"regexp"
	"strconv"
	"time"

	"labbot/bot/schedule"
)

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
