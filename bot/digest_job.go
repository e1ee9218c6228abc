package bot

import (
	"context"
	"fmt"
	"time"

	"labbot/bot/schedule"
	"labbot/store"
)

// digestTarget is a chat that gets the weekly digest: a partner group, or
// a member subscribed by direct message.
type digestTarget struct {
	name   string // for keys and logs: g3, m12 (never a phone number)
	chat   string
	member int64 // the subscriber; 0 for a group
	view   digestView
}

// digestTargets lists every group and subscriber the digest goes to, each
// with its language, zone and what it may see.
func (b *Bot) digestTargets(ctx context.Context) ([]digestTarget, error) {
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var out []digestTarget
	for _, g := range groups {
		out = append(out, digestTarget{name: fmt.Sprintf("g%d", g.ID), chat: g.JID,
			view: digestView{lang: g.Lang, loc: b.groupZone(g), groups: []int64{g.ID}}})
	}
	subs, err := b.store.Subscribers(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range subs {
		mine, err := b.store.MemberGroups(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		if len(mine) == 0 && !b.isStaff(m.UserID) {
			continue // she left every partner group: the Lab's knowledge is not hers to read now
		}
		out = append(out, digestTarget{name: fmt.Sprintf("m%d", m.ID), chat: m.UserID, member: m.ID,
			view: digestView{lang: b.memberLang(m, mine), loc: b.memberZone(m.UserID, mine), groups: groupIDs(mine)}})
	}
	return out, nil
}

// dueDigest is one digest to post: a target and the occurrence it is for.
type dueDigest struct {
	target digestTarget
	at     schedule.Occurrence
	key    string
}

// postDigests queues the weekly digest of every target whose schedule, in
// its own zone, fell due in (after, now].
func (b *Bot) postDigests(ctx context.Context, after, now time.Time) error {
	targets, err := b.digestTargets(ctx)
	if err != nil {
		return err
	}
	var due []dueDigest
	var first, last time.Time
	for _, t := range targets {
		occurrences := b.digestSchedule.Between(t.view.loc, after, now, catchUp)
		if len(occurrences) == catchUp {
			b.log.Warn("more digests fell due than are looked at; the older ones are skipped", "target", t.name, "looked_at", catchUp)
		}
		for _, o := range occurrences {
			d := dueDigest{target: t, at: o, key: "digest:" + t.name + ":" + o.Period}
			done, err := b.store.ScheduledPostDone(ctx, d.key)
			if err != nil {
				return err
			}
			if done {
				continue
			}
			if b.late("digest", t.name, o.At, now) {
				if err := b.recordPost(ctx, store.ScheduledPost{Key: d.key, Due: o.At, Outcome: store.PostSkipped}, now); err != nil {
					return err
				}
				continue
			}
			due = append(due, d)
			if first.IsZero() || o.At.Before(first) {
				first = o.At
			}
			if o.At.After(last) {
				last = o.At
			}
		}
	}
	if len(due) == 0 {
		return nil
	}
	// One light read serves every digest: each picks from its own week
	// and view; then only the items shown are loaded in full.
	entries, err := b.store.DigestEntries(ctx, first.Add(-digestWeek), last)
	if err != nil {
		return err
	}
	events, err := b.store.Events(ctx, first, last.Add(digestAhead))
	if err != nil {
		return err
	}
	index := newDigestIndex(entries)
	picks := make([]digestPicks, len(due))
	var ids []int64
	for i, d := range due {
		picks[i] = index.pick(d.target.view, d.at.At)
		ids = picks[i].addIDs(ids)
	}
	items, err := b.store.DigestItems(ctx, ids)
	if err != nil {
		return err
	}
	polls, err := b.store.Polls(ctx, first.Add(-digestWeek), last)
	if err != nil {
		return err
	}
	lines := digestItems{items, map[string][]string{}, polls}
	private := privateItems(entries)
	for i, d := range due {
		err := b.postScheduled(ctx, d.key, d.at.At, now, func() (store.ScheduledPost, error) {
			// A digest sent late announces only events still to come.
			from := latest(d.at.At, now)
			post := b.digestPost(d.target, b.renderDigest(d.target.view, picks[i], lines, events, d.at.At, from))
			audience := digestAudience(d.target, picks[i], private, events, from, d.at.At)
			for j := range post.Out {
				post.Out[j].Audience = audience
			}
			return post, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// digestPost is one target's digest to queue; a quiet week gets a short
// note, or nothing when the config says skip.
func (b *Bot) digestPost(t digestTarget, parts []string) store.ScheduledPost {
	var post store.ScheduledPost
	if len(parts) == 0 {
		if b.cfg.Digest.QuietWeek == "skip" {
			post.Outcome = store.PostQuiet
			return post
		}
		parts = []string{b.quietWeek(t.view.lang)}
	}
	for _, p := range parts {
		post.Out = append(post.Out, store.Outgoing{Chat: t.chat, Bulk: true, Body: p})
	}
	return post
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// quietWeek is the short note of a week with nothing new.
func (b *Bot) quietWeek(lang string) string {
	return b.texts.msg(lang, "digest.quiet", vars{"Tip": b.cmdWord(lang, "tip"), "Ask": b.cmdWord(lang, "ask")})
}

func groupIDs(groups []store.Group) []int64 {
	ids := make([]int64, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	return ids
}
