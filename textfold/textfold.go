// Package textfold folds what members type, so that a word matches however it
// is typed: command words, language names, tags and group names. It
// imports nothing of labbot's, so the store's test data folds tags as the
// bot does.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and strips its accents: "Résumé" and "resume" are one
// word.
func Fold(s string) string {
	// A chain keeps state between calls: a new one each call lets any
	// goroutine fold.
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}
