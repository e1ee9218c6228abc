package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"log/slog"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"labbot/bot"
)

// voteReader decrypts a vote as whatsmeow does, with the poll's secret
// from whatsmeow's message-secret store.
type voteReader interface {
	DecryptPollVote(ctx context.Context, vote *events.Message) (*waE2E.PollVoteMessage, error)
}

var _ voteReader = (*whatsmeow.Client)(nil)

// pollCore is what reading a vote asks of the core.
type pollCore interface {
	PollSent(ctx context.Context, msgID string) (bot.SentPoll, bool, error)
	PollVoted(ctx context.Context, v bot.PollVote) error
}

var _ pollCore = (*bot.Bot)(nil)

// errNotOurPoll marks a vote in a poll labbot did not send: ignored.
var errNotOurPoll = errors.New("not a poll of labbot's")

// readVote turns a poll update into the vote the core keeps. whatsmeow
// finds the poll's secret in its own store, where it put it when it sent
// the poll; labbot puts it there again first, from its own poll row, under
// the poll's key as the vote names it: so a vote decrypts after a restart,
// after whatsmeow's store lost it, and whichever form (phone or LID) the
// voter's phone named labbot by. A vote for an option labbot did not send
// is dropped; none left means she took her vote back.
func readVote(ctx context.Context, e *events.Message, core pollCore, secrets store.MsgSecretStore, dec voteReader, lids lidMapper) (bot.PollVote, error) {
	upd := e.Message.GetPollUpdateMessage()
	key := upd.GetPollCreationMessageKey()
	poll, ok, err := core.PollSent(ctx, key.GetID())
	if err != nil {
		return bot.PollVote{}, err
	}
	if !ok || !e.Info.IsGroup {
		return bot.PollVote{}, errNotOurPoll
	}
	chat := e.Info.Chat.ToNonAD()
	if author, err := types.ParseJID(key.GetParticipant()); err == nil && !author.IsEmpty() {
		if err := secrets.PutMessageSecret(ctx, chat, author, types.MessageID(key.GetID()), poll.Secret); err != nil {
			return bot.PollVote{}, err
		}
	}
	vote, err := dec.DecryptPollVote(ctx, e)
	if err != nil {
		return bot.PollVote{}, err
	}
	voter, alt := userIDs(ctx, e.Info.Sender, e.Info.SenderAlt, lids)
	return bot.PollVote{PollMsgID: key.GetID(), Chat: chat.String(), Voter: voter, VoterAlt: alt, VoteMsgID: e.Info.ID,
		Choices: chosen(poll.Options, vote.GetSelectedOptions()), Time: e.Info.Timestamp}, nil
}

// chosen is the positions of the options whose hashes a vote selected.
func chosen(options []string, selected [][]byte) []int {
	hashes := whatsmeow.HashPollOptions(options)
	choices := []int{}
	for i, h := range hashes {
		for _, s := range selected {
			if bytes.Equal(h, s) {
				choices = append(choices, i)
				break
			}
		}
	}
	return choices
}

// handleVote hands a vote in one of labbot's polls to the core, in its
// chat's turn. A vote that cannot be read is logged by its poll, never by
// who cast it. Like a message, a vote that comes while labbot is not
// serving is left unacked, for WhatsApp to deliver again.
func (s *Session) handleVote(ctx context.Context, e *events.Message) bool {
	s.gate.RLock()
	defer s.gate.RUnlock()
	if !s.accepting || s.polls == nil {
		return false
	}
	v, err := readVote(ctx, e, s.polls, s.client.Store.MsgSecrets, s.client, s.container.LIDMap)
	switch {
	case errors.Is(err, errNotOurPoll):
		return true
	case err != nil:
		s.log.Warn("could not read a poll vote", "poll", e.Message.GetPollUpdateMessage().GetPollCreationMessageKey().GetID(), slog.Any("error", err))
		return true
	}
	return s.inbox.Do(ctx, v.Chat, func(ctx context.Context) {
		if err := s.polls.PollVoted(ctx, v); err != nil {
			s.log.Error("keep a poll vote", "poll", v.PollMsgID, slog.Any("error", err))
		}
	})
}
