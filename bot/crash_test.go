package bot

import (
	"bufio"
	"context"
	"fmt"
	"labbot/bot/outbox"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"labbot/store"
)

const crashChildEnv = "LABBOT_CRASH_CHILD_DB"

// TestMain lets this test binary play the process that gets killed.
func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	os.Exit(m.Run())
}

// crashChild queues rows, starts sending, and hangs inside the first send,
// its row claimed, until it is killed.
func crashChild(path string) {
	h, err := buildHarness(path, t0, edits(pacing(0, time.Second, 0), unlimited), nil)
	if err != nil {
		fmt.Println("setup:", err)
		os.Exit(1)
	}
	ctx := context.Background()
	g, _ := h.store.GroupByKey(ctx, "nairobi")
	h.store.SeeMember(ctx, store.Incoming{Sender: amina}, "Amina", g.ID, t0)
	hang := make(chan struct{})
	h.tr.fail = func(outbox.Envelope) error {
		fmt.Println("sending")
		<-hang
		return nil
	}
	// Replies to commands are queued leased to the sender; they must
	// survive the kill as well as the rows queued plainly.
	for i := range 5 {
		h.bot.Handle(ctx, Message{Chat: amina, Sender: amina, Text: "!help", ID: fmt.Sprint("cmd", i)})
	}
	for i := range 20 {
		if err := h.bot.queue(ctx, store.Outgoing{Chat: "c@g.us", Bulk: i%2 == 0, Body: fmt.Sprint("row ", i)}); err != nil {
			fmt.Println("queue:", err)
			os.Exit(1)
		}
	}
	h.bot.Sender().SendDue(ctx)
}

func TestRowsQueuedBeforeAKillAreSentAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "sending" {
		cmd.Process.Kill()
		t.Fatalf("child said %q, %v; want it to start sending", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	h := newHarnessAt(t, path, pacing(0, time.Second, 0))
	h.drain(t)
	seen := map[string]int{}
	helps := 0
	for _, m := range h.tr.messages() {
		seen[m.Text]++
		if strings.HasPrefix(m.Text, "Hi! I'm *labbot*") {
			helps++
		}
	}
	if helps != 5 {
		t.Errorf("%d answers to the 5 commands after the restart, want 5", helps)
	}
	for i := range 20 {
		if n := seen[fmt.Sprint("row ", i)]; n != 1 {
			t.Errorf("row %d sent %d times after the restart, want 1", i, n)
		}
	}
}
