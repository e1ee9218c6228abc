package privacy

import (
	"strings"
	"testing"
	"unicode"
)

func TestNameIsNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Amina", false},
		{"Zainab 2", false},
		{"Grace 2024", false},
		{"", true},
		{"  \u200e ", true},
		{"+1 555 765 4321", true},
		{"+15557654321", true},
		{"(555) 765-4321", true},
		{"555.765.4321", true},
		{"+1-555-765-4321", true},
		{"+1 (555) 765‑4321", true}, // a non-breaking hyphen
		{"\u200e+1 555 765 4321\u200f", true},
		{"\u2066+1\u2069 555 765 4321", true},
		{"\u061c٠٦ ٠٠ ٠٠ ٠٧ ٧٧", true},
		{"१५५५७६५४३२१", true},
		{"Grace +254712345678", true},
		{"~ 0712 345 678", true},
		// Names that show nothing (issue 18): "by " would dangle.
		{"\u200b", true},
		{"\u3164\u3164", true},
		{" \u2800 ", true},
		{"\u200d\ufeff", true},
		{"\u0301", true},
		{"Ami\u200bna", false},
		{"😊", false},
		{"・", false},
	}
	for _, tt := range tests {
		if got := NameIsNumber(tt.in); got != tt.want {
			t.Errorf("NameIsNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNumbersOutgoing(t *testing.T) {
	key := []byte("k")
	var forgotten []string
	for _, d := range PhoneForms("+254700000030") {
		forgotten = append(forgotten, NumberHash(key, d))
	}
	n := NewNumbers([]string{"+254700000020", "+15550000001", "lid:123456789012345"}, key, forgotten)
	n.Add("+33612345678") // seen a minute ago
	tests := []struct{ name, in, want string }{
		{"member", "call Beth on +254700000020", "call Beth on [removed]"},
		{"spaced", "Beth: +254 700 000 020.", "Beth: [removed]."},
		{"at home", "ring 0700 000 020", "ring [removed]"},
		{"staff", "Ana, +1 (555) 000-0001", "Ana, [removed]"},
		{"added", "+33 6 12 34 56 78", "[removed]"},
		{"forgotten", "Grace: 0700000030", "Grace: [removed]"},
		{"LID", "lid 123456789012345", "lid [removed]"},
		{"an ID", "254999999999@s.whatsapp.net", "[removed]"},
		{"a member's ID, spaced", "+254 700 000 020@s.whatsapp.net", "[removed]@s.whatsapp.net"},
		// Review: written as people do to slip past a filter, each read as
		// Beth's number and went out.
		{"middle dots", "Beth: 0700·000·020", "Beth: [removed]"},
		{"commas", "Beth: 0700,000,020", "Beth: [removed]"},
		{"keycaps", "Beth: 0️⃣7️⃣0️⃣0️⃣0️⃣0️⃣0️⃣0️⃣2️⃣0️⃣", "Beth: [removed]"},
		{"superscripts", "Beth: ⁰⁷⁰⁰⁰⁰⁰⁰²⁰", "Beth: [removed]"},
		{"accented digits", "Beth: 0\u03017\u03010\u03010000020", "Beth: [removed]"},
		{"subscripts", "Beth: ₀₇₀₀ ₀₀₀ ₀₂₀", "Beth: [removed]"},
		{"keycap list stays", "1️⃣ Budget 2️⃣ Rent", "1️⃣ Budget 2️⃣ Rent"},
		{"hotline stays", "the clinic: +44 20 7946 0958", "the clinic: +44 20 7946 0958"},
		{"dates stay as written", "٢٥ personnes, 2026-12-07 18:00", "٢٥ personnes, 2026-12-07 18:00"},
		{"no digits", "Bonjour à toutes ! 👩\u200d⚕️", "Bonjour à toutes ! 👩\u200d⚕️"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.Outgoing(tt.in); got != tt.want {
				t.Errorf("Outgoing(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every form whatsmeow writes a person's ID in is hidden, in a log line
// and by the outgoing filter, and no run of its digits is left.
func TestEveryIDFormIsHidden(t *testing.T) {
	forms := []string{"254712345678@s.whatsapp.net", "254712345678:12@s.whatsapp.net", "254712345678.0:12@s.whatsapp.net",
		"254712345678@c.us", "254712345678@hosted", "254712345678:3@hosted", "254712345678@hosted.lid",
		"254712345678:3@hosted.lid", "254712345678@lid", "254712345678.0:1@lid", "254712345678@broadcast",
		"254712345678@newsletter", "254712345678@S.WhatsApp.Net"}
	for _, form := range forms {
		line := "failed to get user info for " + form + ": timeout"
		for name, got := range map[string]string{"log": HideNumbers(line), "outgoing": Outgoing(line), "export": NewRedactor(nil).Text(line)} {
			if strings.Contains(got, "712345678") || strings.Contains(got, "hosted") || strings.Contains(got, "lid") {
				t.Errorf("%s: %q -> %q", name, line, got)
			}
		}
	}
}

func TestStripBidi(t *testing.T) {
	in := "Pay \u202Eana yb\u202C \u2066x\u2069 \u200e\u200f\u061c done 👩\u200d⚕️"
	if got, want := StripBidi(in), "Pay ana yb x  done 👩\u200d⚕️"; got != want {
		t.Errorf("StripBidi = %q, want %q", got, want)
	}
}

// For any text with a member's number in it, written with any separators
// and digits of any script, the filter leaves no run of its digits; it
// never panics; and text with no digit comes back unchanged.
func FuzzNumbersOutgoing(f *testing.F) {
	const member = "+254712345678"
	n := NewNumbers([]string{member}, nil, nil)
	f.Add("call ", " now", []byte{0, 1, 2}, uint8(0))
	f.Add("", "", []byte{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, uint8(1))
	f.Add("tel:", "!", []byte{5, 9, 0, 7}, uint8(2))
	f.Add("Bonjour à toutes", " 👩\u200d⚕️", []byte{}, uint8(3))
	seps := []string{"", " ", "-", ".", "\u00a0", "\u200b", "\u200e", "(", ")", "/", "_", "\u2060", "\u202f", "\n", "\u2212"}
	scripts := []rune{'0', '٠', '۰', '०', '０'}
	f.Fuzz(func(t *testing.T, before, after string, sepIdx []byte, script uint8) {
		if !hasDigit(before + after) {
			if got := n.Outgoing(before + after); got != before+after {
				t.Errorf("text with no number changed: %q -> %q", before+after, got)
			}
		}
		num := member[1:]
		if script%2 == 1 {
			num = "0" + num[3:] // at home
		}
		var b strings.Builder
		b.WriteString(before)
		if before != "" && unicode.IsDigit([]rune(before)[len([]rune(before))-1]) {
			b.WriteString(" ")
		}
		for i, d := range num {
			if i > 0 && len(sepIdx) > 0 {
				b.WriteString(seps[int(sepIdx[i%len(sepIdx)])%len(seps)])
			}
			b.WriteRune(scripts[int(script)%len(scripts)] + (d - '0'))
		}
		b.WriteString(" " + after)
		got := n.Outgoing(b.String())
		for _, run := range numberRE.FindAllString(plainDigits(got), -1) {
			if strings.Contains(digits(run), "712345678") {
				t.Errorf("the number survived: %q -> %q", b.String(), got)
			}
		}
	})
}

// mayHoldNumber lets known skip a text only when it holds no run that
// known would look at: never a number, however spaced or written.
func TestMayHoldNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Hi! Here is what you can ask me: !answer Q7 TEXT", false},
		{"Reminder: 2026-12-07 18:00", true},
		{"Q12, Q345, 6 of 10", false},
		{"call +254 700 000 020", true},
		{"1 2 3 4 5 6 7", true},
		{"12 -  34 5678", false}, // four separators: two runs
		{"١٥٥٥٧٦٥", true},
		{"555\u200b\u200b\u200b\u200b0100", true}, // invisible: dropped, not separators
		{"+1 (555) 000-0100", true},
		{"123abc4567", false},
	}
	for _, tt := range tests {
		if got := mayHoldNumber(tt.in); got != tt.want {
			t.Errorf("mayHoldNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Whatever the text, a run known would look at is never skipped.
func FuzzMayHoldNumber(f *testing.F) {
	for _, s := range []string{"2026-12-07 18:00", "+1 (555) 000-0100", "12 -  34 5678", "٠٦ ٠٠ ٠٠ ٠٧ ٧٧", "5\u200d5\u200e5 5\u00ad5\u20605\uff0e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if mayHoldNumber(s) {
			return
		}
		for _, run := range numberRE.FindAllString(plainDigits(s), -1) {
			if len(digits(run)) >= minNumber {
				t.Errorf("mayHoldNumber(%q) = false, but it holds %q", s, run)
			}
		}
	})
}
