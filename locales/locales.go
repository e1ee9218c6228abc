// Package locales holds every word labbot says, in English, Spanish and
// French, as go-i18n message files.
package locales

import "embed"

// FS holds en.yaml, es.yaml and fr.yaml.
//
//go:embed *.yaml
var FS embed.FS

// Languages are the Lab's languages, all equal; the first is the fallback
// of last resort.
func Languages() []string { return []string{"en", "es", "fr"} }
