package bot

import (
	"context"
	"fmt"

	"labbot/store"
)

// reply queues an answer to r in its chat; in a group it quotes the command.
// Its dedup key ties it to the incoming message, so handling a message
// twice can never answer it twice.
func (b *Bot) reply(ctx context.Context, r *Request, text string) error {
	r.sent++
	out := store.Outgoing{
		Chat:     r.Msg.Chat,
		Body:     text,
		DedupKey: fmt.Sprintf("reply:%s:%s:%s:%d", r.Msg.Chat, r.Msg.Sender, r.Msg.ID, r.sent),
	}
	if r.Msg.Group {
		out.QuoteID = r.Msg.ID
	}
	return b.queue(ctx, out)
}

// queue gives the transport's message ID to out and puts it in the outbox.
func (b *Bot) queue(ctx context.Context, out store.Outgoing) error {
	id, err := b.tr.NewMessageID(ctx)
	if err != nil {
		return fmt.Errorf("new message id: %w", err)
	}
	out.MsgID = id
	now := b.clock.Now()
	out.Created = now
	if _, err := b.store.Enqueue(ctx, out, now); err != nil {
		return err
	}
	b.sender.Notify()
	return nil
}

// usage renders a command as a member would type it, in lang: "*!lang* en|es|fr".
// With args false, only the word.
func (b *Bot) usage(lang, key string, args bool) string {
	c := b.commands.byKey(key)
	s := "*" + b.cfg.Prefixes[0] + c.Words[lang] + "*"
	if args && c.Args {
		s += " " + b.texts.T(lang, "cmd."+key+".args", nil)
	}
	return s
}
