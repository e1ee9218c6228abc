// Package ics turns one Lab event into an iCalendar file (RFC 5545) that a
// member who RSVP'd can open and add to her phone calendar.
package ics

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MIME is the media type of what Marshal writes.
const MIME = "text/calendar"

// Event is what a calendar needs to know about one Lab event.
type Event struct {
	UID         string    // stable across sends, e.g. "E2-1764230400@labbot"; caller makes it
	Stamp       time.Time // DTSTAMP; caller passes the event's creation time so the file is byte-for-byte stable
	Start       time.Time
	End         time.Time // zero means Start + 1h
	Summary     string
	Description string // may be empty (then no DESCRIPTION line)
	Cancelled   bool   // STATUS:CANCELLED and METHOD:CANCEL instead of CONFIRMED/PUBLISH
	Sequence    int    // how many times the event changed since first sent (SEQUENCE; a cancellation adds one)
}

const (
	// utcLayout is the RFC 5545 "form #2" date-time. Always writing UTC
	// spares us a VTIMEZONE block and works in every calendar app.
	utcLayout = "20060102T150405Z"
	// maxOctets is the longest a physical line may be, CRLF not counted (§3.1).
	maxOctets = 75
)

// Marshal writes e as a complete VCALENDAR holding one VEVENT. The output
// depends only on e, so resending an event yields the same bytes.
func Marshal(e Event) []byte {
	end := e.End
	if end.IsZero() {
		end = e.Start.Add(time.Hour)
	}
	// A change, and a cancellation, must carry a higher SEQUENCE than the
	// copy a calendar imported, or the calendar ignores it.
	method, status, sequence := "PUBLISH", "CONFIRMED", e.Sequence
	if e.Cancelled {
		method, status, sequence = "CANCEL", "CANCELLED", e.Sequence+1
	}

	var b bytes.Buffer
	line := func(name, value string) { foldLine(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Learning Lab//labbot//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", method)
	line("BEGIN", "VEVENT")
	line("UID", text(e.UID))
	line("DTSTAMP", utc(e.Stamp))
	line("DTSTART", utc(e.Start))
	line("DTEND", utc(end))
	line("SUMMARY", text(e.Summary))
	if d := text(e.Description); d != "" {
		line("DESCRIPTION", d)
	}
	line("STATUS", status)
	line("SEQUENCE", strconv.Itoa(sequence))
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return b.Bytes()
}

// utc formats t in UTC; Format drops the sub-second part the format cannot hold.
func utc(t time.Time) string {
	return t.UTC().Format(utcLayout)
}

// text escapes s as a TEXT value (§3.3.11). Members type event text on
// phones, so it may hold anything: bad UTF-8 becomes U+FFFD, and control
// characters, which RFC 5545 forbids in TEXT, are dropped. Tab is allowed,
// and a newline survives as the escape "\n"; a CR never means anything the
// newline does not already say.
func text(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldLine writes one content line and its CRLF, breaking it into physical
// lines of at most maxOctets. Each continuation starts with a space, which
// counts toward its length. Breaks fall between runes, never inside one:
// RFC 5545 asks for that, and some clients mangle a split character.
func foldLine(b *bytes.Buffer, s string) {
	limit := maxOctets
	for len(s) > limit {
		i := limit
		for !utf8.RuneStart(s[i]) {
			i--
		}
		b.WriteString(s[:i])
		b.WriteString("\r\n ")
		s = s[i:]
		limit = maxOctets - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
