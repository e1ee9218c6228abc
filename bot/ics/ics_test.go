package ics

import (
	"strings"
	"testing"
	"time"
)

func TestMarshalDecodes(t *testing.T) {
	stamp := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	start := time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		event   Event
		wantEnd time.Time
		method  string
		status  string
		seq     int
	}{
		{
			name: "plain",
			event: Event{UID: "E2-1764230400@labbot", Stamp: stamp, Start: start,
				End: start.Add(90 * time.Minute), Summary: "Book club", Description: "Bring the book."},
			wantEnd: start.Add(90 * time.Minute), method: "PUBLISH", status: "CONFIRMED", seq: 0,
		},
		{
			name: "special characters",
			event: Event{UID: "E3-1764230400@labbot", Stamp: stamp, Start: start, End: start.Add(time.Hour),
				Summary:     "Réunion d'équipe — café, thé; gâteau 🎉",
				Description: "Salle B; 2e étage, porte \\ gauche.\nApportez: stylos, cahier 📓\r\nÀ bientôt!"},
			wantEnd: start.Add(time.Hour), method: "PUBLISH", status: "CONFIRMED", seq: 0,
		},
		{
			name:    "zero end and no description",
			event:   Event{UID: "E4@labbot", Stamp: stamp, Start: start, Summary: "Coffee"},
			wantEnd: start.Add(time.Hour), method: "PUBLISH", status: "CONFIRMED", seq: 0,
		},
		{
			name:    "empty summary",
			event:   Event{UID: "E5@labbot", Stamp: stamp, Start: start, Summary: ""},
			wantEnd: start.Add(time.Hour), method: "PUBLISH", status: "CONFIRMED", seq: 0,
		},
		{
			name: "cancelled",
			event: Event{UID: "E6@labbot", Stamp: stamp, Start: start, End: start.Add(2 * time.Hour),
				Summary: "Workshop", Description: "Called off, sorry.", Cancelled: true},
			wantEnd: start.Add(2 * time.Hour), method: "CANCEL", status: "CANCELLED", seq: 1,
		},
		{
			name: "long text folds",
			event: Event{UID: "E7@labbot", Stamp: stamp, Start: start,
				Summary:     strings.Repeat("Atelier d'écriture créative ", 12),
				Description: strings.Repeat("Ça commence à 18 h; venez tôt, s'il vous plaît. 🙂 ", 20)},
			wantEnd: start.Add(time.Hour), method: "PUBLISH", status: "CONFIRMED", seq: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := Marshal(tc.event)
			checkLines(t, out)
			cal, ev := decode(t, out)

			calWant := map[string]string{
				"VERSION":  "2.0",
				"PRODID":   "-//Learning Lab//labbot//EN",
				"CALSCALE": "GREGORIAN",
				"METHOD":   tc.method,
			}
			for name, want := range calWant {
				if got, _ := prop(t, cal.Props, name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}

			times := []struct {
				name string
				want time.Time
			}{
				{"DTSTAMP", tc.event.Stamp},
				{"DTSTART", tc.event.Start},
				{"DTEND", tc.wantEnd},
			}
			for _, tt := range times {
				got, err := ev.Props.DateTime(tt.name, nil)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if !got.Equal(tt.want) || got.Location() != time.UTC {
					t.Errorf("%s = %v, want %v in UTC", tt.name, got, tt.want)
				}
			}

			texts := map[string]string{
				"UID":     tc.event.UID,
				"SUMMARY": tc.event.Summary,
				"STATUS":  tc.status,
			}
			for name, want := range texts {
				got, ok := prop(t, ev.Props, name)
				if !ok || got != sanitized(want) {
					t.Errorf("%s = %q (present %v), want %q", name, got, ok, sanitized(want))
				}
			}
			desc, ok := prop(t, ev.Props, "DESCRIPTION")
			if wantOK := tc.event.Description != ""; ok != wantOK || desc != sanitized(tc.event.Description) {
				t.Errorf("DESCRIPTION = %q (present %v), want %q (present %v)",
					desc, ok, sanitized(tc.event.Description), wantOK)
			}

			seq, err := ev.Props.Get("SEQUENCE").Int()
			if err != nil || seq != tc.seq {
				t.Errorf("SEQUENCE = %d (%v), want %d", seq, err, tc.seq)
			}
		})
	}
}

// The CR in "\r\n" must vanish rather than reach the calendar as a stray
// character: a member sees the newline only.
func TestMarshalDescriptionNewlines(t *testing.T) {
	out := Marshal(Event{UID: "u", Start: time.Unix(0, 0), Summary: "s", Description: "a\r\nb\rc\nd"})
	_, ev := decode(t, out)
	if got, _ := prop(t, ev.Props, "DESCRIPTION"); got != "a\nbc\nd" {
		t.Errorf("DESCRIPTION = %q, want %q", got, "a\nbc\nd")
	}
}
