package bot

import (
	"context"
	"strconv"
	"strings"

	"labbot/bot/outbox"
)

// SendPoll records a poll as the console prints it, with the poll itself.
func (r *recorder) SendPoll(_ context.Context, to outbox.Envelope, poll outbox.Poll) error {
	text := poll.Question
	for i, o := range poll.Options {
		text += "\n" + strconv.Itoa(i+1) + ". " + o
	}
	return r.record(sentMsg{To: to, Text: strings.TrimSpace(text), Poll: &poll})
}
