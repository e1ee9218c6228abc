package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
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
		first, err := complete(t, s, in, replies, t0)
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
	// Past the refusals' use, even the hash goes.
	if n, err := s.PruneStrangers(ctx, t0.Add(26*time.Hour)); n != 1 || err != nil {
		t.Errorf("PruneStrangers = %d, %v; want the one refusal gone", n, err)
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
	// Handled messages are kept as hashes: their IDs count for nothing.
	complete(t, s, Incoming{Chat: "c", Sender: "u", MsgID: "in7"}, nil, t0)
	complete(t, s, Incoming{Chat: "c", Sender: "u", MsgID: "m12"}, nil, t0)
	for prefix, want := range map[string]int64{"m": 10, "in": 0, "x": 99, "zz": 0} {
		if n, err := s.MaxMessageNumber(ctx, prefix); n != want || err != nil {
			t.Errorf("MaxMessageNumber(%q) = %d, %v; want %d", prefix, n, err, want)
		}
	}
}

// A handled message is kept as a keyed hash only: the table names no chat,
// sender or message, and still knows a redelivery.
func TestProcessedKeepsNoNames(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "+15550000123", Sender: "+15550000123", MsgID: "3EB0C0FFEE"}
	complete(t, s, in, nil, t0)
	var row string
	if err := s.writeRow(ctx, "SELECT hex(hash) || ' ' || at FROM processed_messages", nil, &row); err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"15550000123", "3EB0C0FFEE", hex.EncodeToString([]byte("15550000123"))} {
		if strings.Contains(strings.ToLower(row), strings.ToLower(clear)) {
			t.Errorf("processed row %q holds %q", row, clear)
		}
	}
	if done, _ := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); !done {
		t.Error("a redelivery is no longer known")
	}
}

// Handled messages kept in the clear by a file older than migration 0006
// are hashed at Open: a redelivery is still known, and the clear table is
// gone.
func TestOpenHashesClearProcessed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.exec(ctx, `CREATE TABLE processed_messages_clear (chat TEXT, sender TEXT, msg_id TEXT, at INTEGER);
		INSERT INTO processed_messages_clear VALUES ('g@g.us', '+15550000123', 'X9', 1)`)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if done, err := s.Processed(ctx, "g@g.us", "+15550000123", "X9"); !done || err != nil {
		t.Errorf("Processed = %v, %v after the move; want true", done, err)
	}
	var clear bool
	s.writeRow(ctx, hasClearSQL, nil, &clear)
	if clear {
		t.Error("the clear table is still there")
	}
}

// A command set aside as too old is noted once and is not handled: its
// edit runs, once, and is then handled.
func TestSetAsideIsNotHandled(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := Incoming{Chat: "a@g.us", Sender: "+1555", MsgID: "X1"}
	for i, want := range []bool{true, false} {
		if first, err := s.SetAside(ctx, in, t0); first != want || err != nil {
			t.Errorf("SetAside %d = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if done, err := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); done || err != nil {
		t.Errorf("Processed after SetAside = %v, %v; want false", done, err)
	}
	if _, done, err := s.SeeMember(ctx, in, "Ana", 0, t0); done || err != nil {
		t.Errorf("SeeMember after SetAside: done = %v, %v; want false", done, err)
	}
	for i, want := range []bool{true, false} {
		first, err := complete(t, s, in, []Outgoing{{MsgID: fmt.Sprint("r", i), Chat: "a@g.us", Body: "one"}}, t0)
		if err != nil || first != want {
			t.Errorf("Complete %d after SetAside = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if first, _ := s.SetAside(ctx, in, t0); first {
		t.Error("a message run was set aside after")
	}
	if done, _ := s.Processed(ctx, in.Chat, in.Sender, in.MsgID); !done {
		t.Error("a message set aside, then run, is not handled")
	}
}
