package locales

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// pluralForms are the CLDR keys a plural message may have.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// flatten turns a message file into dotted IDs: a string, or a map of
// plural forms.
func flatten(prefix string, v any, out map[string]any) {
	m, ok := v.(map[string]any)
	if !ok {
		out[prefix] = v
		return
	}
	for _, form := range pluralForms {
		if _, plural := m[form]; plural {
			out[prefix] = m
			return
		}
	}
	for k, child := range m {
		id := k
		if prefix != "" {
			id = prefix + "." + k
		}
		flatten(id, child, out)
	}
}

var fieldRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// fields lists the template fields a message uses, sorted.
func fields(v any) []string {
	set := map[string]bool{}
	var texts []string
	switch v := v.(type) {
	case string:
		texts = []string{v}
	case map[string]any:
		for _, t := range v {
			texts = append(texts, fmt.Sprint(t))
		}
	}
	for _, t := range texts {
		for _, m := range fieldRE.FindAllStringSubmatch(t, -1) {
			set[m[1]] = true
		}
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// checkCatalogs returns every problem with a set of message files, keyed by
// language: keys missing or extra against English, empty texts, template
// fields that differ between languages, and messages that do not render
// (plural ones for 0, 1, 2 and 1000000).
func checkCatalogs(files map[string][]byte) []string {
	var problems []string
	flat := map[string]map[string]any{}
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	for lang, data := range files {
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", lang, err))
			continue
		}
		flat[lang] = map[string]any{}
		flatten("", raw, flat[lang])
		if _, err := bundle.ParseMessageFileBytes(data, lang+".yaml"); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", lang, err))
		}
	}
	en := flat["en"]
	for _, lang := range Languages() {
		msgs, ok := flat[lang]
		if !ok {
			problems = append(problems, lang+": no message file")
			continue
		}
		loc := i18n.NewLocalizer(bundle, lang)
		for id := range en {
			if _, ok := msgs[id]; !ok {
				problems = append(problems, fmt.Sprintf("%s: missing %s", lang, id))
			}
		}
		for id, v := range msgs {
			ref, ok := en[id]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: extra %s", lang, id))
				continue
			}
			if fv, fe := fields(v), fields(ref); !slices.Equal(fv, fe) {
				problems = append(problems, fmt.Sprintf("%s: %s uses fields %v, English uses %v", lang, id, fv, fe))
			}
			problems = append(problems, checkMessage(loc, lang, id, v)...)
		}
	}
	sort.Strings(problems)
	return problems
}

func checkMessage(loc *i18n.Localizer, lang, id string, v any) []string {
	data := map[string]any{}
	for _, f := range fields(v) {
		data[f] = "X"
	}
	var problems []string
	counts := []int{-1}
	if forms, plural := v.(map[string]any); plural {
		counts = []int{0, 1, 2, 1000000}
		for form, text := range forms {
			if !slices.Contains(pluralForms, form) || strings.TrimSpace(fmt.Sprint(text)) == "" {
				problems = append(problems, fmt.Sprintf("%s: %s: bad or empty plural form %q", lang, id, form))
			}
		}
	} else if s, _ := v.(string); strings.TrimSpace(s) == "" {
		problems = append(problems, fmt.Sprintf("%s: %s is empty", lang, id))
	}
	for _, n := range counts {
		cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
		if n >= 0 {
			cfg.PluralCount = n
		}
		out, err := loc.Localize(cfg)
		if err != nil || strings.TrimSpace(out) == "" || strings.Contains(out, "<no value>") {
			problems = append(problems, fmt.Sprintf("%s: %s does not render for %d: %q %v", lang, id, n, out, err))
		}
	}
	return problems
}

func readFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, lang := range Languages() {
		data, err := FS.ReadFile(lang + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		files[lang] = data
	}
	return files
}

func TestCatalogsAgree(t *testing.T) {
	for _, p := range checkCatalogs(readFiles(t)) {
		t.Error(p)
	}
}

// The checker itself must catch what it is there for.
func TestCheckCatalogsFindsProblems(t *testing.T) {
	files := map[string][]byte{
		"en": []byte("a: \"Hi {{.Name}}\"\nb: \"x\"\nn:\n  one: \"{{.N}} item\"\n  other: \"{{.N}} items\"\n"),
		"es": []byte("a: \"Hola {{.Nombre}}\"\nb: \"\"\nn:\n  one: \"{{.N}} cosa\"\n  other: \"{{.N}} cosas\"\nextra: \"y\"\n"),
		"fr": []byte("a: \"Bonjour {{.Name}}\"\nn:\n  one: \"{{.N}} chose\"\n"),
	}
	got := strings.Join(checkCatalogs(files), "\n")
	for _, want := range []string{
		"es: a uses fields [Nombre]",
		"es: b is empty",
		"es: extra extra",
		"fr: missing b",
		"fr: n does not render for 2",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}
