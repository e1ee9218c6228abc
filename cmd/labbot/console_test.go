package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"labbot/bot/config"
)

var update = flag.Bool("update", false, "rewrite the golden files (testdata/console, testdata/export) from what labbot writes")

// scriptRun is one `labbot console` run of a script: its extra flags and
// the lines it reads.
type scriptRun struct {
	args  []string
	input string
}

// TestConsoleScripts plays every testdata/console/NAME.txt against a fresh
// data directory and compares the transcript with NAME.golden.
func TestConsoleScripts(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("testdata", "console", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no scripts in testdata/console")
	}
	goldens, _ := filepath.Glob(filepath.Join("testdata", "console", "*.golden"))
	for _, g := range goldens {
		if _, err := os.Stat(strings.TrimSuffix(g, ".golden") + ".txt"); err != nil {
			t.Errorf("%s has no script beside it", g)
		}
	}
	for _, path := range scripts {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			golden := strings.TrimSuffix(path, ".txt") + ".golden"
			checkGolden(t, golden, transcript(t, readScript(t, path)))
		})
	}
}

// checkGolden compares got with the golden file, or with -update writes it.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -tags sqlite_fts5 ./cmd/labbot -update to create it)", err)
	}
	if diff := firstDiff(string(want), got); diff != "" {
		t.Errorf("%s differs\n%s\n(if the change is intended, run with -update and read the golden)", golden, diff)
	}
}

// readScript splits a script into its runs. Lines starting with # are
// comments; the first line must be a run header.
func readScript(t *testing.T, path string) []scriptRun {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var runs []scriptRun
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if args, ok := runHeader(line); ok {
			runs = append(runs, scriptRun{args: args})
			continue
		}
		if i == 0 {
			t.Fatalf("%s: the first line must be a `--- run ARGS` header, got %q", path, line)
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		runs[len(runs)-1].input += line + "\n"
	}
	return runs
}

func runHeader(line string) ([]string, bool) {
	if line != "--- run" && !strings.HasPrefix(line, "--- run ") {
		return nil, false
	}
	return strings.Fields(strings.TrimPrefix(line, "--- run")), true
}

// transcript plays the runs one after the other on one data directory and
// records, for each, its header, its stdout, and the clock notices.
func transcript(t *testing.T, runs []scriptRun) string {
	t.Helper()
	dir := t.TempDir()
	var out strings.Builder
	for _, r := range runs {
		args := append([]string{"console", "--data", dir}, r.args...)
		out.WriteString(strings.TrimSpace("--- run "+strings.Join(r.args, " ")) + "\n")
		// stderr's notices go in between labbot's messages, where they came.
		stderr := &noticeWriter{out: &out}
		if err := run(t.Context(), args, strings.NewReader(r.input), &out, stderr); err != nil {
			t.Fatalf("labbot %s: %v\nstderr:\n%s", strings.Join(args, " "), err, strings.Join(stderr.unexpected, "\n"))
		}
		stderr.Write([]byte("\n")) // a last line without its newline
		for _, line := range stderr.unexpected {
			// A bad directive in a script, or a logged warning or error:
			// either way the transcript cannot be trusted.
			t.Errorf("unexpected line on stderr: %q", line)
		}
	}
	return out.String()
}

// noticeWriter is a transcript's stderr: the console's notices it records
// go into out as "stderr: …" lines; the greeting is left out; any other
// line is kept in unexpected, for the test to fail on. The console writes
// both streams from one goroutine, so their order in out is the order
// they came in.
type noticeWriter struct {
	out        *strings.Builder
	partial    string
	unexpected []string
}

func (w *noticeWriter) Write(p []byte) (int, error) {
	lines := strings.Split(w.partial+string(p), "\n")
	w.partial = lines[len(lines)-1]
	for _, line := range notices(nil, strings.Join(lines[:len(lines)-1], "\n")) {
		if recorded.MatchString(line) {
			w.out.WriteString("stderr: " + line + "\n")
		} else {
			w.unexpected = append(w.unexpected, line)
		}
	}
	return len(p), nil
}

// recorded matches the console's notices a transcript shows as
// "stderr: …" lines: the time, and the answers to a directive that names
// a group or a message that is not there (issue 18). Any other line on
// stderr (a usage notice, a logged warning or error) fails the test.
var recorded = regexp.MustCompile(`^(now: |:(in|add|leave) \S+: no partner group has that key|:(reply|vote) \S+.*?: (there is no message #|#\S+ is not a message ID|#\S+ is not a poll|the poll #\S+ has \d+ options)|:file \S+: there is no such file)`)

// greeting is how the lines the console greets a newcomer with begin.
var greeting = []string{"labbot console: ", "Data: ", "Speaking as ", "To act as staff: "}

