package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/Bogota must load on hosts without zoneinfo
)

func TestMarshalLines(t *testing.T) {
	start := time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		event Event
	}{
		{"short", Event{UID: "u@labbot", Start: start, Summary: "Hi"}},
		{"ascii exactly at the fold", Event{UID: "u", Start: start, Summary: strings.Repeat("x", 75-len("SUMMARY:"))}},
		{"ascii one past the fold", Event{UID: "u", Start: start, Summary: strings.Repeat("x", 76-len("SUMMARY:"))}},
		// Shifting a two-, three- and four-octet rune across octet 75
		// makes the fold land inside it at least once.
		{"accents", Event{UID: "u", Start: start, Summary: strings.Repeat("é", 200)}},
		{"accents shifted", Event{UID: "u", Start: start, Summary: "x" + strings.Repeat("é", 200)}},
		{"dashes", Event{UID: "u", Start: start, Summary: strings.Repeat("—", 100)}},
		{"dashes shifted", Event{UID: "u", Start: start, Summary: "xy" + strings.Repeat("—", 100)}},
		{"emoji", Event{UID: "u", Start: start, Description: strings.Repeat("🎉", 100)}},
		{"emoji shifted", Event{UID: "u", Start: start, Description: "xyz" + strings.Repeat("🎉", 100)}},
		{"escapes at the fold", Event{UID: "u", Start: start, Summary: strings.Repeat(`\,;`, 60)}},
		{"invalid utf-8", Event{UID: "u\xff", Start: start, Summary: strings.Repeat("a\xffé\xc3", 40)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := Marshal(tc.event)
			checkLines(t, out)
			if again := Marshal(tc.event); !bytes.Equal(out, again) {
				t.Errorf("second Marshal differs:\n%s\n%s", out, again)
			}
		})
	}
}

func TestMarshalUTC(t *testing.T) {
	bogota, err := time.LoadLocation("America/Bogota")
	if err != nil {
		t.Fatal(err)
	}
	e := Event{
		UID:   "E2@labbot",
		Stamp: time.Date(2026, 11, 27, 3, 0, 0, 0, bogota),
		Start: time.Date(2026, 12, 3, 15, 0, 0, 999_999_999, bogota),
		End:   time.Date(2026, 12, 3, 23, 30, 0, 0, bogota), // next day in UTC
	}
	out := string(Marshal(e))
	for _, want := range []string{
		"\r\nDTSTAMP:20261127T080000Z\r\n",
		"\r\nDTSTART:20261203T200000Z\r\n", // sub-second dropped, not rounded
		"\r\nDTEND:20261204T043000Z\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
