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
func (r *request) save(it store.Item, then func(saved store.Item)) {
	r.saving = &saving{item: it, then: then}
}

// complete marks the message handled, saves the item its command made,
// and queues its replies and posts, in one transaction: a crash keeps all
// or nothing, so a redelivered message is either answered (and its item
// saved) once or handled anew. A message that got no reply is not marked:
// reading it again costs less than writing it down. When saving breaks,
// she gets the apology any broken command gets.
func (b *Bot) complete(ctx context.Context, r *request) error {
	if r.saving == nil && r.polling == nil && len(r.out) == 0 && len(r.posts) == 0 {
		return nil
	}
	err := b.commit(ctx, r)
	if err != nil && (r.saving != nil || r.polling != nil) {
		b.log.Error("save an item", "chat", b.chatLabel(r), slog.Any("error", err))
		b.apologize(r)
		return b.commit(ctx, r)
	}
	return err
}

// commit writes what r's message leaves behind, top to bottom: hold the
// sender, begin, mark, save, queue, commit, hand the replies over.
func (b *Bot) commit(ctx context.Context, r *request) (err error) {
	defer func() {
		// A panic in the command's then (the transaction rolled back) is
		// answered like any failure, with its stack in the log.
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
		}
	}()
	now := b.clock.Now()
	// What is written already is stamped before the sender is held (posts
	// first, so a reply that says they went is newer); what then adds is
	// stamped once the item has its number.
	if err := b.stampAll(ctx, now, r.posts, r.out); err != nil {
		return err
	}
	res := b.sender.Reserve()
	defer res.Release()
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	first, err := tx.MarkProcessed(ctx, store.Incoming{Chat: r.Msg.Chat, Sender: r.Msg.Sender, MsgID: r.Msg.ID}, now)
	if err != nil || !first {
		return err
	}
	if r.saving != nil {
		saved := r.saving.item
		if err := tx.AddItem(ctx, &saved, now); err != nil {
			return err
		}
		r.saving.then(saved)
	}
	if r.polling != nil {
		if err := b.savePoll(ctx, tx, r); err != nil {
			return err
		}
	}
	if err := b.stampAll(ctx, now, r.posts, r.out); err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, r.out, now, res.Lease(len(r.out))); err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, r.posts, now, time.Time{}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	res.Queued(r.out)
	if len(r.posts) > 0 {
		b.sender.Notify()
	}
	return nil
}

// stampAll stamps every message of each list not stamped yet, in order.
func (b *Bot) stampAll(ctx context.Context, now time.Time, lists ...[]store.Outgoing) error {
	for _, out := range lists {
		for i := range out {
			if out[i].MsgID != "" {
				continue
			}
			if err := b.stamp(ctx, &out[i], now); err != nil {
				return err
			}
		}
	}
	return nil
}
