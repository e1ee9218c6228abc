package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCompleteMarksOnceAndQueuesReplies(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "a@g.us", Sender: "+1555", MsgID: "X1"}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done || err != nil {
		t.Fatalf("Processed before = %v, %v", done, err)
	}
	for i, want := range []bool{true, false} {
		replies := []Outgoing{{MsgID: fmt.Sprint("r", i, "a"), Chat: "a@g.us", Body: "one"}, {MsgID: fmt.Sprint("r", i, "b"), Chat: "a@g.us", Body: "two"}}
		first, err := s.Complete(ctx, in, replies, t0, time.Time{})
		if err != nil || first != want {
			t.Errorf("Complete %d = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if n, _ := s.Pending(ctx); n != 2 {
		t.Errorf("%d replies queued, want 2: the second completion must queue nothing", n)
	}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); !done || err != nil {
		t.Errorf("Processed after = %v, %v", done, err)
	}
	if done, _ := s.Processed(ctx, "b@g.us", in.Sender, in.MsgID); done {
		t.Error("the same ID in another chat is another message")
	}
	n, err := s.PruneProcessed(ctx, t0.Add(time.Second))
	if err != nil || n != 1 {
		t.Errorf("PruneProcessed = %d, %v; want 1", n, err)
	}
}

func TestRefuseStranger(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	steps := []struct {
		at   time.Duration
		want bool
	}{{0, true}, {time.Minute, false}, {23 * time.Hour, false}, {24 * time.Hour, true}, {25 * time.Hour, false}}
	for _, st := range steps {
		got, err := s.RefuseStranger(ctx, "+19999999999", t0.Add(st.at), 24*time.Hour)
		if err != nil || got != st.want {
			t.Errorf("at +%v: refuse = %v, %v; want %v", st.at, got, err, st.want)
		}
	}
	var hash string
	if err := s.writeRow(ctx, "SELECT user_hash FROM stranger_refusals", nil, &hash); err != nil {
		t.Fatal(err)
	}
	plain := sha256.Sum256([]byte("+19999999999"))
	if strings.Contains(hash, "9999") || hash == hex.EncodeToString(plain[:]) {
		t.Errorf("stranger stored as %q: her number, or its unkeyed hash", hash)
	}
}

func TestMaxMessageNumber(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if n, err := s.MaxMessageNumber(ctx, "m"); n != 0 || err != nil {
		t.Errorf("empty: %d, %v; want 0", n, err)
	}
	for _, id := range []string{"m2", "m10", "x99"} {
		s.Enqueue(ctx, Outgoing{MsgID: id, Chat: "c"}, t0)
	}
	s.Complete(ctx, Incoming{"c", "u", "in7"}, nil, t0, time.Time{})
	s.Complete(ctx, Incoming{"c", "u", "m12"}, nil, t0, time.Time{})
	for prefix, want := range map[string]int64{"m": 12, "in": 7, "x": 99, "zz": 0} {
		if n, err := s.MaxMessageNumber(ctx, prefix); n != want || err != nil {
			t.Errorf("MaxMessageNumber(%q) = %d, %v; want %d", prefix, n, err, want)
		}
	}
}

// A message that saves an item writes the mark, the item and its replies
// together: a failure keeps none of them, and a second completion of the
// same message saves nothing.
func TestCompleteSavingKeepsAllOrNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "a@g.us", Sender: "+1555", MsgID: "S1"}
	tip := Item{Kind: KindTip, Body: "rotate the chair", Lang: "en"}
	lease := func(int) time.Time { return time.Time{} }
	var saved Item // as Build got it
	build := func(fail error) Saving {
		return Saving{Item: tip, Build: func(it Item) ([]Outgoing, []Outgoing, error) {
			saved = it
			reply := Outgoing{MsgID: "r-" + it.Ref(), Chat: in.Chat, Body: "saved " + it.Ref(), ItemID: it.ID}
			post := Outgoing{MsgID: "p-" + it.Ref(), Chat: "b@g.us", Bulk: true, Body: "new " + it.Ref()}
			return []Outgoing{reply}, []Outgoing{post}, fail
		}}
	}
	if _, _, err := s.CompleteSaving(ctx, in, build(errors.New("broken")), t0, lease); err == nil {
		t.Fatal("CompleteSaving with a failing Build succeeded")
	}
	if found, _ := s.Search(ctx, Viewer{}, "chair", 5); len(found) != 0 {
		t.Errorf("a failed completion left %q searchable", refs(found))
	}
	if done, _ := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done {
		t.Error("a failed completion marked the message handled")
	}
	for i, want := range []bool{true, false} {
		saved = Item{}
		replies, first, err := s.CompleteSaving(ctx, in, build(nil), t0, lease)
		if err != nil || first != want {
			t.Fatalf("CompleteSaving %d = %v, %v; want %v", i+1, first, err, want)
		}
		if want && (saved.Ref() != "T1" || len(replies) != 1 || replies[0].ID == 0 || replies[0].Body != "saved T1") {
			t.Errorf("first completion saved %s and queued %+v; want T1 and its reply, with an ID", saved.Ref(), replies)
		}
	}
	if found, _ := s.Search(ctx, Viewer{}, "chair", 5); refs(found) != "T1" {
		t.Errorf("Search(chair) = %q, want T1 once", refs(found))
	}
	if n, _ := s.Pending(ctx); n != 2 {
		t.Errorf("%d rows queued, want the reply and the post once", n)
	}
	if it, err := s.ItemByMessage(ctx, "r-T1", in.Chat); err != nil || it.Ref() != "T1" {
		t.Errorf("the reply is not linked to T1: %v, %v", it.Ref(), err)
	}
}
