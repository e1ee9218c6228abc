package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"labbot/store"
)

// reply answers r in its chat; in a group it quotes the command. Replies
// are queued with the mark that r was handled, so they need no dedup key.
func (b *Bot) reply(r *request, text string) { r.out = append(r.out, replyTo(r, text)) }

// replyTo is text as an answer to r's message: quoting it in a group.
func replyTo(r *request, text string) store.Outgoing {
	out := store.Outgoing{Chat: r.Msg.Chat, Body: text}
	if r.Msg.Group {
		out.QuoteID, out.QuoteSender, out.QuoteText = r.Msg.ID, r.Msg.Sender, r.Msg.Text
		out.QuoteAddr = r.Msg.SenderAddr // the quote names her as the group saw her
	}
	return out
}

// react answers r with emoji on her message, where words would add
// nothing she needs: a confirmation that carries no ID she will use, no
// choice and nothing to read (issue 14). It is sent, paced and kept like
// any reply; in a direct message too.
func (b *Bot) react(r *request, emoji string) {
	r.out = append(r.out, store.Outgoing{Chat: r.Msg.Chat, Reaction: emoji, QuoteID: r.Msg.ID, QuoteSender: r.Msg.Sender,
		QuoteAddr: r.Msg.SenderAddr})
}

// The reactions labbot answers with.
const (
	reactDone  = "✅"
	reactRSVP  = "🙌"
	reactWants = "🙋" // a "+1" to a question: you want to know too
)

// replyPrivately answers by direct message what only she should read (the
// Lab's figures, the plans); in a group, the group hears only that it was
// sent. To someone who never wrote labbot a direct message, it sends none:
// WhatsApp refuses most first messages (issue 14), so the group hears how
// to get it instead, and still nothing of what it is.
func (b *Bot) replyPrivately(ctx context.Context, r *request, text string) error {
	if !r.Msg.Group {
		b.reply(r, text)
		return nil
	}
	cold, err := b.coldInGroup(ctx, r)
	switch {
	case err != nil:
		return err
	case cold:
		b.reply(r, b.texts.msg(r.Lang, "first_contact.dm_first", vars{"Usage": b.typedUsage(r)}))
		return nil
	}
	b.reply(r, b.texts.msg(r.Lang, "reply.sent_dm", nil))
	r.out = append(r.out, store.Outgoing{Chat: r.Member.UserID, Body: text})
	return nil
}

// coldInGroup reports whether r came in a group from a member who never
// wrote labbot a direct message: WhatsApp refuses most first messages, so
// what would go to her by direct message is better asked for there.
func (b *Bot) coldInGroup(ctx context.Context, r *request) (bool, error) {
	if r.Group == nil {
		return false, nil
	}
	c, err := b.store.ContactOf(ctx, r.Member.UserID)
	return c.Cold(), err
}

// typedUsage is the command she typed, in her language, with a short
// argument kept (*!announce* list): what to send by direct message.
func (b *Bot) typedUsage(r *request) string {
	s := b.usage(r.Lang, r.Cmd.Key, false)
	if a := strings.TrimSpace(r.Inv.Args); a != "" && len(a) <= 20 && !strings.ContainsAny(a, "\n*") {
		s += " " + a
	}
	return s
}

// wrongUse answers a command used the wrong way with how it is written.
func (b *Bot) wrongUse(r *request) {
	b.reply(r, b.texts.msg(r.Lang, "command.usage", vars{"Usage": b.usage(r.Lang, r.Cmd.Key, true)}))
}

// replyAbout answers r with a message that confirms item itemID: in a
// group, a quote-reply to it then names the item. In a direct message it
// names nothing: only she can reply there, and her words are hers (an
// anonymous asker's reply must not become an answer under her name).
func (b *Bot) replyAbout(r *request, itemID int64, text string) {
	b.reply(r, text)
	if r.Msg.Group {
		r.out[len(r.out)-1].ItemID = itemID
	}
}

// queue puts a message that answers no command (a broadcast, a digest, a
// reminder) in the outbox, with the transport's message ID.
func (b *Bot) queue(ctx context.Context, out store.Outgoing) error {
	now := b.clock.Now()
	if err := b.stamp(ctx, &out, now); err != nil {
		return err
	}
	if _, err := b.store.Enqueue(ctx, out, now); err != nil {
		return err
	}
	b.sender.Notify()
	return nil
}

// stamp gives out the transport's message ID, fixed from now on, and the
// time it was queued.
func (b *Bot) stamp(ctx context.Context, out *store.Outgoing, now time.Time) error {
	id, err := b.tr.NewMessageID(ctx)
	if err != nil {
		return fmt.Errorf("new message id: %w", err)
	}
	out.MsgID, out.Created = id, now
	return nil
}

// usage renders a command as a member would type it, in lang: "*!lang* en|es|fr".
// With args false, only the word.
func (b *Bot) usage(lang, key string, args bool) string {
	c := b.commands.byKey(key)
	s := "*" + b.cfg.Prefixes[0] + c.Words[lang] + "*"
	if args && c.Args {
		s += " " + b.texts.msg(lang, "cmd."+key+".args", nil)
	}
	return s
}
