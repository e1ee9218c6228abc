package console

import (
	"context"
	"fmt"
	"strings"

	"labbot/bot/outbox"
)

// SendPoll prints a poll as DESIGN.md's console protocol says: its
// question, then one line per option, "N. OPTION", numbered from 1 as
// :vote reads them.
func (t *transport) SendPoll(ctx context.Context, to outbox.Envelope, poll outbox.Poll) error {
	var b strings.Builder
	b.WriteString(poll.Question)
	for i, o := range poll.Options {
		fmt.Fprintf(&b, "\n%d. %s", i+1, o)
	}
	return t.SendText(ctx, to, b.String())
}
