package whatsapp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
)

// After a restart whatsmeow's memory of recent sends is empty: a phone's
// retry receipt is answered with the message built again from the outbox,
// the very message the transport sent, through the same privacy filter.
func TestRetryReceiptAfterRestart(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b := testBot(t, f, bot.NewManualClock(at))
	deliver := func(id, text string) {
		t.Helper()
		evt := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String(text)})
		evt.Info.ID = types.MessageID(id)
		if m, ok := toMessage(ctx, evt, nil); ok {
			b.Handle(ctx, m)
		}
		if _, _, err := b.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	deliver("TIP1", "!tip For rent, call +15550000100 on Mondays")
	deliver("FIND1", "!find rent")
	if len(f.sent) != 2 {
		t.Fatalf("sent %d messages, want 2", len(f.sent))
	}
	found := f.sent[1]
	if text := found.msg.GetExtendedTextMessage().GetText(); !strings.Contains(text, "rent") || strings.Contains(text, "5550000100") {
		t.Fatalf("the search's reply %q should show the tip without her number", text)
	}

	// A fresh client on the same stores, as after a restart.
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	s.client.GetMessageForRetry = s.messageForRetry(b.Sender())
	receipt := &events.Receipt{MessageSource: types.MessageSource{Chat: group, Sender: phone, IsGroup: true}}
	if _, err := s.client.DangerousInternals().GetMessageForRetry(ctx, receipt, found.id); err != nil {
		t.Fatalf("a retry receipt after a restart went unanswered: %v", err)
	}
	if got := s.client.GetMessageForRetry(phone, group, found.id); !proto.Equal(got, found.msg) {
		t.Errorf("rebuilt for the retry:\n%v\nwant what was sent:\n%v", got, found.msg)
	}
	other := types.NewJID("120363000000000002", types.GroupServer)
	for name, try := range map[string]func() *waE2E.Message{
		"another chat":  func() *waE2E.Message { return s.client.GetMessageForRetry(phone, other, found.id) },
		"an unknown ID": func() *waE2E.Message { return s.client.GetMessageForRetry(phone, group, "3EB0NOPE") },
		"a direct chat": func() *waE2E.Message { return s.client.GetMessageForRetry(phone, phone, found.id) },
	} {
		if got := try(); got != nil {
			t.Errorf("%s: rebuilt %v, want nothing", name, got)
		}
	}
}

// A retry receipt for a direct message is answered only for its reader,
// asking under her number or her LID: never for someone else who names
// the message's ID.
func TestRetryReceiptDirectChatIsHers(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b := testBot(t, f, bot.NewManualClock(at))
	for i, chat := range []types.JID{group, phone} {
		evt := event(chat, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")})
		evt.Info.ID = types.MessageID(fmt.Sprint("M", i))
		if m, ok := toMessage(ctx, evt, nil); ok {
			b.Handle(ctx, m)
		}
		if _, _, err := b.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	dm := f.sent[len(f.sent)-1]
	if dm.to != phone {
		t.Fatalf("the last send went to %s, want her direct chat", dm.to)
	}
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	if err := s.container.LIDMap.PutLIDMapping(ctx, lid, phone); err != nil {
		t.Fatal(err)
	}
	s.client.GetMessageForRetry = s.messageForRetry(b.Sender())
	stranger := types.NewJID("15550000999", types.DefaultUserServer)
	for _, tc := range []struct {
		name string
		chat types.JID
		want bool
	}{{"her number", phone, true}, {"her LID", lid, true}, {"someone else", stranger, false}} {
		if got := s.client.GetMessageForRetry(tc.chat, tc.chat, dm.id); (got != nil) != tc.want {
			t.Errorf("%s: rebuilt %v, want a message: %v", tc.name, got, tc.want)
		}
	}
}
