package schedule

import (
	"bytes"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestStartRunsAndRecovers(t *testing.T) {
	var logs bytes.Buffer
	var calls atomic.Int32
	stop, err := Start("@every 1s", slog.New(slog.NewTextHandler(&logs, nil)), func() {
		if calls.Add(1) == 1 {
			panic("job broke")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if calls.Load() < 2 {
		t.Fatalf("job ran %d times in 5s, want it to run again after panicking", calls.Load())
	}
	if !strings.Contains(logs.String(), "job broke") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

func TestStartRefusesBadSpec(t *testing.T) {
	if _, err := Start("every tuesday", slog.New(slog.DiscardHandler), func() {}); err == nil {
		t.Fatal("Start accepted a bad spec")
	}
}
