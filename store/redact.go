package store

import (
	"regexp"
	"slices"
	"strings"
)

// removed stands in an export for what must not leave the Lab.
const removed = "[removed]"

// minNumber is the fewest digits a phone number or chat ID has: shorter
// runs are dates, amounts and counts, never redacted.
const minNumber = 7

var (
	// jidRE finds WhatsApp chat IDs, a person's or a group's. Brackets and
	// quotes around one are left, so the text around it still reads.
	jidRE = regexp.MustCompile(`(?i)[^\s()<>\[\]{}"'«»,;]+@(?:s\.whatsapp\.net|g\.us|lid|c\.us|broadcast|newsletter)\b`)
	lidRE = regexp.MustCompile(`(?i)\blid:\d+`)
	// numberRE finds what may be one number written in groups:
	// "+1 555-000 0100", "(0712) 345.678", with the no-break spaces,
	// dashes and direction marks phones put in a number they copy.
	numberRE = regexp.MustCompile(`\+?\d(?:[ \t.\-()/\x{00A0}\x{2007}\x{2009}\x{202F}\x{2010}-\x{2015}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2060}]{0,3}\d)*`)
)

// Redactor keeps phone numbers and WhatsApp IDs out of exported text.
type Redactor struct {
	numbers map[string]bool // digits to remove wherever they appear
	lengths []int           // how long they are, each once
}

// homeDigits are how many digits most countries' numbers have when
// written at home, without the country code: "0712 345 678" in Nairobi is
// +254 712 345 678, "(555) 000-0100" in the US is +1 555 000 0100.
var homeDigits = []int{9, 10}

// NewRedactor removes the numbers in ids: members' user IDs ("+15550000100",
// "lid:…") and chat IDs ("120363…@g.us"). A phone number is removed also
// as written at home: its last homeDigits digits.
func NewRedactor(ids []string) Redactor {
	r := Redactor{numbers: map[string]bool{}}
	add := func(d string) {
		if !slices.Contains(r.lengths, len(d)) {
			r.lengths = append(r.lengths, len(d))
		}
		r.numbers[d] = true
	}
	for _, id := range ids {
		user, _, _ := strings.Cut(id, "@")
		for _, n := range numberRE.FindAllString(user, -1) {
			d := digits(n)
			if len(d) < minNumber {
				continue
			}
			add(d)
			if !strings.HasPrefix(id, "+") {
				continue
			}
			for _, tail := range homeDigits {
				if len(d) > tail {
					add(d[len(d)-tail:])
				}
			}
		}
	}
	return r
}

// Text replaces every chat ID, and every known number however it is
// spaced, with "[removed]".
func (r Redactor) Text(s string) string {
	s = jidRE.ReplaceAllString(s, removed)
	s = lidRE.ReplaceAllString(s, removed)
	return numberRE.ReplaceAllStringFunc(s, r.number)
}

// Name is a member's display name as an export shows it. WhatsApp shows
// the phone number of someone with no name, so a name holding a long
// number, or none, becomes "a member".
func (r Redactor) Name(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return AMember
	}
	for _, n := range numberRE.FindAllString(s, -1) {
		if len(digits(n)) >= minNumber {
			return AMember
		}
	}
	return r.Text(s)
}

// number removes, from one run of digits and separators, each stretch
// that spells a known number, with a "+" just before it.
func (r Redactor) number(run string) string {
	d := digits(run)
	if len(d) < minNumber {
		return run
	}
	// Looked up by length, not searched one by one: a Lab has thousands
	// of members, and dates with times are runs of twelve digits.
	cut := make([]bool, len(d))
	for i := range d {
		for _, l := range r.lengths {
			if i+l <= len(d) && r.numbers[d[i:i+l]] {
				for j := i; j < i+l; j++ {
					cut[j] = true
				}
			}
		}
	}
	var at []int // where each digit sits in run
	for i := range len(run) {
		if isDigit(run[i]) {
			at = append(at, i)
		}
	}
	var out strings.Builder
	last := 0
	for j := 0; j < len(d); j++ {
		if !cut[j] {
			continue
		}
		k := j
		for k+1 < len(d) && cut[k+1] {
			k++
		}
		// The stretch goes with the separators inside it and its plus sign.
		start := at[j]
		if start > 0 && run[start-1] == '+' {
			start--
		}
		out.WriteString(run[last:start])
		out.WriteString(removed)
		last, j = at[k]+1, k
	}
	out.WriteString(run[last:])
	return out.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits keeps the digits of s.
func digits(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if isDigit(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
