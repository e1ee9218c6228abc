package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"labbot/store"
)

const (
	// checkedKey keeps the instant up to which scheduled work was done.
	checkedKey = "schedule.checked"
	// prunedKey keeps when old records were last pruned.
	prunedKey = "schedule.pruned"
	// catchUp is how many missed occurrences of a target's digest are
	// looked at after downtime; more is a schedule far more frequent than
	// a digest's, and the older ones are logged as skipped.
	catchUp = 100
)

// CatchUp does the scheduled work that fell due since it last ran, up
// to the clock's now: each group's and each subscriber's weekly digest, the
// event reminders, and pruning once a day. Work found within the grace
// window after it fell due is done once; older work is skipped and logged.
// Cron (or the console's clock) only decides when this runs.
func (b *Bot) CatchUp(ctx context.Context) error {
	now := b.clock.Now()
	last, err := b.store.StateTime(ctx, checkedKey)
	if err != nil {
		return err
	}
	if last.IsZero() {
		// A new Lab: nothing was due before labbot first ran.
		return b.store.SetStateTime(ctx, checkedKey, now)
	}
	if now.Before(last) {
		// The clock went back (a corrected system clock, a console run
		// started earlier): look again from here; the keys keep what was
		// done from being done twice.
		b.log.Info("clock moved back; scheduled work is looked at again from now", "from", last.UTC().Format(time.RFC3339))
		return b.store.SetStateTime(ctx, checkedKey, now)
	}
	if !now.After(last) {
		return nil
	}
	jobs := []struct {
		name string
		do   func(ctx context.Context, after, now time.Time) error
	}{
		{"digest", b.postDigests},
		{"reminders", b.postReminders},
		{"announcements", b.postAnnouncements},
		{"announcement reports", b.reportAnnouncements},
		{"prune", b.pruneDaily},
		{"phone", b.checkPhone},
	}
	failed := false
	for _, job := range jobs {
		if err := b.safely(ctx, job.name, func() error { return job.do(ctx, last, now) }); err != nil {
			// Not marked done: the next run looks at the same window again,
			// and the keys keep what was queued from going twice.
			b.log.Error("scheduled job failed; it is tried again at the next run", "job", job.name, slog.Any("error", err))
			failed = true
		}
	}
	b.sender.Notify()
	if failed {
		return nil
	}
	return b.store.SetStateTime(ctx, checkedKey, now)
}

// safely runs a job, turning a panic into an error: one broken job must
// not stop the others, nor the bot, and its window is looked at again.
// (Each target's send is guarded on its own, by postScheduled.)
func (b *Bot) safely(ctx context.Context, name string, job func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			b.log.ErrorContext(ctx, "scheduled job panicked", "job", name, "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("job %s panicked: %v", name, v)
		}
	}()
	return job()
}

// postScheduled builds one target's scheduled send and records it under key
// (queued unless build says otherwise). A panic while building is a bug
// that would recur: it is logged and the send recorded as failed, so the
// other targets go on and this one is not tried every minute.
func (b *Bot) postScheduled(ctx context.Context, key string, due, now time.Time, build func() (store.ScheduledPost, error)) (err error) {
	defer func() {
		if v := recover(); v != nil {
			b.log.ErrorContext(ctx, "scheduled send panicked; recorded as failed", "key", key, "panic", v, "stack", string(debug.Stack()))
			err = b.recordPost(ctx, store.ScheduledPost{Key: key, Due: due, Outcome: store.PostFailed}, now)
		}
	}()
	post, err := build()
	if err != nil {
		return err
	}
	post.Key, post.Due = key, due
	if post.Outcome == "" {
		post.Outcome = store.PostQueued
	}
	return b.recordPost(ctx, post, now)
}

// NextScheduled returns the first time after `after` at which scheduled
// work falls due (zero if none), so the console can move its clock there.
func (b *Bot) NextScheduled(ctx context.Context, after time.Time) (time.Time, error) {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(after) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	targets, err := b.digestTargets(ctx)
	if err != nil {
		return time.Time{}, err
	}
	for _, t := range targets {
		consider(b.digestSchedule.Next(t.view.loc, after).At)
	}
	at, err := b.store.NextAnnouncement(ctx, after)
	if err != nil {
		return time.Time{}, err
	}
	if !at.IsZero() {
		consider(at)
	}
	events, err := b.store.Events(ctx, after, after.Add(eventHorizon))
	if err != nil {
		return time.Time{}, err
	}
	for _, e := range events {
		for _, off := range b.cfg.Reminders.Before {
			consider(e.Start.Add(-off))
		}
	}
	return next, nil
}

// late reports whether work due at due and found at now is past the
// grace window, and then logs that it is skipped.
func (b *Bot) late(what, target string, due, now time.Time) bool {
	if now.Sub(due) <= b.cfg.Reminders.Grace {
		return false
	}
	b.log.Warn("scheduled send found past the grace window; skipped", "job", what, "target", target,
		"due", due.UTC().Format(time.RFC3339), "grace", b.cfg.Reminders.Grace.String())
	return true
}

// pruneDaily forgets, once a day, the handled messages, sent rows and
// scheduled runs older than keepProcessed.
func (b *Bot) pruneDaily(ctx context.Context, _, now time.Time) error {
	last, err := b.store.StateTime(ctx, prunedKey)
	if err != nil || now.Sub(last) < 24*time.Hour {
		return err
	}
	if err := b.prune(ctx, now); err != nil {
		return err
	}
	return b.store.SetStateTime(ctx, prunedKey, now)
}

// prune forgets what is older than keepProcessed: WhatsApp does not
// redeliver messages that old, and what was sent or scheduled that long
// ago needs no record.
func (b *Bot) prune(ctx context.Context, now time.Time) error {
	before := now.Add(-keepProcessed)
	if _, err := b.store.PruneProcessed(ctx, before); err != nil {
		return err
	}
	if _, err := b.store.PruneOutbox(ctx, before); err != nil {
		return err
	}
	if err := b.store.PruneAnon(ctx, now); err != nil {
		return err
	}
	if _, err := b.store.PruneStrangers(ctx, now.Add(-2*strangerEvery)); err != nil {
		return err
	}
	_, err := b.store.PruneScheduledPosts(ctx, before)
	return err
}

// recordPost records p and queues its messages, stamped, in one
// transaction: once for all time, across restarts.
func (b *Bot) recordPost(ctx context.Context, p store.ScheduledPost, now time.Time) error {
	if err := b.stampAll(ctx, now, p.Out); err != nil {
		return err
	}
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	recorded, err := tx.RecordPost(ctx, p, now)
	if err != nil || !recorded {
		return err
	}
	if err := tx.Enqueue(ctx, p.Out, now, time.Time{}); err != nil {
		return err
	}
	return tx.Commit()
}
