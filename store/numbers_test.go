package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A send's error is kept with no person's ID or number in it, whoever
// marks the row: the store hides them itself.
func TestStoredErrorsHideNumbers(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	mark := map[string]func(id int64, reason string) error{
		"retry":  func(id int64, r string) error { return s.MarkRetry(ctx, id, now, r) },
		"paused": func(id int64, r string) error { return s.MarkPaused(ctx, id, now, r) },
		"failed": func(id int64, r string) error { return s.MarkFailed(ctx, id, now, r) },
	}
	for name, fn := range mark {
		t.Run(name, func(t *testing.T) {
			batch := "test:" + name
			m := Outgoing{Chat: "+254700000020", Body: "hi", Batch: batch}
			if _, err := s.Enqueue(ctx, m, now); err != nil {
				t.Fatal(err)
			}
			rows, err := s.BatchRows(ctx, batch)
			if err != nil || len(rows) != 1 {
				t.Fatalf("rows %v, %v", rows, err)
			}
			var id int64
			if err := s.rdb.QueryRowContext(ctx, `SELECT id FROM outbox WHERE batch = ?`, batch).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if err := fn(id, "failed to get user info for 254700000020.0:12@hosted.lid and +254700000020"); err != nil {
				t.Fatal(err)
			}
			rows, _ = s.BatchRows(ctx, batch)
			if got := rows[0].LastError; strings.Contains(got, "700000020") || !strings.Contains(got, "failed to get user info") {
				t.Errorf("last_error = %q", got)
			}
		})
	}
}
