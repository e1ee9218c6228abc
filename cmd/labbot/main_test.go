package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets a test run this binary as labbot itself, to see main's exit
// status: with LABBOT_AS_MAIN set it runs main with the arguments after --.
// With LABBOT_BACKUP_WRITER set it is the writer a backup runs beside.
func TestMain(m *testing.M) {
	if dir := os.Getenv(backupWriterEnv); dir != "" {
		backupWriter(dir)
	}
	if os.Getenv("LABBOT_AS_MAIN") != "" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append([]string{"labbot"}, os.Args[i+1:]...)
				break
			}
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// labbot runs main in a child process and returns its exit status and output.
func labbot(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "LABBOT_AS_MAIN=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

func TestExitStatus(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("staff:\n  - phone: \"15550000001\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		stderrIs string // the whole of stderr, for one-line errors
	}{
		{"help answered", []string{"console", "--data", t.TempDir()}, 0, ""},
		{"bad config", []string{"console", "--config", bad}, 2,
			`labbot: ` + bad + `: config: staff[0].phone: "15550000001" is not in +international form (e.g. +15550000001)` + "\n"},
		{"unknown command", []string{"frobnicate"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := labbot(t, "!help\n", tt.args...)
			if code != tt.code {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if tt.code == 0 && !strings.HasPrefix(stdout, "[nairobi] #m1 labbot:\n") {
				t.Errorf("stdout = %q, want the help block", stdout)
			}
			if tt.stderrIs != "" && stderr != tt.stderrIs {
				t.Errorf("stderr = %q, want exactly %q", stderr, tt.stderrIs)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-v"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(t.Context(), []string{arg}, strings.NewReader(""), &stdout, &stderr); err != nil {
				t.Fatalf("run: %v", err)
			}
			if want := "labbot " + version + "\n"; stdout.String() != want {
				t.Errorf("stdout = %q, want %q", stdout.String(), want)
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
		})
	}
}

// TestUnknownCommand checks that mistakes on the command line are usage
// errors, the kind main exits 2 for, and say what was wrong.
func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"no command", nil, "no command given"},
		{"console argument", []string{"console", "extra"}, `got "extra"`},
		{"console bad time", []string{"console", "--now", "yesterday"}, `"yesterday" is not a time`},
		{"console unknown flag", []string{"console", "--bogus"}, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tt.args, strings.NewReader("!help\n"), &stdout, &stderr)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("run(%q) = %v (%T), want a usageError", tt.args, err, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
	t.Run("usage on stderr", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		_ = run(t.Context(), []string{"frobnicate"}, strings.NewReader(""), &stdout, &stderr)
		if !strings.Contains(stderr.String(), "Usage:") {
			t.Errorf("stderr = %q, want the usage", stderr.String())
		}
	})
}

// Ctrl-C in the console is a normal way to stop it.
func TestInterruptIsANormalEnd(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "console")
	cmd.Env = append(os.Environ(), "LABBOT_AS_MAIN=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	in.Write([]byte("!help\n"))
	// Once the answer is out, labbot is waiting for the next line.
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || !strings.Contains(line, "labbot:") {
		t.Fatalf("first line %q, %v; want the start of labbot's answer", line, err)
	}
	cmd.Process.Signal(os.Interrupt)
	go io.Copy(io.Discard, out)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d after an interrupt, want 0; stderr:\n%s", code, errOut.String())
	}
}

// Every command answers --help with its usage and what it does, on
// stdout, and exits 0 (issue 18: it printed "flag: help requested" and
// exited 2).
func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "Usage:\n  labbot run"},
		{[]string{"help"}, "Usage:\n  labbot run"},
		{[]string{"-h"}, "Usage:\n  labbot run"},
		{[]string{"help", "console"}, "Usage: labbot console [--config FILE]"},
		{[]string{"console", "--help"}, "Usage: labbot console [--config FILE]"},
		{[]string{"console", "-h"}, "local simulator"},
		{[]string{"run", "--help"}, "Connects to WhatsApp"},
		{[]string{"export", "--help"}, "  -format string"},
		{[]string{"backup", "--help"}, "Usage: labbot backup FILE"},
		{[]string{"version", "--help"}, "Prints labbot's version."},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := labbot(t, "", tt.args...)
			if code != 0 {
				t.Errorf("exit status %d, want 0; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stdout, tt.want) {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.want)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing", stderr)
			}
		})
	}
}

// Help about a command labbot does not have says so (found by the
// outside trial: it printed the usage and exit 0, as if asked for it).
func TestHelpAboutNoCommand(t *testing.T) {
	code, _, stderr := labbot(t, "", "help", "nope")
	if code != exitUsage || !strings.Contains(stderr, `help: there is no command "nope"`) || !strings.Contains(stderr, "labbot console") {
		t.Errorf("status %d, stderr %q; want %d, the usage and the word it does not know", code, stderr, exitUsage)
	}
}

// A flag mistake names the flag and the command's synopsis in one line.
func TestFlagMistake(t *testing.T) {
	code, stdout, stderr := labbot(t, "", "backup", "--bogus")
	want := "labbot: flag provided but not defined: -bogus (usage: labbot backup FILE [--config FILE] [--data DIR]; labbot backup --help says more)\n"
	if code != exitUsage || stderr != want || stdout != "" {
		t.Errorf("status %d, stdout %q, stderr %q; want %d, nothing, %q", code, stdout, stderr, exitUsage, want)
	}
}

// Built without -tags sqlite_fts5, labbot does not build, and the
// compiler's message says how to build it (issue 18: it built, then
// failed at start with "no such function: fts5").
func TestBuildWithoutTagStops(t *testing.T) {
	cmd := exec.Command("go", "vet", "labbot/store/internal/sqlitext")
	cmd.Env = append(os.Environ(), "GOFLAGS=") // without the tag, even for whoever sets it there
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("go vet without -tags sqlite_fts5 passed, want it to stop")
	}
	if want := "labbot needs SQLite's FTS5: add -tags sqlite_fts5"; !strings.Contains(string(out), want) {
		t.Errorf("go vet without the tag says:\n%s\nwant it to contain %q", out, want)
	}
}
