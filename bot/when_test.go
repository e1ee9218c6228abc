package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseWhen(t *testing.T) {
	bogota, _ := time.LoadLocation("America/Bogota")
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		in       string
		loc      *time.Location
		want     time.Time // zero: refused
		wantRest string
	}{
		{"2026-12-03 15:00 Webinar | desc", bogota, time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC), "Webinar | desc"},
		{"2026-12-3 9:05 Call", bogota, time.Date(2026, 12, 3, 14, 5, 0, 0, time.UTC), "Call"},
		{"2026-12-03 15h30 Atelier", paris, time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC), "Atelier"},
		{"2026-12-03 15h Atelier", paris, time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC), "Atelier"},
		{"2026-12-03 15:00", paris, time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC), ""},
		// The hour daylight saving skips is taken as the instant it ends;
		// the one it repeats, as its first pass.
		{"2026-03-29 02:30 Nuit", paris, time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "Nuit"},
		{"2026-10-25 02:30 Nuit", paris, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "Nuit"},
		{"2026-02-30 10:00 No such day", paris, time.Time{}, ""},
		{"2026-13-01 10:00 No such month", paris, time.Time{}, ""},
		{"2026-12-03 24:00 No such hour", paris, time.Time{}, ""},
		{"2026-12-03 10:60 No such minute", paris, time.Time{}, ""},
		{"2026-12-0310:00 Glued", paris, time.Time{}, ""},
		{"2026-12-03 10:00Glued", paris, time.Time{}, ""},
		{"tomorrow 10:00", paris, time.Time{}, ""},
		{"03/12/2026 10:00", paris, time.Time{}, ""},
		{"", paris, time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, rest, ok := parseWhen(tt.in, tt.loc)
			if tt.want.IsZero() {
				if ok {
					t.Fatalf("parseWhen(%q) = %v, want it refused", tt.in, got)
				}
				return
			}
			if !ok || !got.Equal(tt.want) || rest != tt.wantRest {
				t.Fatalf("parseWhen(%q) = %v, %q, %v; want %v, %q", tt.in, got.UTC(), rest, ok, tt.want, tt.wantRest)
			}
		})
	}
}

var digits = regexp.MustCompile(`\d+`)

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{"2026-12-03 15:00 Webinar | desc", "2026-03-29 02:30 x", "2026-02-29 10h", "9999-99-99 99:99", "2026-1-1 0:00"} {
		f.Add(s)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	f.Fuzz(func(t *testing.T, s string) {
		got, rest, ok := parseWhen(s, paris)
		if !ok {
			return
		}
		if !strings.HasSuffix(s, rest) || (utf8.ValidString(s) && !utf8.ValidString(rest)) {
			t.Fatalf("rest %q is not the end of %q", rest, s)
		}
		// What was read is a real wall time: shown back on Paris's clock it
		// reads what was written, or, for a time the clock skips, the
		// instant the gap ends.
		n := []int{}
		for _, d := range digits.FindAllString(s[:len(s)-len(rest)], -1) {
			v, _ := strconv.Atoi(d)
			n = append(n, v)
		}
		n = append(n, 0) // 15h has no minutes
		written := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], 0, 0, time.UTC)
		local := got.In(paris)
		shown := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), time.UTC)
		if shown.Equal(written) {
			return
		}
		_, before := got.Add(-time.Nanosecond).In(paris).Zone()
		_, after := local.Zone()
		if gap := time.Duration(after-before) * time.Second; gap <= 0 || shown.Before(written) || shown.Sub(written) > gap {
			t.Fatalf("parseWhen(%q) = %v, want %s on Paris's clock or the end of a gap it falls in", s, local, written.Format("2006-01-02 15:04"))
		}
	})
}

