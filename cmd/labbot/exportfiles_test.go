package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// `labbot export --files DIR` copies each item's file beside the report,
// 0600, named by its item's ID: R2's member named hers "../../Budget
// plan.pdf", and nothing is written outside DIR. A second export into the
// same DIR stops rather than overwrite, unless --force; DIR inside the data
// directory is refused.
func TestExportCopiesFiles(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	out := filepath.Join(t.TempDir(), "files")
	export(t, dir, "json", "--files", out)
	var names []string
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		names = append(names, e.Name())
		if st, err := os.Stat(filepath.Join(out, e.Name())); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want 0600", e.Name(), st.Mode(), err)
		}
	}
	if !slices.Equal(names, []string{"R2.pdf", "T4.ogg"}) {
		t.Errorf("--files wrote %q; want R2.pdf and T4.ogg", names)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "R2.pdf")); string(data) != "%PDF-1.4 budget" {
		t.Errorf("R2.pdf holds %q", data)
	}
	above, _ := os.ReadDir(filepath.Dir(out))
	if len(above) != 1 {
		t.Errorf("files written above the report's directory: %v", above)
	}

	var stderr bytes.Buffer
	err := run(t.Context(), []string{"export", "--format", "json", "--data", dir, "--files", out}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("a second export into the same --files = %v; want it refused, naming --force", err)
	}
	export(t, dir, "json", "--files", out, "--force")
	err = run(t.Context(), []string{"export", "--format", "json", "--data", dir, "--files", filepath.Join(dir, "copies")}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "inside the data directory") {
		t.Errorf("--files inside the data directory = %v; want it refused", err)
	}
}
