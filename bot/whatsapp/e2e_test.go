package whatsapp

import (
	"context"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
)

// From a whatsmeow event to what WhatsApp is asked to send: the whole core
// between a real *events.Message and the recording fake client.
func TestEventInReplyOut(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b := testBot(t, f, bot.NewManualClock(at))
	lids := seededLIDs(t)
	deliver := func(evt *events.Message) {
		t.Helper()
		if m, ok := toMessage(ctx, evt, lids); ok {
			b.Handle(ctx, m)
		}
		if _, _, err := b.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// A LID-addressed member asks a question in the group.
	ask := event(group, lid, phone, &waE2E.Message{Conversation: proto.String("!ask How do you budget for rent?")})
	ask.Info.ID = "CMD1"
	deliver(ask)
	deliver(ask) // redelivered: answered once
	if len(f.sent) != 1 {
		t.Fatalf("sent %d messages, want one confirmation", len(f.sent))
	}
	confirm := f.sent[0]
	ci := confirm.msg.GetExtendedTextMessage().GetContextInfo()
	if confirm.to != group || ci.GetStanzaID() != "CMD1" || ci.GetParticipant() != phone.String() ||
		!strings.Contains(confirm.msg.GetExtendedTextMessage().GetText(), "*Q1*") {
		t.Fatalf("confirmation = %v to %s", confirm.msg, confirm.to)
	}
	// Another member answers by quoting labbot's confirmation; an edit of
	// her answer runs nothing again.
	answer := event(group, types.NewJID("15550000200", types.DefaultUserServer), types.EmptyJID, &waE2E.Message{
		ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("We save a little every month."), ContextInfo: quoting(string(confirm.id))}})
	answer.Info.ID = "ANS1"
	deliver(answer)
	edit := event(group, types.NewJID("15550000200", types.DefaultUserServer), types.EmptyJID, answer.Message)
	edit.IsEdit, edit.Info.ID = true, "ANS1-EDIT"
	deliver(edit)
	// The notice to the asker, in the group, names the answer: the one
	// who answered gets a reaction on her message (issue 14, point 7).
	if len(f.sent) != 3 {
		t.Fatalf("after the answer labbot sent %d messages, want a reaction and the asker told, once", len(f.sent)-1)
	}
	react := f.sent[1].msg.GetReactionMessage()
	if f.sent[1].to != group || react.GetText() != "✅" || react.GetKey().GetID() != "ANS1" || react.GetKey().GetFromMe() ||
		react.GetKey().GetParticipant() != "15550000200@s.whatsapp.net" {
		t.Errorf("thanks = %v to %s; want a ✅ reaction to ANS1 from her", f.sent[1].msg, f.sent[1].to)
	}
	if notice := f.sent[2].msg.GetConversation(); !strings.Contains(notice, "*A1*") || !strings.Contains(notice, "We save a little") {
		t.Errorf("the asker was told %v; want the answer named", f.sent[2].msg)
	}
}
