package store

import (
	"context"
	"testing"
	"time"
)

// inTx runs fn in one transaction and commits it unless fn fails.
func inTx(tb testing.TB, s *Store, fn func(ctx context.Context, tx *Tx) error) error {
	tb.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// complete marks in handled and queues replies in one transaction, as the
// core does; it reports whether in was new.
func complete(tb testing.TB, s *Store, in Incoming, replies []Outgoing, now time.Time) (first bool, err error) {
	err = inTx(tb, s, func(ctx context.Context, tx *Tx) error {
		if first, err = tx.MarkProcessed(ctx, in, now); err != nil || !first {
			return err
		}
		return tx.Enqueue(ctx, replies, now, time.Time{})
	})
	return first, err
}

// recordPostTx records p and queues its messages, as the scheduler does.
func recordPostTx(tb testing.TB, s *Store, p ScheduledPost, now time.Time) (recorded bool, err error) {
	err = inTx(tb, s, func(ctx context.Context, tx *Tx) error {
		if recorded, err = tx.RecordPost(ctx, p, now); err != nil || !recorded {
			return err
		}
		return tx.Enqueue(ctx, p.Out, now, time.Time{})
	})
	return recorded, err
}

// addEvent saves e, with no group told of it yet.
func addEvent(tb testing.TB, s *Store, e Event, now time.Time) Event {
	tb.Helper()
	err := inTx(tb, s, func(ctx context.Context, tx *Tx) error {
		_, err := tx.AddEvent(ctx, &e, nil, now)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// cancelEvent cancels e and returns who the cancel would tell.
func cancelEvent(tb testing.TB, s *Store, e Event, now time.Time) (told []Group, attendees []Member) {
	tb.Helper()
	err := inTx(tb, s, func(ctx context.Context, tx *Tx) (err error) {
		if _, err = tx.CancelEvent(ctx, e, now); err != nil {
			return err
		}
		if told, err = tx.ToldGroups(ctx, e.ID); err != nil {
			return err
		}
		attendees, err = tx.Attendees(ctx, e.ID)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return told, attendees
}

// A message that saves an item writes the mark, the item and its replies
// in one transaction: one rolled back keeps none of them, and a second
// completion of the same message saves nothing.
func TestTxKeepsAllOrNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "a@g.us", Sender: "+1555", MsgID: "S1"}
	save := func(commit bool) (Item, bool) {
		t.Helper()
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		first, err := tx.MarkProcessed(ctx, in, t0)
		if err != nil || !first {
			return Item{}, first
		}
		it := Item{Kind: KindTip, Body: "rotate the chair", Lang: "en"}
		if err := tx.AddItem(ctx, &it, t0); err != nil {
			t.Fatal(err)
		}
		out := []Outgoing{
			{MsgID: "r-" + it.Ref(), Chat: in.Chat, Body: "saved " + it.Ref(), ItemID: it.ID},
			{MsgID: "p-" + it.Ref(), Chat: "b@g.us", Bulk: true, Body: "new " + it.Ref()},
		}
		if err := tx.Enqueue(ctx, out, t0, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if out[0].ID == 0 {
			t.Error("Enqueue did not fill in the reply's ID")
		}
		if commit {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		return it, true
	}
	save(false)
	if found, err := s.Search(ctx, Viewer{}, "chair", 5); err != nil || len(found) != 0 {
		t.Errorf("a rolled back transaction left %q searchable (%v)", refs(found), err)
	}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done || err != nil {
		t.Errorf("a rolled back transaction marked the message handled (%v)", err)
	}
	for i, want := range []bool{true, false} {
		it, first := save(true)
		if first != want || (want && it.Ref() != "T1") {
			t.Fatalf("completion %d saved %q, first %v; want %v", i+1, it.Ref(), first, want)
		}
	}
	if found, err := s.Search(ctx, Viewer{}, "chair", 5); err != nil || refs(found) != "T1" {
		t.Errorf("Search(chair) = %q, %v; want T1 once", refs(found), err)
	}
	if n, err := s.Pending(ctx); n != 2 || err != nil {
		t.Errorf("%d rows queued (%v), want the reply and the post once", n, err)
	}
	if it, err := s.ItemByMessage(ctx, "r-T1", in.Chat); err != nil || it.Ref() != "T1" {
		t.Errorf("the reply is not linked to T1: %v, %v", it.Ref(), err)
	}
}

// A panic between Begin and Commit rolls back and frees the writer: the
// next write does not join a transaction left open.
func TestTxRollsBackOnPanic(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	func() {
		defer func() { recover() }()
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.AddItem(ctx, &Item{Kind: KindTip, Body: "lost tip", Lang: "en"}, t0); err != nil {
			t.Fatal(err)
		}
		panic("a command's bug")
	}()
	if _, err := s.AddItem(ctx, Item{Kind: KindTip, Body: "kept tip", Lang: "en"}, t0); err != nil {
		t.Fatalf("a write after the panic: %v", err)
	}
	found, err := s.Search(ctx, Viewer{}, "tip", 5)
	if err != nil || refs(found) != "T1" {
		t.Errorf("Search(tip) = %q, %v; want only the kept tip, numbered T1", refs(found), err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if err := tx.Commit(); err == nil {
		t.Error("Commit after Rollback succeeded")
	}
	in := Incoming{Chat: "c", Sender: "u", MsgID: "late"}
	if _, err := tx.MarkProcessed(ctx, in, t0); err == nil {
		t.Error("MarkProcessed on a transaction rolled back succeeded")
	}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done || err != nil {
		t.Errorf("a write after Rollback was kept (%v)", err)
	}
}
