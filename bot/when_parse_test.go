package bot

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The reference instant of the date tests: Monday 7 December 2026, 08:00
// UTC, which is Monday 03:00 in New York and 09:00 in Paris.
var whenRef = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseEventWhen(t *testing.T) {
	paris, ny, bogota := mustZone(t, "Europe/Paris"), mustZone(t, "America/New_York"), mustZone(t, "America/Bogota")
	tests := []struct {
		in    string
		loc   *time.Location
		wall  string // the wall time read, on loc's clock; "" when refused
		rest  string
		fault whenFault
	}{
		{"2027-01-12 15:00 Webinar | desc", paris, "2027-01-12 15:00", "Webinar | desc", whenOK},
		{"2026-12-3 9:05 Call", bogota, "2026-12-03 09:05", "Call", whenOK},
		{"tomorrow 3pm Webinar", bogota, "2026-12-08 15:00", "Webinar", whenOK},
		{"Tomorrow at 3 PM Webinar", bogota, "2026-12-08 15:00", "Webinar", whenOK},
		{"mañana 3pm Taller", bogota, "2026-12-08 15:00", "Taller", whenOK},
		{"manana a las 3:30 p.m. Taller", bogota, "2026-12-08 15:30", "Taller", whenOK},
		{"MAÑANA a las 3 p. m. Taller", bogota, "2026-12-08 15:00", "Taller", whenOK},
		{"demain 15h Atelier", paris, "2026-12-08 15:00", "Atelier", whenOK},
		{"demain à 15h30 Atelier", paris, "2026-12-08 15:30", "Atelier", whenOK},
		{"demain 15 h 30 Atelier", paris, "2026-12-08 15:30", "Atelier", whenOK},
		{"demain 15 h Atelier", paris, "2026-12-08 15:00", "Atelier", whenOK},
		{"today 12am", paris, "2026-12-07 00:00", "", whenOK},
		{"hoy 12pm Almuerzo", bogota, "2026-12-07 12:00", "Almuerzo", whenOK},
		{"aujourd'hui 18:00 Apéro", paris, "2026-12-07 18:00", "Apéro", whenOK},
		{"Aujourd’hui 18h Apéro", paris, "2026-12-07 18:00", "Apéro", whenOK},
		// A weekday is the next such day: on a Monday, "Monday" is a week away.
		{"wednesday 10am Call", paris, "2026-12-09 10:00", "Call", whenOK},
		{"miércoles 10:00 Llamada", bogota, "2026-12-09 10:00", "Llamada", whenOK},
		{"miercoles 10:00 Llamada", bogota, "2026-12-09 10:00", "Llamada", whenOK},
		{"sábado 9am Retiro", bogota, "2026-12-12 09:00", "Retiro", whenOK},
		{"lundi 9h Réunion", paris, "2026-12-14 09:00", "Réunion", whenOK},
		{"Sunday 11:00 Brunch", ny, "2026-12-13 11:00", "Brunch", whenOK},
		// "Today" is the day in the staff member's zone: 03:00 Monday in New
		// York while it is 08:00 in London.
		{"tomorrow 9:00 x", ny, "2026-12-08 09:00", "x", whenOK},
		{"2027-02-30 10:00 No such day", paris, "", "", whenNoSuchDate},
		{"2028-02-29 10:00 Leap day", paris, "2028-02-29 10:00", "Leap day", whenOK},
		{"2027-02-29 10:00 Not leap", paris, "", "", whenNoSuchDate},
		{"2027-13-01 10:00 No such month", paris, "", "", whenNoSuchDate},
		{"2027-00-10 10:00", paris, "", "", whenNoSuchDate},
		{"2027-01-12 24:00", paris, "", "", whenNoSuchTime},
		{"2027-01-12 10:60", paris, "", "", whenNoSuchTime},
		{"tomorrow 13pm", paris, "", "", whenNoSuchTime},
		{"tomorrow 0am", paris, "", "", whenNoSuchTime},
		{"demain 25h", paris, "", "", whenNoSuchTime},
		// The hour spring skips, and the one autumn repeats, are refused.
		{"2027-03-28 02:30 Nuit", paris, "", "", whenSkipped},
		{"2027-03-14 2:30am Night", ny, "", "", whenSkipped},
		{"2027-10-31 02:30 Nuit", paris, "", "", whenTwice},
		{"2027-11-07 1:30 am Night", ny, "", "", whenTwice},
		{"2027-03-28 03:00 Matin", paris, "2027-03-28 03:00", "Matin", whenOK},
		{"2026-12-0310:00 Glued", paris, "", "", whenUnreadable},
		{"2026-12-03 10:00Glued", paris, "", "", whenUnreadable},
		{"tomorrow 3 Webinar", paris, "", "", whenUnreadable},
		{"mañana a las 3 Taller", bogota, "", "", whenUnreadable},
		{"03/12/2026 10:00", paris, "", "", whenUnreadable},
		{"someday 10:00", paris, "", "", whenUnreadable},
		{"", paris, "", "", whenUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseEventWhen(tt.in, tt.loc, whenRef)
			if got.Fault != tt.fault {
				t.Fatalf("fault %d, want %d (%+v)", got.Fault, tt.fault, got)
			}
			if tt.wall == "" {
				if !got.At.IsZero() {
					t.Fatalf("refused, yet At = %v", got.At)
				}
				return
			}
			if wall := got.At.In(tt.loc).Format("2006-01-02 15:04"); wall != tt.wall || got.Rest != tt.rest {
				t.Fatalf("read %s, rest %q; want %s, %q", wall, got.Rest, tt.wall, tt.rest)
			}
		})
	}
}

