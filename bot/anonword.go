package bot

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"labbot/textfold"
)

// anonWord is what the first word of a question says of its name.
type anonWord int

const (
	named     anonWord = iota // no word for anonymity: she asks with her name
	anonymous                 // a word for anonymity, in any natural form
	nearAnon                  // close to one without being one: ask her first
)

// anonForms are the words that ask without a name, folded: the short
// sub-word and the natural forms of each language (adjective in both
// genders and numbers, and adverb).
var anonForms = []string{
	"anon", "anonymous", "anonymously",
	"anonimo", "anonima", "anonimos", "anonimas", "anonimamente",
	"anonyme", "anonymes", "anonymement",
}

// cutAnon reads the first word of a question, glued to a colon or not
// ("anon: …", "Anónima:…"), and returns what it says and the question
// without it. A near miss keeps nothing back: labbot asks before it
// saves anything with a name.
func cutAnon(args string) (anonWord, string) {
	if kind, rest, ok := cutAnonPhrase(args); ok {
		return kind, rest
	}
	first, rest := cutWord(args)
	// Read as the letters it shows: fullwidth "ａｎｏｎ" or a fancy font's
	// bold is the word too.
	word, glued, _ := strings.Cut(norm.NFKC.String(first), ":")
	kind := classifyAnon(letters(fold(word)))
	if kind == named {
		return named, args
	}
	if glued != "" {
		rest = strings.TrimSpace(glued + " " + rest)
	}
	return kind, strings.TrimSpace(strings.TrimPrefix(rest, ":")) // "anonyme : …", as French writes it
}

// classifyAnon tells an anonymity word, a near miss, or neither. A near
// miss starts like one ("anonimous", "anónim") or is a slip away from one
// ("anomymous", "annonyme"). The short "anon" allows one slip only: two
// would take in "and", "any", "Ana", "ante", a question's ordinary first
// words.
func classifyAnon(w string) anonWord {
	switch {
	case slices.Contains(anonForms, w):
		return anonymous
	case strings.HasPrefix(w, "anon"):
		return nearAnon
	case !strings.HasPrefix(w, "an"):
		return named
	case textfold.Distance(w, "anon") <= 1:
		return nearAnon
	}
	for _, f := range anonForms[1:] {
		if len(w) >= 5 && textfold.Distance(w, f) <= 2 {
			return nearAnon
		}
	}
	return named
}

// letters keeps the letters of s: "(anon)" is "anon".
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}

// anonPhrases say "without my name" in words of their own, folded: "sin
// mi nombre", "sans mon nom".
var anonPhrases = [][]string{
	{"without", "my", "name"}, {"without", "a", "name"}, {"without", "name"},
	{"sin", "mi", "nombre"}, {"sin", "nombre"},
	{"sans", "mon", "nom"}, {"sans", "nom"},
}

// anonLeads may come before an anonymity word in a natural phrase: "de
// forma anónima", "de manera anónima", "de façon anonyme", "en anonyme",
// "in an anonymous way".
var anonLeads = []string{"de", "en", "forma", "manera", "modo", "facon", "maniere", "in", "an", "a", "par", "por"}

// cutAnonPhrase reads what cutAnon's single word does not: marks with no
// letters before the word ("🕶 anon …"), a few lead words before it ("de
// forma anónima …"), or a phrase for "without my name". It reports
// false when the question starts with none of these, for cutAnon to read
// its first word.
func cutAnonPhrase(args string) (anonWord, string, bool) {
	rest, skipped := strings.TrimSpace(args), false
	for rest != "" {
		first, after := cutWord(rest)
		if letters(first) != "" {
			break
		}
		rest, skipped = after, true
	}
	for _, p := range anonPhrases {
		if after, ok := cutWords(rest, p); ok {
			return anonymous, strings.TrimSpace(strings.TrimPrefix(after, ":")), true
		}
	}
	leads, words := 0, rest
	for leads < 3 {
		first, after := cutWord(words)
		if !slices.Contains(anonLeads, letters(fold(first))) {
			break
		}
		words, leads = after, leads+1
	}
	if !skipped && leads == 0 {
		return named, args, false
	}
	kind, after := cutAnon(words)
	if kind == named {
		return named, args, true
	}
	// "in an anonymous way: …" leaves its "way" behind.
	if first, more := cutWord(after); letters(fold(first)) == "way" {
		after = strings.TrimSpace(strings.TrimPrefix(more, ":"))
	}
	return kind, after, true
}

// cutWords cuts the words of phrase (folded, letters only) from the start
// of s.
func cutWords(s string, phrase []string) (string, bool) {
	for _, w := range phrase {
		first, rest := cutWord(s)
		if letters(fold(first)) != w {
			return "", false
		}
		s = rest
	}
	return s, true
}
