// Package bot is labbot's core: the conversation (commands, reply
// language, permissions, the Lab's knowledge) and the scheduled work. It
// knows no WhatsApp type: transports deliver Messages, and the outbox
// sends what the core queued through the Transport interface.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"labbot/bot/config"
	"labbot/bot/outbox"
	"labbot/bot/schedule"
	"labbot/privacy"
	"labbot/store"
)

// keepProcessed is how long labbot remembers which messages it handled,
// and what it sent.
const keepProcessed = 30 * 24 * time.Hour

// Deps is everything the bot is built from.
type Deps struct {
	Config    *config.Config
	Store     *store.Store
	Transport Transport
	Clock     Clock
	Texts     *Texts
	Logger    *slog.Logger
}

// Bot answers messages and owns the outbox.
type Bot struct {
	cfg      *config.Config
	store    *store.Store
	glossary glossaryFile // staff's, as last read
	tr       Transport
	clock    Clock
	texts    *Texts
	log      *slog.Logger
	commands *commandIndex
	limits   *limiter
	groups   groupRegistry
	sender   *outbox.Sender
	// numbers are the members' and staff numbers no message may show: the
	// outbox filters every text with them, and they grow as members come.
	numbers *privacy.Numbers
	// staffMarks are the Lab team's mark in each language, as a reader
	// sees it (markSkeleton): no member's name may hold one.
	staffMarks []string
	zones      zones
	// digestSchedule is the weekly digest's cron expression, read on each
	// target's own wall clock.
	digestSchedule *schedule.Schedule

	helpCache sync.Map     // the rendered list of commands, by language (+staff)
	dmWriters sync.Map     // IDs of members known to have written labbot a direct message
	pages     pages        // each reader's last list, for "more" (pages.go)
	nudges    nudges       // who was asked "did you mean" about which typo (suggest.go)
	removed   removedItems // group messages about questions removed since (removed.go)
}

// New builds the bot and registers the config's groups in the store (those
// already there keep what !setup gave them).
func New(ctx context.Context, d Deps) (*Bot, error) {
	idx, err := indexCommands(commandTable())
	if err != nil {
		return nil, err
	}
	b := &Bot{
		cfg:      d.Config,
		store:    d.Store,
		tr:       d.Transport,
		clock:    d.Clock,
		texts:    d.Texts,
		log:      d.Logger,
		commands: idx,
		limits:   newLimiter(d.Config.Limits),
	}
	for _, w := range d.Config.Warnings {
		b.log.Warn("config: " + w)
	}
	b.useGlossary()
	b.staffMarks = b.markSkeletons()
	if b.digestSchedule, err = schedule.Parse(d.Config.Digest.Schedule); err != nil {
		return nil, fmt.Errorf("digest schedule: %w", err)
	}
	if b.numbers, err = b.loadNumbers(ctx); err != nil {
		return nil, err
	}
	sending := d.Config.Sending
	b.sender = outbox.New(outbox.Deps{Store: d.Store, Transport: d.Transport, Clock: d.Clock, Logger: d.Logger.With("component", "outbox"),
		Pacing: outbox.Pacing{PerMinute: sending.PerMinute, BulkInterval: sending.BulkInterval, Jitter: sending.Jitter,
			ColdPerDay: sending.ColdDMsPerDay},
		Settled: b.batchSettled, Numbers: b.numbers})
	if err := b.seedGroups(ctx); err != nil {
		return nil, err
	}
	if err := b.groups.load(ctx, b.store); err != nil {
		return nil, err
	}
	// Before any message is handled: a lease taken back later could be a
	// reply queued meanwhile, which would then go twice.
	if err := b.sender.Recover(ctx); err != nil {
		return nil, err
	}
	if err := b.prune(ctx, b.clock.Now()); err != nil {
		return nil, err
	}
	return b, nil
}

// Sender is the outbox sender the transport's loop drives.
func (b *Bot) Sender() *outbox.Sender { return b.sender }

func (b *Bot) seedGroups(ctx context.Context) error {
	now := b.clock.Now()
	for _, g := range b.cfg.Groups {
		want := store.Group{Key: g.Key, JID: g.JID, Name: g.Name, Lang: g.Language, TZ: g.Timezone, Private: g.Private, Active: true}
		added, err := b.store.AddGroup(ctx, want, now)
		if err != nil {
			return fmt.Errorf("seed groups: %w", err)
		}
		if added {
			b.log.Info("partner group registered from config", "group", g.Key, "lang", g.Language)
			continue
		}
		have, err := b.store.GroupByKey(ctx, g.Key)
		switch {
		case errors.Is(err, store.ErrNotFound):
			b.log.Warn("config group's chat is registered under another key; the registered one is kept", "group", g.Key)
		case err != nil:
			return fmt.Errorf("seed groups: %w", err)
		case have != (store.Group{ID: have.ID, Key: want.Key, JID: want.JID, Name: want.Name, Lang: want.Lang, TZ: want.TZ, Private: want.Private, Active: have.Active}):
			b.log.Info("config group differs from the registered one, which is kept (!setup changes it)", "group", g.Key)
		}
	}
	return nil
}

// loadNumbers reads the numbers the outbox's filter starts with: every
// member's, present or forgotten, and the config's staff phones.
func (b *Bot) loadNumbers(ctx context.Context) (*privacy.Numbers, error) {
	known, err := b.store.KnownNumbers(ctx)
	if err != nil {
		return nil, err
	}
	ids := known.UserIDs
	for _, s := range b.cfg.Staff {
		ids = append(ids, s.Phone)
	}
	return privacy.NewNumbers(ids, known.Key, known.Forgotten), nil
}

// isStaff reports whether a user ID is one of the config's staff phones.
func (b *Bot) isStaff(userID string) bool {
	_, ok := b.cfg.StaffByPhone(userID)
	return ok
}
