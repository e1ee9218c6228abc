package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// child is labbot in a child process, its stdout read post by post. When
// the test stops taking posts, the reading stops, and so, once the pipe is
// full, does the child.
type child struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	posts    chan post
	quit     chan struct{}
	stderr   bytes.Buffer
	waitOnce sync.Once
	waitErr  error
}

func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	c := &child{posts: make(chan post), quit: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	c.cmd.Env = append(os.Environ(), "LABBOT_AS_MAIN=1")
	c.cmd.Stderr = &c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.readPosts(out)
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		c.wait()
	})
	return c
}

// readPosts splits stdout into posts: a header line after a blank line
// (or first) starts one, and the blank line before the next ends it.
func (c *child) readPosts(out io.Reader) {
	defer close(c.posts)
	lines := bufio.NewScanner(out)
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	var cur *post
	var text []string
	emit := func() bool {
		if cur == nil {
			return true
		}
		cur.text = strings.TrimRight(strings.Join(text, "\n"), "\n")
		select {
		case c.posts <- *cur:
			return true
		case <-c.quit:
			return false
		}
	}
	blank := true
	for lines.Scan() {
		line := lines.Text()
		if m := postHeaderRE.FindStringSubmatch(line); m != nil && blank {
			if !emit() {
				return
			}
			cur, text = &post{chat: m[1], id: m[2]}, nil
		} else {
			text = append(text, line)
		}
		blank = line == ""
	}
	emit()
}

// next is the next post, or false at the end of stdout; past deadline the
// test fails, saying what it waited for.
func (c *child) next(t *testing.T, deadline <-chan time.Time, what string) (post, bool) {
	t.Helper()
	select {
	case p, ok := <-c.posts:
		return p, ok
	case <-deadline:
		c.fail(t, "waited %v for %s", crashTimeout, what)
		return post{}, false
	}
}

// blocked waits until the child blocks writing to its full stdout, as
// Linux's /proc shows (a thread waits in pipe_write, or anon_pipe_write
// since 6.13; a thread waiting for stdin is in a pipe_read), or maxSettle
// passes.
func (c *child) blocked() bool {
	tasks := fmt.Sprintf("/proc/%d/task/*/wchan", c.cmd.Process.Pid)
	for end := time.Now().Add(maxSettle); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		files, _ := filepath.Glob(tasks)
		for _, f := range files {
			if b, _ := os.ReadFile(f); strings.HasSuffix(strings.TrimSpace(string(b)), "pipe_write") {
				return true
			}
		}
	}
	return false
}

// gone waits until the child has ended, which frees its lock on the data
// directory, and with it its end of the pipe.
func (c *child) gone(t *testing.T, lockPath string, deadline <-chan time.Time) {
	t.Helper()
	for {
		f, err := os.Open(lockPath)
		if err != nil {
			c.fail(t, "open the data directory's lock: %v", err)
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		f.Close() // and with it the lock, if taken
		if err == nil {
			return
		}
		select {
		case <-deadline:
			c.fail(t, "waited %v for the killed labbot to let go of its data directory", crashTimeout)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (c *child) write(t *testing.T, s string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, s); err != nil {
		c.fail(t, "write to labbot's stdin: %v", err)
	}
}

// wait reaps the child, once; the reading goroutine is told to stop first,
// since Wait closes the pipe it reads.
func (c *child) wait() error {
	c.waitOnce.Do(func() {
		close(c.quit)
		c.waitErr = c.cmd.Wait()
	})
	return c.waitErr
}

// fail kills the child and fails the test, with what it said on stderr.
func (c *child) fail(t *testing.T, format string, args ...any) {
	t.Helper()
	c.cmd.Process.Kill()
	c.wait()
	t.Fatalf(format+"\nlabbot's stderr:\n%s", append(args, c.stderr.String())...)
}
