package glossary

import (
	"strings"
	"testing"
)

func TestBuiltinIsValid(t *testing.T) {
	g, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() == 0 {
		t.Fatal("the built-in glossary has no concepts")
	}
}

// TestMatch checks that a word finds its concept by its stem in any
// language, with or without accents, and a phrase before its first word.
func TestMatch(t *testing.T) {
	g := New(mustParse(t, `
- subject: funding
  en: [donor, funder]
  es: [donante, financiadora]
  fr: [donatrice, bailleur de fonds]
- subject: management
  en: [volunteer]
  es: [voluntaria]
  fr: [bénévole]
- subject: funding
  en: [fund]
  es: [fondo]
  fr: [fonds]
`))
	tests := []struct {
		words   string
		subject string // of the first concept found; "" for none
		n       int
	}{
		{"volunteers", "management", 1},
		{"voluntarias", "management", 1},
		{"bénévoles", "management", 1},
		{"benevoles", "management", 1},
		{"Donantes", "funding", 1},
		{"bailleurs de fonds", "funding", 3},
		{"fonds", "funding", 1},
		{"school", "", 0},
	}
	for _, tt := range tests {
		found, n := g.Match(strings.Fields(tt.words))
		got := ""
		if len(found) > 0 {
			got = found[0].Subject
		}
		if got != tt.subject || n != tt.n {
			t.Errorf("Match(%q) = %q, %d words; want %q, %d", tt.words, got, n, tt.subject, tt.n)
		}
	}
	if found, _ := g.Match([]string{"bailleurs", "de", "fonds"}); len(found) != 1 || found[0].Terms["en"][0] != "donor" {
		t.Errorf("the phrase found %v; want only the donor concept", found)
	}
}

// TestWithin checks that a word that is no term finds the concepts with a
// longer term that has it, the shortest terms first, but a stop word none.
func TestWithin(t *testing.T) {
	g := New(mustParse(t, `
- subject: gbv
  en: [domestic violence in the home]
  es: [violencia intrafamiliar en el hogar]
  fr: [violence conjugale au foyer]
- subject: gbv
  en: [gender-based violence, GBV]
  es: [violencia de género]
  fr: [violences basées sur le genre]
- subject: health
  en: [violet]
  es: [violeta]
  fr: [violette]
`))
	found := g.Within("violencias", 3)
	if len(found) != 2 || found[0].Terms["en"][0] != "gender-based violence" {
		t.Errorf("Within(violencias) = %v; want gender-based violence, then domestic violence", found)
	}
	if found := g.Within("violencias", 1); len(found) != 1 {
		t.Errorf("Within(violencias, 1) = %d concepts; want 1", len(found))
	}
	for _, w := range []string{"de", "violet", "school"} {
		if found := g.Within(w, 3); len(found) != 0 {
			t.Errorf("Within(%q) = %v; want none", w, found)
		}
	}
}

// TestParseErrors checks that a mistake is named with its file and line.
func TestParseErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"- subject: funding\n  en: [donor]\n  es: [donante]\n", "staff.yaml:1: entry without fr terms"},
		{"- subject: funding\n  en: [donor]\n  es: [donante]\n  fr: [donateur]\n  de: [Spender]\n", `staff.yaml:5: unknown key "de"`},
		{"# subjects: health, funding\n- subject: fundng\n  en: [a]\n  es: [b]\n  fr: [c]\n", `staff.yaml:2: subject "fundng" is not one`},
		{"- subject: Funding!\n  en: [a]\n  es: [b]\n  fr: [c]\n", `staff.yaml:1: subject "Funding!"`},
		{"- subject: funding\n  en: [donor]\n  es: [\"¿?\"]\n  fr: [donateur]\n", `staff.yaml:3: term "¿?"`},
		{"- subject: funding\n  en: donor\n  es: [donante]\n  fr: [donateur]\n", "staff.yaml:2: want a list of terms"},
		{"subject: funding\n", "staff.yaml:1: want a list of entries"},
		{"- subject: [\n", "staff.yaml: yaml:"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml), "staff.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v; want an error with %q", tt.yaml, err, tt.want)
		}
	}
}

func mustParse(t *testing.T, text string) []Concept {
	t.Helper()
	c, err := Parse([]byte(text), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
