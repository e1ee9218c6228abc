package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestPruneOutbox(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i, at := range []time.Duration{-40 * 24 * time.Hour, -time.Hour} {
		m := Outgoing{MsgID: fmt.Sprint("m", i), Chat: "c"}
		s.Enqueue(ctx, m, t0)
		due, _ := s.NextDue(ctx)
		row, err := s.Claim(ctx, due.ReplyID, t0, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		s.MarkSent(ctx, row.ID, t0.Add(at))
	}
	s.Enqueue(ctx, Outgoing{MsgID: "unsent", Chat: "c"}, t0.Add(-50*24*time.Hour))
	n, err := s.PruneOutbox(ctx, t0.Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("PruneOutbox = %d, %v; want 1 (the old sent row only)", n, err)
	}
	if p, _ := s.Pending(ctx); p != 1 {
		t.Errorf("%d unsent rows after pruning, want 1: unsent rows are never pruned", p)
	}
}

func TestOutboxKeepsWhatAReplyQuotes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Outgoing{MsgID: "m1", Chat: "g@g.us", Body: "Hi", QuoteID: "3EB0", QuoteSender: "+1555", QuoteText: "!help", Created: t0}
	if _, err := s.Enqueue(ctx, in, t0); err != nil {
		t.Fatal(err)
	}
	due, _ := s.NextDue(ctx)
	got, err := s.Claim(ctx, due.ReplyID, t0, time.Minute)
	if err != nil || got.QuoteID != "3EB0" || got.QuoteSender != "+1555" || got.QuoteText != "!help" || got.Body != "Hi" || got.Attempts != 1 {
		t.Errorf("claimed %+v, %v", got, err)
	}
}

// Issue 14: a reaction waits in the outbox, and survives a restart, as
// what it is: an emoji for one message of hers.
func TestOutboxKeepsAReaction(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Outgoing{MsgID: "m1", Chat: "+1555", Reaction: "✅", QuoteID: "3EB0", QuoteSender: "+1555", Created: t0}
	if _, err := s.Enqueue(ctx, in, t0); err != nil {
		t.Fatal(err)
	}
	due, _ := s.NextDue(ctx)
	got, err := s.Claim(ctx, due.ReplyID, t0, time.Minute)
	if err != nil || got.Reaction != "✅" || got.QuoteID != "3EB0" || got.QuoteSender != "+1555" || got.Body != "" {
		t.Errorf("claimed %+v, %v", got, err)
	}
}

// A row goes out once: Claim refuses a row leased to a send under way, or
// already sent, so a second sender or a stale NextDue cannot send it again.
func TestClaimOnlyAFreeRow(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: "c", Body: "once"}, t0); err != nil {
		t.Fatal(err)
	}
	due, err := s.NextDue(ctx)
	if err != nil || due.ReplyID == 0 {
		t.Fatalf("NextDue = %+v, %v; want the row", due, err)
	}
	if _, err := s.Claim(ctx, due.ReplyID, t0, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, due.ReplyID, t0, time.Minute); !errors.Is(err, ErrNotFound) {
		t.Errorf("a second claim of a leased row: %v, want ErrNotFound", err)
	}
	if err := s.MarkSent(ctx, due.ReplyID, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, due.ReplyID, t0.Add(time.Hour), time.Minute); !errors.Is(err, ErrNotFound) {
		t.Errorf("a claim of a sent row: %v, want ErrNotFound", err)
	}
	// Nor one waiting for its retry, or given up on.
	for _, m := range []Outgoing{{MsgID: "retry", Chat: "c"}, {MsgID: "failed", Chat: "c"}} {
		if _, err := s.Enqueue(ctx, m, t0); err != nil {
			t.Fatal(err)
		}
		due, err := s.NextDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Claim(ctx, due.ReplyID, t0, time.Minute); err != nil {
			t.Fatal(err)
		}
		if m.MsgID == "retry" {
			err = s.MarkRetry(ctx, due.ReplyID, t0.Add(time.Hour), "busy")
		} else {
			err = s.MarkFailed(ctx, due.ReplyID, t0, "refused")
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Claim(ctx, due.ReplyID, t0.Add(time.Minute), time.Minute); !errors.Is(err, ErrNotFound) {
			t.Errorf("a claim of the %s row: %v, want ErrNotFound", m.MsgID, err)
		}
	}
}
