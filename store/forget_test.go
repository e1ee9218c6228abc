package store

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// ForgetMember leaves no row that names her: what was queued to her is
// dropped, what was sent to her or quotes her is blanked, the messages
// that made her events and announcements are no longer known by her; and
// the WAL holds no older copy of any of it.
func TestForgetMemberLeavesNoRowNamingHer(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	const her = "+15550000123"
	m, _, _ := l.SeeMember(ctx, Incoming{Sender: her}, "Zainab", l.open.ID, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: her, Body: "your digest"}, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m2", Chat: her, Body: "sent to her", DocName: "plan.ics", DocData: []byte("x")}, t0)
	l.MarkSent(ctx, 2, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m3", Chat: "open@g.us", Body: "T1 saved", QuoteID: "in1", QuoteSender: her,
		QuoteAddr: "15550000123@s.whatsapp.net", QuoteText: "!tip"}, t0)
	tx, _ := l.Begin(ctx)
	tx.AddEvent(ctx, &Event{Title: "call", Start: t0, CreatedBy: m.ID, Source: "open@g.us|" + her + "|in2"}, nil, t0)
	tx.AddAnnouncement(ctx, &Announcement{Source: her + "|" + her + "|in3", StaffID: m.ID, StaffChat: her, StaffLang: "en",
		Blocks: map[string]string{"en": "hi"}, Status: AnnouncementHeld}, t0)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tip := l.add(t, Item{Kind: KindTip, Body: "a tip", Lang: "en", AuthorID: m.ID})
	if _, err := l.exec(ctx, `INSERT INTO item_messages (msg_id, chat, item_id) VALUES ('m2', ?, ?)`, her, tip.ID); err != nil {
		t.Fatal(err)
	}

	if err := l.ForgetMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	l.writeRow(ctx, `SELECT COUNT(*) FROM outbox WHERE chat = ?1 OR quote_sender = ?1 OR quote_addr <> ''`, []any{her}, &n)
	if n != 0 {
		t.Errorf("%d outbox rows still name her", n)
	}
	l.writeRow(ctx, `SELECT COUNT(*) FROM outbox WHERE msg_id = 'm1'`, nil, &n)
	if n != 0 {
		t.Error("the message queued to her and not sent is still queued")
	}
	l.writeRow(ctx, `SELECT COUNT(*) FROM outbox WHERE doc_data IS NOT NULL OR doc_name <> ''`, nil, &n)
	if n != 0 {
		t.Error("the document sent to her is still kept")
	}
	l.writeRow(ctx, `SELECT (SELECT COUNT(*) FROM events WHERE instr(source, ?1))
		+ (SELECT COUNT(*) FROM announcements WHERE instr(source, ?1) OR staff_chat = ?1)
		+ (SELECT COUNT(*) FROM item_messages WHERE chat = ?1)`, []any{her}, &n)
	if n != 0 {
		t.Errorf("%d events, announcements or item messages still name her", n)
	}
	wal, err := os.ReadFile(l.lockPath()[:len(l.lockPath())-len(".lock")] + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(wal, []byte("15550000123")) {
		t.Error("the WAL still holds her number")
	}
}

// MarkAllSent marks a plain row with a plain update; a ForgetBatch row
// among them still goes through endRow and comes out blanked.
func TestMarkAllSentBlanksForgetRows(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	l.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: "open@g.us", Body: "T1 saved"}, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m2", Chat: "+15550000123", Body: "you are forgotten", Batch: ForgetBatch}, t0)
	if err := l.MarkAllSent(ctx, []Sent{{ID: 1, At: t0}, {ID: 2, At: t0}, {ID: 99, At: t0}}); err != nil {
		t.Fatal(err)
	}
	var sent int
	var bodies string
	l.writeRow(ctx, `SELECT COUNT(*), group_concat(chat || ':' || body, '|') FROM outbox WHERE sent_at IS NOT NULL`, nil, &sent, &bodies)
	if sent != 2 || bodies != "open@g.us:T1 saved|:" {
		t.Errorf("sent rows: %d, %q; want 2, the forget row blanked", sent, bodies)
	}
}
