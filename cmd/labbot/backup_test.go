package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"labbot/store"
)

// backupWriterEnv names the data directory backupWriter writes to; the
// test binary, run again with it set, is the "running labbot" (TestMain).
const backupWriterEnv = "LABBOT_BACKUP_WRITER"

// backupWriter adds tips to the store in dir until killed, printing after
// each commit how many it has committed. It is no test of its own: the
// child process of TestBackupWhileWriting.
func backupWriter(dir string) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer st.Close()
	for n := 1; ; n++ {
		it := store.Item{Kind: store.KindTip, Lang: "en", Tags: []string{"grants"},
			Body: fmt.Sprintf("tip %d: ask funders for multi-year #grants, %s", n, strings.Repeat("and say why ", 20))}
		if _, err := st.AddItem(ctx, it, time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(n)
	}
}

// A backup taken while another process writes: the copy passes PRAGMA
// integrity_check and holds the items written before it began.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	writer := exec.Command(os.Args[0], "-test.run=^$")
	writer.Env = append(os.Environ(), backupWriterEnv+"="+dir)
	var writerErr bytes.Buffer
	writer.Stderr = &writerErr
	out, err := writer.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := writer.Start(); err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			if n, err := strconv.ParseInt(lines.Text(), 10, 64); err == nil {
				committed.Store(n)
			}
		}
	}()
	stop := func() {
		writer.Process.Kill()
		<-ended // Wait closes the pipe: read it to the end first
		writer.Wait()
	}
	defer stop()

	deadline := time.Now().Add(30 * time.Second)
	for committed.Load() < 200 {
		select {
		case <-ended:
			t.Fatalf("the writer stopped after %d items:\n%s", committed.Load(), writerErr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the writer committed %d items in 30s, want 200", committed.Load())
		}
	}

	dest := filepath.Join(t.TempDir(), "copy.db")
	before := committed.Load()
	var stdout, stderr bytes.Buffer
	err = run(t.Context(), []string{"backup", dest, "--data", dir}, strings.NewReader(""), &stdout, &stderr)
	after := committed.Load()
	stop()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr.String())
	}
	if after <= before {
		t.Errorf("the writer committed nothing during the backup (%d items before, %d after): the test proves nothing", before, after)
	}
	if !strings.HasPrefix(stdout.String(), "backup written: "+dest+" (") {
		t.Errorf("stdout = %q, want the backup written line", stdout.String())
	}

	db, err := sql.Open("sqlite3", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Errorf("integrity check of the copy: %q, %v; want ok", result, err)
	}
	// Each tip is one transaction over items, item_numbers and the search
	// index: a copy torn between them would disagree with itself.
	var items, last, indexed int64
	err = db.QueryRow(`SELECT (SELECT COUNT(*) FROM items), (SELECT last FROM item_numbers WHERE kind = 'T'),
		(SELECT COUNT(*) FROM items_fts)`).Scan(&items, &last, &indexed)
	if err != nil {
		t.Fatal(err)
	}
	if items < before {
		t.Errorf("the copy holds %d items, want at least the %d committed before the backup began", items, before)
	}
	if last != items || indexed != items {
		t.Errorf("the copy holds %d items, numbered up to %d, %d indexed: not one snapshot", items, last, indexed)
	}
	t.Logf("%d items committed before the backup, %d in the copy, %d after", before, items, after)
}

// TestBackupCommandLine runs labbot backup as a person would, for its
// output and exit status.
func TestBackupCommandLine(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := st.AddItem(t.Context(), store.Item{Kind: store.KindTip, Lang: "en", Body: fmt.Sprint("tip ", i)}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	existing := filepath.Join(out, "existing.db")
	if err := os.WriteFile(existing, []byte("last week's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // a prefix
		stderrIs string // the whole of stderr
	}{
		{"written", []string{"backup", filepath.Join(out, "a.db"), "--data", dir}, 0,
			"backup written: " + filepath.Join(out, "a.db") + " (", ""},
		{"flags first", []string{"backup", "--data", dir, filepath.Join(out, "b.db")}, 0, "backup written: ", ""},
		{"data dir from config", []string{"backup", filepath.Join(out, "c.db"), "--config", cfg}, 0, "backup written: ", ""},
		{"existing file", []string{"backup", existing, "--data", dir}, 1, "",
			"labbot: " + existing + " already exists; not overwritten\n"},
		{"no database", []string{"backup", filepath.Join(out, "d.db"), "--data", out}, 1, "",
			"labbot: backup: no labbot.db in " + out + ": nothing to back up (is the data directory right?)\n"},
		{"no file", []string{"backup", "--data", dir}, 2, "", ""},
		{"two files", []string{"backup", filepath.Join(out, "e.db"), "f.db", "--data", dir}, 2, "", ""},
		{"unknown flag", []string{"backup", filepath.Join(out, "g.db"), "--bogus"}, 2, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := labbot(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.HasPrefix(stdout, tt.stdout) || (tt.code == 0 && !strings.HasSuffix(stdout, ", 5 items)\n")) {
				t.Errorf("stdout = %q, want %q… 5 items", stdout, tt.stdout)
			}
			if tt.stderrIs != "" && stderr != tt.stderrIs {
				t.Errorf("stderr = %q, want exactly %q", stderr, tt.stderrIs)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "last week's backup" {
		t.Errorf("the existing file now holds %q", b)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 4 {
		t.Errorf("backup directory holds %d files, want the 3 backups and the old one, nothing half-made", len(entries))
	}
}

func TestBackupSizeText(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1: "1 byte", 999: "999 bytes", 1000: "1.0 kB", 1_234_567: "1.2 MB",
		999_960: "1.0 MB", 5_000_000_000: "5.0 GB",
	} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 items", 1: "1 item", 999: "999 items", 3456: "3,456 items", 1_234_567: "1,234,567 items"} {
		if got := countText(n, "item"); got != want {
			t.Errorf("countText(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestBackupCopiesFiles checks that a backup copies the files members
// shared beside it (DEST.files), each 0600, the way a restore puts back.
func TestBackupCopiesFiles(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Files().Put(strings.NewReader("%PDF-1.4 guide"), 1<<20)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "a.db")
	code, stdout, stderr := labbot(t, "", "backup", dest, "--data", dir)
	if code != 0 || !strings.Contains(stdout, "files copied: "+dest+".files (1 file)") {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	copied := filepath.Join(dest+".files", b.Hash[:2], b.Hash[2:])
	st2, err := os.Stat(copied)
	if err != nil || st2.Mode().Perm() != 0o600 {
		t.Fatalf("copied file: %v, %v; want mode 0600", st2, err)
	}
	if data, _ := os.ReadFile(copied); string(data) != "%PDF-1.4 guide" {
		t.Errorf("copied file holds %q", data)
	}
}
