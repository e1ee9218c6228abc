// Package whatsapp serves the Lab on WhatsApp through whatsmeow: it hands
// whatsmeow's events to the bot core, as bot.Messages and group changes,
// and carries out the core's sends. The core never sees a WhatsApp type.
package whatsapp

import (
	"context"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"labbot/bot"
)

// lidMapper finds the phone number behind a LID and back, as whatsmeow's store does
// (an empty JID and no error when it does not know).
type lidMapper interface {
	GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error)
	GetLIDForPN(ctx context.Context, pn types.JID) (types.JID, error)
}

// toMessage turns a whatsmeow message into what the core reads. ok is false
// for what the core must not act on: labbot's own messages, revokes and
// other protocol messages, status updates and channels, and messages with
// no text. An edit comes as its new text under the original's ID: the core
// runs it only when it makes a command labbot did not run before.
func toMessage(ctx context.Context, evt *events.Message, lids lidMapper) (m bot.Message, ok bool) {
	info := evt.Info
	msg, id, edit := unwrapEdit(evt)
	switch {
	case info.IsFromMe, msg == nil, msg.GetProtocolMessage() != nil,
		info.Chat.Server == types.BroadcastServer, info.Chat.Server == types.NewsletterServer:
		return bot.Message{}, false
	}
	text, quoted := textOf(msg)
	if text == "" {
		return bot.Message{}, false
	}
	sender, alt := userIDs(ctx, info.Sender, info.SenderAlt, lids)
	m = bot.Message{
		Chat:       sender,
		Group:      info.IsGroup,
		Sender:     sender,
		SenderAlt:  alt,
		SenderAddr: info.Sender.ToNonAD().String(),
		SenderName: info.PushName,
		Text:       text,
		QuotedID:   quoted,
		ID:         id,
		Time:       info.Timestamp,
		Edit:       edit,
	}
	if info.IsGroup {
		m.Chat = info.Chat.ToNonAD().String()
	}
	return m, true
}

// unwrapEdit is a message's content and ID; for an edit, the new content
// and the ID of the message edited. A live edit arrives (after whatsmeow's
// UnwrapRaw) as a MESSAGE_EDIT protocol message under an ID of its own,
// naming the original in its key; one parsed from a web message (history,
// a message asked again of the phone) is already the new content under the
// original's ID.
func unwrapEdit(evt *events.Message) (msg *waE2E.Message, id string, edit bool) {
	pm := evt.Message.GetProtocolMessage()
	if pm.GetType() == waE2E.ProtocolMessage_MESSAGE_EDIT {
		return pm.GetEditedMessage(), pm.GetKey().GetID(), true
	}
	return evt.Message, evt.Info.ID, evt.IsEdit
}

// textOf is a message's text, or a photo's, video's or document's caption,
// and the ID of the message it quotes.
func textOf(msg *waE2E.Message) (text, quoted string) {
	switch {
	case msg.GetConversation() != "":
		return msg.GetConversation(), ""
	case msg.GetExtendedTextMessage() != nil:
		text = msg.GetExtendedTextMessage().GetText()
	case msg.GetImageMessage() != nil:
		text = msg.GetImageMessage().GetCaption()
	case msg.GetVideoMessage() != nil:
		text = msg.GetVideoMessage().GetCaption()
	case msg.GetDocumentMessage() != nil:
		text = msg.GetDocumentMessage().GetCaption()
	case msg.GetDocumentWithCaptionMessage().GetMessage() != nil:
		return textOf(msg.GetDocumentWithCaptionMessage().GetMessage())
	default:
		return "", ""
	}
	return text, contextOf(msg).GetStanzaID()
}

// userID is the core's ID for a person: her phone number in + form, so that
// the phone-number and LID forms of one person are one member and config
// staff numbers match. A LID whose number nobody knows stays "lid:…": that
// person is nobody labbot knows yet.
func userID(ctx context.Context, sender, alt types.JID, lids lidMapper) string {
	id, _ := userIDs(ctx, sender, alt, lids)
	return id
}

// userIDs is userID and, when WhatsApp has shown both forms of her (the
// message's two addresses, or the LID map), her LID as the other
// ("lid:…"), so that the core merges a member first seen by it.
func userIDs(ctx context.Context, sender, alt types.JID, lids lidMapper) (id, other string) {
	var pn, lid types.JID
	for _, j := range []types.JID{alt.ToNonAD(), sender.ToNonAD()} {
		switch j.Server {
		case types.DefaultUserServer:
			pn = j
		case types.HiddenUserServer:
			lid = j
		}
	}
	if lids != nil && pn.IsEmpty() && !lid.IsEmpty() {
		pn, _ = lids.GetPNForLID(ctx, lid)
	} else if lids != nil && lid.IsEmpty() && !pn.IsEmpty() {
		lid, _ = lids.GetLIDForPN(ctx, pn)
	}
	switch {
	case pn.Server != types.DefaultUserServer:
		return "lid:" + sender.ToNonAD().User, ""
	case lid.Server == types.HiddenUserServer:
		return "+" + pn.User, "lid:" + lid.User
	}
	return "+" + pn.User, ""
}
