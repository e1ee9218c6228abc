package schedule

import (
	"testing"
	"time"
)

func TestInstant(t *testing.T) {
	tests := []struct {
		name, zone, wall, want string // wall as in Period; want in UTC
	}{
		{"Paris gap", "Europe/Paris", "2026-03-29T02:30", "2026-03-29T01:00:00Z"},
		{"Paris gap start", "Europe/Paris", "2026-03-29T02:00", "2026-03-29T01:00:00Z"},
		{"Paris gap end", "Europe/Paris", "2026-03-29T03:00", "2026-03-29T01:00:00Z"},
		{"Paris before gap", "Europe/Paris", "2026-03-29T01:59", "2026-03-29T00:59:00Z"},
		{"Paris overlap", "Europe/Paris", "2026-10-25T02:30", "2026-10-25T00:30:00Z"},
		{"Paris overlap start", "Europe/Paris", "2026-10-25T02:00", "2026-10-25T00:00:00Z"},
		{"Paris after overlap", "Europe/Paris", "2026-10-25T03:00", "2026-10-25T02:00:00Z"},
		{"New York gap", "America/New_York", "2026-03-08T02:30", "2026-03-08T07:00:00Z"},
		{"New York overlap", "America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z"},
		{"Lord Howe half-hour gap", "Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:30:00Z"},
		{"Lord Howe half-hour overlap", "Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00Z"},
		{"Santiago midnight gap", "America/Santiago", "2026-09-06T00:00", "2026-09-06T04:00:00Z"},
		{"Santiago overlap", "America/Santiago", "2026-04-04T23:30", "2026-04-05T02:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			w, err := time.Parse(periodLayout, tt.wall)
			if err != nil {
				t.Fatal(err)
			}
			want, err := time.Parse(time.RFC3339, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if got := Instant(loc, w); !got.Equal(want) {
				t.Fatalf("Instant(%s) = %v, want %v", tt.wall, got.UTC(), want)
			}
		})
	}
}

// TestInstantAroundTransitions checks every quarter hour near each 2026
// transition against the rule itself rather than hand-written answers.
func TestInstantAroundTransitions(t *testing.T) {
	for _, zone := range []string{"Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham"} {
		t.Run(zone, func(t *testing.T) {
			loc := mustLoad(t, zone)
			// Each zone changes its clocks twice in 2026, forward and back:
			// with no change found, nothing here would be checked.
			var forward, back, skipped int
			for _, tr := range transitions(loc, 2026) {
				_, before := tr.Add(-time.Nanosecond).Zone()
				if _, after := tr.Zone(); after > before {
					forward++
				} else if after < before {
					back++
				}
				base := wallOf(tr, loc).Truncate(15 * time.Minute)
				for w := base.Add(-3 * time.Hour); w.Before(base.Add(3 * time.Hour)); w = w.Add(15 * time.Minute) {
					got := Instant(loc, w)
					if !wallOf(got, loc).Equal(w) {
						skipped++
					}
					checkInstant(t, loc, w, got)
				}
			}
			if forward != 1 || back != 1 || skipped == 0 {
				t.Fatalf("2026 changes the clock forward %d times and back %d times, %d quarter hours skipped; want once each way, some skipped", forward, back, skipped)
			}
		})
	}
}

func transitions(loc *time.Location, year int) []time.Time {
	var out []time.Time
	for t := time.Date(year, 1, 1, 0, 0, 0, 0, loc); ; {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Year() > year {
			return out
		}
		out = append(out, end)
		t = end
	}
}

// checkInstant fails unless got is the first instant reading w, or w is
// skipped and got is the first instant after the gap.
func checkInstant(t *testing.T, loc *time.Location, w, got time.Time) {
	t.Helper()
	if gw := wallOf(got, loc); !gw.Equal(w) {
		if gw.Before(w) || !wallOf(got.Add(-time.Nanosecond), loc).Before(w) {
			t.Errorf("%s: got %v, neither reading it nor just after its gap", w.Format(periodLayout), got)
		}
		return
	}
	for h := time.Duration(0); h <= 48*time.Hour; h += time.Hour {
		_, off := got.Add(-h).Zone()
		earlier := w.Add(-time.Duration(off) * time.Second)
		if earlier.Before(got) && wallOf(earlier, loc).Equal(w) {
			t.Errorf("%s: got %v, but %v reads it earlier", w.Format(periodLayout), got, earlier)
			return
		}
	}
}
