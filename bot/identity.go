package bot

import (
	"context"
	"fmt"
	"strings"
)

// A person may reach labbot under two user IDs: her phone number ("+…")
// and, in groups that hide numbers, her LID ("lid:…"). Until the transport
// learns they are one person, each may become a member. When it does (a
// message that carries both, a group's list, WhatsApp's own map), the two
// are merged, kept under her number, which is how the transport names her
// from then on and how staff are listed in the config.

// SameMember records that user IDs a and b are one person, and merges the
// members found under them into one. The transport calls it when it
// learns so outside a message; it names no one in the log.
func (b *Bot) SameMember(ctx context.Context, a, c string) error {
	keep, other := a, c
	if strings.HasPrefix(other, "+") {
		keep, other = other, keep
	}
	if !strings.HasPrefix(keep, "+") || !strings.HasPrefix(other, "lid:") {
		return fmt.Errorf("same member: want a number and a LID, got %s and %s", idKind(a), idKind(c))
	}
	m, err := b.store.MergeMember(ctx, keep, other)
	if err != nil {
		return err
	}
	b.numbers.Add(other) // kept as her alt ID: no text may show it either
	if m.Dropped != 0 {
		b.limits.merge(m.Dropped, m.Kept)
		b.log.Info("one person's two user IDs merged into one member", "member", m.Kept, "merged", m.Dropped)
	}
	return nil
}

// LIDOnlyMembers lists the members known only by LID, for the transport
// to look up whether it has learned their number since.
func (b *Bot) LIDOnlyMembers(ctx context.Context) ([]string, error) {
	return b.store.LIDOnlyMembers(ctx)
}

// StaffUsers lists the config's staff as user IDs ("+number"), for the
// transport to learn how WhatsApp also knows them (their LIDs).
func (b *Bot) StaffUsers() []string {
	users := make([]string, 0, len(b.cfg.Staff))
	for _, s := range b.cfg.Staff {
		users = append(users, s.Phone)
	}
	return users
}

// idKind says what kind of user ID id is, for an error that must not
// show it.
func idKind(id string) string {
	switch {
	case strings.HasPrefix(id, "+"):
		return "a number"
	case strings.HasPrefix(id, "lid:"):
		return "a LID"
	}
	return "another ID"
}
