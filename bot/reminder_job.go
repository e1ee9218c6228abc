package bot

import (
	"context"
	"fmt"
	"slices"
	"time"

	"labbot/store"
)

// eventHorizon is how far ahead labbot looks for events to remind of.
const eventHorizon = 2 * 365 * 24 * time.Hour

// postReminders queues the reminders that fell due in (after, now]: at each
// configured offset before an event, to each group it is for and, by
// direct message, to each member who said she will attend.
func (b *Bot) postReminders(ctx context.Context, after, now time.Time) error {
	offsets := b.cfg.Reminders.Before
	if len(offsets) == 0 {
		return nil
	}
	events, err := b.store.Events(ctx, after.Add(slices.Min(offsets)), now.Add(slices.Max(offsets)+time.Millisecond))
	if err != nil {
		return err
	}
	var groups []store.Group
	if len(events) > 0 {
		if groups, err = b.store.Groups(ctx); err != nil {
			return err
		}
	}
	for _, e := range events {
		for _, off := range offsets {
			due := e.Start.Add(-off)
			if !due.After(after) || due.After(now) {
				continue
			}
			if !e.Moved.IsZero() && !due.After(e.Moved) {
				// Due before the event moved: the change notice told its
				// groups and attendees the new time then.
				continue
			}
			if !now.Before(e.Start) {
				// A reminder after the start helps nobody.
				b.log.Warn("reminder found after its event began; skipped", "event", e.Ref(), "before", off.String())
				continue
			}
			if b.late("reminder", e.Ref(), due, now) {
				continue
			}
			if err := b.remind(ctx, e, off, due, groups, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// remind queues one reminder of e to its groups and its attendees, each
// keyed so that it goes once. It says how long is left from now, which is
// less than off when the reminder is late.
func (b *Bot) remind(ctx context.Context, e store.Event, off time.Duration, due time.Time, groups []store.Group, now time.Time) error {
	prefix := remindPrefix(e, off)
	left := e.Start.Sub(now)
	for _, g := range groups {
		if e.GroupID != 0 && e.GroupID != g.ID {
			continue
		}
		err := b.postScheduled(ctx, prefix+fmt.Sprintf("g%d", g.ID), due, now, func() (store.ScheduledPost, error) {
			text := b.texts.msg(g.Lang, "reminder.group", b.eventData(g.Lang, e, b.groupZone(g), left))
			return store.ScheduledPost{Out: []store.Outgoing{{Chat: g.JID, Bulk: true, Batch: e.RemindBatch(), Body: text}},
				Told: []store.Told{{EventID: e.ID, GroupID: g.ID}}, EventID: e.ID}, nil
		})
		if err != nil {
			return err
		}
	}
	attendees, err := b.store.Attendees(ctx, e.ID)
	if err != nil {
		return err
	}
	for _, m := range attendees {
		err := b.postScheduled(ctx, prefix+fmt.Sprintf("m%d", m.ID), due, now, func() (store.ScheduledPost, error) {
			mine, err := b.store.MemberGroups(ctx, m.ID)
			if err != nil || (len(mine) == 0 && !b.isStaff(m.UserID)) || !inGroup(mine, e.GroupID) {
				// She left every partner group, or the private group the
				// event is for: nothing more for her.
				return store.ScheduledPost{Outcome: store.PostSkipped}, err
			}
			lang := b.memberLang(m, mine)
			text := b.texts.msg(lang, "reminder.dm", b.eventData(lang, e, b.memberZone(m.UserID, mine), left))
			return store.ScheduledPost{Out: []store.Outgoing{{Chat: m.UserID, Bulk: true, Batch: e.RemindBatch(), Body: text,
				Audience: audienceOf(m.ID, e.GroupID)}}, EventID: e.ID}, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// remindPrefix keys e's reminder off before it. An event never moved
// keeps the key reminders always had; a moved one's names its start, so
// what was sent for the old time neither blocks nor stands for the new
// one's, and a reminder for a time is sent once however often it moves.
func remindPrefix(e store.Event, off time.Duration) string {
	if e.Moved.IsZero() {
		return fmt.Sprintf("remind:e%d:%ds:", e.ID, int64(off/time.Second))
	}
	return fmt.Sprintf("remind:e%d@%d:%ds:", e.ID, e.Start.Unix(), int64(off/time.Second))
}

// eventData is what event messages say about e, in lang and loc; left,
// when set, is how long before it begins. Link is its description as a
// list or a reminder shows it (eventBlurb), its link whole.
func (b *Bot) eventData(lang string, e store.Event, loc *time.Location, left time.Duration) vars {
	d := vars{"Ref": bold(e.Ref()), "Title": e.Title, "When": b.when(lang, e.Start, loc),
		"RSVP": b.cmdWord(lang, "rsvp") + " " + e.Ref(), "Link": eventBlurb(e.Description)}
	if left > 0 {
		d["In"] = b.within(lang, left)
	}
	return d
}
