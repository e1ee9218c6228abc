package bot

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"labbot/bot/outbox"
	"labbot/store"
)

// postAnnouncements queues the scheduled announcements whose time has
// come (each once: its status changes in the transaction that queues it),
// and skips, telling the staff member, those found past the grace window.
func (b *Bot) postAnnouncements(ctx context.Context, _, now time.Time) error {
	due, err := b.store.DueAnnouncements(ctx, now)
	if err != nil {
		return err
	}
	for _, a := range due {
		if !b.late("announcement", a.Ref(), a.SendAt, now) {
			if _, err := b.startAnnouncement(ctx, &a, now); err != nil {
				return err
			}
			continue
		}
		notice := store.Outgoing{Chat: a.StaffChat, Body: b.texts.msg(a.StaffLang, "announce.skipped", vars{"Ref": bold(a.Ref()),
			"When": b.when(a.StaffLang, a.SendAt, b.staffZone(a.StaffChat))})}
		if err := b.stamp(ctx, &notice, now); err != nil {
			return err
		}
		if _, err := b.store.SkipAnnouncement(ctx, a.ID, notice, now); err != nil {
			return err
		}
		b.sender.Notify()
	}
	return nil
}

// reportAnnouncements tells each staff member, by direct message, how her
// announcement fared once every group's post is sent or given up on.
func (b *Bot) reportAnnouncements(ctx context.Context, _, now time.Time) error {
	sending, err := b.store.SendingAnnouncements(ctx)
	if err != nil {
		return err
	}
	for _, a := range sending {
		d, err := b.sender.Delivery(ctx, a.Batch())
		if err != nil {
			return err
		}
		if !d.Settled {
			continue // its posts are still on their way; others may be done
		}
		report, err := b.deliveryReport(ctx, a, d)
		if err != nil {
			return err
		}
		out := store.Outgoing{Chat: a.StaffChat, Body: report}
		if err := b.stamp(ctx, &out, now); err != nil {
			return err
		}
		finished, err := b.store.FinishAnnouncement(ctx, a.ID, out, now)
		if err != nil {
			return err
		}
		if finished {
			b.sender.Notify()
		}
	}
	return nil
}

// batchSettled reports an announcement as soon as the last of its posts
// is sent or given up on. (CatchUp reports too, which covers a crash
// in between.)
func (b *Bot) batchSettled(ctx context.Context, batch string) {
	if !strings.HasPrefix(batch, "announce:") {
		return
	}
	if err := b.reportAnnouncements(ctx, time.Time{}, b.clock.Now()); err != nil {
		b.log.Error("announcement report", slog.Any("error", err))
	}
}

// deliveryReport writes "sent to 14 of 15 groups", and which failed and
// why, in the staff member's language.
func (b *Bot) deliveryReport(ctx context.Context, a store.Announcement, d outbox.Delivery) (string, error) {
	lang := a.StaffLang
	var failed []string
	for _, f := range d.Failed {
		name := f.Chat
		if g, err := b.store.GroupByJID(ctx, f.Chat); err == nil {
			name = g.Name
		} else if err != store.ErrNotFound {
			return "", err
		}
		reason := b.texts.msg(lang, "announce.failed_refused", nil)
		if f.Exhausted {
			reason = b.texts.plural(lang, "announce.failed_retries", f.Attempts, nil)
		}
		failed = append(failed, "• "+name+" — "+reason)
	}
	text := b.texts.plural(lang, "announce.report", max(a.Groups, d.Posts), vars{"Ref": bold(a.Ref()), "Sent": d.Sent})
	if len(failed) > 0 {
		text += "\n\n" + b.texts.msg(lang, "announce.report_failed", nil) + "\n" + strings.Join(failed, "\n")
	}
	return text, nil
}
