package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMistakesSpeakTheUsersTerms: a folder that does not exist, a file
// where a folder should be, a config file that is not there, a bad cron
// schedule: each is one line naming what she typed and what is wrong,
// status 2, never Go's words (open, lstat, the temporary file, strconv).
func TestMistakesSpeakTheUsersTerms(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	if code, _, stderr := labbot(t, "", "console", "--data", data); code != 0 {
		t.Fatalf("console: %d %s", code, stderr)
	}
	file := filepath.Join(tmp, "afile")
	cron := filepath.Join(tmp, "cron.yaml")
	for name, body := range map[string]string{file: "x", cron: "digest:\n  schedule: \"0 9 * * MONDAY\"\n"} {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	nodir := filepath.Join(tmp, "nodir")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"export to a missing folder", []string{"export", "--format", "md", "--data", data, "--out", nodir + "/r.md"},
			"export: --out " + nodir + "/r.md: folder " + nodir + " does not exist: create it first, or name a file in a folder that exists"},
		{"export under a file", []string{"export", "--format", "md", "--data", data, "--out", file + "/r.md"},
			"export: --out " + file + "/r.md: " + file + " is a file, not a folder"},
		{"export files to a missing folder", []string{"export", "--format", "md", "--data", data, "--files", nodir + "/x"},
			"export: --files " + nodir + "/x: folder " + nodir + " does not exist: create it first, or name a file in a folder that exists"},
		{"export files to a file", []string{"export", "--format", "md", "--data", data, "--files", file},
			"export: --files " + file + " is a file, not a folder"},
		{"backup to a missing folder", []string{"backup", nodir + "/b.db", "--data", data},
			"backup: " + nodir + "/b.db: folder " + nodir + " does not exist: create it first, or name a file in a folder that exists"},
		{"export from a file", []string{"export", "--format", "md", "--data", file},
			"export: data directory " + file + ": " + file + " is a file, not a folder"},
		{"console on a file", []string{"console", "--data", file}, "data directory " + file + " is a file, not a folder"},
		{"backup from a file", []string{"backup", tmp + "/b.db", "--data", file},
			"backup: data directory " + file + ": " + file + " is a file, not a folder"},
		{"no config file", []string{"export", "--format", "md", "--config", tmp + "/nope.yaml"},
			"config file " + tmp + "/nope.yaml does not exist; give one with --config FILE (config.example.yaml shows every key)"},
		{"config is a folder", []string{"run", "--config", tmp}, "config file " + tmp + " is a folder; give the config file itself with --config FILE"},
		{"bad cron", []string{"export", "--format", "md", "--config", cron},
			cron + `: config: digest.schedule: "0 9 * * MONDAY" is not a cron schedule: day-of-week must be 0-6 or SUN-SAT`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := labbot(t, "", tc.args...)
			if want := "labbot: " + tc.want + "\n"; code != 2 || stderr != want {
				t.Errorf("status %d, stderr:\n%q\nwant status 2 and\n%q", code, stderr, want)
			}
			for _, goWords := range []string{"open ", "stat ", ".tmp", "strconv", "not a directory", "no such file"} {
				if strings.Contains(stderr, goWords) {
					t.Errorf("stderr has Go's words %q: %s", goWords, stderr)
				}
			}
		})
	}
}
