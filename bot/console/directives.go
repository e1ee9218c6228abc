package console

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"labbot/bot/config"
	"labbot/textfold"
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
		id, err := c.group(ctx, "in", rest)
		if id != "" {
			c.chat = id
		}
		return err
	case "dm":
		c.chat = ""
	case "reply":
		id, text, _ := strings.Cut(rest, " ")
		if id == "" || strings.TrimSpace(text) == "" {
			return c.note("usage: :reply MSGID TEXT")
		}
		id = strings.TrimPrefix(id, "#")
		if missing := c.missing(id); missing != "" {
			return c.note(":reply " + id + ": " + missing)
		}
		return c.say(ctx, strings.TrimSpace(text), id)
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
	id, err := c.group(ctx, name, key)
	if id == "" || err != nil {
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

// group finds the chat ID of the group a directive (:in, :add, :leave)
// names: a partner group by its key, or with ?NAME a group labbot is in
// that is not a partner group (yet), to try !setup in. A bare key no
// partner group has stands for such a group too, as DESIGN.md's protocol
// says, but it is most often a typo, after which every line would go
// unanswered: that one is warned of, with the keys there are (issue 18).
// It returns "" after a usage notice.
func (c *Console) group(ctx context.Context, directive, key string) (string, error) {
	name, quiet := strings.CutPrefix(key, "?")
	if name == "" || strings.ContainsAny(name, " \t") {
		return "", c.note(fmt.Sprintf("usage: :%s GROUP (a group key from the config), or :%s ?NAME (a group that is not a partner group)", directive, directive))
	}
	id, partner, err := c.chats.groupID(ctx, name)
	if err != nil || partner || quiet {
		return id, err
	}
	keys, err := c.groupKeys(ctx)
	if err != nil {
		return "", err
	}
	return id, c.note(unknownGroup(directive, name, keys))
}

// unknownGroup is the warning for a key no partner group has.
func unknownGroup(directive, key string, keys []string) string {
	msg := fmt.Sprintf(":%s %s: no partner group has that key.", directive, key)
	if near := closest(key, keys); near != "" {
		msg += " Did you mean :" + directive + " " + near + "?"
	}
	if len(keys) > 0 {
		msg += " (partner groups: " + strings.Join(keys, ", ") + ")"
	}
	return msg + fmt.Sprintf(". labbot takes it as a group that is not a partner group yet, where it answers only !setup (:%s ?%s does the same without this warning).", directive, key)
}

func (c *Console) groupKeys(ctx context.Context) ([]string, error) {
	groups, err := c.store.Groups(ctx)
	keys := make([]string, len(groups))
	for i, g := range groups {
		keys[i] = g.Key
	}
	return keys, err
}

// closest is the key at most two edits from key (the nearest), or "".
func closest(key string, keys []string) string {
	best, bestD := "", 3
	for _, k := range keys {
		if d := textfold.Distance(strings.ToLower(key), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// missing says why id is not a message :reply can quote, or "" when it
// is one: labbot's m1, m2, … and members' in1, in2, … given so far
// (issue 18: a reply to #m99 went unanswered, unexplained).
func (c *Console) missing(id string) string {
	for _, k := range []struct {
		prefix, whose string
		last          int64
	}{{outPrefix, "labbot's", c.tr.lastID}, {inPrefix, "members'", c.inIDs.last}} {
		n, err := strconv.ParseInt(strings.TrimPrefix(id, k.prefix), 10, 64)
		if !strings.HasPrefix(id, k.prefix) || err != nil || n < 1 {
			continue
		}
		if n <= k.last {
			return ""
		}
		if k.last == 0 {
			return fmt.Sprintf("there is no message #%s: there are no %s messages yet", id, k.whose)
		}
		return fmt.Sprintf("there is no message #%s: %s latest is #%s%d", id, k.whose, k.prefix, k.last)
	}
	return fmt.Sprintf("#%s is not a message ID: labbot's are #m1, #m2, … (the number in [CHAT] #MSGID labbot:)", id)
}
