package bot

import (
	"context"
	"slices"
	"time"

	"labbot/store"
)

// What a message to a person carries decides who may still receive it
// when it leaves: the sender checks each row's store.Audience just before
// sending (bot/outbox/deliver.go), as well as here when it is queued.

// audienceOf is the audience of a message to member memberID that speaks
// of the private groups given (0 for none, each named once).
func audienceOf(memberID int64, groups ...int64) store.Audience {
	a := store.Audience{Member: memberID}
	for _, g := range groups {
		if g != 0 && !slices.Contains(a.Groups, g) {
			a.Groups = append(a.Groups, g)
		}
	}
	return a
}

// privateGroup is the private group whose content it is; 0 when Lab-wide.
func privateGroup(it store.Item) int64 {
	if it.Private {
		return it.GroupID
	}
	return 0
}

// inGroup reports whether group id is among groups; 0, no group, always is.
func inGroup(groups []store.Group, id int64) bool {
	return id == 0 || slices.ContainsFunc(groups, func(g store.Group) bool { return g.ID == id })
}

// digestAudience is who may still receive t's digest: for a subscriber,
// she, while she is in each private group whose items or events it shows
// (private maps an item to its private group). A group's digest goes to
// the group and needs none.
func digestAudience(t digestTarget, p digestPicks, private map[int64]int64, events []store.Event, from, to time.Time) store.Audience {
	if t.member == 0 {
		return store.Audience{}
	}
	var groups []int64
	for _, id := range p.addIDs(nil) {
		groups = append(groups, private[id])
	}
	for _, e := range events {
		if t.view.seesEvent(e) && !e.Start.Before(from) && e.Start.Before(to.Add(digestAhead)) {
			groups = append(groups, e.GroupID)
		}
	}
	return audienceOf(t.member, groups...)
}

// privateItems maps each private item of entries to its group.
func privateItems(entries []store.DigestEntry) map[int64]int64 {
	out := map[int64]int64{}
	for _, e := range entries {
		if e.Private {
			out[e.ID] = e.GroupID
		}
	}
	return out
}

// visibleAnswers lists q's answers that r's reader may see from r's chat:
// an answer kept in a private group (see placeAnswer) shows only there.
func (b *Bot) visibleAnswers(ctx context.Context, r *request, q store.Item) ([]store.Item, error) {
	answers, err := b.store.Answers(ctx, q.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(answers, func(a store.Item) bool { return !b.visible(r, a) }), nil
}
