package whatsapp

import (
	"context"
	"log/slog"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"labbot/bot/outbox"
)

// retryLookup bounds the outbox look-up for a retry receipt: whatsmeow
// waits for it on its event goroutine.
const retryLookup = 5 * time.Second

// sentTexts finds what labbot sent, by WhatsApp message ID: the outbox.
type sentTexts interface {
	SentMessage(ctx context.Context, msgID string) (r outbox.Resend, ok bool, err error)
}

var _ sentTexts = (*outbox.Sender)(nil)

// messageForRetry is whatsmeow's GetMessageForRetry: when a recipient's
// phone could not decrypt a message labbot sent and asks for it again, and
// whatsmeow no longer has it in memory (a restart, or 256 sends since), it
// is built again from its outbox row, as the transport built it. nil (whatsmeow
// then answers nothing) for a row pruned, a document, a sensitive row
// (blanked once sent: those are answered from whatsmeow's memory only), or
// one sent to another chat than to.
func (s *Session) messageForRetry(sent sentTexts) func(requester, to types.JID, id types.MessageID) *waE2E.Message {
	return func(_, to types.JID, id types.MessageID) *waE2E.Message {
		ctx, cancel := context.WithTimeout(context.Background(), retryLookup)
		defer cancel()
		r, ok, err := sent.SentMessage(ctx, string(id))
		if err != nil {
			s.log.Warn("could not look up a message a recipient asked for again", "message", id, slog.Any("error", err))
			return nil
		}
		if !ok || !sameChat(ctx, r.To.Chat, to, s.container.LIDMap) {
			return nil
		}
		msg, err := buildMessage(s.client, outgoing{To: r.To, Text: r.Text, Reaction: r.Reaction, Poll: r.Poll}, s.timers.get(r.To.Chat))
		if err != nil {
			return nil
		}
		return msg
	}
}

// sameChat reports whether the core's chat is to, the chat a retry
// receipt names: the same group, or the same person under either of her
// forms (her phone may ask under her LID or her number), as whatsmeow's
// LID map knows them.
func sameChat(ctx context.Context, chat string, to types.JID, lids lidMapper) bool {
	jid, err := chatJID(chat)
	if err != nil {
		return false
	}
	to = to.ToNonAD()
	switch {
	case jid == to:
		return true
	case to.Server == types.GroupServer || jid.Server == types.GroupServer:
		return false
	}
	return userID(ctx, to, types.EmptyJID, lids) == userID(ctx, jid, types.EmptyJID, lids)
}
