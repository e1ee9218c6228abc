package schedule

import (
	"fmt"
	"testing"
	"time"
)

// dstNights are the nights a daily job must run exactly once, at the first
// instant its wall time is reached or passed.
var dstNights = []struct {
	name, zone, expr, night, period, wantUTC string
}{
	{"Paris spring", "Europe/Paris", "30 2 * * *", "2026-03-29", "2026-03-29T02:30", "2026-03-29T01:00:00Z"},
	{"Paris fall", "Europe/Paris", "30 2 * * *", "2026-10-25", "2026-10-25T02:30", "2026-10-25T00:30:00Z"},
	{"New York spring", "America/New_York", "30 2 * * *", "2026-03-08", "2026-03-08T02:30", "2026-03-08T07:00:00Z"},
	{"New York fall", "America/New_York", "30 1 * * *", "2026-11-01", "2026-11-01T01:30", "2026-11-01T05:30:00Z"},
	{"Santiago midnight gap", "America/Santiago", "0 0 * * *", "2026-09-06", "2026-09-06T00:00", "2026-09-06T04:00:00Z"},
	{"Lord Howe half hour", "Australia/Lord_Howe", "45 1 * * *", "2026-04-05", "2026-04-05T01:45", "2026-04-04T14:45:00Z"},
}

// nightBounds returns noon before and noon after the night, which hold one
// daily occurrence.
func nightBounds(t *testing.T, loc *time.Location, night string) (from, to time.Time) {
	t.Helper()
	to = local(t, loc, night+"T12:00")
	return to.AddDate(0, 0, -1), to
}

func TestBetweenDSTNights(t *testing.T) {
	for _, tt := range dstNights {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			s := mustParse(t, tt.expr)
			from, to := nightBounds(t, loc, tt.night)
			got := s.Between(loc, from, to, 10)
			if len(got) != 1 {
				t.Fatalf("Between = %+v, want exactly one", got)
			}
			if at := got[0].At.UTC().Format(time.RFC3339); at != tt.wantUTC || got[0].Period != tt.period {
				t.Fatalf("Between = %s %q, want %s %q", at, got[0].Period, tt.wantUTC, tt.period)
			}
			if next := s.Next(loc, from); !next.At.Equal(got[0].At) || next.Period != got[0].Period {
				t.Fatalf("Next = %+v, want %+v", next, got[0])
			}
		})
	}
}

// TestBetweenTicker runs a 5-minute ticker across each night, aligned and not,
// as the bot does: the job must be reported once in total.
func TestBetweenTicker(t *testing.T) {
	for _, tt := range dstNights {
		for _, skew := range []time.Duration{0, 150 * time.Second} {
			t.Run(fmt.Sprintf("%s skew %v", tt.name, skew), func(t *testing.T) {
				loc := mustLoad(t, tt.zone)
				s := mustParse(t, tt.expr)
				from, to := nightBounds(t, loc, tt.night)
				var got []Occurrence
				for prev, now := from.Add(skew), from.Add(skew+5*time.Minute); !now.After(to); prev, now = now, now.Add(5*time.Minute) {
					got = append(got, s.Between(loc, prev, now, 10)...)
				}
				if len(got) != 1 || got[0].At.UTC().Format(time.RFC3339) != tt.wantUTC {
					t.Fatalf("ticker saw %+v, want one at %s", got, tt.wantUTC)
				}
			})
		}
	}
}

func TestBetweenWeekly(t *testing.T) {
	s := mustParse(t, "0 9 * * MON")
	want := []string{"2026-12-07T09:00", "2026-12-14T09:00", "2026-12-21T09:00"}
	for _, zone := range []string{"Africa/Nairobi", "America/Bogota", "Europe/Paris"} {
		t.Run(zone, func(t *testing.T) {
			loc := mustLoad(t, zone)
			after := local(t, loc, "2026-12-02T12:00")
			got := s.Between(loc, after, after.AddDate(0, 0, 21), 100)
			if len(got) != len(want) {
				t.Fatalf("Between = %+v, want %d", got, len(want))
			}
			for i, o := range got {
				if o.Period != want[i] || !o.At.Equal(local(t, loc, want[i])) {
					t.Errorf("occurrence %d = %v %q, want %q", i, o.At, o.Period, want[i])
				}
			}
		})
	}
}

func TestBetweenLimit(t *testing.T) {
	loc := mustLoad(t, "Europe/Paris")
	after := local(t, loc, "2026-01-01T00:00")
	tests := []struct {
		name, expr string
		upTo       time.Time
		limit      int
		want       []string
	}{
		{"hourly over months", "0 * * * *", local(t, loc, "2026-06-01T12:30"), 3,
			[]string{"2026-06-01T10:00", "2026-06-01T11:00", "2026-06-01T12:00"}},
		{"weekly over a year", "0 9 * * MON", local(t, loc, "2027-01-01T00:00"), 2,
			[]string{"2026-12-21T09:00", "2026-12-28T09:00"}},
		{"gap shares an instant", "0,30 2,3 * * *", local(t, loc, "2026-03-29T03:10"), 2,
			[]string{"2026-03-29T02:30", "2026-03-29T03:00"}},
		{"fewer than limit", "0 9 1 * *", local(t, loc, "2026-03-15T00:00"), 5,
			[]string{"2026-01-01T09:00", "2026-02-01T09:00", "2026-03-01T09:00"}},
		{"zero limit", "* * * * *", local(t, loc, "2026-03-15T00:00"), 0, nil},
		{"empty range", "* * * * *", after, 5, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.expr).Between(loc, after, tt.upTo, tt.limit)
			var periods []string
			for _, o := range got {
				periods = append(periods, o.Period)
			}
			if fmt.Sprint(periods) != fmt.Sprint(tt.want) {
				t.Fatalf("Between periods = %v, want %v", periods, tt.want)
			}
		})
	}
}
