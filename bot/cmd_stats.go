package bot

import (
	"context"
	"strings"

	"labbot/store"
)

// cmdStats shows staff, per group and per language, the members and what
// was shared, this week and in all, and how the questions fare.
func (b *Bot) cmdStats(ctx context.Context, r *request) error {
	now := b.clock.Now()
	groups, langs, err := b.store.Stats(ctx, now.Add(-digestWeek))
	if err != nil {
		return err
	}
	lines := []string{b.texts.msg(r.Lang, "stats.title", vars{"Date": b.day(r.Lang, now.In(b.staffZone(r.Msg.Sender)))})}
	for _, g := range groups {
		if g.Group.ID == 0 {
			if g.Items > 0 {
				lines = append(lines, "", bold(b.texts.msg(r.Lang, "stats.dm", nil)), b.countsLine(r.Lang, g.Counts, false))
			}
			continue
		}
		lines = append(lines, "", bold(g.Group.Name)+" ("+g.Group.Lang+")", b.countsLine(r.Lang, g.Counts, true))
	}
	lines = append(lines, "", b.texts.msg(r.Lang, "stats.by_lang", nil))
	for _, l := range langs {
		lines = append(lines, "", bold(b.langName(r.Lang, l.Lang)),
			b.texts.msg(r.Lang, "stats.groups", vars{"N": l.Groups})+" · "+b.countsLine(r.Lang, l.Counts, true))
	}
	b.replyPrivately(r, strings.Join(lines, "\n"))
	return nil
}

// countsLine is one group's or language's counts on a line or two. Each
// count follows its label ("open: 3"), which reads right for any number in
// all three languages.
func (b *Bot) countsLine(lang string, c store.Counts, members bool) string {
	var parts []string
	if members {
		parts = append(parts, b.texts.msg(lang, "stats.members", vars{"N": c.Members}))
	}
	parts = append(parts,
		b.texts.msg(lang, "stats.items", vars{"N": c.Items, "Week": c.ItemsWeek}),
		b.texts.msg(lang, "stats.questions", vars{"Open": c.Open, "Answered": c.Answered}))
	return strings.Join(parts, " · ")
}
