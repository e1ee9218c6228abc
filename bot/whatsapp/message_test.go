package whatsapp

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot/outbox"
)

const week = 7 * 24 * 60 * 60 // WhatsApp's 7-day timer, in seconds

// timedTransport sends through the fake for s, with the timers s notes
// from WhatsApp's events: the session's own transport but for the socket.
func timedTransport(s *Session) (*Transport, *fakeClient) {
	f := &fakeClient{}
	return &Transport{client: f, lids: s.container.LIDMap, timers: &s.timers}, f
}

// expiration is the timer a sent message carries, wherever it is: a text,
// or a document with or without a caption.
func expiration(m *waE2E.Message) uint32 {
	if d := m.GetDocumentWithCaptionMessage().GetMessage(); d != nil {
		m = d
	}
	return contextOf(m).GetExpiration()
}

// Issue 14, point 11: in a group with a 7-day timer, a reply and a post
// carry it; once the group turns it off, neither does, and a post is a
// plain Conversation again.
func TestRepliesCarryTheGroupTimer(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t, labbot)
	tr, f := timedTransport(s)
	reply := outbox.Envelope{Chat: group.String(), ID: "r1", QuoteID: "CMD1", QuoteSender: "+15550000100", QuoteText: "!help"}
	post := outbox.Envelope{Chat: group.String(), ID: "p1"}
	send := func() (*waE2E.Message, *waE2E.Message) {
		t.Helper()
		if err := tr.SendText(ctx, reply, "Hi!"); err != nil {
			t.Fatal(err)
		}
		if err := tr.SendText(ctx, post, "Digest"); err != nil {
			t.Fatal(err)
		}
		return f.sent[len(f.sent)-2].msg, f.sent[len(f.sent)-1].msg
	}

	s.handle(&events.JoinedGroup{GroupInfo: types.GroupInfo{JID: group, GroupName: types.GroupName{Name: "Nairobi"},
		GroupEphemeral: types.GroupEphemeral{IsEphemeral: true, DisappearingTimer: week}}})
	r, p := send()
	if ci := r.GetExtendedTextMessage().GetContextInfo(); ci.GetExpiration() != week || ci.GetStanzaID() != "CMD1" {
		t.Errorf("reply in a 7-day group = %v; want the quote and Expiration %d", r, week)
	}
	if p.GetConversation() != "" || p.GetExtendedTextMessage().GetContextInfo().GetExpiration() != week {
		t.Errorf("post in a 7-day group = %v; want an ExtendedTextMessage with Expiration %d", p, week)
	}

	s.handle(&events.GroupInfo{JID: group, Ephemeral: &types.GroupEphemeral{IsEphemeral: false}})
	r, p = send()
	if ci := r.GetExtendedTextMessage().GetContextInfo(); ci.Expiration != nil || ci.GetStanzaID() != "CMD1" {
		t.Errorf("reply once the timer is off = %v; want the quote and no Expiration", r)
	}
	if p.GetConversation() != "Digest" {
		t.Errorf("post once the timer is off = %v; want a Conversation", p)
	}
}

// The groups listed on connecting bring their timers; a change of the
// setting in the group's news replaces it.
func TestGroupTimersFromTheGroupList(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t, labbot)
	tr, f := timedTransport(s)
	f.groups = []*types.GroupInfo{{JID: group, GroupEphemeral: types.GroupEphemeral{IsEphemeral: true, DisappearingTimer: 86400}}}
	if _, err := tr.Groups(ctx); err != nil {
		t.Fatal(err)
	}
	to := outbox.Envelope{Chat: group.String(), ID: "p1"}
	if err := tr.SendText(ctx, to, "Digest"); err != nil {
		t.Fatal(err)
	}
	s.handle(&events.GroupInfo{JID: group, Ephemeral: &types.GroupEphemeral{IsEphemeral: true, DisappearingTimer: 90 * 86400}})
	if err := tr.SendText(ctx, to, "Digest"); err != nil {
		t.Fatal(err)
	}
	if got0, got1 := expiration(f.sent[0].msg), expiration(f.sent[1].msg); got0 != 86400 || got1 != 90*86400 {
		t.Errorf("expirations %d, %d; want the listed 86400, then the changed %d", got0, got1, 90*86400)
	}
}

