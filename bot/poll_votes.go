package bot

import (
	"context"
	"errors"
	"slices"
	"time"

	"labbot/store"
)

// SentPoll is what a transport needs to read a vote in a poll labbot
// posted: the options as they were sent, in order, and the message secret
// the votes are encrypted with.
type SentPoll struct {
	Chat    string
	Options []string
	Secret  []byte
}

// PollVote is a member's vote in a poll labbot posted, as the transport
// read it: the options she chose, by position from 0 (none: she took her
// vote back). A new vote replaces the last, as in WhatsApp.
type PollVote struct {
	PollMsgID string // the message the poll went out as
	Chat      string
	Voter     string // user ID, as Message.Sender
	VoterAlt  string // her other user ID, when known
	VoteMsgID string
	Choices   []int
	Time      time.Time
}

// PollSent finds the poll labbot sent as msgID; ok is false for any other
// message, whose votes are not labbot's business.
func (b *Bot) PollSent(ctx context.Context, msgID string) (SentPoll, bool, error) {
	pp, err := b.store.PollPostByMsgID(ctx, msgID)
	if errors.Is(err, store.ErrNotFound) {
		return SentPoll{}, false, nil
	}
	if err != nil {
		return SentPoll{}, false, err
	}
	return SentPoll{Chat: pp.Chat, Options: pp.Options, Secret: pp.Secret}, true, nil
}

// PollVoted keeps v. It is ignored when the poll is not labbot's, when it
// was cast in another chat than the poll's, when the poll's group is no
// partner group, or from someone labbot was asked to forget: a vote alone
// does not bring her back, as chat does not. A vote is counted only in the
// group whose poll it answers, so a private group's votes stay its own.
func (b *Bot) PollVoted(ctx context.Context, v PollVote) error {
	pp, err := b.store.PollPostByMsgID(ctx, v.PollMsgID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	g, ok := b.groups.lookup(pp.Chat)
	if !ok || v.Chat != pp.Chat {
		return nil
	}
	m, _, err := b.store.SeeMember(ctx, store.Incoming{Chat: v.Chat, Sender: v.Voter}, "", g.ID, b.clock.Now())
	if err != nil || m.ID == 0 {
		return err
	}
	if v.VoterAlt != "" {
		if err := b.SameMember(ctx, v.Voter, v.VoterAlt); err != nil {
			return err
		}
	}
	choices := slices.DeleteFunc(slices.Clone(v.Choices), func(c int) bool { return c < 0 || c >= len(pp.Options) })
	at := v.Time
	if at.IsZero() {
		at = b.clock.Now()
	}
	return b.store.Vote(ctx, pp.ID, m.ID, choices, at)
}
