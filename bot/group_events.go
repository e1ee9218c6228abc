package bot

import (
	"context"
	"errors"
	"strings"

	"labbot/locales"
	"labbot/store"
)

// Errors a transport's JoinGroup reports, so staff hear why in their language.
var (
	ErrInviteRevoked = errors.New("the invite link was revoked")
	ErrInviteInvalid = errors.New("the invite link is not valid")
)

// GroupsSynced brings the registry up to date with the groups labbot is
// in, as WhatsApp lists them on connecting: a partner group labbot was
// removed from while away gets no more posts, and the people in the others
// are members.
func (b *Bot) GroupsSynced(ctx context.Context, groups []GroupInfo) error {
	in := map[string]bool{}
	for _, g := range groups {
		in[g.ID] = true
		if err := b.groupIsHere(ctx, g); err != nil {
			return err
		}
	}
	current, err := b.store.Groups(ctx)
	if err != nil {
		return err
	}
	for _, g := range current {
		if !in[g.JID] {
			if err := b.GroupLeft(ctx, g.JID); err != nil {
				return err
			}
		}
	}
	return b.groups.load(ctx, b.store)
}

// groupIsHere marks a registered group as one labbot is in, and makes its
// participants exactly its members: someone removed while labbot was away
// reads no more of a private group. It reports nothing for other groups.
func (b *Bot) groupIsHere(ctx context.Context, g GroupInfo) error {
	registered, err := b.store.SetGroupActive(ctx, g.ID, true)
	if err != nil || !registered {
		return err
	}
	grp, err := b.store.GroupByJID(ctx, g.ID)
	if err != nil {
		return err
	}
	removed, err := b.store.SetGroupMembers(ctx, grp.ID, g.Participants, b.clock.Now())
	if err != nil {
		return err
	}
	b.numbers.Add(g.Participants...)
	if removed > 0 {
		b.log.Info("people no longer in a partner group lost their membership", "group", grp.Key, "removed", removed)
	}
	return nil
}

// GroupJoined is labbot added to a group. A partner group is back; any
// other gets a short welcome, in the three languages, asking staff to make
// it a partner group, while the day's welcomes last (being added to fifty
// groups must not make labbot post fifty times). labbot says nothing else
// there until then.
func (b *Bot) GroupJoined(ctx context.Context, g GroupInfo) error {
	registered, err := b.store.SetGroupActive(ctx, g.ID, true)
	if err != nil {
		return err
	}
	if registered {
		if err := b.groupIsHere(ctx, g); err != nil {
			return err
		}
		b.log.Info("back in a partner group")
		return b.groups.load(ctx, b.store)
	}
	if !b.limits.welcome(g.ID, b.clock.Now()) {
		b.log.Info("added to a group that is not a partner group yet; no welcome, today's are used up")
		return nil
	}
	b.log.Info("added to a group that is not a partner group yet; welcome posted")
	body := b.inEveryLanguage(b.cfg.DefaultLanguage, "group.welcome")
	return b.queue(ctx, store.Outgoing{Chat: g.ID, Bulk: true, Body: body, DedupKey: "welcome:" + g.ID})
}

// inEveryLanguage is message id in each of the Lab's languages, first's
// first: said to someone whose language labbot does not know yet.
func (b *Bot) inEveryLanguage(first, id string) string {
	langs := []string{first}
	for _, lang := range locales.Languages() {
		if lang != first {
			langs = append(langs, lang)
		}
	}
	parts := make([]string, len(langs))
	for i, lang := range langs {
		parts[i] = b.texts.msg(lang, id, nil)
	}
	return strings.Join(parts, "\n\n")
}

// GroupLeft is labbot removed from a group: it gets no more posts.
func (b *Bot) GroupLeft(ctx context.Context, jid string) error {
	registered, err := b.store.SetGroupActive(ctx, jid, false)
	if err != nil || !registered {
		return err
	}
	b.log.Info("removed from a partner group; no more posts there")
	return b.groups.load(ctx, b.store)
}

// GroupRenamed keeps a partner group's new name.
func (b *Bot) GroupRenamed(ctx context.Context, jid, name string) error {
	registered, err := b.store.RenameGroup(ctx, jid, name)
	if err != nil || !registered {
		return err
	}
	return b.groups.load(ctx, b.store)
}

// MembersJoined records people who joined a partner group as its members.
func (b *Bot) MembersJoined(ctx context.Context, jid string, users []string) error {
	g, ok := b.groups.lookup(jid)
	if !ok {
		return nil
	}
	for _, user := range users {
		if _, _, err := b.store.SeeMember(ctx, store.Incoming{Sender: user}, "", g.ID, b.clock.Now()); err != nil {
			return err
		}
	}
	b.numbers.Add(users...)
	return nil
}

// MembersLeft ends the membership of people who left, or were removed
// from, a partner group: she reads no more of it if it is private. She
// stays a member, with what she shared, as she may be in other groups.
func (b *Bot) MembersLeft(ctx context.Context, jid string, users []string) error {
	g, ok := b.groups.lookup(jid)
	if !ok {
		return nil
	}
	for _, user := range users {
		if _, err := b.store.LeaveGroup(ctx, g.ID, user); err != nil {
			return err
		}
	}
	return nil
}
