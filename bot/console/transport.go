package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"labbot/bot"
	"labbot/store"
)

// transport prints what labbot sends, one block a message, in the format
// DESIGN.md fixes: "[CHAT] #MSGID labbot:", the text, a blank line.
type transport struct {
	out   io.Writer
	store *store.Store
	names *chats
}

var _ bot.Transport = (*transport)(nil)

// NewMessageID numbers labbot's messages m1, m2, … across runs on the same
// data directory, so a transcript can quote them with :reply.
func (t *transport) NewMessageID(ctx context.Context) (string, error) {
	n, err := t.store.NextCounter(ctx, "console.out")
	if err != nil {
		return "", err
	}
	return "m" + strconv.FormatInt(n, 10), nil
}

func (t *transport) SendText(ctx context.Context, to bot.Envelope, text string) error {
	_, err := fmt.Fprintf(t.out, "[%s] #%s labbot:\n%s\n\n", t.names.label(ctx, to.Chat), to.ID, text)
	return err
}

func (t *transport) SendDocument(ctx context.Context, to bot.Envelope, doc bot.Document) error {
	text := fmt.Sprintf("📎 %s (%s, %d bytes)", doc.Name, doc.MIME, len(doc.Data))
	if doc.Caption != "" {
		text += "\n" + doc.Caption
	}
	return t.SendText(ctx, to, text)
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
	unregistered map[string]string   // made-up chat ID -> key, for :in with an unknown key
	participants map[string][]string // chat ID -> user IDs seen speaking there
}

func (c *chats) label(ctx context.Context, chat string) string {
	if !strings.HasSuffix(chat, groupSuffix) {
		return "dm:" + chat
	}
	if g, err := c.store.GroupByJID(ctx, chat); err == nil {
		return g.Key
	}
	if key, ok := c.unregistered[chat]; ok {
		return key
	}
	return chat
}

// groupID finds the chat ID for a key: a registered group's, or one made up
// for a group labbot is in but that is not a partner group.
func (c *chats) groupID(ctx context.Context, key string) (string, error) {
	g, err := c.store.GroupByKey(ctx, key)
	if err == nil {
		return g.JID, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	id := "console-" + key + groupSuffix
	c.unregistered[id] = key
	return id, nil
}

func (c *chats) joined(chat, user string) {
	for _, u := range c.participants[chat] {
		if u == user {
			return
		}
	}
	c.participants[chat] = append(c.participants[chat], user)
}

func (c *chats) groups() []bot.GroupInfo {
	var out []bot.GroupInfo
	for id, users := range c.participants {
		out = append(out, bot.GroupInfo{ID: id, Participants: users})
	}
	return out
}
