package console

import (
	"context"
	"fmt"
	"strings"
	"time"

	"labbot/bot/config"
)

// directive runs one simulator directive. Mistakes are noted on the notes
// stream and the run goes on: a typo in a script should not end it.
func (c *Console) directive(ctx context.Context, line string) error {
	name, rest, _ := strings.Cut(strings.TrimSpace(line[1:]), " ")
	rest = strings.TrimSpace(rest)
	switch name {
	case "as":
		phone, who, _ := strings.Cut(rest, " ")
		if !config.IsPhone(phone) {
			return c.note("usage: :as +PHONE [NAME] (phone in + international form, e.g. +15550000100)")
		}
		if phone != c.phone {
			c.name = ""
		}
		c.phone = phone
		if who = strings.TrimSpace(who); who != "" {
			c.name = who
		}
	case "in":
		if rest == "" || strings.ContainsAny(rest, " \t") {
			return c.note("usage: :in GROUP (a group key from the config)")
		}
		id, err := c.chats.groupID(ctx, rest)
		if err != nil {
			return err
		}
		c.chat = id
	case "dm":
		c.chat = ""
	case "reply":
		id, text, _ := strings.Cut(rest, " ")
		if id == "" || strings.TrimSpace(text) == "" {
			return c.note("usage: :reply MSGID TEXT")
		}
		return c.say(ctx, strings.TrimSpace(text), strings.TrimPrefix(id, "#"))
	case "file":
		return c.sendFile(ctx, rest)
	case "advance":
		d, err := config.ParseDuration(rest)
		if err != nil || d <= 0 {
			return c.note("usage: :advance DURATION (e.g. 90m, 2h, 7d)")
		}
		_, err = c.runUntil(ctx, c.clock.Now().Add(d))
		return err
	case "now":
		return c.note("now: " + c.clock.Now().Format(time.RFC3339))
	case "leave", "add":
		return c.participantChange(ctx, name, rest)
	case "vote":
		return c.vote(ctx, rest)
	case "redeliver":
		if c.last == nil {
			return c.note(":redeliver: no message to deliver again yet")
		}
		c.bot.Handle(ctx, *c.last)
	default:
		return c.note(fmt.Sprintf("unknown directive %q (try :as, :in, :dm, :reply, :file, :vote, :advance, :now, :redeliver, :leave, :add)", ":"+name))
	}
	return nil
}

// participantChange is :leave GROUP or :add GROUP: the current member
// leaves, or is added to, a group, reported to the core as the WhatsApp
// transport reports a participant change.
func (c *Console) participantChange(ctx context.Context, name, key string) error {
	if key == "" || strings.ContainsAny(key, " \t") {
		return c.note(fmt.Sprintf("usage: :%s GROUP (a group key from the config)", name))
	}
	id, err := c.chats.groupID(ctx, key)
	if err != nil {
		return err
	}
	if name == "leave" {
		c.chats.left(id, c.phone)
		return c.bot.MembersLeft(ctx, id, []string{c.phone})
	}
	c.chats.joined(id, c.phone)
	return c.bot.MembersJoined(ctx, id, []string{c.phone})
}

func (c *Console) note(msg string) error {
	_, err := fmt.Fprintln(c.notes, msg)
	return err
}
