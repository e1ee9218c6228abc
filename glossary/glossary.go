// Package glossary is the Lab's trilingual glossary: concepts of its field
// (funding, governance, health...) each named in English, Spanish and
// French, so that a search in one language finds what was written in the
// others. The built-in glossary is lab.yaml, embedded; staff may add a
// file of their own in the same format (the config's search.glossary).
package glossary

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"labbot/textfold"
)

//go:embed lab.yaml
var builtin []byte

// Langs are the languages every concept is named in.
var Langs = textfold.Langs

// maxTermWords bounds a term's length, in words: a phrase, not a sentence.
const maxTermWords = 12

// Concept is one idea, with its words in each language.
type Concept struct {
	Subject string
	Terms   map[string][]string // by language: words or short phrases
	Source  string              // file:line, for errors

	phrases []string // its terms' stems in their languages, worked out once (New)
}

// Phrases are c's terms stemmed, each in its language, as phrases of stems
// joined by spaces (textfold.PhraseStems), without repeats: the first
// term of each language, then the second of each, and so on.
func (c Concept) Phrases() []string { return c.phrases }

// Glossary finds the concepts a word names, by its stem in each language.
type Glossary struct {
	concepts []Concept
	// keys maps a language and a term's stems, joined by spaces, to the
	// concepts that have the term.
	keys map[string]map[string][]int
	// longest is the most words any term has.
	longest int
	// within maps a language and a word's stem to the concepts that have a
	// term of several words with that word (not a stop word) among them,
	// those of the shortest terms first.
	within map[string]map[string][]int
}

// Builtin is the glossary shipped with labbot, read once.
var Builtin = sync.OnceValues(func() (*Glossary, error) {
	concepts, err := Parse(builtin, "glossary/lab.yaml")
	if err != nil {
		return nil, err
	}
	return New(concepts), nil
})

// Load is the built-in glossary with the concepts of the file at path
// added (a file of staff's own, in lab.yaml's format).
func Load(path string) (*Glossary, error) {
	base, err := Parse(builtin, "glossary/lab.yaml")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	extra, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	return New(append(base, extra...)), nil
}

// New indexes concepts by their terms' stems.
func New(concepts []Concept) *Glossary {
	g := &Glossary{concepts: concepts, keys: map[string]map[string][]int{}}
	for _, lang := range Langs {
		g.keys[lang] = map[string][]int{}
	}
	for i := range concepts {
		concepts[i].phrases = phrasesOf(concepts[i])
	}
	for i, c := range concepts {
		for lang, terms := range c.Terms {
			for _, t := range terms {
				words := textfold.Words(t)
				g.longest = max(g.longest, len(words))
				for _, k := range textfold.PhraseStems(words, lang) {
					if ids := g.keys[lang][k]; len(ids) == 0 || ids[len(ids)-1] != i {
						g.keys[lang][k] = append(ids, i)
					}
				}
			}
		}
	}
	g.indexWithin()
	return g
}

// indexWithin fills g.within, the words of terms of two words, then of
// three, and so on.
func (g *Glossary) indexWithin() {
	g.within = map[string]map[string][]int{}
	for _, lang := range Langs {
		g.within[lang] = map[string][]int{}
	}
	for n := 2; n <= g.longest; n++ {
		for i, c := range g.concepts {
			for lang, terms := range c.Terms {
				for _, t := range terms {
					words := textfold.Words(t)
					if len(words) != n {
						continue
					}
					for _, w := range words {
						if textfold.IsStopWord(w) {
							continue
						}
						for _, k := range textfold.Stems(w, lang) {
							if ids := g.within[lang][k]; !slices.Contains(ids, i) {
								g.within[lang][k] = append(ids, i)
							}
						}
					}
				}
			}
		}
	}
}

// Within are the concepts with a term of several words that has word
// among them, by its stem in the term's language (violencia: violencia de
// género, violencia doméstica), those of the shortest terms first, at most
// most of them: for a word that names no concept of its own.
func (g *Glossary) Within(word string, most int) []Concept {
	if textfold.IsStopWord(word) {
		return nil
	}
	var out []Concept
	seen := map[int]bool{}
	for _, lang := range Langs {
		for _, k := range textfold.Stems(word, lang) {
			for _, i := range g.within[lang][k] {
				if !seen[i] && len(out) < most {
					seen[i] = true
					out = append(out, g.concepts[i])
				}
			}
		}
	}
	return out
}

// Neighbours are the concepts of c's subject, c among them.
func (g *Glossary) Neighbours(c Concept) []Concept {
	var out []Concept
	for _, o := range g.concepts {
		if o.Subject == c.Subject {
			out = append(out, o)
		}
	}
	return out
}

