package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"labbot/store"
	"labbot/textlang"
)

// An anonymous question goes where its asker chooses: the whole Lab, or
// one of her groups. Posting it to exactly her set of groups, as labbot
// once did, told anyone in two of them who could have asked. So "ask anon
// TEXT" posts nothing yet: it offers the choices, the whole Lab first (the
// one that reveals nothing), and keeps the question sealed as a draft
// until she quote-replies with a number. A draft nobody chose for is
// dropped after store.DraftKeep, unposted: labbot never picks for her.

// askAnonymously offers where a question may go without her name. In a
// group, where asking would show who asks, she is sent to a direct message.
func (b *Bot) askAnonymously(ctx context.Context, r *request, text string) error {
	if r.Group != nil {
		b.reply(r, b.texts.msg(r.Lang, "ask.anon_in_group", vars{"Usage": b.anonUsage(r.Lang)}))
		return nil
	}
	if len(r.Groups) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "ask.anon_no_group", nil))
		return nil
	}
	public, err := b.publicGroups(ctx)
	if err != nil {
		return err
	}
	var choices []int64
	var lines []string
	if len(public) > 0 {
		choices, lines = append(choices, 0), append(lines, "1. "+b.texts.msg(r.Lang, "ask.anon_choice_lab", nil))
	}
	for _, g := range r.Groups {
		name := g.Name
		if g.Private {
			name = b.texts.msg(r.Lang, "ask.anon_choice_private", vars{"Name": g.Name})
		}
		choices, lines = append(choices, g.ID), append(lines, strconv.Itoa(len(choices)+1)+". "+name)
	}
	b.reply(r, b.texts.msg(r.Lang, "ask.anon_where", vars{"Choices": strings.Join(lines, "\n"), "Lab": len(public) > 0}))
	prompt := &r.out[len(r.out)-1]
	prompt.Sensitive = true
	if err := b.stamp(ctx, prompt, b.clock.Now()); err != nil {
		return err
	}
	draft := store.AnonDraft{UserID: r.Member.UserID, Text: text, Lang: r.Lang, Choices: choices}
	return b.store.AddAnonDraft(ctx, prompt.MsgID, draft, b.clock.Now())
}

// chooseWhere takes her quote-reply to labbot's offer of where her
// anonymous question goes. It reports false when the quoted message
// offered her nothing.
func (b *Bot) chooseWhere(ctx context.Context, r *request) (bool, error) {
	d, err := b.store.TakeAnonDraft(ctx, r.Msg.QuotedID, r.Member.UserID, b.clock.Now())
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	r.Lang = d.Lang
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(r.Msg.Text), "."))
	if err != nil || n < 1 || n > len(d.Choices) {
		b.reply(r, b.texts.msg(r.Lang, "ask.anon_bad_choice", vars{"Max": len(d.Choices)}))
		return true, nil
	}
	// The limits before the draft goes: over them, her choice waits for
	// her to send it again, the draft kept. To the whole Lab, it posts in
	// every group, and counts as an announcement does (outside trial: one
	// member posted 90 anonymous questions in 20 minutes).
	r.labWide = d.Choices[n-1] == 0
	if !b.withinLimits(ctx, r) {
		return true, nil
	}
	return true, b.postAnonymously(ctx, r, d, d.Choices[n-1])
}

// postAnonymously saves the draft's question with no name and posts it to
// the whole Lab (choice 0) or to the group chosen, each post in its
// group's language. A private group keeps the question to itself.
func (b *Bot) postAnonymously(ctx context.Context, r *request, d store.AnonDraft, choice int64) error {
	// Her text's language; the one she was answered in decides a tie.
	it := store.Item{Kind: store.KindQuestion, Body: d.Text, Lang: textlang.Pick(d.Text, d.Lang), AuthorID: r.Member.ID, Anonymous: true, Tags: tagsIn(d.Text)}
	where := b.texts.msg(r.Lang, "ask.anon_where_lab", nil)
	targets, err := b.publicGroups(ctx)
	if err != nil {
		return err
	}
	if choice != 0 {
		i := slices.IndexFunc(r.Groups, func(g store.Group) bool { return g.ID == choice })
		if i < 0 { // she left it meanwhile
			b.reply(r, b.texts.msg(r.Lang, "ask.anon_bad_choice", vars{"Max": len(d.Choices)}))
			return nil
		}
		g := r.Groups[i]
		it.GroupID, it.Private, targets, where = g.ID, g.Private, []store.Group{g}, g.Name
	}
	// Dropped first: a crash now loses the draft (she is told nothing, and
	// may ask again) rather than posting it twice.
	if err := b.store.DropAnonDraft(ctx, r.Msg.QuotedID); err != nil {
		return err
	}
	related, err := b.related(ctx, r, d.Text)
	if err != nil {
		return err
	}
	r.save(it, func(it store.Item) {
		for _, g := range targets {
			post := b.texts.msg(g.Lang, "ask.anon_post", vars{"Ref": bold(it.Ref()), "Text": quoted(it.Body), "Answer": b.answerUsage(g.Lang, it)})
			r.posts = append(r.posts, store.Outgoing{Chat: g.JID, Bulk: true, Body: post, ItemID: it.ID,
				DedupKey: fmt.Sprintf("anon:%d:%d", it.ID, g.ID)})
		}
		b.reply(r, b.texts.msg(r.Lang, "ask.anon_posted", vars{"Ref": bold(it.Ref()), "Where": where})+related)
		r.out[len(r.out)-1].Sensitive = true
	})
	return nil
}

// publicGroups are the active partner groups that are not private: the
// whole Lab.
func (b *Bot) publicGroups(ctx context.Context) ([]store.Group, error) {
	all, err := b.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var public []store.Group
	for _, g := range all {
		if g.Active && !g.Private {
			public = append(public, g)
		}
	}
	return public, nil
}
