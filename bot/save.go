package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"labbot/store"
)

// saving is an item a command saves when its message is complete, and
// then, which adds the replies (and posts) that name it, numbered.
type saving struct {
	item store.Item
	then func(saved store.Item)
}

// save has r's message save it when it is complete, in the transaction
// that marks the message handled: then adds what names it, once numbered.
func (r *Request) save(it store.Item, then func(saved store.Item)) {
	r.saving = &saving{item: it, then: then}
}

// completeSaving saves the item r's command made, numbered, with what
// names it and the mark that the message was handled, in one transaction:
// a redelivery after a crash saves it once. When that fails, she gets the
// apology any broken command gets.
func (b *Bot) completeSaving(ctx context.Context, r *Request) error {
	now := b.clock.Now()
	in := store.Incoming{Chat: r.Msg.Chat, Sender: r.Msg.Sender, MsgID: r.Msg.ID}
	sv := store.Saving{Item: r.saving.item, Build: func(saved store.Item) (replies, posts []store.Outgoing, err error) {
		defer panicAsError(&err) // here, for the stack of the command's code
		r.saving.then(saved)
		for _, out := range [][]store.Outgoing{r.posts, r.out} { // posts first: the reply says they went
			for i := range out {
				if err := b.stamp(ctx, &out[i], now); err != nil {
					return nil, nil, err
				}
			}
		}
		return r.out, r.posts, nil
	}}
	posted := false
	err := func() (err error) {
		defer panicAsError(&err) // the store rolled back; she hears of it
		return b.sender.QueueReplies(func(leaseFor func(int) time.Time) ([]store.Outgoing, bool, error) {
			replies, first, err := b.store.CompleteSaving(ctx, in, sv, now, leaseFor)
			posted = first && len(r.posts) > 0
			return replies, first, err
		})
	}()
	if err != nil {
		b.log.Error("save an item", "chat", b.chatLabel(r), slog.Any("error", err))
		b.apologize(r)
		return b.complete(ctx, r)
	}
	if posted {
		b.sender.Notify()
	}
	return nil
}

// panicAsError, deferred, turns a panic under way into *err, with its
// stack, so that it is answered like any failure.
func panicAsError(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
	}
}