// TestClockChange checks the words a refusal gives: when the clock jumps
// or goes back, and from what to what, on the staff member's clock.
func TestClockChange(t *testing.T) {
	for _, tt := range []struct {
		zone, in, at, from, to string
	}{
		{"Europe/Paris", "2027-03-28 02:30", "2027-03-28T01:00:00Z", "02:00", "03:00"},
		{"Europe/Paris", "2027-10-31 02:30", "2027-10-31T01:00:00Z", "03:00", "02:00"},
		{"America/New_York", "2027-03-14 02:30", "2027-03-14T07:00:00Z", "02:00", "03:00"},
		{"America/New_York", "2027-11-07 01:30", "2027-11-07T06:00:00Z", "02:00", "01:00"},
	} {
		w, _ := time.Parse("2006-01-02 15:04", tt.in)
		at, from, to := clockChange(mustZone(t, tt.zone), w)
		if at.UTC().Format(time.RFC3339) != tt.at || from.Format("15:04") != tt.from || to.Format("15:04") != tt.to {
			t.Errorf("%s %s: change at %s from %s to %s; want %s from %s to %s", tt.zone, tt.in, at.UTC().Format(time.RFC3339), from.Format("15:04"), to.Format("15:04"), tt.at, tt.from, tt.to)
		}
	}
}

// FuzzParseEventWhen holds the date parser to what it promises, whatever
// is typed: it never panics; what follows the date is the end of the
// input; a time it accepts reads, on the zone's clock, exactly as it was
// written (a day from today's for a word); and it refuses a skipped or
// repeated time exactly when the zone's clock, minute by minute, never or
// twice shows it.
func FuzzParseEventWhen(f *testing.F) {
	for _, s := range []string{"2027-01-12 15:00 Webinar | desc", "2027-03-28 02:30 x", "2027-10-31 02:30 x",
		"2027-02-29 10h", "9999-99-99 99:99", "2027-1-1 0:00", "tomorrow 3pm x", "mañana a las 3:30 p. m. Taller",
		"demain 15 h 30 Atelier", "aujourd’hui 12am", "Miércoles 11:59PM", "sabado 12 pm", "2027-03-14 2:30am",
		"1970-01-01 00:00", "0000-01-01 00:00"} {
		f.Add(s, uint8(0))
	}
	zones := []*time.Location{mustZone(f, "Europe/Paris"), mustZone(f, "America/New_York"), mustZone(f, "America/Santiago"),
		mustZone(f, "Australia/Lord_Howe"), time.UTC}
	f.Fuzz(func(t *testing.T, s string, z uint8) {
		loc := zones[int(z)%len(zones)]
		got := parseEventWhen(s, loc, whenRef)
		if got.Fault == whenUnreadable {
			return
		}
		if !strings.HasSuffix(s, got.Rest) || (utf8.ValidString(s) && !utf8.ValidString(got.Rest)) {
			t.Fatalf("rest %q is not the end of %q", got.Rest, s)
		}
		if got.Fault == whenNoSuchDate || got.Fault == whenNoSuchTime {
			return
		}
		w := got.Wall
		if w.Year() < 1970 {
			return // old local mean times are not whole minutes (Paris: +0:09:21 until 1911)
		}
		today := wallClock(whenRef, loc)
		if !isoDateRE.MatchString(strings.TrimLeftFunc(s, unicode.IsSpace)) {
			if days := w.Sub(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)); days < 0 || days >= 8*24*time.Hour {
				t.Fatalf("%q read as %v, not within a week of %v", s, w, today)
			}
		}
		shows := 0
		for u := w.Add(-16 * time.Hour).Truncate(time.Minute); !u.After(w.Add(16 * time.Hour)); u = u.Add(time.Minute) {
			if wallClock(u, loc).Equal(w) {
				shows++
			}
		}
		want := map[whenFault]int{whenOK: 1, whenSkipped: 0, whenTwice: 2}[got.Fault]
		if shows != want {
			t.Fatalf("%q in %s: fault %d, but the clock shows %v %d times", s, loc, got.Fault, w, shows)
		}
		if got.Fault == whenOK && !wallClock(got.At, loc).Equal(w) {
			t.Fatalf("%q in %s: At %v reads %v, want %v", s, loc, got.At, wallClock(got.At, loc), w)
		}
	})
}
