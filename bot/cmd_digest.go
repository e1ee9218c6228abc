package bot

import (
	"context"
	"time"
)

// cmdDigest answers with the digest of the last seven days as this chat
// may see it, in the reader's language. A group gets one an hour, however
// many ask: a later asker is told once where it is, then nothing.
func (b *Bot) cmdDigest(ctx context.Context, r *request) error {
	now := b.clock.Now()
	if r.Group != nil {
		post, ago, tell := b.limits.groupDigest(r.Group.ID, now)
		if !post {
			if tell {
				b.reply(r, b.texts.plural(r.Lang, "limits.digest_posted", max(1, int(ago/time.Minute)), nil))
			}
			return nil
		}
	}
	entries, err := b.store.DigestEntries(ctx, now.Add(-digestWeek), now)
	if err != nil {
		return err
	}
	v := b.requestView(r)
	picks := newDigestIndex(entries).pick(v, now)
	items, err := b.store.DigestItems(ctx, picks.addIDs(nil))
	if err != nil {
		return err
	}
	events, err := b.store.Events(ctx, now, now.Add(digestAhead))
	if err != nil {
		return err
	}
	polls, err := b.store.Polls(ctx, now.Add(-digestWeek), now)
	if err != nil {
		return err
	}
	parts := b.renderDigest(v, picks, digestItems{items, map[string][]string{}, polls}, events, now, now)
	if len(parts) == 0 {
		parts = []string{b.quietWeek(r.Lang)}
	}
	for _, p := range parts {
		b.reply(r, p)
	}
	return nil
}

// cmdSubscribe signs her up for the weekly digest by direct message.
func (b *Bot) cmdSubscribe(ctx context.Context, r *request) error {
	if cold, err := b.coldInGroup(ctx, r); err != nil || cold {
		// WhatsApp refuses most first messages: the digest would not
		// reach her. She subscribes from a direct message.
		if cold {
			b.reply(r, b.texts.msg(r.Lang, "subscribe.dm_first", vars{"Usage": b.usage(r.Lang, "subscribe", false)}))
		}
		return err
	}
	added, err := b.store.Subscribe(ctx, r.Member.ID, b.clock.Now())
	if err != nil {
		return err
	}
	if added {
		done := "subscribe.done"
		if r.Group != nil {
			done = "subscribe.done_group" // not "here": it comes by direct message
		}
		b.reply(r, b.texts.msg(r.Lang, done, vars{"Stop": b.cmdWord(r.Lang, "unsubscribe")}))
		return nil
	}
	b.reply(r, b.texts.msg(r.Lang, "subscribe.already", vars{"Stop": b.cmdWord(r.Lang, "unsubscribe")}))
	return nil
}

// cmdUnsubscribe stops her digest by direct message.
func (b *Bot) cmdUnsubscribe(ctx context.Context, r *request) error {
	removed, err := b.store.Unsubscribe(ctx, r.Member.ID)
	if err != nil {
		return err
	}
	if removed {
		b.react(r, reactDone)
		return nil
	}
	b.reply(r, b.texts.msg(r.Lang, "unsubscribe.none", vars{"Start": b.cmdWord(r.Lang, "subscribe")}))
	return nil
}
