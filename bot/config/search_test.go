package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchGlossary checks that staff's glossary is read at start, with
// the built-in one, and that a mistake in it stops the start naming the
// key, the file and the line.
func TestSearchGlossary(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("- subject: people\n  en: [mentor]\n  es: [mentora]\n  fr: [marraine]\n"), 0o600)
	os.WriteFile(bad, []byte("- subject: health\n  en: [midwife]\n  es: [partera]\n"), 0o600)

	c, err := Parse([]byte("search:\n  glossary: " + good + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := c.Search.Glossary.Match([]string{"marraines"}); len(found) != 1 || found[0].Terms["es"][0] != "mentora" {
		t.Errorf("staff's entry: Match(marraines) = %v", found)
	}
	builtin, err := LoadGlossary("")
	if err != nil || c.Search.Glossary.Len() != builtin.Len()+1 {
		t.Errorf("glossary has %d concepts; want the built-in %d and one (%v)", c.Search.Glossary.Len(), builtin.Len(), err)
	}

	tests := []struct{ yaml, want string }{
		{"search:\n  glossary: " + bad + "\n", bad + ":1: entry without fr terms"},
		{"search:\n  glossary: " + filepath.Join(dir, "none.yaml") + "\n", "cannot read"},
		{"search:\n  glossary: " + dir + "\n", "want a YAML file"},
		{"search:\n  glossary: [a]\n", "must be a single value"},
		{"search:\n  glosary: x\n", "unknown key"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml))
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasPrefix(ce.Key, "search.glos") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v; want an error on search.glossary with %q", tt.yaml, err, tt.want)
		}
	}
}
