package whatsapp

import (
	"context"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"

	"labbot/bot/outbox"
)

// maxPollOptions is WhatsApp's limit; the core asks for no more.
const maxPollOptions = 12

// SendPoll posts a native poll (issue 17).
func (t *Transport) SendPoll(ctx context.Context, to outbox.Envelope, poll outbox.Poll) error {
	return t.send(ctx, outgoing{To: to, Poll: &poll})
}

// buildPoll is the poll as whatsmeow's BuildPollCreation builds it, but
// with the secret labbot stored when it queued the poll: BuildPollCreation
// draws a new one on every call, and a retry built that way would be
// another poll to the votes. whatsmeow keeps the secret of what it sends
// (send.go), and labbot hands it back before each vote is read (votes.go),
// so votes decrypt after a restart, and with a lost session store too.
func buildPoll(p outbox.Poll, info *waE2E.ContextInfo) *waE2E.Message {
	options := p.Options[:min(len(p.Options), maxPollOptions)]
	var builder *whatsmeow.Client // BuildPollCreation reads nothing of its client
	msg := builder.BuildPollCreation(p.Question, options, p.Selectable)
	msg.MessageContextInfo.MessageSecret = p.Secret
	msg.PollCreationMessage.ContextInfo = info
	return msg
}
