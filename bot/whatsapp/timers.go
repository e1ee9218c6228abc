package whatsapp

import (
	"context"
	"sync"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// chatTimers is the disappearing-messages timer of each chat, in seconds,
// as WhatsApp last told labbot, keyed by the core's chat ID (a group's
// JID, a person's "+number" or "lid:…"): a reply sent without it is the
// one message in the chat that does not disappear, and the quote of her
// words in it stays on every phone. It lives in memory: the groups are
// listed again on every connect; a person's timer is learned from her
// messages, and a reply answers one (docs/DESIGN-NOTES.md, issue 14).
type chatTimers struct {
	mu sync.Mutex
	by map[string]uint32
}

func (c *chatTimers) set(chat string, seconds uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seconds == 0 {
		delete(c.by, chat)
		return
	}
	if c.by == nil {
		c.by = map[string]uint32{}
	}
	c.by[chat] = seconds
}

// get is chat's timer; 0 when it has none, or labbot has not heard of one.
func (c *chatTimers) get(chat string) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.by[chat]
}

// group notes g's timer, as the list of groups or a join tells it.
func (c *chatTimers) group(g *types.GroupInfo) {
	c.set(g.JID.ToNonAD().String(), groupTimer(g.GroupEphemeral))
}

func groupTimer(e types.GroupEphemeral) uint32 {
	if !e.IsEphemeral {
		return 0
	}
	return e.DisappearingTimer
}

// heard notes what a message says of its chat's timer: a change of the
// setting, or the expiration a message in a disappearing chat carries. A
// person's message sent without one says her chat has none; in a group,
// the group's own news turns the timer off (a member's old client may
// leave the expiration out).
func (c *chatTimers) heard(ctx context.Context, e *events.Message, lids lidMapper) {
	chat := timerChat(ctx, e.Info, lids)
	if chat == "" || e.Message == nil {
		return
	}
	if p := e.Message.GetProtocolMessage(); p.GetType() == waE2E.ProtocolMessage_EPHEMERAL_SETTING {
		c.set(chat, p.GetEphemeralExpiration())
		return
	}
	text, _ := textOf(e.Message)
	switch exp := contextOf(e.Message).GetExpiration(); {
	case exp > 0:
		c.set(chat, exp)
	case !e.Info.IsGroup && !e.IsEphemeral && text != "":
		c.set(chat, 0)
	}
}

// timerChat is the core's ID of the chat a message was sent in, as the
// core's replies will name it; "" for status updates and channels.
func timerChat(ctx context.Context, info types.MessageInfo, lids lidMapper) string {
	switch {
	case info.Chat.Server == types.BroadcastServer, info.Chat.Server == types.NewsletterServer:
		return ""
	case info.IsGroup:
		return info.Chat.ToNonAD().String()
	case info.IsFromMe: // from labbot's phone, to her
		return userID(ctx, info.Chat, info.RecipientAlt, lids)
	}
	return userID(ctx, info.Sender, info.SenderAlt, lids)
}

// contextOf is the ContextInfo of a message that can carry one.
func contextOf(msg *waE2E.Message) *waE2E.ContextInfo {
	switch {
	case msg.GetExtendedTextMessage() != nil:
		return msg.GetExtendedTextMessage().GetContextInfo()
	case msg.GetImageMessage() != nil:
		return msg.GetImageMessage().GetContextInfo()
	case msg.GetVideoMessage() != nil:
		return msg.GetVideoMessage().GetContextInfo()
	case msg.GetDocumentMessage() != nil:
		return msg.GetDocumentMessage().GetContextInfo()
	case msg.GetAudioMessage() != nil:
		return msg.GetAudioMessage().GetContextInfo()
	case msg.GetStickerMessage() != nil:
		return msg.GetStickerMessage().GetContextInfo()
	}
	return nil
}
