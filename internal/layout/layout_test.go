// Package layout_test holds labbot's import rules to what docs/DESIGN.md
// says of them: the core knows no transport, the store knows no core, the
// transports are siblings, the outbox and the privacy filter stand below the
// core, and the cgo stays in one small package.
package layout_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// deps lists what pkg imports, directly or not, as `go list -deps` does.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "sqlite_fts5", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

func TestImportRules(t *testing.T) {
	const whatsmeow = "go.mau.fi/whatsmeow"
	rules := []struct {
		pkg    string
		forbid []string // import paths, or prefixes ending in "/"
	}{
		{"labbot/bot", []string{"labbot/bot/console", "labbot/bot/whatsapp", "labbot/bot/export", whatsmeow}},
		{"labbot/store", []string{"labbot/bot", "labbot/bot/", whatsmeow}},
		{"labbot/bot/console", []string{"labbot/bot/whatsapp", whatsmeow}},
		{"labbot/bot/whatsapp", []string{"labbot/bot/console"}},
		{"labbot/bot/outbox", []string{"labbot/bot", "labbot/bot/config", "labbot/bot/console", "labbot/bot/whatsapp", whatsmeow}},
		{"labbot/bot/export", []string{"labbot/bot", "labbot/bot/console", "labbot/bot/whatsapp", whatsmeow}},
		{"labbot/privacy", []string{"labbot/"}},
		{"labbot/textfold", []string{"labbot/"}},
		{"labbot/textlang", []string{"labbot/"}},
		{"labbot/glossary", []string{"labbot/bot", "labbot/bot/", "labbot/store", "labbot/store/", "labbot/privacy"}},
	}
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			for _, d := range deps(t, r.pkg) {
				if d == r.pkg {
					continue
				}
				for _, f := range r.forbid {
					if d == f || strings.HasSuffix(f, "/") && strings.HasPrefix(d, f) || f == whatsmeow && strings.HasPrefix(d, f+"/") {
						t.Errorf("%s imports %s", r.pkg, d)
					}
				}
			}
		})
	}
}

// Only store/internal/sqlitext holds C: the rest of labbot is plain Go.
func TestCgoQuarantined(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "sqlite_fts5", "-f", "{{if .CgoFiles}}{{.ImportPath}}{{end}}", "labbot/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if got := strings.Fields(string(out)); !slices.Equal(got, []string{"labbot/store/internal/sqlitext"}) {
		t.Errorf("packages with cgo: %v; want only labbot/store/internal/sqlitext", got)
	}
}
