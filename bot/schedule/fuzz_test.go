package schedule

import (
	"testing"
	"time"
)

var fuzzZones = []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Africa/Nairobi", "America/Bogota", "Pacific/Chatham"}

// fuzzTime folds any int64 into a second between 2000 and 2100, keeping
// seconds already in range as they are so seeds read as real dates.
func fuzzTime(sec int64) time.Time {
	lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - lo
	return time.Unix(lo+((sec-lo)%span+span)%span, 0)
}

func FuzzBetween(f *testing.F) {
	f.Add("0 9 * * MON", uint8(1), int64(1796212800), int64(1798027200), uint8(5))
	f.Fuzz(func(t *testing.T, expr string, zone uint8, afterSec, upToSec int64, limit uint8) {
		s, err := Parse(expr)
		if err != nil {
			return
		}
		loc := mustLoad(t, fuzzZones[int(zone)%len(fuzzZones)])
		after, upTo := fuzzTime(afterSec), fuzzTime(upToSec)
		got := s.Between(loc, after, upTo, int(limit))
		if len(got) > int(limit) {
			t.Fatalf("%d occurrences, limit %d", len(got), limit)
		}
		seen := map[string]bool{}
		for i, o := range got {
			if !o.At.After(after) || o.At.After(upTo) {
				t.Fatalf("occurrence %v outside (%v, %v]", o.At, after, upTo)
			}
			if i > 0 && o.At.Before(got[i-1].At) {
				t.Fatalf("occurrence %v before %v", o.At, got[i-1].At)
			}
			if seen[o.Period] {
				t.Fatalf("period %s twice", o.Period)
			}
			seen[o.Period] = true
		}
		// With nothing cut by the limit, Between must start where Next does.
		if len(got) < int(limit) {
			next := s.Next(loc, after)
			switch {
			case len(got) > 0 && (!next.At.Equal(got[0].At) || next.Period != got[0].Period):
				t.Fatalf("Next = %+v, Between starts at %+v", next, got[0])
			case len(got) == 0 && !next.At.IsZero() && !next.At.After(upTo):
				t.Fatalf("Next = %+v within range, Between found none", next)
			}
		}
	})
}