// notices returns the stderr lines that are not the greeting.
func notices(t *testing.T, stderr string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		isGreeting := line == ""
		for _, g := range greeting {
			isGreeting = isGreeting || strings.HasPrefix(line, g)
		}
		if !isGreeting {
			out = append(out, line)
		}
	}
	return out
}

// firstDiff describes the first line where got differs from want, with a
// little of got around it; "" when they are equal.
func firstDiff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	line := func(lines []string, i int) string {
		if i < len(lines) {
			return fmt.Sprintf("%q", lines[i])
		}
		return "(end of file)"
	}
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "first difference at line %d:\n  want: %s\n  got:  %s\ngot, around it:\n", i+1, line(w, i), line(g, i))
	for j := max(0, i-3); j < min(len(g), i+4); j++ {
		fmt.Fprintf(&sb, "  %4d | %s\n", j+1, g[j])
	}
	return sb.String()
}

func TestFirstDiff(t *testing.T) {
	tests := []struct {
		name, want, got, has string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "line 2:\n  want: \"b\"\n  got:  \"B\""},
		{"got shorter", "a\nb\n", "a\n", "line 2:\n  want: \"b\"\n  got:  \"\""},
		{"got longer", "a\n", "a\nb\n", "line 2:\n  want: \"\"\n  got:  \"b\""},
		{"missing last newline", "a\n", "a", "line 2:\n  want: \"\"\n  got:  (end of file)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := firstDiff(tt.want, tt.got)
			if tt.has == "" && d != "" || !strings.Contains(d, tt.has) {
				t.Errorf("firstDiff(%q, %q) = %q, want it to contain %q", tt.want, tt.got, d, tt.has)
			}
		})
	}
}

// blockHeader is the first line of every message labbot sends.
var blockHeader = regexp.MustCompile(`(?m)^\[[^\]\n]+\] #m[0-9]+ labbot:$`)

// splitBlocks cuts stdout into labbot's messages, and fails if anything
// else is there.
func splitBlocks(t *testing.T, stdout string) []string {
	t.Helper()
	idx := blockHeader.FindAllStringIndex(stdout, -1)
	if len(idx) == 0 || idx[0][0] != 0 {
		t.Fatalf("stdout does not start with a message block:\n%s", stdout)
	}
	var blocks []string
	for i, loc := range idx {
		end := len(stdout)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		b := stdout[loc[0]:end]
		if !strings.HasSuffix(b, "\n\n") {
			t.Errorf("block %d does not end with a blank line: %q", i+1, b)
		}
		blocks = append(blocks, b)
	}
	return blocks
}

func TestConsoleFreshRunNoFlags(t *testing.T) {
	// The fresh data directory goes under TMPDIR and must be gone at exit.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	_, err := os.Stat("data")
	hadData := err == nil
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"console"}, strings.NewReader("!help\n!ayuda\n!aide\n"), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	phrases := []string{"Here is what you can ask me", "Esto es lo que puedes pedirme", "Voici ce que vous pouvez me demander"}
	blocks := splitBlocks(t, stdout.String())
	if len(blocks) != len(phrases) {
		t.Fatalf("got %d blocks, want %d:\n%s", len(blocks), len(phrases), stdout.String())
	}
	for i, b := range blocks {
		if header := fmt.Sprintf("[nairobi] #m%d labbot:\n", i+1); !strings.HasPrefix(b, header) {
			t.Errorf("block %d starts %q, want %q", i+1, strings.SplitAfter(b, "\n")[0], header)
		}
		for j, p := range phrases {
			if has := strings.Contains(b, p); has != (i == j) {
				t.Errorf("block %d contains %q: %v, want %v\n%s", i+1, p, has, i == j, b)
			}
		}
	}
	if !strings.Contains(stderr.String(), ":as +15550000001") {
		t.Errorf("the greeting does not say how to act as staff:\n%s", stderr.String())
	}
	if left, err := os.ReadDir(tmp); err != nil || len(left) > 0 {
		t.Errorf("the temporary data directory was not removed: %v %v", left, err)
	}
	if _, err := os.Stat("data"); err == nil && !hadData {
		t.Error("a run without --config created ./data")
	}
}

func TestConsoleBadDirectives(t *testing.T) {
	tests := []struct {
		line, notice string
	}{
		{":bogus", `unknown directive ":bogus"`},
		{":as 12345", "usage: :as +PHONE"},
		{":in", "usage: :in GROUP"},
		{":advance soon", "usage: :advance DURATION"},
		{":advance -1h", "usage: :advance DURATION"},
		{":reply", "usage: :reply MSGID TEXT"},
		{":reply #m1", "usage: :reply MSGID TEXT"},
		{":redeliver", ":redeliver: no message"},
		{":leave", "usage: :leave GROUP"},
		{":add two words", "usage: :add GROUP"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			args := []string{"console", "--data", t.TempDir(), "--now", "2026-12-07T08:00:00Z"}
			// :now after it shows that the run goes on, on an unmoved clock.
			if err := run(t.Context(), args, strings.NewReader(tt.line+"\n:now\n"), &stdout, &stderr); err != nil {
				t.Fatalf("run: %v", err)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
			got := notices(t, stderr.String())
			if len(got) != 2 || !strings.Contains(got[0], tt.notice) || got[1] != "now: 2026-12-07T08:00:00Z" {
				t.Errorf("notices = %q, want one containing %q, then the unmoved time", got, tt.notice)
			}
		})
	}
}

