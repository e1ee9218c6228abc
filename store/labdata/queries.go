package labdata

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// Queries returns n distinct searches made from seed, as members would
// type them: one, two or three different words (evenly) of one language
// (evenly), each word drawn with the items' Zipf-like skew, accents kept.
// Two queries with the same words in another order count as one.
// Latency benchmarks time each once per pass, so that a percentile is
// drawn from many searches, not from a few repeated.
func Queries(seed int64, n int) []string {
	g := newGenerator(seed)
	g.rnd = rand.New(rand.NewPCG(uint64(seed), 0x9e7)) // not the items' stream
	seen := map[string]bool{}
	qs := make([]string, 0, n)
	for len(qs) < n {
		lang := g.langs[g.rnd.IntN(len(g.langs))]
		words := make([]string, 0, 3)
		for k := 1 + g.rnd.IntN(3); len(words) < k; {
			if w := g.word(lang); !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
		key := slices.Sorted(slices.Values(words))
		if k := strings.Join(key, " "); !seen[k] {
			seen[k] = true
			qs = append(qs, strings.Join(words, " "))
		}
	}
	return qs
}
