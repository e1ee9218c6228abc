package labdata

import (
	"slices"
	"strings"
	"testing"
)

func TestQueries(t *testing.T) {
	qs := Queries(7, 1000)
	if len(qs) != 1000 {
		t.Fatalf("%d queries, want 1000", len(qs))
	}
	if !slices.Equal(qs, Queries(7, 1000)) {
		t.Error("the same seed gave other queries")
	}
	if slices.Equal(qs[:20], Queries(8, 20)) {
		t.Error("another seed gave the same queries")
	}
	seen := map[string]bool{}
	perLang, perLen := map[string]int{}, map[int]int{}
	for _, q := range qs {
		words := strings.Fields(q)
		key := strings.Join(slices.Sorted(slices.Values(words)), " ")
		if seen[key] {
			t.Errorf("query %q twice", q)
		}
		seen[key] = true
		perLen[len(words)]++
		lang := langOf(words)
		if lang == "" {
			t.Errorf("query %q: not words of one language", q)
		}
		perLang[lang]++
	}
	for n := 1; n <= 3; n++ {
		if perLen[n] < 200 { // fewer single words: there are fewer of them to draw
			t.Errorf("%d queries of %d words, want about a third", perLen[n], n)
		}
	}
	for _, lang := range Langs() {
		if perLang[lang] < 250 {
			t.Errorf("%d queries in %s, want about a third", perLang[lang], lang)
		}
	}
	// The skew: a language's five commonest words are in several times
	// more of its queries than its 100th to 104th (6.6 times in the items;
	// less here, as a common word alone makes one query only).
	for _, lang := range Langs() {
		common := CommonWords(lang, 105)
		if a, b := count(qs, lang, common[:5]), count(qs, lang, common[100:]); a < 3*b {
			t.Errorf("%s: the 5 commonest words in %d queries, the 100th to 104th in %d: want the items' skew", lang, a, b)
		}
	}
}

// langOf is the language all of words are words of, or "" (a few words,
// like "radio", are in more than one vocabulary).
func langOf(words []string) string {
	for _, lang := range Langs() {
		vocab := strings.Fields(vocabulary(lang))
		if !slices.ContainsFunc(words, func(w string) bool { return !slices.Contains(vocab, w) }) {
			return lang
		}
	}
	return ""
}

// count is how many queries of lang hold one of words.
func count(qs []string, lang string, words []string) int {
	n := 0
	for _, q := range qs {
		fields := strings.Fields(q)
		if langOf(fields) == lang && slices.ContainsFunc(fields, func(w string) bool { return slices.Contains(words, w) }) {
			n++
		}
	}
	return n
}
