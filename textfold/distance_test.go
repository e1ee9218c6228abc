package textfold

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"tip", "tip", 0},
		{"tpi", "tip", 1},  // a swap of neighbours is one slip
		{"tp", "tip", 1},   // one left out
		{"tiip", "tip", 1}, // one too many
		{"consjo", "consejo", 1},
		{"recurzos", "recursos", 1},
		{"nairobbi", "nairobi", 1},
		{"évènement", "événement", 1}, // by runes, not bytes
		{"", "tip", 3},
		{"help", "tip", 3},
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