// phrasesOf are c's terms' phrases, the languages taking turns: each
// language's first (most usual) term, then each one's second, and so on,
// so that a search that keeps only the first few keeps each language's
// usual words.
func phrasesOf(c Concept) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; ; i++ {
		more := false
		for _, lang := range Langs {
			if i >= len(c.Terms[lang]) {
				continue
			}
			more = true
			for _, p := range textfold.PhraseStems(textfold.Words(c.Terms[lang][i]), lang) {
				if !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
		if !more {
			return out
		}
	}
}

// Len is how many concepts g holds.
func (g *Glossary) Len() int { return len(g.concepts) }

// Match finds the concepts named by the words at the start of words (as
// a member typed them), in any language, the longest term first: it
// returns them and how many words they took (0 when none).
func (g *Glossary) Match(words []string) ([]Concept, int) {
	for n := min(g.longest, len(words)); n > 0; n-- {
		var found []Concept
		seen := map[int]bool{}
		for _, lang := range Langs {
			for _, k := range textfold.PhraseStems(words[:n], lang) {
				for _, i := range g.keys[lang][k] {
					if !seen[i] {
						seen[i] = true
						found = append(found, g.concepts[i])
					}
				}
			}
		}
		if len(found) > 0 {
			return found, n
		}
	}
	return nil, 0
}

var slug = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Parse reads a glossary file (name is how errors call it): a list of
// entries with a subject and the terms in en, es and fr. An error names
// the file and the line.
func Parse(data []byte, name string) ([]Concept, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: no entries", name)
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: want a list of entries (- subject: ...)", name, list.Line)
	}
	subjects := subjectsOf(string(data))
	var out []Concept
	for _, entry := range list.Content {
		c, err := parseEntry(entry, name, subjects)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// subjectsOf reads the subjects a file's top comment lists after
// "Subjects:", apart by commas, on as many comment lines as follow until
// an empty one; nil when it lists none (then any slug will do).
func subjectsOf(data string) map[string]bool {
	var set map[string]bool
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		text, comment := strings.CutPrefix(line, "#")
		text = strings.TrimSpace(text)
		if !comment || set != nil && text == "" {
			break
		}
		if rest, ok := strings.CutPrefix(strings.ToLower(text), "subjects:"); ok {
			set, text = map[string]bool{}, rest
		}
		for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' }) {
			if set != nil {
				set[s] = true
			}
		}
	}
	return set
}

func parseEntry(entry *yaml.Node, name string, subjects map[string]bool) (Concept, error) {
	at := fmt.Sprintf("%s:%d", name, entry.Line)
	if entry.Kind != yaml.MappingNode {
		return Concept{}, fmt.Errorf("%s: want an entry with subject, en, es and fr", at)
	}
	c := Concept{Terms: map[string][]string{}, Source: at}
	for i := 0; i+1 < len(entry.Content); i += 2 {
		key, val := entry.Content[i], entry.Content[i+1]
		here := fmt.Sprintf("%s:%d", name, key.Line)
		switch key.Value {
		case "subject":
			if val.Kind != yaml.ScalarNode || !slug.MatchString(val.Value) {
				return Concept{}, fmt.Errorf("%s: subject %q: want a word in lowercase, as funding", here, val.Value)
			}
			if subjects != nil && !subjects[val.Value] {
				return Concept{}, fmt.Errorf("%s: subject %q is not one of those the file's top comment lists", here, val.Value)
			}
			c.Subject = val.Value
		case "en", "es", "fr":
			terms, err := parseTerms(val, name, here)
			if err != nil {
				return Concept{}, err
			}
			c.Terms[key.Value] = terms
		default:
			return Concept{}, fmt.Errorf("%s: unknown key %q (want subject, en, es, fr)", here, key.Value)
		}
	}
	if c.Subject == "" {
		return Concept{}, fmt.Errorf("%s: entry without a subject", at)
	}
	for _, lang := range Langs {
		if len(c.Terms[lang]) == 0 {
			return Concept{}, fmt.Errorf("%s: entry without %s terms", at, lang)
		}
	}
	return c, nil
}

func parseTerms(val *yaml.Node, name, at string) ([]string, error) {
	if val.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: want a list of terms, as [word, other word]", at)
	}
	var terms []string
	for _, t := range val.Content {
		here := fmt.Sprintf("%s:%d", name, t.Line)
		if t.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s: want a word or a short phrase", here)
		}
		n := len(textfold.Words(t.Value))
		if n == 0 || n > maxTermWords {
			return nil, fmt.Errorf("%s: term %q: want one to %d words", here, t.Value, maxTermWords)
		}
		terms = append(terms, strings.TrimSpace(t.Value))
	}
	return terms, nil
}
