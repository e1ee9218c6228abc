// Package textlang tells which of the Lab's languages, English, Spanish or
// French, a short text is written in, offline and in a few microseconds.
// It scores each word: the small words every sentence has (the, el, les),
// the letters only one language writes (ñ, ç, è), French elisions (l', qu')
// and common endings (-ing, -ción, -eux). A tip of four words or more is
// decided by them; a shorter or mixed text may be unsure, and the caller
// then breaks the tie with what else it knows (see Pick).
//
// It imports nothing of labbot's, so any package may use it.
package textlang

import (
	"strings"
	"unicode"
)

// Languages are the languages Detect tells apart, in the order its
// scores are kept.
var Languages = [...]string{"en", "es", "fr"}

const (
	en = iota
	es
	fr
)

// scores are a text's evidence for each language.
type scores [len(Languages)]float64

// Thresholds of a sure guess: enough evidence, and a clear lead over the
// runner-up (both measured on testdata/labelled.tsv, see the test).
const (
	sureScore  = 2.0
	sureMargin = 1.0
	sureRatio  = 2.0
)

// Detect returns the language text is most likely written in, and whether
// it is sure. With no evidence at all ("Zoom link?", a lone URL) it
// returns "" and false.
func Detect(text string) (lang string, sure bool) {
	s := score(text)
	best, second := rank(s)
	if s[best] == 0 {
		return "", false
	}
	return Languages[best], isSure(s[best], s[second])
}

// Pick is Detect's language when it is sure. Otherwise the first of hints
// (the command word's language, then the group's) that the text has some
// evidence for, or as much as for any other within sureMargin; else the
// best guess; else, when the text says nothing, the first hint. Hints
// that are not one of Languages are skipped.
func Pick(text string, hints ...string) string {
	s := score(text)
	best, second := rank(s)
	if s[best] > 0 && isSure(s[best], s[second]) {
		return Languages[best]
	}
	for _, h := range hints {
		if i := index(h); i >= 0 && (s[i] > 0 || s[best]-s[i] < sureMargin) {
			return h
		}
	}
	if s[best] > 0 {
		return Languages[best]
	}
	for _, h := range hints {
		if index(h) >= 0 {
			return h
		}
	}
	return ""
}

func isSure(best, second float64) bool {
	return best >= sureScore && best-second >= sureMargin && best > sureRatio*second
}

func index(lang string) int {
	for i, l := range Languages {
		if l == lang {
			return i
		}
	}
	return -1
}

// rank returns the indexes of the highest and second-highest scores; a
// tie keeps the earlier language first.
func rank(s scores) (best, second int) {
	best, second = 0, 1
	if s[1] > s[0] {
		best, second = 1, 0
	}
	for i := 2; i < len(s); i++ {
		switch {
		case s[i] > s[best]:
			best, second = i, best
		case s[i] > s[second]:
			second = i
		}
	}
	return best, second
}

// score adds up the evidence of every word of text, links, handles and
// numbers left out.
func score(text string) scores {
	var s scores
	for _, field := range strings.Fields(strings.ToLower(text)) {
		if skipField(field) {
			continue
		}
		for _, w := range splitWords(field) {
			s.add(wordScore(w))
		}
	}
	return s
}

func (s *scores) add(o scores) {
	for i := range s {
		s[i] += o[i]
	}
}

// skipField reports a field that says nothing of a language: a link, an
// e-mail address, a handle.
func skipField(f string) bool {
	return strings.Contains(f, "://") || strings.HasPrefix(f, "www.") || strings.Contains(f, "@")
}

// splitWords cuts a field into words of letters, keeping an apostrophe
// inside a word (l'école, don't) as the one mark of an elision.
func splitWords(f string) []string {
	var out []string
	var cur []rune
	flush := func() {
		w := strings.Trim(string(cur), "'")
		if w != "" {
			out = append(out, w)
		}
		cur = cur[:0]
	}
	for _, r := range f {
		switch {
		case unicode.IsLetter(r):
			cur = append(cur, r)
		case r == '\'' || r == '’':
			cur = append(cur, '\'')
		default:
			flush()
		}
	}
	flush()
	return out
}

// wordScore is one word's evidence: an elision or contraction, a word of
// the lists, or its letters and ending.
func wordScore(w string) scores {
	if i := strings.IndexByte(w, '\''); i > 0 {
		return apostrophe(w[:i], w[i+1:])
	}
	if s, ok := words[w]; ok {
		return s
	}
	if neutral[w] {
		return scores{}
	}
	return shape(w)
}

// apostrophe scores a word with an apostrophe: l'école, qu'elle and
// d'un are French; don't, it's and we're English.
func apostrophe(head, tail string) scores {
	if elisions[head] {
		s := scores{fr: 1.5}
		s.add(wordScore(tail))
		return s
	}
	if contractions[tail] {
		return scores{en: 1.5}
	}
	return shape(head + tail)
}

var (
	elisions     = set("l", "d", "qu", "n", "j", "c", "s", "m", "t", "jusqu", "lorsqu", "puisqu", "quelqu")
	contractions = set("s", "t", "re", "ve", "ll", "d", "m")
)

// shape scores a word by its letters and its ending, when it is none of
// the listed words.
func shape(w string) scores {
	var s scores
	for _, r := range w {
		s.add(letters[r])
	}
	rs := []rune(w)
	if len(rs) < 4 {
		return s
	}
	for _, e := range endings {
		if strings.HasSuffix(w, e.suffix) {
			s.add(e.s)
			break // the longest first: -ción, not -n
		}
	}
	for _, p := range inside {
		if strings.Contains(w, p.part) {
			s.add(p.s)
		}
	}
	return s
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