func TestSplitMessage(t *testing.T) {
	block := func(lines, width int) string {
		var ls []string
		for range lines {
			ls = append(ls, strings.Repeat("é", width))
		}
		return strings.Join(ls, "\n")
	}
	blocks := []string{"title", block(10, 50), block(10, 50), block(80, 50), "footer"}
	parts := splitMessage(blocks, 1000)
	if !slices.Equal(strings.Fields(strings.Join(parts, "\n")), strings.Fields(strings.Join(blocks, "\n"))) {
		t.Fatal("splitting lost or reordered text")
	}
	for i, p := range parts {
		if n := utf8.RuneCountInString(p); n > 1000 {
			t.Errorf("part %d is %d characters, over 1000", i, n)
		}
	}
	if len(parts) < 4 {
		t.Errorf("%d parts, want the long block on several", len(parts))
	}
	if got := splitMessage([]string{"a", "b"}, 1000); len(got) != 1 || got[0] != "a\n\nb" {
		t.Errorf("short blocks split: %q", got)
	}
}

// TestWhenWritesTheTimeAsEachLanguageDoes: English 09:00, Spanish "a la
// 1:00" for one o'clock and "a las 9:00" otherwise, with no leading zero,
// French "9 h 00" with no-break spaces, so the hour never wraps apart.
func TestWhenWritesTheTimeAsEachLanguageDoes(t *testing.T) {
	h := newHarness(t, nil)
	utc := time.UTC
	for _, tt := range []struct {
		lang string
		at   time.Time
		want string
	}{
		{"en", time.Date(2026, 12, 9, 9, 5, 0, 0, utc), "Wednesday 9 December, 09:05"},
		{"en", time.Date(2026, 12, 9, 13, 0, 0, 0, utc), "Wednesday 9 December, 13:00"},
		{"es", time.Date(2026, 12, 9, 1, 0, 0, 0, utc), "miércoles 9 de diciembre a la 1:00"},
		{"es", time.Date(2026, 12, 9, 1, 30, 0, 0, utc), "miércoles 9 de diciembre a la 1:30"},
		{"es", time.Date(2026, 12, 9, 9, 5, 0, 0, utc), "miércoles 9 de diciembre a las 9:05"},
		{"es", time.Date(2026, 12, 9, 0, 15, 0, 0, utc), "miércoles 9 de diciembre a las 0:15"},
		{"es", time.Date(2026, 12, 9, 13, 0, 0, 0, utc), "miércoles 9 de diciembre a las 13:00"},
		{"fr", time.Date(2026, 12, 9, 9, 5, 0, 0, utc), "mercredi 9 décembre à 9\u00a0h\u00a005"},
		{"fr", time.Date(2026, 12, 1, 15, 0, 0, 0, utc), "mardi 1er décembre à 15\u00a0h\u00a000"},
	} {
		if got := h.bot.when(tt.lang, tt.at, utc); got != tt.want {
			t.Errorf("when(%s, %s) = %q, want %q", tt.lang, tt.at.Format(time.DateTime), got, tt.want)
		}
	}
}

// TestZoneTime: whose clock a time is on, as each language says it,
// French eliding before a vowel.
func TestZoneTime(t *testing.T) {
	h := newHarness(t, nil)
	for _, tt := range []struct{ lang, zone, want string }{
		{"en", "America/Bogota", "Bogotá time"},
		{"es", "America/Bogota", "hora de Bogotá"},
		{"fr", "Africa/Dakar", "heure de Dakar"},
		{"fr", "Africa/Abidjan", "heure d'Abidjan"},
		{"fr", "Africa/Ouagadougou", "heure d'Ouagadougou"},
		{"es", "Africa/Abidjan", "hora de Abidjan"},
		{"fr", "UTC", "heure UTC"},
		{"es", "Etc/GMT+5", "hora UTC-5"},
		{"en", "US/Eastern", "UTC-5"},
	} {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := h.bot.zoneTime(tt.lang, loc); got != tt.want {
			t.Errorf("zoneTime(%s, %s) = %q, want %q", tt.lang, tt.zone, got, tt.want)
		}
	}
}
