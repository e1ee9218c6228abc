package schedule

import "time"

// margin is how far back of a wall time a later instant's wall time can lie.
// Wall time minus UTC stays within the span of offsets ever used, under 31
// hours (Manila's -15:56 to Sitka's +14:58 local mean times; -12 to +14 since),
// so scanning wall times from margin before is sure to see every instant after.
const margin = 31 * time.Hour

// wallOf returns t's wall clock in loc written as a UTC time, so cron can walk
// it without meeting a daylight-saving jump.
func wallOf(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// occurrenceAt maps wall time w, written as UTC, to when the job runs in loc.
func occurrenceAt(loc *time.Location, w time.Time) Occurrence {
	return Occurrence{At: Instant(loc, w), Period: w.Format(periodLayout)}
}

// Instant returns the first instant in loc whose wall clock reads w or, when w
// falls in a spring-forward gap, the first instant after the gap: the job runs
// late rather than not at all, and once rather than twice in a repeated hour.
//
// time.Date does not promise which offset it picks in a gap or an overlap (for
// Paris's repeated 02:30 it picks the second pass), so its answer is only a
// starting point; the zone bounds and a comparison of wall clocks decide.
func Instant(loc *time.Location, w time.Time) time.Time {
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
	start, end := t.ZoneBounds()
	switch got := wallOf(t, loc); {
	case got.After(w):
		// In a gap, placed past it with the offset from before: the gap ends
		// where t's zone starts.
		if !start.IsZero() {
			return start
		}
	case got.Before(w):
		// In a gap, placed before it with the offset from after: the gap ends
		// where t's zone ends.
		if !end.IsZero() {
			return end
		}
	case !start.IsZero():
		// w exists; if the previous zone's offset also reads w before start,
		// the hour repeats and its first pass is the one.
		_, off := start.Add(-time.Nanosecond).Zone()
		first := w.Add(-time.Duration(off) * time.Second).In(loc)
		if first.Before(start) && wallOf(first, loc).Equal(w) {
			return first
		}
	}
	return t
}
