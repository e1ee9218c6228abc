package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestFiles checks files.max_mb and files.types: read, defaulted, and
// a mistake stopping the start naming the key.
func TestFiles(t *testing.T) {
	c, err := Parse([]byte("files:\n  max_mb: 5\n  types: [PDF, .jpeg, ogg]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Files.MaxBytes != 5<<20 || !slices.Equal(c.Files.Types, []string{"pdf", "jpg", "ogg"}) {
		t.Errorf("Files = %+v; want 5 MB and pdf, jpg, ogg", c.Files)
	}
	c, err = Parse([]byte("files:\n  types: []\n"))
	if err != nil || len(c.Files.Types) != 0 || c.Files.MaxBytes != 16<<20 {
		t.Errorf("types: [] = %+v, %v; want no type, 16 MB", c.Files, err)
	}
	tests := []struct{ yaml, key, want string }{
		{"files:\n  max_mb: 0\n", "files.max_mb", "from 1 to 100"},
		{"files:\n  max_mb: 101\n", "files.max_mb", "from 1 to 100"},
		{"files:\n  max_mb: big\n", "files.max_mb", "not a whole number"},
		{"files:\n  types: pdf\n", "files.types", "must be a list"},
		{"files:\n  types: [pdf, exe]\n", "files.types[1]", `"exe" is not a type labbot knows`},
		{"files:\n  types: [jpg, jpeg]\n", "files.types[1]", "listed twice"},
		{"files:\n  size: 3\n", "files.size", "unknown key"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml))
		var ce *Error
		if !errors.As(err, &ce) || ce.Key != tt.key || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v; want an error on %s with %q", tt.yaml, err, tt.key, tt.want)
		}
	}
}
