package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"labbot/store"
)

// export runs `labbot export` on dir and returns what it wrote.
func export(t *testing.T, dir, format string, extra ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := []string{"export", "--format", format}
	if dir != "" {
		args = append(args, "--data", dir)
	}
	args = append(args, extra...)
	if err := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("labbot %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", stderr.String())
	}
	return stdout.String()
}

func TestExportGolden(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	for _, format := range []string{"json", "csv", "md"} {
		t.Run(format, func(t *testing.T) {
			golden := filepath.Join("testdata", "export", "demo."+format+".golden")
			checkGolden(t, golden, export(t, dir, format))
		})
	}
	// The report in the Lab's other languages: read them as a partner would.
	for _, lang := range []string{"es", "fr"} {
		t.Run("md-"+lang, func(t *testing.T) {
			golden := filepath.Join("testdata", "export", "demo."+lang+".md.golden")
			checkGolden(t, golden, export(t, dir, "md", "--lang", lang))
		})
	}
}

// A report speaks the Lab's default language and tells times in the Lab's
// zone, from the config; --lang chooses another language.
func TestExportLanguageFromConfig(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	cfg := filepath.Join(t.TempDir(), "labbot.yaml")
	yaml := "data_dir: " + dir + "\ndefault_language: es\ntimezone: America/Bogota\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"# Base de conocimientos del Learning Lab", "zona horaria del Lab: Bogotá.", "- **E1** (9 de diciembre de 2026, 10:00 UTC-5 · 2 personas inscritas)"}},
		{[]string{"--lang", "FR"}, []string{"# Base de connaissances du Learning Lab", "fuseau horaire du Lab\u202f: Bogota.", "- **E1** (9 décembre 2026 à 10\u00a0h\u00a000 UTC-5 · 2 personnes inscrites)"}},
		{[]string{"--lang", "en"}, []string{"# Learning Lab knowledge base", "- **E1** (9 December 2026, 10:00 UTC-5 · 2 RSVPs)"}},
	}
	for _, tt := range tests {
		got := export(t, "", "md", append([]string{"--config", cfg}, tt.args...)...)
		for _, want := range tt.want {
			if !strings.Contains(got, want) {
				t.Errorf("export %v has no %q:\n%s", tt.args, want, got)
			}
		}
	}
	// With --data alone no config is read: English, in UTC.
	if got := export(t, dir, "md"); !strings.Contains(got, "# Learning Lab knowledge base") || !strings.Contains(got, "15:00 UTC · 2 RSVPs") {
		t.Errorf("export --data alone is not English in UTC:\n%s", got)
	}
}

// The export reads beside a running labbot, which holds the store open
// (and its lock), and sees what labbot has just written.
func TestExportWhileLabbotRuns(t *testing.T) {
	dir := t.TempDir()
	b := buildDemoLab(t, dir)
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", Body: "written while the export waits"})
	for _, format := range []string{"json", "csv", "md"} {
		if out := export(t, dir, format); !strings.Contains(out, "written while the export waits") {
			t.Errorf("%s export misses the newest tip:\n%s", format, out)
		}
	}
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", Body: "labbot still writes"})
}

func TestExportToFile(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	out := filepath.Join(t.TempDir(), "lab.md")
	if got := export(t, dir, "md", "--out", out); got != "" {
		t.Errorf("stdout = %q, want nothing with --out", got)
	}
	data, err := os.ReadFile(out)
	if err != nil || string(data) != export(t, dir, "md") {
		t.Errorf("%s holds %q, %v; want what stdout gets", out, data, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("%d files beside the export, want it alone: a temporary file was left behind", len(entries))
	}
}

// A failed write leaves neither a half file nor the .tmp one, and an
// earlier export in its place untouched.
func TestWriteFileFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lab.csv")
	os.WriteFile(path, []byte("last week's export"), 0o600)
	err := writeFile(path, true, func(w io.Writer) error {
		io.WriteString(w, "group,id\n")
		return errors.New("disk full")
	})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("writeFile = %v, want the write's error", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "last week's export" {
		t.Errorf("%s = %q, want the earlier export untouched", path, data)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files beside the export, want it alone: a temporary file was left behind", len(entries))
	}
}

// With no --data, the export reads the config's data_dir.
func TestExportDataDirFromConfig(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	cfg := filepath.Join(t.TempDir(), "labbot.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"export", "--config", cfg, "--format", "md"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export: %v", err)
	}
	if !strings.Contains(stdout.String(), "## Nairobi partners") {
		t.Errorf("stdout = %q, want the demo Lab", stdout.String())
	}
}

func TestExportUsage(t *testing.T) {
	data := t.TempDir()
	buildDemoLab(t, data).st.Close()
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no format", []string{"export", "--data", data}, 2, "--format is required"},
		{"unknown format", []string{"export", "--data", data, "--format", "xml"}, 2, `"xml"`},
		{"argument", []string{"export", "--data", data, "json"}, 2, `got "json"`},
		{"unknown flag", []string{"export", "--bogus"}, 2, "bogus"},
		{"unknown language", []string{"export", "--data", data, "--format", "md", "--lang", "de"}, 2, `--lang "de": want en, es, fr`},
		{"language of json", []string{"export", "--data", data, "--format", "json", "--lang", "fr"}, 2, "--lang applies to --format md only"},
		{"language of csv", []string{"export", "--data", data, "--format", "csv", "--lang", "en"}, 2, "--lang applies to --format md only"},
		{"no database", []string{"export", "--data", empty, "--format", "json"}, 1, filepath.Join(empty, store.FileName) + " does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := labbot(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.says) {
				t.Errorf("stderr = %q, want it to say %q", stderr, tt.says)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}