// A person's timer is learned from her messages, whether she writes by
// number or by LID: a message in a disappearing chat carries it, a change
// of the setting sets it, a message without it says there is none.
func TestDirectMessageTimerFromHerMessages(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t, labbot)
	tr, f := timedTransport(s)
	if err := s.container.LIDMap.PutLIDMapping(ctx, lid, phone); err != nil {
		t.Fatal(err)
	}
	timed := event(lid, lid, phone, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text: proto.String("!help"), ContextInfo: &waE2E.ContextInfo{Expiration: proto.Uint32(week)}}})
	timed.IsEphemeral = true
	setting := event(phone, phone, types.EmptyJID, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type: waE2E.ProtocolMessage_EPHEMERAL_SETTING.Enum(), EphemeralExpiration: proto.Uint32(86400)}})
	plain := event(phone, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")})
	for _, tc := range []struct {
		name string
		evt  *events.Message
		want uint32
	}{
		{"a message with a 7-day timer, by LID", timed, week},
		{"the setting changed to a day", setting, 86400},
		{"a message with no timer", plain, 0},
	} {
		s.handle(tc.evt)
		if err := tr.SendText(ctx, outbox.Envelope{Chat: "+15550000100", ID: "d"}, "Hi!"); err != nil {
			t.Fatal(err)
		}
		if got := expiration(f.sent[len(f.sent)-1].msg); got != tc.want {
			t.Errorf("after %s: reply's Expiration %d, want %d", tc.name, got, tc.want)
		}
	}
}

// Issue 14, point 12: a document with a caption (a cancellation's only
// text) goes as DocumentWithCaptionMessage, with the chat's timer; one
// without a caption as a plain DocumentMessage.
func TestDocumentCaptionIsWrapped(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t, labbot)
	tr, f := timedTransport(s)
	s.timers.set("+15550000100", week)
	to := outbox.Envelope{Chat: "+15550000100", ID: "doc1"}
	doc := outbox.Document{Name: "E1.ics", MIME: "text/calendar", Caption: "🚫 *Budget webinar* is cancelled.", Data: []byte("BEGIN:VCALENDAR")}
	if err := tr.SendDocument(ctx, to, doc); err != nil {
		t.Fatal(err)
	}
	m := f.sent[0].msg
	d := m.GetDocumentWithCaptionMessage().GetMessage().GetDocumentMessage()
	if m.GetDocumentMessage() != nil || d.GetCaption() != doc.Caption || d.GetFileName() != "E1.ics" ||
		d.GetURL() == "" || d.GetContextInfo().GetExpiration() != week {
		t.Errorf("captioned document = %v; want it wrapped, with its caption and Expiration %d", m, week)
	}
	doc.Caption = ""
	if err := tr.SendDocument(ctx, to, doc); err != nil {
		t.Fatal(err)
	}
	if m := f.sent[1].msg; m.GetDocumentMessage().GetFileName() != "E1.ics" || m.GetDocumentWithCaptionMessage() != nil {
		t.Errorf("document without a caption = %v; want a plain DocumentMessage", m)
	}
}

// Issue 14, point 7: a reaction is to her message, from her as it
// arrived, at the time its row was queued; it carries no timer (it goes
// with the message it marks).
func TestSendReaction(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t, labbot)
	tr, f := timedTransport(s)
	s.timers.set(group.String(), week)
	for _, tc := range []struct {
		name, chat, addr, participant string
		remote                        types.JID
	}{
		{"in a group", group.String(), phone.String(), phone.String(), group},
		// Where numbers are hidden, she is named by her LID, never her number.
		{"in a group that hides numbers", group.String(), lid.String(), lid.String(), group},
		{"in a direct message", "+15550000100", phone.String(), "", phone},
	} {
		to := outbox.Envelope{Chat: tc.chat, ID: "r1", QuoteID: "CMD1", QuoteSender: "+15550000100", QuoteAddr: tc.addr, Queued: at}
		if err := tr.SendReaction(ctx, to, "✅"); err != nil {
			t.Fatal(err)
		}
		last := f.sent[len(f.sent)-1]
		r := last.msg.GetReactionMessage()
		k := r.GetKey()
		if last.to != tc.remote || last.id != "r1" || r.GetText() != "✅" || k.GetID() != "CMD1" || k.GetFromMe() ||
			k.GetRemoteJID() != tc.remote.String() || k.GetParticipant() != tc.participant || r.GetSenderTimestampMS() != at.UnixMilli() {
			t.Errorf("%s: sent %v to %s; want a ✅ reaction to CMD1 from her", tc.name, last.msg, last.to)
		}
	}
}

// buildMessage is all a retry needs: the same row and timer build the
// same message, byte for byte.
func TestBuildMessageIsPure(t *testing.T) {
	f := &fakeClient{}
	to := outbox.Envelope{Chat: group.String(), ID: "r1", QuoteID: "CMD1", QuoteSender: "+15550000100", QuoteText: "!rsvp E1", Queued: at}
	for _, o := range []outgoing{
		{To: to, Text: "Hi!"},
		{To: to, Reaction: "🙌"},
		{To: to, Text: "caption", Doc: &outbox.Document{Name: "E1.ics", MIME: "text/calendar"}},
	} {
		a, err1 := buildMessage(f, o, week)
		b, err2 := buildMessage(f, o, week)
		if err1 != nil || err2 != nil || !proto.Equal(a, b) {
			t.Errorf("built %v and %v (%v, %v); want the same message twice", a, b, err1, err2)
		}
	}
}
