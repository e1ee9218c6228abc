package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"labbot/bot"
	"labbot/bot/outbox"
	"labbot/store"
)

// transport prints what labbot sends, one block a message, in the format
// DESIGN.md fixes: "[CHAT] #MSGID labbot:", the text, a blank line.
type transport struct {
	out    io.Writer
	names  *chats
	lastID int64 // the number of the last message ID given out
	// firstID is lastID when this run began, and polls the option counts
	// of the polls sent since, by message ID: :vote checks its vote
	// against them (an earlier run's polls are not known here).
	firstID int64
	polls   map[string]int
}

var _ bot.Transport = (*transport)(nil)

// NewMessageID numbers labbot's messages m1, m2, … across runs on the same
// data directory, so a transcript can quote them with :reply.
func (t *transport) NewMessageID(context.Context) (string, error) {
	t.lastID++
	return outPrefix + strconv.FormatInt(t.lastID, 10), nil
}

func (t *transport) SendText(ctx context.Context, to outbox.Envelope, text string) error {
	_, err := fmt.Fprintf(t.out, "[%s] #%s labbot:\n%s\n\n", t.names.label(ctx, to.Chat), to.ID, text)
	return err
}

func (t *transport) SendDocument(ctx context.Context, to outbox.Envelope, doc outbox.Document) error {
	text := fmt.Sprintf("📎 %s (%s, %d bytes)", doc.Name, doc.MIME, len(doc.Data))
	if doc.Caption != "" {
		text += "\n" + doc.Caption
	}
	return t.SendText(ctx, to, text)
}

// SendReaction prints a reaction as DESIGN.md's console protocol says,
// in a block of its own: it is a message to WhatsApp, with its own ID.
func (t *transport) SendReaction(ctx context.Context, to outbox.Envelope, emoji string) error {
	return t.SendText(ctx, to, "(reacts "+emoji+")")
}

func (t *transport) JoinGroup(ctx context.Context, link string) (bot.GroupInfo, error) {
	return bot.GroupInfo{}, errors.New("the console simulator cannot join groups by link")
}

func (t *transport) Groups(ctx context.Context) ([]bot.GroupInfo, error) {
	return t.names.groups(), nil
}

// chats maps chat IDs to the names the console prints and reads: a group's
// config key, or dm:PHONE.
type chats struct {
	store        *store.Store
	registered   map[string]string   // partner group chat ID -> key, as looked up
	unregistered map[string]string   // made-up chat ID -> key, for :in with an unknown key
	participants map[string][]string // chat ID -> user IDs seen speaking there
}

func (c *chats) label(ctx context.Context, chat string) string {
	if !strings.HasSuffix(chat, groupSuffix) {
		return "dm:" + chat
	}
	if key, ok := c.registered[chat]; ok {
		return key
	}
	if g, err := c.store.GroupByJID(ctx, chat); err == nil {
		c.registered[chat] = g.Key // a group's key never changes
		return g.Key
	}
	if key, ok := c.unregistered[chat]; ok {
		return key
	}
	return chat
}

// groupID finds the chat ID for a key: a registered group's (partner is
// true), or one made up for a group labbot is in but that is not a
// partner group.
func (c *chats) groupID(ctx context.Context, key string) (id string, partner bool, err error) {
	g, err := c.store.GroupByKey(ctx, key)
	if err == nil {
		return g.JID, true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", false, err
	}
	id = "console-" + key + groupSuffix
	c.unregistered[id] = key
	return id, false, nil
}

func (c *chats) joined(chat, user string) {
	if !slices.Contains(c.participants[chat], user) {
		c.participants[chat] = append(c.participants[chat], user)
	}
}

func (c *chats) left(chat, user string) {
	c.participants[chat] = slices.DeleteFunc(c.participants[chat], func(u string) bool { return u == user })
}

// groups lists the groups the console has seen, as WhatsApp would: a group
// that is not a partner group yet is named by the key :in gave it.
func (c *chats) groups() []bot.GroupInfo {
	var out []bot.GroupInfo
	for id, users := range c.participants {
		out = append(out, bot.GroupInfo{ID: id, Name: c.unregistered[id], Participants: users})
	}
	slices.SortFunc(out, func(a, b bot.GroupInfo) int { return strings.Compare(a.ID, b.ID) })
	return out
}
