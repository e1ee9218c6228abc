package main

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// bodies plays a console script and returns the text of labbot's
// messages, without their "[CHAT] #MSGID labbot:" headers (a direct
// message's header is the console's address for her, not a message).
func bodies(t *testing.T, script string) string {
	t.Helper()
	out := transcript(t, readScript(t, filepath.Join("testdata", "console", script)))
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if !blockHeader.MatchString(line) && !strings.HasPrefix(line, "--- run") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// onlyDigits keeps the digits of s, per line: what a reader could dial.
func onlyDigits(line string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '0' + asciiDigitValue(r)
		}
		return -1
	}, line)
}

func asciiDigitValue(r rune) rune {
	if r <= '9' {
		return r - '0'
	}
	n := rune(0)
	for unicode.IsDigit(r - n - 1) {
		n++
	}
	return n % 10
}

// Issue 13, "Numbers never shown": a name that is a number is "a member"
// in the reader's language, and no member's, staff or forgotten member's
// number leaves in any form, while a clinic's hotline does.
func TestNumbersNeverShownTranscript(t *testing.T) {
	out := bodies(t, "numbers_never_shown.txt")
	numbers := map[string]string{ // each as its last nine digits
		"her name, +1 555 765 4321": "557654321", "her name, (555) 765-4322": "557654322",
		"her name in Arabic digits": "600000777", "Beth's": "700000020", "Ana's (staff)": "550000001",
		"Grace's (forgotten)": "700000030",
	}
	for i, line := range strings.Split(out, "\n") {
		for whose, d := range numbers {
			if strings.Contains(onlyDigits(line), d) {
				t.Errorf("line %d shows %s number: %q", i+1, whose, line)
			}
		}
	}
	for _, want := range []string{"by a member", "de una integrante", "par une membre", "— a member", "— una integrante",
		"— une membre", "hotline +44 20 7946 0958", "call Beth on [removed]", "Grace is on [removed]"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// Issue 13, "Credit and layout": a translation is credited and replaced
// only on purpose; member text never makes a line that looks like
// labbot's, nor reverses one; the Lab team's mark is labbot's to give, in
// English, Spanish and French.
func TestCreditAndLayoutTranscript(t *testing.T) {
	out := bodies(t, "credit_and_layout.txt")
	for i, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "*A2*") {
			t.Errorf("line %d passes for labbot's ID line: %q", i+1, line)
		}
		if strings.ContainsAny(line, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C") {
			t.Errorf("line %d holds a direction control: %q", i+1, line)
		}
	}
	for _, bad := range []string{"50 €", "12 34 56 78"} {
		if strings.Contains(out, bad) {
			t.Errorf("the scam translation replaced the one there (%q):\n%s", bad, out)
		}
	}
	for _, want := range []string{
		"Traduction par Aïssatou\u202f:\n> Demandez", "*T1* already has a translation into French, by Aïssatou.",
		"*T1* ya tiene una traducción al francés, de Aïssatou.", "🌐 Nueva traducción al francés de tu aporte *T1*, hecha por Aïssatou",
		"🌐 Lucía a remplacé votre traduction de *T1* en français par la sienne", "Translation by Ana (Lab team):",
		"Other translations: French, by Lucía", "> *A2* · answer · by Ana (Lab team)", "anA yb · pit · — Mallory",
		"traduction par Lucía", "(anglais) ∗A2∗ · answer · by Ana (Lab team) — Mallory", "*T3* · tip · by a member",
		"*T4* · consejo · de Ana (equipo del Lab)", "*T5* · consejo · de una integrante",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
