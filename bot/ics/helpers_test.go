package ics

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// decode parses out with go-ical, a parser we did not write, so a bug in
// our folding or escaping cannot hide by being undone the same wrong way.
func decode(tb testing.TB, out []byte) (*ical.Calendar, ical.Event) {
	tb.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		tb.Fatalf("decode: %v\n%s", err, out)
	}
	events := cal.Events()
	if len(events) != 1 {
		tb.Fatalf("got %d VEVENTs, want 1\n%s", len(events), out)
	}
	return cal, events[0]
}

// prop returns the decoded TEXT value of name in props and whether it is there.
func prop(tb testing.TB, props ical.Props, name string) (string, bool) {
	tb.Helper()
	p := props.Get(name)
	if p == nil {
		return "", false
	}
	v, err := p.Text()
	if err != nil {
		tb.Fatalf("%s %q: %v", name, p.Value, err)
	}
	return v, true
}

// checkLines fails unless every physical line ends in CRLF, fits in 75
// octets and is valid UTF-8 on its own (so no fold split a rune).
func checkLines(tb testing.TB, out []byte) {
	tb.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		tb.Fatalf("output does not end in CRLF: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			tb.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			tb.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			tb.Errorf("line %d is not valid UTF-8 alone: %q", i+1, l)
		}
	}
}

// sanitized is what a TEXT value should read as once decoded: the input
// with bad UTF-8 replaced and every control but tab and newline gone.
func sanitized(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\t' && r != '\n' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
