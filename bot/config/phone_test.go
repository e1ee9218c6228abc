package config

import (
	"regexp"
	"testing"
)

func TestIsPhone(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"+15550000001", true},
		{"+1555000", true},           // 7 digits: the shortest
		{"+123456789012345", true},   // 15 digits: the longest
		{"+155500", false},           // 6 digits
		{"+1234567890123456", false}, // 16 digits
		{"15550000001", false},       // no +
		{"+05550000001", false},      // no country code starts with 0
		{"+1 555 000 0001", false},
		{"+1555-000-0001", false},
		{"++15550000001", false},
		{"+１５５５０００００01", false}, // full-width digits
		{"", false},
		{"+", false},
	} {
		if got := IsPhone(tc.in); got != tc.want {
			t.Errorf("IsPhone(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// IsPhone takes exactly what the pattern config, the console and the
// command line each used to check with.
func FuzzIsPhone(f *testing.F) {
	before := regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	for _, s := range []string{"+15550000001", "+1555000", "+155500", "+0123456789", "15550000001", "+1555000\n", "+1٥٥٥٠٠٠٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsPhone(s), before.MatchString(s); got != want {
			t.Errorf("IsPhone(%q) = %v; the pattern says %v", s, got, want)
		}
	})
}
