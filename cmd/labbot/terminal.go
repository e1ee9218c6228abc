package main

import (
	"strings"
	"unicode/utf8"
)

// stripControls removes from s what a terminal would obey rather than
// show: escape sequences whole (CSI, OSC, and the rest), and every other
// C0 and C1 control but newline and tab. A carriage return stays only
// before a newline (CSV's line ends), where it cannot overwrite a line.
func stripControls(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\x1b':
			i += escapeLen(s[i:])
			continue
		case r == '\x9b': // CSI in one character
			i += size + csiLen(s[i+size:])
			continue
		case r == '\x9d', r == '\x90', r == '\x9e', r == '\x9f': // OSC, DCS, PM, APC
			i += size + stringLen(s[i+size:])
			continue
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"), r == '\n', r == '\t':
			b.WriteRune(r)
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		case r == utf8.RuneError && size == 1:
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeLen is the length of the escape sequence s starts with (ESC
// first): ESC [ … final byte, ESC ] … string end, or ESC and one more.
func escapeLen(s string) int {
	switch {
	case len(s) < 2:
		return len(s)
	case s[1] == '[':
		return 2 + csiLen(s[2:])
	case s[1] == ']', s[1] == 'P', s[1] == '^', s[1] == '_':
		return 2 + stringLen(s[2:])
	}
	_, size := utf8.DecodeRuneInString(s[1:])
	return 1 + size
}

// csiLen is the length of a CSI sequence's parameters and final byte.
func csiLen(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x40 && c <= 0x7e {
			return i + 1
		} else if c < 0x20 || c > 0x3f {
			return i // not a CSI byte: the sequence ends here, unfinished
		}
	}
	return len(s)
}

// stringLen is the length of a control string's body and its end (BEL,
// ESC \, or ST); an unended one runs to the end of the line.
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\a':
			return i + 1
		case s[i] == '\x1b' && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		case s[i] == '\n':
			return i
		}
	}
	return len(s)
}
