package privacy

import "strings"

// StripBidi removes the characters that change the direction text is
// shown in (embeddings, overrides, isolates and marks): one U+202E in a
// tip shows what follows it backwards, so that a member's words could
// end in what reads as another person's name. Their digits and letters
// are what a reader must see, in the order they were written.
func StripBidi(s string) string {
	if !strings.ContainsAny(s, bidiControls) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(bidiControls, r) {
			return -1
		}
		return r
	}, s)
}

// bidiControls are Unicode's explicit direction formatting characters.
const bidiControls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C"
