// Package locales holds every word labbot says, in English, Spanish and
// French, as go-i18n message files.
package locales

import (
	"embed"
	"fmt"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// FS holds en.yaml, es.yaml and fr.yaml.
//
//go:embed *.yaml
var FS embed.FS

// Languages are the Lab's languages, all equal; the first is the fallback
// of last resort.
func Languages() []string { return []string{"en", "es", "fr"} }

// NewBundle loads the embedded message files of every language: the one
// loader of the bot's replies and of the exported reports.
func NewBundle() (*i18n.Bundle, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	for _, lang := range Languages() {
		if _, err := bundle.LoadMessageFileFS(FS, lang+".yaml"); err != nil {
			return nil, fmt.Errorf("load %s messages: %w", lang, err)
		}
	}
	return bundle, nil
}
