package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// labbot run on a fresh data directory, where WhatsApp cannot be reached
// (this machine has no network): it says so in one clear line per try,
// never panics, and ends with status 0 within 10 s of SIGTERM.
func TestRunWithoutWhatsApp(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+filepath.Join(dir, "data")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "run", "--config", cfg)
	cmd.Env = append(os.Environ(), "LABBOT_AS_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout syncBuffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var seen []string
	deadline := time.After(20 * time.Second)
wait:
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("labbot run ended by itself; it said:\n%s", strings.Join(seen, "\n"))
			}
			seen = append(seen, line)
			// Unreachable WhatsApp, or (on a machine with a network) a QR code.
			if strings.Contains(line, "cannot reach WhatsApp") {
				break wait
			}
		case <-deadline:
			if strings.Contains(stdout.String(), "Scan this") {
				break wait
			}
			cmd.Process.Kill()
			t.Fatalf("no word about WhatsApp in 20 s; it said:\n%s", strings.Join(seen, "\n"))
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		for line := range lines {
			seen = append(seen, line)
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("labbot run after SIGTERM: %v, want exit status 0", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("labbot run still running 10 s after SIGTERM")
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	all := strings.Join(seen, "\n")
	if strings.Contains(all, "panic") || strings.Contains(all, "goroutine ") {
		t.Errorf("labbot run panicked:\n%s", all)
	}
}

// syncBuffer is a bytes.Buffer that the child's output and the test may
// use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
