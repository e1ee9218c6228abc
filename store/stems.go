package store

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"labbot/glossary"
	"labbot/textfold"
)

const (
	// expansionWeight is how much a word the glossary added weighs against
	// one she typed: what is written in her words ranks first
	// (docs/SEARCH.md, "Ranking").
	expansionWeight = 0.4
	// maxExpansions bounds the phrases the glossary adds for one word she
	// typed: each costs FTS5 a walk of its doclist (docs/SEARCH.md).
	maxExpansions = 12
	// subjectWeight and maxSubjectExpansions are the same for the words of
	// the other concepts of a subject, when a search widens to them.
	subjectWeight = 0.15
	// withinConcepts bounds the concepts a word that is no term reaches
	// through longer terms: their phrases hold common words ("de"), costly.
	withinConcepts       = 1
	maxSubjectExpansions = 80
)

// stemmed is what the index holds of text written in the languages
// langs: for each language, its words' stems in order, and after them
// each stem of a word typed without its accents that differs.
func stemmed(text string, langs ...string) string {
	words := textfold.Words(text)
	var b strings.Builder
	for _, lang := range langs {
		var extra []string
		for _, w := range words {
			stems := textfold.Stems(w, lang)
			b.WriteString(stems[0])
			b.WriteByte(' ')
			extra = append(extra, stems[1:]...)
		}
		for _, s := range extra {
			b.WriteString(s)
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

// itemLangs are the stemmers for an item written in lang: its own, or all
// three when it is not one of them.
func itemLangs(lang string) []string {
	for _, l := range textfold.Langs {
		if l == lang {
			return []string{lang}
		}
	}
	return textfold.Langs
}

// phrase is one FTS5 phrase of stems and its weight in the ranking.
type phrase struct {
	stems  string
	weight float64
}

// term is the phrases one word (or glossary phrase) she typed stands for.
type term struct {
	phrases []phrase
	seen    map[string]bool
}

// add adds the phrases stems, weighed weight, but those it holds already.
func (t *term) add(stems []string, weight float64) {
	for _, s := range stems {
		if !t.seen[s] {
			t.seen[s] = true
			t.phrases = append(t.phrases, phrase{stems: s, weight: weight})
		}
	}
}

// addJoined adds the words of a glossary phrase she typed written as one,
// as in a tag (#saludmental, #landrights), stemmed in each language as the
// index stems tags.
func (t *term) addJoined(words []string) {
	joined := strings.Join(words, "")
	if utf8.RuneCountInString(joined) > textfold.MaxWordLen {
		return
	}
	for _, lang := range textfold.Langs {
		t.add(textfold.Stems(joined, lang), 1)
	}
}

// addConcepts adds the terms of concepts in the three languages, weighed
// weight, up to limit phrases in all.
func (t *term) addConcepts(concepts []glossary.Concept, weight float64, limit int) {
	for _, c := range concepts {
		if len(t.phrases) >= limit {
			break
		}
		t.add(c.Phrases(), weight)
	}
	t.phrases = t.phrases[:min(len(t.phrases), limit)]
}

// queryTerms turns what a member typed into FTS5 terms: for each word (or
// each phrase the glossary knows), its stems in the three languages, for
// her language is not known, then, weighed less, the stems of the words
// that name the same concepts in all three; when wide, also, weighed
// least, those of the other concepts of their subjects, and a word that
// names no concept stands for the concept of a longer term it is a word
// of (Glossary.Within). At most maxTerms terms.
func queryTerms(g *glossary.Glossary, text string, wide bool) [][]phrase {
	words := textfold.Words(text)
	var terms [][]phrase
	for len(words) > 0 && len(terms) < maxTerms {
		concepts, n := g.Match(words)
		if n == 0 && wide { // a short list: the costly phrases of longer terms pay
			concepts = g.Within(words[0], withinConcepts)
		}
		n = max(n, 1)
		t := term{seen: map[string]bool{}}
		for _, lang := range textfold.Langs {
			t.add(textfold.PhraseStems(words[:n], lang), 1)
		}
		if n > 1 {
			t.addJoined(words[:n])
		}
		t.addConcepts(concepts, expansionWeight, len(t.phrases)+maxExpansions)
		if wide {
			for _, c := range concepts {
				t.addConcepts(g.Neighbours(c), subjectWeight, len(t.phrases)+maxSubjectExpansions)
			}
		}
		terms = append(terms, t.phrases)
		words = words[n:]
	}
	return terms
}

// apartTerms are the words of the glossary phrases she typed, each alone,
// but stop words, weighed as her words: an item may say "business" and not
// "small business", "salud" and not "salud mental". The any-word pass
// looks for them, after the items with the whole phrase.
func apartTerms(g *glossary.Glossary, text string) [][]phrase {
	words := textfold.Words(text)
	var terms [][]phrase
	for len(words) > 0 && len(terms) < maxTerms {
		_, n := g.Match(words)
		n = max(n, 1)
		for i := range words[:n] {
			if n == 1 || textfold.IsStopWord(words[i]) {
				continue
			}
			t := term{seen: map[string]bool{}}
			for _, lang := range textfold.Langs {
				t.add(textfold.PhraseStems(words[i:i+1], lang), 1)
			}
			terms = append(terms, t.phrases)
		}
		words = words[n:]
	}
	return terms
}

// ftsQuery is the FTS5 query for terms, each an OR of its phrases, all of
// them (every) or any, and the weights of its phrases in order, for
// labrank.
func ftsQuery(terms [][]phrase, every bool) (match, weights string) {
	var m, w []string
	for _, term := range terms {
		var alt []string
		for _, p := range term {
			alt = append(alt, p.fts())
			w = append(w, strconv.FormatFloat(p.weight, 'g', -1, 64))
		}
		m = append(m, "("+strings.Join(alt, " OR ")+")")
	}
	op := " OR "
	if every {
		op = " AND "
	}
	return strings.Join(m, op), strings.Join(w, " ")
}

// fts is p in FTS5's syntax.
func (p phrase) fts() string { return quote(p.stems) }

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Glossary is what searches expand words through: the one SetGlossary
// gave, else the built-in one (glossary/lab.yaml; a test holds it valid).
func (s *Store) Glossary() *glossary.Glossary {
	if g := s.gloss.Load(); g != nil {
		return g
	}
	g, err := glossary.Builtin()
	if err != nil {
		return glossary.New(nil)
	}
	return g
}

// SetGlossary makes searches expand words through g from now on, as a
// search begun meanwhile may not.
func (s *Store) SetGlossary(g *glossary.Glossary) { s.gloss.Store(g) }
