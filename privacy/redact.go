// Package privacy keeps phone numbers and WhatsApp IDs out of what labbot
// shows: exports, logs and the messages it sends. It knows nothing of
// labbot's other packages, so any of them may use it.
package privacy

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// removed stands in an export, or a message, for what must not leave the Lab.
const removed = "[removed]"

// What an export says instead of a name it must not show.
const (
	FormerMember = "a former member" // one who asked to be forgotten
	AMember      = "a member"        // one whose name is a phone number, or nothing
)

// A phone number or chat ID has at least minNumber digits: shorter runs
// are dates, amounts and counts, never redacted. A phone number has at
// most maxNumber (E.164).
const (
	minNumber = 7
	maxNumber = 15
)

var (
	// jidRE finds WhatsApp chat IDs, a person's or a group's. Brackets and
	// quotes around one are left, so the text around it still reads.
	jidRE = regexp.MustCompile(`(?i)[^\s()<>\[\]{}"'«»,;]+@(?:s\.whatsapp\.net|g\.us|hosted\.lid|hosted|lid|c\.us|broadcast|newsletter)\b`)
	lidRE = regexp.MustCompile(`(?i)\blid:\d+`)
	// numberRE finds what may be one number written in groups, its digits
	// already ASCII (see plainDigits): "+1 555-000 0100", "(0712) 345.678",
	// "1_555_000_0100", a number broken over two lines, with the spaces,
	// dashes and direction marks phones put in a number they copy.
	numberRE = regexp.MustCompile(`\+?\d(?:` + separators + `{0,3}\d)*`)
)

// separators may stand between the groups of one number's digits: a
// comma and a middle dot or bullet too, as people write a number to slip
// it past a filter.
const separators = `[\p{Zs}\p{Pd}\t\r\n_.,()/\x{00B7}\x{2022}\x{2219}\x{22C5}\x{2212}\x{FF08}\x{FF09}\x{FF0E}\x{FF0F}\x{FF3F}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}\x{061C}]`

// Redactor keeps phone numbers and WhatsApp IDs out of exported text.
type Redactor struct {
	numbers map[string]bool // digits to remove wherever they appear
	lengths []int           // how long they are, each once
	// forgotten members' numbers, known only by the keyed hashes of their
	// PhoneForms, and the key
	forgotten map[string]bool
	key       []byte
}

// homeDigits are how many digits most countries' numbers have when
// written at home, without the country code: "0712 345 678" in Nairobi is
// +254 712 345 678, "(555) 000-0100" in the US is +1 555 000 0100.
var homeDigits = []int{9, 10}

// NewRedactor removes the numbers in ids: members' user IDs ("+15550000100",
// "lid:…"), staff phones and chat IDs ("120363…@g.us"). A phone number is
// removed also as written at home: its last homeDigits digits.
func NewRedactor(ids []string) Redactor {
	r := Redactor{numbers: map[string]bool{}}
	for _, id := range ids {
		r.add(id)
	}
	return r
}

// add has r remove the numbers of one ID too.
func (r *Redactor) add(id string) {
	for _, d := range idNumbers(id) {
		if !slices.Contains(r.lengths, len(d)) {
			r.lengths = append(r.lengths, len(d))
		}
		r.numbers[d] = true
	}
}

// knows reports whether r removes every number of id already.
func (r *Redactor) knows(id string) bool {
	for _, d := range idNumbers(id) {
		if !r.numbers[d] {
			return false
		}
	}
	return true
}

// idNumbers are the digits to remove for one ID: a phone's PhoneForms,
// else every long run of digits in its user part.
func idNumbers(id string) []string {
	if forms := PhoneForms(id); forms != nil {
		return forms
	}
	var out []string
	user, _, _ := strings.Cut(id, "@")
	for _, n := range numberRE.FindAllString(plainDigits(user), -1) {
		if d := digits(n); len(d) >= minNumber {
			out = append(out, d)
		}
	}
	return out
}

// Forget has r remove also forgotten members' numbers, given the keyed
// hashes (see NumberHash) kept of their PhoneForms, and the key.
func (r *Redactor) Forget(key []byte, hashes []string) {
	r.key, r.forgotten = key, map[string]bool{}
	for _, h := range hashes {
		r.forgotten[h] = true
	}
}

// Text replaces every chat ID, and every known number however it is
// spaced, with "[removed]". Its digits come out ASCII, and the invisible
// characters that may hide in a number are gone (see plainDigits): what
// the export shows is what was checked.
func (r Redactor) Text(s string) string {
	s = plainDigits(s)
	s = jidRE.ReplaceAllString(s, removed)
	s = lidRE.ReplaceAllString(s, removed)
	return numberRE.ReplaceAllStringFunc(s, r.number)
}

// Name is a member's display name as an export shows it: AMember when
// NameIsNumber says it is no name.
func (r Redactor) Name(s string) string {
	if NameIsNumber(s) {
		return AMember
	}
	return r.Text(strings.TrimSpace(plainDigits(s)))
}

// NameIsNumber reports whether a display name must not be shown as one:
// it is empty or shows nothing (one of WhatsApp's "invisible names": a
// zero-width space, a Hangul or Braille blank; issue 18), or it holds a number of minNumber digits or more, however
// written ("+1 (555) 765-4321", "١٥٥٥…", with spaces, dots or direction
// marks between the digits). WhatsApp shows the phone number of someone
// with no name, and people type their number as their name. Every place
// that shows a name, replies and exports alike, keeps this one rule.
func NameIsNumber(s string) bool {
	s = strings.TrimSpace(plainDigits(StripBidi(s)))
	if !strings.ContainsFunc(s, shows) {
		return true
	}
	for _, n := range numberRE.FindAllString(s, -1) {
		if len(digits(n)) >= minNumber {
			return true
		}
	}
	return false
}

// known removes from s the known and forgotten numbers only, and reports
// whether it found one; chat IDs and unknown numbers stay.
func (r Redactor) known(s string) (string, bool) {
	s = plainDigits(s)
	found := false
	s = numberRE.ReplaceAllStringFunc(s, func(run string) string {
		out := r.number(run)
		found = found || out != run
		return out
	})
	return s, found
}

// number removes, from one run of digits and separators, each stretch
// that spells a known or forgotten number, with a "+" just before it.
func (r Redactor) number(run string) string {
	d := digits(run)
	if len(d) < minNumber {
		return run
	}
	cut := make([]bool, len(d))
	mark := func(i, l int) {
		for j := i; j < i+l; j++ {
			cut[j] = true
		}
	}
	// Looked up by length, not searched one by one: a Lab has thousands
	// of members, and dates with times are runs of twelve digits.
	for i := range d {
		for _, l := range r.lengths {
			if i+l <= len(d) && r.numbers[d[i:i+l]] {
				mark(i, l)
			}
		}
		// A forgotten number's length is not kept: every length it may have.
		for l := minNumber; len(r.forgotten) > 0 && l <= maxNumber && i+l <= len(d); l++ {
			if r.forgotten[NumberHash(r.key, d[i:i+l])] {
				mark(i, l)
			}
		}
	}
	// A number written at home opens with its trunk zero ("0712 345 678"):
	// the zero goes with it.
	if len(d) > 1 && d[0] == '0' && cut[1] {
		cut[0] = true
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

// shows reports whether r prints as something: not a space, a format
// character, a lone combining mark, nor a letter that prints blank.
func shows(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800', '\u180E':
		return false
	}
	return unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r)
}
