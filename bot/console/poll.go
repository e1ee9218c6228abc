package console

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"labbot/bot"
	"labbot/bot/outbox"
)

// SendPoll prints a poll as DESIGN.md's console protocol says: its
// question, then one line per option, "N. OPTION", numbered from 1 as
// :vote reads them.
func (t *transport) SendPoll(ctx context.Context, to outbox.Envelope, poll outbox.Poll) error {
	if t.polls == nil {
		t.polls = map[string]int{}
	}
	t.polls[to.ID] = len(poll.Options) // so that :vote can say what is wrong
	var b strings.Builder
	b.WriteString(poll.Question)
	for i, o := range poll.Options {
		fmt.Fprintf(&b, "\n%d. %s", i+1, o)
	}
	return t.SendText(ctx, to, b.String())
}

// vote is :vote MSGID N[,N…]: the current member votes, in the current
// group, in the poll labbot posted as MSGID, as WhatsApp hands a vote to
// the core (options numbered from 1 here, by position from 0 there). A new
// vote replaces the last.
func (c *Console) vote(ctx context.Context, rest string) error {
	const usage = "usage: :vote MSGID N[,N…] (options numbered from 1, in a group)"
	id, list, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if id == "" || c.chat == "" {
		return c.note(usage)
	}
	var choices []int
	for f := range strings.SplitSeq(strings.TrimSpace(list), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return c.note(usage)
		}
		choices = append(choices, n-1)
	}
	id = strings.TrimPrefix(id, "#")
	if problem := c.notAPoll(id, choices); problem != "" {
		return c.note(":vote " + strings.TrimSpace(rest) + ": " + problem)
	}
	vid, err := c.inIDs.next(ctx)
	if err != nil {
		return err
	}
	c.chats.joined(c.chat, c.phone)
	return c.bot.PollVoted(ctx, bot.PollVote{PollMsgID: id, Chat: c.chat, Voter: c.phone,
		VoteMsgID: vid, Choices: choices, Time: c.clock.Now()})
}

// notAPoll says why a vote for choices in message id cannot be cast, or
// "": the message is not there, is not a poll, or has fewer options
// (WhatsApp's app would not offer them; labbot would ignore the vote).
func (c *Console) notAPoll(id string, choices []int) string {
	if missing := c.missing(id); missing != "" {
		return missing
	}
	n, isPoll := c.tr.polls[id]
	num, _ := strconv.ParseInt(strings.TrimPrefix(id, outPrefix), 10, 64)
	if !isPoll && strings.HasPrefix(id, outPrefix) && num <= c.tr.firstID {
		return "" // an earlier run's message: labbot decides
	}
	if !isPoll {
		return "#" + id + " is not a poll"
	}
	for _, ch := range choices {
		if ch >= n {
			return fmt.Sprintf("the poll #%s has %d options", id, n)
		}
	}
	return ""
}
