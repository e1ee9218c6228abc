package main

import (
	"bytes"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"labbot/bot/config"
	"labbot/bot/whatsapp"
	"labbot/store"
)

// In a data directory made beforehand for all to read (as the README's
// systemd setup and the Dockerfile make it), under the usual umask, the
// Lab's database and the account's keys are readable by labbot's user
// only; a file found otherwise is put right at start, and the log says so.
// A data directory labbot makes is its user's alone.
func TestDataFilesArePrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	premade := filepath.Join(t.TempDir(), "data")
	os.Mkdir(premade, 0o755)
	os.WriteFile(filepath.Join(premade, whatsapp.FileName+"-wal"), nil, 0o644)
	var logs bytes.Buffer
	log := newLogger(config.Log{}, &logs)
	st, err := openStore(t.Context(), premade, log)
	if err != nil {
		t.Fatal(err)
	}
	st.SetState(t.Context(), "x", "y")
	defer st.Close()
	if err := privateSession(premade, log); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{store.FileName, store.FileName + "-wal", store.FileName + "-shm", store.FileName + ".lock",
		store.KeyFileName, whatsapp.FileName, whatsapp.FileName + "-wal"} {
		if st, err := os.Stat(filepath.Join(premade, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want -rw-------", name, st.Mode().Perm(), err)
		}
	}
	if !strings.Contains(logs.String(), whatsapp.FileName+"-wal was readable by others") {
		t.Errorf("log = %q, want a line for the file put right", logs.String())
	}

	made := filepath.Join(t.TempDir(), "new", "data")
	st2, err := openStore(t.Context(), made, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	st2.Close()
	if fi, _ := os.Stat(made); fi.Mode().Perm() != 0o700 {
		t.Errorf("the data directory labbot made is %v, want drwx------", fi.Mode().Perm())
	}
}

// `labbot export --out` writes no file it was not asked to replace, and
// none in the data directory, however it is named; `labbot backup` keeps
// out of the data directory too. Each refusal names the flag and the path.
func TestExportAndBackupRefuseToOverwrite(t *testing.T) {
	data := t.TempDir()
	buildDemoLab(t, data).st.Close()
	live := filepath.Join(data, store.FileName)
	before, _ := os.ReadFile(live)
	other := t.TempDir()
	existing := filepath.Join(other, "report.md")
	os.WriteFile(existing, []byte("last week's report"), 0o600)
	link := filepath.Join(other, "innocent.md")
	os.Symlink(live, link)
	rel, _ := filepath.Rel(mustGetwd(t), filepath.Join(data, "sub", "..", "x.md"))
	fifo := filepath.Join(other, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"the live database", []string{"export", "--data", data, "--format", "md", "--out", live}, "--out " + live + " is inside the data directory"},
		{"forced into the data directory", []string{"export", "--data", data, "--format", "md", "--out", live, "--force"}, "inside the data directory"},
		{"a link to it", []string{"export", "--data", data, "--format", "md", "--out", link, "--force"}, "inside the data directory"},
		{"a relative path into it", []string{"export", "--data", data, "--format", "md", "--out", rel}, "inside the data directory"},
		{"an existing file", []string{"export", "--data", data, "--format", "md", "--out", existing}, "--out " + existing + " already exists: name a new file, or add --force"},
		{"a directory", []string{"export", "--data", data, "--format", "md", "--out", other, "--force"}, "is a directory"},
		// Found by the outside review: --out /dev/null --force, run as
		// root, replaced the device with a file. A FIFO stands for it here.
		{"not a file", []string{"export", "--data", data, "--format", "md", "--out", fifo, "--force"}, "--out " + fifo + " is not a regular file"},
		{"a backup into the data directory", []string{"backup", filepath.Join(data, store.FileName+"-wal"), "--data", data}, "inside the data directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := labbot(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.says) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.says)
			}
		})
	}
	if after, _ := os.ReadFile(live); !bytes.Equal(before, after) {
		t.Error("the live database changed")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode().Type() != fs.ModeNamedPipe {
		t.Error("the FIFO was replaced")
	}
	if b, _ := os.ReadFile(existing); string(b) != "last week's report" {
		t.Errorf("the existing report now holds %q", b)
	}
	if _, err := os.Stat(filepath.Join(data, store.FileName+"-wal")); err == nil {
		t.Error("a backup took the journal's name")
	}
	if code, _, stderr := labbot(t, "", "export", "--data", data, "--format", "md", "--out", existing, "--force"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(existing); !strings.Contains(string(b), "Nairobi") {
		t.Errorf("--force left %q, want the export", b)
	}
}

func mustGetwd(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// What a terminal obeys never reaches it from a member's text.
func TestStripControls(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\n":                       "plain\ttext\n",
		"red \x1b[31mtext\x1b[0m":             "red text",
		"title \x1b]0;pwned\x07 after":        "title  after",
		"osc st \x1b]8;;http://x\x1b\\link":   "osc st link",
		"c1 csi \u009b2J and \u009d0;t\u009c": "c1 csi  and ",
		"bell\a back\b cr\rover":              "bell back crover",
		"csv line\r\nnext":                    "csv line\r\nnext",
		"accents é ñ ç and emoji 👩🏾‍⚕️":       "accents é ñ ç and emoji 👩🏾‍⚕️",
		"broken \xff byte":                    "broken  byte",
		"lone esc at end \x1b":                "lone esc at end ",
	} {
		if got := stripControls(in); got != want {
			t.Errorf("stripControls(%q) = %q, want %q", in, got, want)
		}
	}
}

// An export to stdout carries no escape sequence a member typed.
func TestExportStdoutHasNoControls(t *testing.T) {
	dir := t.TempDir()
	b := buildDemoLab(t, dir)
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", Body: "look \x1b[2J\x1b]0;owned\x07here \u009b31m"})
	b.st.Close()
	for _, format := range []string{"json", "csv", "md"} {
		out := export(t, dir, format)
		if strings.ContainsAny(out, "\x1b\x07\u009b") {
			t.Errorf("%s export holds a control: %q", format, out)
		}
		if !strings.Contains(out, "look") {
			t.Errorf("%s export lost the tip", format)
		}
	}
}

// A data directory others may write in could have labbot.db or
// labbot.key swapped under it: labbot takes that right away, with a note,
// and refuses a directory shared by everyone.
func TestDataDirectoryOthersMayNotWriteIn(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0))
	open := filepath.Join(t.TempDir(), "data")
	os.Mkdir(open, 0o777)
	var logs bytes.Buffer
	st, err := openStore(t.Context(), open, newLogger(config.Log{}, &logs))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if fi, _ := os.Stat(open); fi.Mode().Perm()&0o022 != 0 {
		t.Errorf("the data directory stays %v; want no write for group and others", fi.Mode().Perm())
	}
	if !strings.Contains(logs.String(), "writable by others") {
		t.Errorf("log = %q; want a line for the directory put right", logs.String())
	}

	shared := filepath.Join(t.TempDir(), "shared")
	os.Mkdir(shared, 0o777)
	os.Chmod(shared, 0o777|fs.ModeSticky)
	if st, err := openStore(t.Context(), shared, slog.New(slog.DiscardHandler)); err == nil {
		st.Close()
		t.Error("a sticky directory open to all was taken as the data directory")
	} else if !strings.Contains(err.Error(), "shared") {
		t.Errorf("err = %v; want it to say the directory is shared", err)
	}
}
