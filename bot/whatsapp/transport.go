package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"labbot/bot"
	"labbot/bot/outbox"
	"labbot/internal/invite"
)

// waClient is what labbot asks of whatsmeow's client: narrow, so that tests
// can stand in for WhatsApp with a recording fake.
type waClient interface {
	GenerateMessageID() types.MessageID
	SendMessage(ctx context.Context, to types.JID, message *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	Upload(ctx context.Context, plaintext []byte, appInfo whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	UploadReader(ctx context.Context, plaintext io.Reader, tempFile io.ReadWriteSeeker, appInfo whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	downloader // a member's file, when a command keeps it (issue 17)
	BuildReaction(chat, sender types.JID, id types.MessageID, reaction string) *waE2E.Message
	JoinGroupWithLink(ctx context.Context, code string) (types.JID, error)
	GetGroupInfoFromLink(ctx context.Context, code string) (*types.GroupInfo, error)
	GetJoinedGroups(ctx context.Context) ([]*types.GroupInfo, error)
	GetUserInfo(ctx context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error)
	SendPresence(ctx context.Context, state types.Presence) error
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
	lids   lidMapper // to know group participants listed by LID; may be nil
	// groups are the groups labbot cannot post in, which it does not try;
	// nil when the transport stands alone.
	groups *groupStates
	me     func() []types.JID // labbot's own JID and LID, to know whether it is an admin
	timers *chatTimers        // each chat's disappearing-messages timer
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
	jid, err := chatJID(to.Chat)
	if err != nil {
		return outbox.Permanent(err) // before an upload for nobody
	}
	if err := t.postable(jid); err != nil {
		return err
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
	if err := t.postable(jid); err != nil {
		return err
	}
	_, err = t.client.SendMessage(ctx, jid, msg, whatsmeow.SendRequestExtra{ID: types.MessageID(o.To.ID)})
	if err := t.groupRefused(jid, err); err != nil {
		return err
	}
	return sendError(err)
}

// postable refuses, for good and without asking WhatsApp, a send to a
// group labbot knows it cannot post in.
func (t *Transport) postable(jid types.JID) error {
	if t.groups == nil || jid.Server != types.GroupServer {
		return nil
	}
	if st := t.groups.state(jid.String()); st != bot.GroupOpen {
		return outbox.Permanent(fmt.Errorf("labbot cannot post in this group (%s)", st))
	}
	return nil
}

// groupRefused makes a send WhatsApp refused because of the group
// permanent, and remembers why, for the next sends and for staff.
func (t *Transport) groupRefused(jid types.JID, err error) error {
	if err == nil || jid.Server != types.GroupServer {
		return nil
	}
	st, ok := groupSendError(err)
	if !ok {
		return nil
	}
	if t.groups != nil {
		t.groups.update(jid, func(g *groupState) { g.gone, g.out = st == bot.GroupGone, st == bot.GroupNotIn })
	}
	return outbox.Permanent(err)
}

// JoinGroup joins a group by its invite link; when the group's admins
// approve who joins, it asks to, and says so (Pending).
func (t *Transport) JoinGroup(ctx context.Context, link string) (bot.GroupInfo, error) {
	link, ok := invite.Code(link)
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
	if t.groups != nil {
		t.groups.listed(groups, t.me()...)
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

// quotedSender is who wrote the quoted message, addressed exactly as her
// message arrived: in a group that hides numbers her @lid JID, never a
// phone JID made from her user ID, which would put her number on every
// phone in the group. A row queued before labbot kept the address names
// her only by a LID user ID; a number it never turns into a JID.
func quotedSender(to outbox.Envelope) (types.JID, bool) {
	addr := to.QuoteAddr
	if addr == "" && strings.HasPrefix(to.QuoteSender, "lid:") {
		addr = to.QuoteSender[4:] + "@" + types.HiddenUserServer
	}
	jid, err := types.ParseJID(addr)
	ok := err == nil && (jid.Server == types.HiddenUserServer || jid.Server == types.DefaultUserServer)
	return jid.ToNonAD(), ok
}