// A line too long for the simulator is skipped with a notice; one that
// fits, however silly, gets an ordinary answer.
func TestConsoleHugeLines(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := strings.Repeat("a", 2<<20) + "\n!help " + strings.Repeat("x", 60000) + "\n!aide\n"
	args := []string{"console", "--data", t.TempDir(), "--now", "2026-12-07T08:00:00Z"}
	if err := run(t.Context(), args, strings.NewReader(in), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v", err)
	}
	if got := notices(t, stderr.String()); len(got) != 1 || !strings.Contains(got[0], "line longer than") {
		t.Errorf("notices = %q, want one about the long line", got)
	}
	blocks := strings.Split(strings.TrimSuffix(stdout.String(), "\n\n"), "\n\n[")
	if len(blocks) != 2 || !strings.Contains(blocks[1], "Bonjour") {
		t.Fatalf("stdout = %.300q…, want two blocks, the second French help", stdout.String())
	}
	// Help about a 60,000-character word that is no command is the list:
	// what she typed is not echoed back.
	if strings.Contains(blocks[0], strings.Repeat("x", 40)) || len(blocks[0]) > 3000 {
		t.Errorf("the answer to help about a 60,000-character word is %d bytes long, want the list without her word", len(blocks[0]))
	}
}

func TestConsoleBadConfig(t *testing.T) {
	tests := []struct {
		name, yaml, key string
	}{
		{"zone", "timezone: Mars/Base\n", "timezone"},
		{"language", "default_language: de\n", "default_language"},
		{"unknown key", "timezones: UTC\n", "timezones"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "labbot.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			args := []string{"console", "--config", path, "--data", t.TempDir()}
			err := run(t.Context(), args, strings.NewReader("!help\n"), &stdout, &stderr)
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("run = %v, want a *config.Error", err)
			}
			if ce.Key != tt.key {
				t.Errorf("error key = %q, want %q (error: %v)", ce.Key, tt.key, err)
			}
			if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should be one line naming the file", err)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

// A config whose data_dir is relative makes the directory where the
// console runs: the console names it, absolute, and says when it is new;
// the demo's temporary one is said to go at exit (issue 18). Its log
// lines (config.example.yaml logs at info) carry the simulated time, not
// the wall clock.
func TestConsoleSaysWhereDataLives(t *testing.T) {
	cfg, err := filepath.Abs(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	abs, err := filepath.Abs("data")
	if err != nil {
		t.Fatal(err)
	}
	console := func(args ...string) string {
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), append([]string{"console"}, args...), strings.NewReader("!help\n"), &stdout, &stderr); err != nil {
			t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
		}
		return stderr.String()
	}
	first := console("--config", cfg, "--now", "2026-12-07T08:00:00Z")
	if want := "Data: " + abs + " (new: created now)\n"; !strings.Contains(first, want) {
		t.Errorf("first run's stderr:\n%s\nwant the line %q", first, want)
	}
	if want := "time=2026-12-07T08:00:00.000Z level=INFO"; !strings.Contains(first, want) {
		t.Errorf("first run's stderr:\n%s\nwant log lines at the simulated time (%q)", first, want)
	}
	if again := console("--config", cfg); !strings.Contains(again, "Data: "+abs+"\n") {
		t.Errorf("second run's stderr:\n%s\nwant the line %q", again, "Data: "+abs)
	}
	if demo := console(); !strings.Contains(demo, "Data: a fresh directory, deleted at exit") {
		t.Errorf("the demo's stderr:\n%s\nwant it to say its data goes at exit", demo)
	}
}

// labbot run says the same of its data directory, before it opens it.
func TestDataDirNote(t *testing.T) {
	t.Chdir(t.TempDir())
	abs, _ := filepath.Abs("data")
	if got, want := dataDirNote("data"), abs+" (new: created now)"; got != want {
		t.Errorf("dataDirNote(data) = %q before it exists, want %q", got, want)
	}
	if err := os.Mkdir("data", 0o700); err != nil {
		t.Fatal(err)
	}
	if got := dataDirNote("./data"); got != abs {
		t.Errorf("dataDirNote(./data) = %q once it exists, want %q", got, abs)
	}
}
