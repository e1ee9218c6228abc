package bot

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"labbot/store"
)

// lateShares are the commands that share something with the Lab: one too
// old to answer is still run, without a reply, so that nothing partners
// shared is lost while labbot was away.
var lateShares = map[string]bool{"tip": true, "ask": true, "answer": true, "resource": true, "translate": true}

// tooOld reports whether m waited longer than limits.max_command_age (an
// outage, a ban, the phone offline): it gets no reply, hours late.
func (b *Bot) tooOld(m Message, now time.Time) bool {
	maxAge := b.cfg.Limits.MaxCommandAge
	return maxAge > 0 && !m.Time.IsZero() && now.Sub(m.Time) > maxAge
}

// respondLate handles a command too old to answer: what it shares is
// saved (silence drops its replies); anything else is not run, and noted
// once, so that an edit of it can still run.
func (b *Bot) respondLate(ctx context.Context, r *request, known bool) {
	if known && lateShares[r.Cmd.Key] {
		b.dispatch(ctx, r)
		b.logLate(ctx, r, known, "a command came too late to answer; what it shares is saved, without a reply")
		return
	}
	in := store.Incoming{Chat: r.Msg.Chat, Sender: r.Msg.Sender, MsgID: r.Msg.ID}
	first, err := b.store.SetAside(ctx, in, b.clock.Now())
	if err != nil {
		b.log.Error("set aside a late command", "chat", b.chatLabel(r), slog.Any("error", err))
		return
	}
	if first {
		b.logLate(ctx, r, known, "a command came too late to answer; not run")
	}
}

// logLate logs a late command by its name (never the word as typed, which
// may be anything), its age and its chat, without a number.
func (b *Bot) logLate(ctx context.Context, r *request, known bool, msg string) {
	name := "unknown"
	if known {
		name = r.Cmd.Key
	}
	age := b.clock.Now().Sub(r.Msg.Time).Round(time.Second)
	b.log.InfoContext(ctx, msg, "command", name, "age", age, "chat", b.chatLabel(r))
}

// silence drops what would answer r's sender, in its chat or hers: a
// command too old to answer gets no reply. Notices to others (an asker
// told of an answer, or their cover) still go. The replies that name the
// item saved are added as it is saved: they are dropped then.
func (r *request) silence() {
	r.dropReplies()
	if s := r.saving; s != nil {
		then := s.then
		s.then = func(saved store.Item) {
			then(saved)
			r.dropReplies()
		}
	}
}

func (r *request) dropReplies() {
	r.out = slices.DeleteFunc(r.out, func(o store.Outgoing) bool {
		return o.QuoteID == r.Msg.ID || o.Chat == r.Msg.Sender
	})
}
