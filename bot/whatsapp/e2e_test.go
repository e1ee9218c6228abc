package whatsapp

import (
	"bytes"
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
	if confirm.to != group || ci.GetStanzaID() != "CMD1" || ci.GetParticipant() != lid.String() ||
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

// Point 8: in a group that hides numbers, labbot's reply quotes her by the
// LID her message came from: the number WhatsApp gave labbot alongside it
// appears nowhere in what labbot sends.
func TestLIDQuoteShowsNoNumber(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b := testBot(t, f, bot.NewManualClock(at))
	fromPhone := types.JID{User: lid.User, Device: 3, Server: types.HiddenUserServer}
	help := event(group, fromPhone, phone, &waE2E.Message{Conversation: proto.String("!help")})
	m, ok := toMessage(ctx, help, seededLIDs(t))
	if !ok {
		t.Fatal("the message did not reach the core")
	}
	b.Handle(ctx, m)
	if _, _, err := b.Sender().SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 1 {
		t.Fatalf("sent %d messages, want the help", len(f.sent))
	}
	ci := f.sent[0].msg.GetExtendedTextMessage().GetContextInfo()
	if ci.GetParticipant() != lid.String() || ci.GetStanzaID() != help.Info.ID {
		t.Errorf("the reply quotes %q (message %q), want %s's message %q", ci.GetParticipant(), ci.GetStanzaID(), lid, help.Info.ID)
	}
	wire, err := proto.Marshal(f.sent[0].msg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(wire, []byte(phone.User[1:])) || strings.Contains(f.sent[0].to.String(), phone.User[1:]) {
		t.Errorf("her number is in what labbot sent: %v to %s", f.sent[0].msg, f.sent[0].to)
	}
}

// editEvent is a member's edit of message id as whatsmeow delivers it
// live: the raw EditedMessage unwrapped, under an ID of its own.
func editEvent(s *Session, sender types.JID, id, text string) *events.Message {
	raw := s.client.BuildEdit(group, id, &waE2E.Message{Conversation: proto.String(text)})
	evt := event(group, sender, types.EmptyJID, nil)
	evt.Info.ID, evt.Info.Edit, evt.RawMessage = "EDIT-"+types.MessageID(text[:5]), types.EditAttributeMessageEdit, raw
	return evt.UnwrapRaw()
}

// "!tpi" fixed to "!tip …" on the phone: the edit, a real whatsmeow edit
// event, is run under the original's ID, once, however often it is edited.
func TestEditIntoCommand(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b := testBot(t, f, bot.NewManualClock(at))
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	deliver := func(evt *events.Message) {
		t.Helper()
		if m, ok := toMessage(ctx, evt, s.container.LIDMap); ok {
			b.Handle(ctx, m)
		}
		if _, _, err := b.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	typo := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!tpi Rotate who chairs")})
	typo.Info.ID = "TYPO1"
	deliver(typo)
	edit := editEvent(s, phone, "TYPO1", "!tip Rotate who chairs")
	if m, ok := toMessage(ctx, edit, nil); !ok || m.ID != "TYPO1" || !m.Edit || m.Text != "!tip Rotate who chairs" {
		t.Fatalf("the edit reached the core as %+v, %v; want the new text under the original's ID", m, ok)
	}
	deliver(edit)
	deliver(edit)
	deliver(editEvent(s, phone, "TYPO1", "!tip Rotate who chairs, monthly"))
	// The typo gets "did you mean" (issue 18), and its edit still runs, once.
	if len(f.sent) != 2 || !strings.Contains(f.sent[0].msg.GetExtendedTextMessage().GetText(), "*!tip*") ||
		!strings.Contains(f.sent[1].msg.GetExtendedTextMessage().GetText(), "*T1*") {
		t.Errorf("labbot sent %d messages for a typo edited into a tip, then edited again; want did you mean, then one thanks for T1", len(f.sent))
	}
	// An edit of a command labbot answered runs nothing.
	help := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")})
	help.Info.ID = "HELP1"
	deliver(help)
	deliver(editEvent(s, phone, "HELP1", "!find chairs"))
	if len(f.sent) != 3 {
		t.Errorf("an edit of an answered command was run: %d sends, want 3", len(f.sent))
	}
}
