package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"labbot/bot"
	"labbot/bot/outbox"
)

// waClient is what labbot asks of whatsmeow's client: narrow, so that tests
// can stand in for WhatsApp with a recording fake.
type waClient interface {
	GenerateMessageID() types.MessageID
	SendMessage(ctx context.Context, to types.JID, message *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	Upload(ctx context.Context, plaintext []byte, appInfo whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	BuildReaction(chat, sender types.JID, id types.MessageID, reaction string) *waE2E.Message
	JoinGroupWithLink(ctx context.Context, code string) (types.JID, error)
	GetGroupInfoFromLink(ctx context.Context, code string) (*types.GroupInfo, error)
	GetJoinedGroups(ctx context.Context) ([]*types.GroupInfo, error)
}

var _ waClient = (*whatsmeow.Client)(nil)

// rateLimitPause is how long labbot sends nothing after WhatsApp says it
// sends too much: accounts that keep going are banned.
const rateLimitPause = 5 * time.Minute

// offlinePause is how long sending waits while WhatsApp is out of reach.
const offlinePause = 30 * time.Second

// Transport carries out the core's sends on WhatsApp.
type Transport struct {
	client waClient
	lids   lidMapper   // to know group participants listed by LID; may be nil
	timers *chatTimers // each chat's disappearing-messages timer
}

var _ bot.Transport = (*Transport)(nil)

// NewTransport wraps a whatsmeow client.
func NewTransport(client waClient) *Transport {
	return &Transport{client: client, timers: &chatTimers{}}
}

// NewMessageID is WhatsApp's own kind of ID, fixed when a message is queued
// so that a retried send is the same message to WhatsApp.
func (t *Transport) NewMessageID(context.Context) (string, error) {
	return string(t.client.GenerateMessageID()), nil
}

// SendText sends text to a group or a person.
// In a group it quotes the command it answers.
func (t *Transport) SendText(ctx context.Context, to outbox.Envelope, text string) error {
	return t.send(ctx, outgoing{To: to, Text: text})
}

// SendReaction reacts with emoji to the message to.QuoteID.
func (t *Transport) SendReaction(ctx context.Context, to outbox.Envelope, emoji string) error {
	return t.send(ctx, outgoing{To: to, Reaction: emoji})
}

// SendDocument uploads a file and sends it as a document.
func (t *Transport) SendDocument(ctx context.Context, to outbox.Envelope, doc outbox.Document) error {
	if _, err := chatJID(to.Chat); err != nil {
		return outbox.Permanent(err) // before an upload for nobody
	}
	up, err := t.client.Upload(ctx, doc.Data, whatsmeow.MediaDocument)
	if err != nil {
		return fmt.Errorf("upload %s: %w", doc.Name, err)
	}
	return t.send(ctx, outgoing{To: to, Text: doc.Caption, Doc: &doc, Upload: up})
}

// send builds o's message, with its chat's timer, and sends it.
func (t *Transport) send(ctx context.Context, o outgoing) error {
	msg, err := buildMessage(t.client, o, t.timers.get(o.To.Chat))
	if err != nil {
		return outbox.Permanent(err)
	}
	jid, _ := chatJID(o.To.Chat) // buildMessage read it
	_, err = t.client.SendMessage(ctx, jid, msg, whatsmeow.SendRequestExtra{ID: types.MessageID(o.To.ID)})
	switch {
	case err == nil:
	case errors.Is(err, whatsmeow.ErrIQRateOverLimit), strings.Contains(err.Error(), "rate-overlimit"),
		errors.Is(err, whatsmeow.ErrServerReturnedError) && strings.HasSuffix(err.Error(), " 429"):
		return outbox.Pause(err, rateLimitPause)
	case errors.Is(err, whatsmeow.ErrNotConnected), errors.Is(err, whatsmeow.ErrNotLoggedIn):
		// Offline: waiting costs the row no attempt, and so loses nothing.
		return outbox.Pause(err, offlinePause)
	}
	return err
}

// JoinGroup joins a group by its invite link; when the group's admins
// approve who joins, it asks to, and says so (Pending).
func (t *Transport) JoinGroup(ctx context.Context, link string) (bot.GroupInfo, error) {
	link, ok := inviteCode(link)
	if !ok {
		return bot.GroupInfo{}, bot.ErrInviteInvalid
	}
	preview, err := t.client.GetGroupInfoFromLink(ctx, link)
	if err != nil {
		return bot.GroupInfo{}, inviteError(err)
	}
	jid, err := t.client.JoinGroupWithLink(ctx, link)
	if err != nil {
		return bot.GroupInfo{}, inviteError(err)
	}
	return bot.GroupInfo{ID: jid.String(), Name: preview.Name, Pending: preview.IsJoinApprovalRequired}, nil
}

// inviteError says what was wrong with an invite link in the core's terms.
func inviteError(err error) error {
	switch {
	case errors.Is(err, whatsmeow.ErrInviteLinkRevoked):
		return fmt.Errorf("%w: %v", bot.ErrInviteRevoked, err)
	case errors.Is(err, whatsmeow.ErrInviteLinkInvalid):
		return fmt.Errorf("%w: %v", bot.ErrInviteInvalid, err)
	}
	return err
}

// Groups lists the groups labbot is in, with their participants as the
// core knows people: by phone number when WhatsApp gives it.
func (t *Transport) Groups(ctx context.Context) ([]bot.GroupInfo, error) {
	groups, err := t.client.GetJoinedGroups(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]bot.GroupInfo, 0, len(groups))
	for _, g := range groups {
		t.timers.group(g)
		info := bot.GroupInfo{ID: g.JID.String(), Name: g.Name}
		for _, p := range g.Participants {
			info.Participants = append(info.Participants, userID(ctx, p.JID, p.PhoneNumber, t.lids))
		}
		out = append(out, info)
	}
	return out, nil
}

// chatJID is the WhatsApp address of a core chat ID: a group's JID, a
// person's "+number", or "lid:…" for someone known only by LID.
func chatJID(chat string) (types.JID, error) {
	switch {
	case strings.HasPrefix(chat, "+") && len(chat) > 1:
		return types.NewJID(chat[1:], types.DefaultUserServer), nil
	case strings.HasPrefix(chat, "lid:") && len(chat) > 4:
		return types.NewJID(chat[4:], types.HiddenUserServer), nil
	}
	jid, err := types.ParseJID(chat)
	if err != nil || jid.Server != types.GroupServer {
		return types.JID{}, fmt.Errorf("%q is not a chat labbot can write to", chat)
	}
	return jid, nil
}

// inviteCode finds the code in an invite link as people paste it: with or
// without https://, with WhatsApp's ?mode=… or a trailing slash.
func inviteCode(link string) (string, bool) {
	link = strings.TrimSpace(link)
	if !strings.Contains(link, "://") {
		link = "https://" + link
	}
	u, err := url.Parse(link)
	if err != nil || u.Host != "chat.whatsapp.com" {
		return "", false
	}
	code := strings.Trim(u.Path, "/")
	if code == "" || strings.Contains(code, "/") {
		return "", false
	}
	return code, true
}
