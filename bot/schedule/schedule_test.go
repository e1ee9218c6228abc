package schedule

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones must not depend on the host having tzdata
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func mustParse(t testing.TB, expr string) *Schedule {
	t.Helper()
	s, err := Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	return s
}

// local reads "2006-01-02T15:04" as a wall time in loc; only for times that exist once.
func local(t testing.TB, loc *time.Location, value string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation(periodLayout, value, loc)
	if err != nil {
		t.Fatalf("parse %q: %v", value, err)
	}
	return at
}

func TestParse(t *testing.T) {
	tests := []struct {
		expr    string
		wantErr string
	}{
		{expr: "0 9 * * MON"},
		{expr: "30 2 * * *"},
		{expr: "  0 9 * * mon  "},
		{expr: "@weekly"},
		{expr: "TZ=Europe/Paris 0 9 * * MON", wantErr: "time zone"},
		{expr: "CRON_TZ=UTC 0 9 * * MON", wantErr: "time zone"},
		{expr: "TZ=UTC", wantErr: "time zone"}, // panics inside cron.ParseStandard
		{expr: " TZ=UTC 0 9 * * *", wantErr: "time zone"},
		{expr: "@every 1h", wantErr: "not a time of day"},
		{expr: "garbage", wantErr: "parse schedule"},
		{expr: "", wantErr: "parse schedule"},
		{expr: "0 9 * * MON *", wantErr: "parse schedule"},
		{expr: "61 9 * * *", wantErr: "parse schedule"},
		{expr: ", 0 * * *", wantErr: "matches nothing"}, // found by FuzzBetween: slow, not wrong
		{expr: "0 0 * * ,", wantErr: "matches nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s, err := Parse(tt.expr)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tt.wantErr == "" && s.spec.Location != time.UTC:
				t.Fatalf("Location = %v, want UTC", s.spec.Location)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Parse error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNextWeekly(t *testing.T) {
	s := mustParse(t, "0 9 * * MON")
	tests := []struct {
		zone, after, want string
	}{
		{"Africa/Nairobi", "2026-12-02T12:00", "2026-12-07T09:00"},
		{"America/Bogota", "2026-12-02T12:00", "2026-12-07T09:00"},
		{"Europe/Paris", "2026-12-02T12:00", "2026-12-07T09:00"},
		{"Europe/Paris", "2026-12-07T08:59", "2026-12-07T09:00"},
		{"Europe/Paris", "2026-12-07T09:00", "2026-12-14T09:00"}, // strictly after
		{"Europe/Paris", "2026-03-25T12:00", "2026-03-30T09:00"}, // across spring forward
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.after, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			got := s.Next(loc, local(t, loc, tt.after))
			if want := local(t, loc, tt.want); !got.At.Equal(want) || got.Period != tt.want {
				t.Fatalf("Next = %v %q, want %v %q", got.At, got.Period, want, tt.want)
			}
			if got.At.Location() != loc {
				t.Fatalf("At is in %v, want %v", got.At.Location(), loc)
			}
		})
	}
}

func TestNeverMatches(t *testing.T) {
	s := mustParse(t, "0 0 30 2 *")
	loc := mustLoad(t, "Europe/Paris")
	after := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := s.Next(loc, after); !got.At.IsZero() || got.Period != "" {
		t.Fatalf("Next = %+v, want the zero Occurrence", got)
	}
	if got := s.Between(loc, after, after.AddDate(100, 0, 0), 10); len(got) != 0 {
		t.Fatalf("Between = %+v, want none", got)
	}
}

// cron alone gives up after five years; 2100 is not a leap year.
func TestNextAcrossCenturyLeapGap(t *testing.T) {
	loc := mustLoad(t, "Europe/Paris")
	got := mustParse(t, "0 0 29 2 *").Next(loc, local(t, loc, "2096-03-01T00:00"))
	if got.Period != "2104-02-29T00:00" {
		t.Fatalf("Next = %q, want 2104-02-29T00:00", got.Period)
	}
}
