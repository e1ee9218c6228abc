package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"labbot/locales"
	"labbot/store"
)

// The account's health, as far as staff must act on it (issue 14, points
// 13 and 15): partner groups labbot can no longer post in, and a phone
// that stays offline. The transport says what it sees; the core keeps it
// and tells each staff member once, by direct message, in the three
// languages (staff have no language of their own in the config).

// GroupState is whether labbot can post in a group, as the transport sees it.
type GroupState string

const (
	GroupOpen       GroupState = "open"        // labbot can post
	GroupAdminsOnly GroupState = "admins-only" // only admins may send, and labbot is not one
	GroupGone       GroupState = "gone"        // the group was deleted
	GroupNotIn      GroupState = "not-in"      // labbot is no longer in it
)

const (
	groupStateKey  = "group.postable:" // + the group's chat ID
	phoneSeenKey   = "phone.seen"
	phoneWarnedKey = "phone.warned" // the phone.seen value staff were warned about
	// phoneWarnAfter is when staff hear that the phone has been offline:
	// WhatsApp unlinks a linked device after about 14 days without its
	// phone, and mautrix-whatsapp warns at 12, which leaves two to act.
	phoneWarnAfter = 12 * 24 * time.Hour
	// phoneSeenEvery keeps a busy phone from writing on every receipt.
	phoneSeenEvery = time.Hour
)

// GroupPostable records whether labbot can post in a partner group. When
// it no longer can, staff hear it once for that change: the state is kept
// in the same transaction as their messages, so a restart or the same news
// again says nothing more. A deleted group gets no more posts.
func (b *Bot) GroupPostable(ctx context.Context, jid string, state GroupState) error {
	g, err := b.store.GroupByJID(ctx, jid)
	if errors.Is(err, store.ErrNotFound) {
		return nil // not a partner group: nobody to tell
	}
	if err != nil {
		return err
	}
	key := groupStateKey + jid
	was, err := b.store.State(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		was, err = string(GroupOpen), nil
	}
	if err != nil || was == string(state) || (was == string(GroupGone) && state == GroupNotIn) {
		return err // nothing new: nobody is in a deleted group
	}
	b.log.Info("whether labbot can post in a partner group changed", "group", g.Key, "from", was, "to", string(state))
	notice := ""
	if state != GroupOpen {
		notice = b.everyLanguage("account.group_"+strings.ReplaceAll(string(state), "-", "_"), vars{"Group": g.Name})
	}
	if err := b.tellStaff(ctx, notice, key, string(state)); err != nil {
		return err
	}
	if state == GroupGone {
		return b.GroupLeft(ctx, jid)
	}
	return nil
}

// PhoneSeen records that the account's phone was online at t. A later
// stretch offline is warned about anew.
func (b *Bot) PhoneSeen(ctx context.Context, t time.Time) error {
	seen, err := b.store.StateTime(ctx, phoneSeenKey)
	if err != nil || t.Before(seen.Add(phoneSeenEvery)) {
		return err
	}
	return b.store.SetStateTime(ctx, phoneSeenKey, t)
}

// WatchPhone starts watching the phone at now when it was never seen: a
// session paired before labbot watched it counts from its first start.
func (b *Bot) WatchPhone(ctx context.Context, now time.Time) error {
	seen, err := b.store.StateTime(ctx, phoneSeenKey)
	if err != nil || !seen.IsZero() {
		return err
	}
	return b.store.SetStateTime(ctx, phoneSeenKey, now)
}

// checkPhone warns staff, once per stretch, when the phone has not been
// seen for phoneWarnAfter. A scheduled job: it looks only at now.
func (b *Bot) checkPhone(ctx context.Context, _, now time.Time) error {
	seen, err := b.store.StateTime(ctx, phoneSeenKey)
	if err != nil || seen.IsZero() || now.Sub(seen) < phoneWarnAfter {
		return err
	}
	stretch := seen.UTC().Format(time.RFC3339Nano)
	warned, err := b.store.State(ctx, phoneWarnedKey)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if warned == stretch {
		return nil
	}
	days := int(now.Sub(seen) / (24 * time.Hour))
	b.log.Warn("labbot's phone has not been online for days; staff are told before WhatsApp unlinks labbot", "days", days)
	return b.tellStaff(ctx, b.everyLanguage("account.phone_offline", vars{"Days": days}), phoneWarnedKey, stretch)
}

// tellStaff queues notice to every staff member and sets key to value, in
// one transaction: told once, even across a crash. An empty notice only
// sets key.
func (b *Bot) tellStaff(ctx context.Context, notice, key, value string) error {
	now := b.clock.Now()
	var out []store.Outgoing
	for _, s := range b.cfg.Staff {
		if notice == "" {
			break
		}
		o := store.Outgoing{Chat: s.Phone, Body: notice}
		if err := b.stamp(ctx, &o, now); err != nil {
			return err
		}
		out = append(out, o)
	}
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Enqueue(ctx, out, now, time.Time{}); err != nil {
		return err
	}
	if err := tx.SetState(ctx, key, value); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("tell staff: %w", err)
	}
	b.sender.Notify()
	return nil
}

// everyLanguage renders a message in the Lab's three languages, one after
// the other.
func (b *Bot) everyLanguage(id string, data vars) string {
	var parts []string
	for _, lang := range locales.Languages() {
		parts = append(parts, b.texts.msg(lang, id, data))
	}
	return strings.Join(parts, "\n\n")
}
