package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func FuzzMarshal(f *testing.F) {
	f.Add("Réunion d'équipe — café", strings.Repeat("Nous parlerons de l'évaluation formative, des élèves à besoins particuliers et du café. ", 8))
	f.Add(`C:\chemin\vers\fichier; a,b`, `\\n is not a newline \`)
	f.Add("line one\r\nline two", "a\r\nb\rc\nd")
	f.Add("bad \xff\xfe utf-8 \xc3", "\xe2\x82")
	f.Add(strings.Repeat("s", 1000), "")
	f.Add("", "\x00\x01\x7f\u0085\ttab")
	f.Add("🎉🎉🎉", strings.Repeat("🙂", 300))

	start := time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, summary, description string) {
		e := Event{UID: "F@labbot", Stamp: start, Start: start, Summary: summary, Description: description}
		out := Marshal(e)
		checkLines(t, out)
		if again := Marshal(e); !bytes.Equal(out, again) {
			t.Fatalf("second Marshal differs")
		}

		_, ev := decode(t, out)
		if got, _ := prop(t, ev.Props, "SUMMARY"); got != sanitized(summary) {
			t.Errorf("SUMMARY = %q, want %q", got, sanitized(summary))
		}
		want := sanitized(description)
		got, ok := prop(t, ev.Props, "DESCRIPTION")
		if ok != (want != "") || got != want {
			t.Errorf("DESCRIPTION = %q (present %v), want %q", got, ok, want)
		}
	})
}
