package privacy

import (
	"testing"
	"unicode"
)

func TestRedactorText(t *testing.T) {
	r := NewRedactor([]string{"+15550000100", "+254712345678", "lid:123456789012345", "120363000000000001@g.us", "+1"})
	tests := []struct{ name, in, want string }{
		{"plain", "call +15550000100 now", "call [removed] now"},
		{"no plus", "call 15550000100 now", "call [removed] now"},
		{"spaced", "call +1 555 000 0100.", "call [removed]."},
		{"dashed", "+1-555-000-0100", "[removed]"},
		{"dotted and bracketed", "tel. +1 (555) 000.0100", "tel. [removed]"},
		{"no-break spaces", "+1\u00a0555\u00a0000\u00a00100", "[removed]"},
		{"underscores", "1_555_000_0100", "[removed]"},
		{"over two lines", "+1 555\n000 0100", "[removed]"},
		{"zero-width spaces", "+1\u200b555\u200b000\u200b0100", "[removed]"},
		{"word joiners and soft hyphens", "+1\u2060555\u00ad000\ufeff0100", "[removed]"},
		{"full-width", "１５５５００００１００", "[removed]"},
		// Review of issue 16: accents and format characters combined with
		// the digits hid a number (a tag keeps its accents now).
		{"accents on digits", "#2\u03015\u03014\u03017\u030112345678", "#[removed]"},
		{"format characters", "+254\u2061712\u2063345\U000E0001678", "[removed]"},
		{"accents on letters stay", "Educación #santé e\u0301", "Educación #santé e\u0301"},
		{"full-width separators", "１\u3000５５５－０００\uff0e０１００", "[removed]"},
		{"Arabic-Indic digits", "٠٧١٢ ٣٤٥ ٦٧٨", "[removed]"},
		{"Devanagari digits", "+१ ५५५ ००० ०१००", "[removed]"},
		{"at home, no country code", "(555) 000-0100", "([removed]"},
		{"at home with a trunk zero", "ring 0712 345 678", "ring [removed]"},
		{"inside a longer run", "915550000100", "9[removed]"},
		{"two in a row", "+15550000100 or +254 712 345 678", "[removed] or [removed]"},
		{"person JID", "write 15550000100@s.whatsapp.net", "write [removed]"},
		{"JID in brackets", "(15550000100@s.whatsapp.net)", "([removed])"},
		{"JID with a zero-width space", "15550000100\u200b@s.whatsapp.net", "[removed]"},
		{"device JID", "15550000100:12@s.whatsapp.net", "[removed]"},
		{"unknown JID", "99999999999@c.us and 123@LID", "[removed] and [removed]"},
		{"group JID", "see 120363000000000001@g.us", "see [removed]"},
		{"group number alone", "group 120363000000000001", "group [removed]"},
		{"LID user ID", "lid:123456789012345 said", "[removed] said"},
		{"broadcast and newsletter", "status@broadcast 1203@newsletter", "[removed] [removed]"},
		{"wa.me link", "https://wa.me/15550000100?text=hi", "https://wa.me/[removed]?text=hi"},
		{"unknown number stays", "hotline +44 20 7946 0958", "hotline +44 20 7946 0958"},
		{"dates and times stay", "2026-12-07 18:00, 25 people, 1 555", "2026-12-07 18:00, 25 people, 1 555"},
		{"other digits come out ASCII", "٢٥ personnes, ２０２６", "25 personnes, 2026"},
		{"emoji keep their joiners", "👩\u200d⚕️ and 👩\u200d👧", "👩\u200d⚕️ and 👩\u200d👧"},
		{"short user IDs are not numbers", "+1 and 1", "+1 and 1"},
		{"email stays", "amina@example.org", "amina@example.org"},
		{"not a domain", "x@g.usa y@lidl.com", "x@g.usa y@lidl.com"},
		{"words with lid stay", "valid:12345678", "valid:12345678"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactorName(t *testing.T) {
	r := NewRedactor([]string{"+15550000100"})
	tests := []struct{ in, want string }{
		{"Amina", "Amina"},
		{"  Lucía ", "Lucía"},
		{"~ Zainab 2", "~ Zainab 2"},
		{"Zainab ٢", "Zainab 2"},
		{"+1 555 000 0100", AMember},
		{"15550000100", AMember},
		{"+44 20 7946 0958", AMember}, // nobody's we know: still a number, not a name
		{"Grace +254712345678", AMember},
		{"15550000100@s.whatsapp.net", AMember},
		{"１５５５００００１００", AMember},
		{"+1\u200b555\u200b000\u200b0100", AMember},
		{"1_555_000_0100", AMember},
		{"+1 555\n000 0100", AMember},
		{"", AMember},
		{"   ", AMember},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := r.Name(tt.in); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every decimal digit Unicode has comes out as its ASCII digit: the
// tables list them in runs of whole sets of ten, each from 0 to 9.
func TestAsciiDigit(t *testing.T) {
	n := 0
	check := func(lo, hi, stride uint32) {
		for c := lo; c <= hi; c += stride {
			want := '0' + rune((c-lo)%10)
			if got := asciiDigit(rune(c)); got != want {
				t.Errorf("asciiDigit(%U %c) = %c, want %c", c, rune(c), got, want)
			}
			n++
		}
	}
	for _, r := range unicode.Nd.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Nd.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
	if n < 600 {
		t.Errorf("checked %d digits, want Unicode's 600 or more", n)
	}
	for _, r := range "a+٫½①" { // letters, signs, fractions and circled numbers are no digits
		if got := asciiDigit(r); got != r {
			t.Errorf("asciiDigit(%c) = %c, want it unchanged", r, got)
		}
	}
	for i, r := range []rune("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉") { // but superscripts read as digits
		if got := asciiDigit(r); got != '0'+rune(i%10) {
			t.Errorf("asciiDigit(%c) = %c, want %c", r, got, '0'+rune(i%10))
		}
	}
	for _, r := range "" {
		if got := asciiDigit(r); got != r {
			t.Errorf("asciiDigit(%c) = %c, want it unchanged", r, got)
		}
	}
}

// A forgotten number is known only by its keyed hashes, and still removed
// however it is written; a number never hashed stays.
func TestRedactorForget(t *testing.T) {
	key := []byte("a key of the Lab's")
	var hashes []string
	for _, d := range PhoneForms("+254712345678") {
		hashes = append(hashes, NumberHash(key, d))
	}
	r := NewRedactor(nil)
	r.Forget(key, hashes)
	tests := []struct{ in, want string }{
		{"call +254 712 345 678", "call [removed]"},
		{"ring 0712 345 678", "ring [removed]"},
		{"the office is +44 20 7946 0958", "the office is +44 20 7946 0958"},
	}
	for _, tt := range tests {
		if got := r.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if other := NumberHash([]byte("another key"), "254712345678"); other == hashes[0] {
		t.Error("the hash does not depend on the key")
	}
}
