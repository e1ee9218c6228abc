package bot

import (
	"context"
	"slices"
	"time"

	"labbot/locales"
	"labbot/store"
)

// addAnnouncement saves a, and queues its posts to groups when it goes at
// once, in one transaction; a redelivered message finds it saved, and
// queues nothing again.
func (b *Bot) addAnnouncement(ctx context.Context, a *store.Announcement, groups []store.Group, now time.Time) error {
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if a.Status == store.AnnouncementSending {
		a.Groups = len(groups)
	}
	added, err := tx.AddAnnouncement(ctx, a, now)
	if err != nil {
		return err
	}
	if added && a.Status == store.AnnouncementSending {
		if err := b.queueAnnouncement(ctx, tx, *a, groups, now); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	b.sender.Notify()
	return nil
}

// startAnnouncement queues a held or scheduled announcement to every
// active partner group, once. With no group to send to, it stays as it is.
func (b *Bot) startAnnouncement(ctx context.Context, a *store.Announcement, now time.Time) (bool, error) {
	groups, err := b.store.Groups(ctx)
	if err != nil || len(groups) == 0 {
		a.Groups = 0
		return true, err
	}
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	started, err := tx.StartAnnouncement(ctx, a.ID, len(groups), now)
	if err != nil || !started {
		return false, err
	}
	if err := b.queueAnnouncement(ctx, tx, *a, groups, now); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	a.Groups = len(groups)
	b.sender.Notify()
	return true, nil
}

// queueAnnouncement queues a's post to each group, in its language, in tx.
func (b *Bot) queueAnnouncement(ctx context.Context, tx *store.Tx, a store.Announcement, groups []store.Group, now time.Time) error {
	out := make([]store.Outgoing, len(groups))
	for i, g := range groups {
		body := b.texts.msg(g.Lang, "announce.header", nil) + "\n\n" + blockFor(a.Blocks, g.Lang, a.StaffLang)
		out[i] = store.Outgoing{Chat: g.JID, Bulk: true, Body: body, Batch: a.Batch()}
	}
	if err := b.stampAll(ctx, now, out); err != nil {
		return err
	}
	return tx.Enqueue(ctx, out, now, time.Time{})
}

// missingLangs lists the languages of groups that blocks has no text for.
func missingLangs(blocks map[string]string, groups []store.Group) []string {
	var missing []string
	for _, lang := range locales.Languages() {
		_, have := blocks[lang]
		if !have && slices.ContainsFunc(groups, func(g store.Group) bool { return g.Lang == lang }) {
			missing = append(missing, lang)
		}
	}
	return missing
}

// fallbackLang is the language groups without their own block read.
func fallbackLang(blocks map[string]string, staffLang string) string {
	for _, l := range append([]string{staffLang}, locales.Languages()...) {
		if _, ok := blocks[l]; ok {
			return l
		}
	}
	return staffLang
}
