package place

import (
	"testing"
	"time"
)

// TestName: a member reads the place her time is kept in, in her
// language, not the zone database's name; a zone that names no place
// reads as its offset from UTC.
func TestName(t *testing.T) {
	winter := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		lang, zone, want string
		isPlace          bool
	}{
		{"en", "America/Bogota", "Bogotá", true},
		{"fr", "America/Bogota", "Bogota", true},
		{"es", "America/New_York", "Nueva York", true},
		{"en", "America/New_York", "New York", true},
		{"fr", "Africa/Dakar", "Dakar", true},
		{"es", "America/Argentina/Buenos_Aires", "Buenos Aires", true},
		{"fr", "Europe/Brussels", "Bruxelles", true},
		{"fr", "Africa/Cairo", "Cairo", true},
		{"en", "UTC", "UTC", false},
		{"en", "Etc/UTC", "UTC", false},
		{"en", "Etc/GMT+5", "UTC-5", false},
		{"en", "US/Eastern", "UTC-5", false},
		{"en", "Asia/Kolkata", "Kolkata", true},
	} {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got, isPlace := Name(tt.lang, loc, winter); got != tt.want || isPlace != tt.isPlace {
			t.Errorf("Name(%s, %s) = %q, %v; want %q, %v", tt.lang, tt.zone, got, isPlace, tt.want, tt.isPlace)
		}
	}
}

func TestOffset(t *testing.T) {
	for _, tt := range []struct {
		zone string
		want string
	}{
		{"UTC", "UTC"}, {"Africa/Nairobi", "UTC+3"}, {"America/Bogota", "UTC-5"},
		{"Asia/Kolkata", "UTC+5:30"}, {"America/St_Johns", "UTC-3:30"},
	} {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := Offset(time.Date(2026, 12, 7, 12, 0, 0, 0, loc)); got != tt.want {
			t.Errorf("Offset in %s = %q, want %q", tt.zone, got, tt.want)
		}
	}
}
