package store

import (
	"context"
	"testing"
)

// TestConnectionsPlanOnce opens a store, uses its writer and a reader, and
// checks that both connections were opened with the planner's stability
// guarantee on: without it a search prepares its SQL again at every call.
func TestConnectionsPlanOnce(t *testing.T) {
	before := stableConns()
	s := openTest(t)
	if _, err := s.Search(context.Background(), Viewer{}, "water", 5); err != nil {
		t.Fatal(err)
	}
	if got := stableConns() - before; got < 2 {
		t.Errorf("%d connections opened with the stability guarantee on, want the writer's and a reader's at least", got)
	}
}
