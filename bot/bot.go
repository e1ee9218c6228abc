// Package bot is labbot's core: commands, reply language, permissions and
// the outbox sender. It knows no WhatsApp type: transports deliver Messages
// and carry out sends through the Transport interface.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

// keepProcessed is how long labbot remembers which messages it handled.
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
	tr       Transport
	clock    Clock
	texts    *Texts
	log      *slog.Logger
	commands *commandIndex
	staff    map[string]config.Staff // by phone
	groups   groupRegistry
	sender   *Sender
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
		staff:    map[string]config.Staff{},
	}
	for _, s := range d.Config.Staff {
		b.staff[s.Phone] = s
	}
	b.sender = newSender(d.Store, d.Transport, d.Clock, pacingFrom(d.Config.Sending), d.Logger.With("component", "outbox"))
	if err := b.seedGroups(ctx); err != nil {
		return nil, err
	}
	if err := b.groups.load(ctx, b.store); err != nil {
		return nil, err
	}
	// WhatsApp does not redeliver messages this old: no need to know them.
	if _, err := b.store.PruneProcessed(ctx, b.clock.Now().Add(-keepProcessed)); err != nil {
		return nil, err
	}
	return b, nil
}

// Sender is the outbox sender the transport's loop drives.
func (b *Bot) Sender() *Sender { return b.sender }

func (b *Bot) seedGroups(ctx context.Context) error {
	now := b.clock.Now()
	for _, g := range b.cfg.Groups {
		added, err := b.store.AddGroup(ctx, store.Group{
			Key: g.Key, JID: g.JID, Name: g.Name, Lang: g.Language, TZ: g.Timezone, Private: g.Private,
		}, now)
		if err != nil {
			return fmt.Errorf("seed groups: %w", err)
		}
		if added {
			b.log.Info("partner group registered from config", "group", g.Key, "lang", g.Language)
		}
	}
	return nil
}

// isStaff reports whether a user ID is one of the config's staff phones.
func (b *Bot) isStaff(userID string) bool {
	_, ok := b.staff[userID]
	return ok
}
