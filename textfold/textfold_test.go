package textfold

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"resume", "resume"},
		{"Résumé", "resume"},
		{"RÉSUMÉ", "resume"},
		{"e\u0301ducation", "education"}, // the accent typed as its own mark
		{"Éducation", "education"},
		{"niñas", "ninas"},
		{"Ça", "ca"},
		{"straße", "straße"}, // no accent to strip, nothing to lower
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
