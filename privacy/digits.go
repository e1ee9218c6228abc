package privacy

import (
	"regexp"
	"strings"
	"unicode"
)

// separatorRE is one of the separators a number's groups may have.
var separatorRE = regexp.MustCompile(`^` + separators + `$`)

// plainDigits writes every decimal digit of s in ASCII ("１２" and "١٢"
// are "12") and drops the invisible characters a number may carry between
// its digits (zero-width spaces, word joiners, byte order marks, soft
// hyphens), so that a number is found however it was typed or pasted.
// Zero-width joiners and non-joiners between two characters that cannot
// be part of a number stay: they join emoji (👩‍⚕️) and shape words.
func plainDigits(s string) string {
	if !hasNonASCII(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	afterDigit := false // the last rune kept was a digit, and only marks followed
	for i, r := range rs {
		switch {
		case r == '\u200C' || r == '\u200D':
			if i > 0 && i+1 < len(rs) && !inNumber(rs[i-1]) && !inNumber(rs[i+1]) {
				b.WriteRune(r)
			}
		case invisible(r), afterDigit && mark(r):
		default:
			r = asciiDigit(r)
			b.WriteRune(r)
			afterDigit = r < 0x80 && isDigit(byte(r))
		}
	}
	return b.String()
}

// invisible reports the characters plainDigits drops.
func invisible(r rune) bool {
	switch r {
	case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// mark reports what plainDigits drops after a digit: the marks that make a
// keycap emoji (0️⃣), accents combined with a digit (2́5́), and invisible
// format characters, so a number written with them is a number.
func mark(r rune) bool {
	return r == '\uFE0F' || r == '\u20E3' || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf)
}

// anyDigit reports whether r is a digit asciiDigit reads, of any script.
func anyDigit(r rune) bool { return r >= '0' && r <= '9' || asciiDigit(r) != r }

// inNumber reports whether r may be part of a number as written.
func inNumber(r rune) bool {
	return r == '+' || anyDigit(r) || invisible(r) || separatorRE.MatchString(string(r))
}

// asciiDigit is the ASCII digit a Unicode decimal digit stands for, or r
// itself. Unicode encodes decimal digits only in whole sets of ten, 0 to
// 9, so a digit's value is how far it stands from where its run begins.
// Superscript and subscript digits (⁰⁷, ₀₇), not decimal digits to
// Unicode, read as digits all the same.
func asciiDigit(r rune) rune {
	if d, ok := smallDigit(r); ok {
		return d
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return r
	}
	n := rune(0)
	for unicode.IsDigit(r - n - 1) {
		n++
	}
	return '0' + n%10
}

// smallDigit is the ASCII digit a superscript or subscript digit stands for.
func smallDigit(r rune) (rune, bool) {
	switch {
	case r == '\u00B9':
		return '1', true
	case r == '\u00B2' || r == '\u00B3':
		return '2' + r - '\u00B2', true
	case r == '\u2070' || r >= '\u2074' && r <= '\u2079':
		return '0' + r - '\u2070', true
	case r >= '\u2080' && r <= '\u2089':
		return '0' + r - '\u2080', true
	}
	return r, false
}

func hasNonASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// PhoneForms are the digits of a phone user ID ("+254712345678") as it
// may be written: whole, and at home (its last homeDigits digits). It is
// nil for any other ID.
func PhoneForms(id string) []string {
	d := strings.TrimPrefix(id, "+")
	if d == id || len(d) < minNumber || len(digits(d)) != len(d) {
		return nil
	}
	forms := []string{d}
	for _, tail := range homeDigits {
		if len(d) > tail {
			forms = append(forms, d[len(d)-tail:])
		}
	}
	return forms
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits keeps the ASCII digits of s.
func digits(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if isDigit(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
