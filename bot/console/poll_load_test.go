package console_test

import (
	"context"

	"labbot/bot/outbox"
)

func (t *loadTransport) SendPoll(ctx context.Context, to outbox.Envelope, poll outbox.Poll) error {
	return t.SendText(ctx, to, poll.Question)
}
