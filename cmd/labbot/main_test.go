package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

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
