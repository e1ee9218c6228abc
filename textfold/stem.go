package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
)

// MaxWordLen is the longest word kept, in characters: a longer one is cut,
// alike in what is indexed and what is searched.
const MaxWordLen = 64

// Langs are the languages Stems knows.
var Langs = []string{"en", "es", "fr"}

// Words splits text into its words: runs of letters and digits (and the
// accents typed as marks of their own), each at most MaxWordLen long.
// Nothing else survives: no quote, star or colon reaches a search.
func Words(text string) []string {
	text = strings.ToValidUTF8(text, " ")
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
	})
	out := words[:0]
	for _, w := range words {
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			continue // marks alone
		}
		if utf8.RuneCountInString(w) > MaxWordLen {
			w = string([]rune(w)[:MaxWordLen])
		}
		out = append(out, w)
	}
	return out
}

// Stems are word's stems in lang (en, es or fr; any other leaves it as it
// is, folded), folded: the stem of the word as written, and, when it
// differs, the stem of the word without its accents, for "educacion"
// typed without them does not lose its ending as "educación" does. The
// first is the stem to read in order (a phrase); both are indexed.
func Stems(word, lang string) []string {
	lower := strings.ToLower(word)
	if isASCII(lower) { // nothing to fold: one stem (and no Fold, the costly part)
		if s := stem(lower, lang); s != "" {
			return []string{s}
		}
		return []string{lower}
	}
	first := Fold(stem(lower, lang))
	if first == "" {
		first = Fold(lower)
	}
	second := stem(Fold(lower), lang)
	if second == first || second == "" {
		return []string{first}
	}
	return []string{first, second}
}

// stem is the Snowball stem of a lowercase word in lang.
func stem(word, lang string) string {
	switch lang {
	case "en":
		return english.Stem(word, true)
	case "es":
		return spanish.Stem(word, true)
	case "fr":
		return french.Stem(word, true)
	}
	return word
}

// PhraseStems are the ways words read stemmed in lang, each a phrase of
// stems joined by spaces: every word's stem as written, then, when it
// differs, every word's stem without its accents.
func PhraseStems(words []string, lang string) []string {
	var first, second []string
	for _, w := range words {
		stems := Stems(w, lang)
		first = append(first, stems[0])
		second = append(second, stems[len(stems)-1])
	}
	a, b := strings.Join(first, " "), strings.Join(second, " ")
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
