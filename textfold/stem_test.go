package textfold

import (
	"slices"
	"strings"
	"testing"
)

// TestStemsMatchWordForms checks that singular and plural, feminine and
// masculine share a stem, typed with or without accents.
func TestStemsMatchWordForms(t *testing.T) {
	tests := []struct{ lang, a, b string }{
		{"en", "mother", "mothers"},
		{"en", "school", "Schools"},
		{"es", "voluntaria", "voluntarias"},
		{"es", "voluntario", "voluntarias"},
		{"es", "educación", "educaciones"},
		{"es", "educación", "educacion"},
		{"fr", "bénévole", "bénévoles"},
		{"fr", "bénévole", "benevoles"},
		{"fr", "école", "Écoles"},
	}
	for _, tt := range tests {
		a, b := Stems(tt.a, tt.lang), Stems(tt.b, tt.lang)
		if !slices.ContainsFunc(a, func(s string) bool { return slices.Contains(b, s) }) {
			t.Errorf("%s: Stems(%q) = %v and Stems(%q) = %v share none", tt.lang, tt.a, a, tt.b, b)
		}
	}
}

func TestWordsKeepsLettersOnly(t *testing.T) {
	got := Words(`"l'école" NEAR(a*) ` + strings.Repeat("x", 100))
	want := []string{"l", "école", "NEAR", "a", strings.Repeat("x", MaxWordLen)}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q; want %q", got, want)
	}
}

func FuzzStems(f *testing.F) {
	f.Add("bénévoles", "fr")
	f.Add("ñ\u0301'\x00", "es")
	f.Fuzz(func(t *testing.T, text, lang string) {
		for _, w := range Words(text) {
			for _, s := range Stems(w, lang) {
				if s == "" || strings.ContainsAny(s, "\" *") {
					t.Fatalf("Stems(%q) gave %q", w, s)
				}
			}
		}
	})
}

func BenchmarkStems(b *testing.B) {
	words := Words("Las voluntarias llegan temprano; nous remercions nos bénévoles; thank the volunteers every month")
	for b.Loop() {
		for _, w := range words {
			Stems(w, "es")
		}
	}
}
