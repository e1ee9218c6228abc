package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// A sealed row comes back from Claim as it was queued: chat, body, quote
// and audience member; its columns keep none of them.
func TestSealedRowOpensForTheSender(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	q := l.add(t, Item{Kind: KindQuestion, Body: "rent?", Anonymous: true})
	in := Outgoing{MsgID: "m1", ItemID: q.ID, Chat: "+15550000123", Body: "Your question Q1 has a new answer", QuoteID: "in1",
		QuoteSender: "+15550000123", QuoteAddr: "98765432101234@lid", QuoteText: "!ask anon rent?", Sensitive: true,
		Audience: Audience{Member: l.ana.ID}, Created: t0}
	if _, err := l.Enqueue(ctx, in, t0); err != nil {
		t.Fatal(err)
	}
	// The reply to someone who asked to be forgotten waits sealed too.
	l.Enqueue(ctx, Outgoing{MsgID: "m2", Chat: "+15550000124", Body: "forgotten", Batch: ForgetBatch}, t0)
	var kept string
	l.writeRow(ctx, `SELECT group_concat(chat || body || quote_sender || quote_addr || quote_text || COALESCE(audience_member, ''), '') FROM outbox`, nil, &kept)
	if kept != "" {
		t.Errorf("a sensitive row waits with %q in the clear", kept)
	}
	l.writeRow(ctx, `SELECT COALESCE(group_concat(chat), '') FROM item_messages`, nil, &kept)
	if kept != "" {
		t.Errorf("a sensitive row's chat is linked to its item in the clear: %q", kept)
	}
	got, err := l.Claim(ctx, 1, t0, time.Minute)
	if err != nil || got.Chat != in.Chat || got.Body != in.Body || got.QuoteSender != in.QuoteSender ||
		got.QuoteAddr != in.QuoteAddr || got.QuoteText != in.QuoteText || got.Audience.Member != l.ana.ID || got.QuoteID != "in1" {
		t.Errorf("claimed %+v, %v; want it as queued", got, err)
	}
	l.MarkSent(ctx, 1, t0)
	var sealed int
	l.writeRow(ctx, `SELECT COUNT(*) FROM outbox WHERE id = 1 AND sealed IS NOT NULL`, nil, &sealed)
	if sealed != 0 {
		t.Error("a sent row keeps its seal")
	}
}

// Forget drops what waits sealed for her, and only that: her rows can be
// told from others' only by opening them.
func TestForgetDropsHerSealedRows(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	const her = "+15550000123"
	m, _, _ := l.SeeMember(ctx, Incoming{Sender: her}, "Zainab", l.open.ID, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: her, Body: "Your question Q1 has a new answer", Sensitive: true}, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m2", Chat: "+15550000999", Body: "Your question Q2 has a new answer", Sensitive: true}, t0)
	if err := l.ForgetMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	var ids string
	l.writeRow(ctx, `SELECT group_concat(msg_id) FROM outbox`, nil, &ids)
	if ids != "m2" {
		t.Errorf("outbox rows after forget: %q; want m2 alone (hers dropped, the other kept)", ids)
	}
}

// A sealed row whose key is lost does not open: Claim says so, and the
// row carries nothing to send.
func TestSealedRowWithALostKey(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: "+15550000123", Body: "Q1", Sensitive: true}, t0)
	s.key = make([]byte, 32) // another key: labbot.key was lost
	got, err := s.Claim(ctx, 1, t0, time.Minute)
	if !errors.Is(err, ErrSealLost) || got.ID != 1 || got.Chat != "" || got.Body != "" {
		t.Errorf("claimed %+v, %v; want row 1, nothing to send, ErrSealLost", got, err)
	}
}

// A row an older labbot queued in the clear is sealed at the next open.
func TestOldSensitiveRowsSealedAtOpen(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	path := filepath.Join(filepath.Dir(s.lockPath()), FileName)
	if _, err := s.exec(ctx, `INSERT INTO outbox (msg_id, chat, body, created_at, next_attempt_at, sensitive)
		VALUES ('m1', '+15550000123', 'Your question Q1 has a new answer', 0, 0, 1)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var clear int
	s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE chat <> '' OR body <> '' OR sealed IS NULL`).Scan(&clear)
	if clear != 0 {
		t.Error("the old row still waits in the clear")
	}
	got, err := s.Claim(ctx, 1, t0, time.Minute)
	if err != nil || got.Chat != "+15550000123" || got.Body != "Your question Q1 has a new answer" {
		t.Errorf("claimed %+v, %v", got, err)
	}
}
