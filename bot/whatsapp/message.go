package whatsapp

import (
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"labbot/bot/outbox"
)

// outgoing is one outbox row as WhatsApp carries it: all buildMessage
// needs, so that a message can be built again from its row alone (a
// retry receipt asks for it after a restart).
type outgoing struct {
	To       outbox.Envelope
	Text     string           // the text, or a document's caption
	Doc      *outbox.Document // a document: its name and type; its data is in Upload
	Upload   whatsmeow.UploadResponse
	Reaction string       // an emoji: a reaction to To.QuoteID
	Poll     *outbox.Poll // a native poll: its question, options and secret
}

// reactionBuilder builds a reaction as whatsmeow does: whether the message
// reacted to is labbot's own depends on the account it is logged in as.
type reactionBuilder interface {
	BuildReaction(chat, sender types.JID, id types.MessageID, reaction string) *waE2E.Message
}

// buildMessage is the message WhatsApp is sent for o, in a chat whose
// disappearing-messages timer is timer seconds (0: none). It sends nothing
// and reads no clock: the same row builds the same message.
func buildMessage(keys reactionBuilder, o outgoing, timer uint32) (*waE2E.Message, error) {
	chat, err := chatJID(o.To.Chat)
	if err != nil {
		return nil, err
	}
	info := contextInfo(o.To, timer)
	switch {
	case o.Reaction != "":
		return buildReaction(keys, chat, o.To, o.Reaction), nil
	case o.Poll != nil:
		return buildPoll(*o.Poll, info), nil
	case o.Doc != nil:
		return buildDocument(o, info), nil
	case info == nil:
		return &waE2E.Message{Conversation: proto.String(o.Text)}, nil
	}
	// A Conversation carries neither a quote nor a timer.
	return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(o.Text), ContextInfo: info}}, nil
}

// contextInfo is what a message carries besides its content: the quote of
// the message it answers, and the chat's timer, so that it disappears with
// the rest of the chat. nil when there is neither.
func contextInfo(to outbox.Envelope, timer uint32) *waE2E.ContextInfo {
	if to.QuoteID == "" && timer == 0 {
		return nil
	}
	info := &waE2E.ContextInfo{}
	if to.QuoteID != "" {
		info.StanzaID = proto.String(to.QuoteID)
		info.QuotedMessage = &waE2E.Message{Conversation: proto.String(to.QuoteText)}
		if sender, ok := quotedSender(to); ok {
			info.Participant = proto.String(sender.String())
		}
	}
	if timer > 0 {
		info.Expiration = proto.Uint32(timer)
	}
	return info
}

// buildReaction reacts to the message to answers, from its sender as it
// arrived. Its time is when the row was queued, the same on a retry.
func buildReaction(keys reactionBuilder, chat types.JID, to outbox.Envelope, emoji string) *waE2E.Message {
	sender, ok := quotedSender(to)
	if !ok && chat.Server != types.GroupServer {
		sender = chat // in a direct message, she is the chat
	}
	msg := keys.BuildReaction(chat, sender, types.MessageID(to.QuoteID), emoji)
	if !to.Queued.IsZero() {
		msg.ReactionMessage.SenderTimestampMS = proto.Int64(to.Queued.UnixMilli())
	}
	return msg
}

// buildDocument is an uploaded document; with a caption, wrapped as
// DocumentWithCaptionMessage, as WhatsApp's own apps send it (and
// mautrix-whatsapp does), or the caption may not show.
func buildDocument(o outgoing, info *waE2E.ContextInfo) *waE2E.Message {
	up := o.Upload
	doc := &waE2E.DocumentMessage{
		URL:           proto.String(up.URL),
		DirectPath:    proto.String(up.DirectPath),
		MediaKey:      up.MediaKey,
		FileEncSHA256: up.FileEncSHA256,
		FileSHA256:    up.FileSHA256,
		FileLength:    proto.Uint64(up.FileLength),
		Mimetype:      proto.String(o.Doc.MIME),
		FileName:      proto.String(o.Doc.Name),
		Title:         proto.String(o.Doc.Name),
		ContextInfo:   info,
	}
	if o.Text == "" {
		return &waE2E.Message{DocumentMessage: doc}
	}
	doc.Caption = proto.String(o.Text)
	return &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{DocumentMessage: doc}}}
}
