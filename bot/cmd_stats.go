package bot

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"labbot/store"
)

// What !stats says of first messages WhatsApp refused: how many in the
// last refusedDays days, naming the latest refusedNamed.
const (
	refusedDays  = 30
	refusedNamed = 3
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
		lines = append(lines, "", bold(g.Group.Name)+" ("+b.langName(r.Lang, g.Group.Lang)+")", b.countsLine(r.Lang, g.Counts, true))
	}
	lines = append(lines, "", b.texts.msg(r.Lang, "stats.by_lang", nil))
	for _, l := range langs {
		lines = append(lines, "", bold(capitalize(b.langName(r.Lang, l.Lang))),
			b.texts.msg(r.Lang, "stats.groups", vars{"N": l.Groups})+" · "+b.countsLine(r.Lang, l.Counts, true))
	}
	reach, err := b.reachLines(ctx, r.Lang)
	if err != nil {
		return err
	}
	lines = append(lines, reach...)
	refused, err := b.refusedLine(ctx, r.Lang, now)
	if err != nil {
		return err
	}
	if refused != "" {
		lines = append(lines, "", refused)
	}
	return b.replyPrivately(ctx, r, strings.Join(lines, "\n"))
}

// reachLines tell staff, per language, the share of the Lab's items one
// can read in it (written in it, or translated into it), and how many
// translations went from which language into which: en→es: 3.
func (b *Bot) reachLines(ctx context.Context, lang string) ([]string, error) {
	readable, dirs, err := b.store.LangReach(ctx)
	if err != nil || len(readable) == 0 || readable[0].Total == 0 {
		return nil, err
	}
	lines := []string{"", b.texts.msg(lang, "stats.reach_title", nil)}
	for _, l := range readable {
		// A plural on the total: "0 of 1 item", "2 of 3 items".
		lines = append(lines, b.texts.plural(lang, "stats.reach_line", l.Total, vars{"Lang": b.langName(lang, l.Lang),
			"Readable": l.Readable, "Total": l.Total, "Pct": (100*l.Readable + l.Total/2) / l.Total}))
	}
	var list []string
	for _, d := range dirs {
		list = append(list, b.texts.msg(lang, "stats.direction", vars{"From": b.langName(lang, d.From), "To": b.langName(lang, d.To), "N": d.N}))
	}
	if len(list) == 0 {
		return append(lines, b.texts.msg(lang, "stats.directions_none", nil)), nil
	}
	return append(lines, b.texts.msg(lang, "stats.directions", vars{"List": strings.Join(list, " · ")})), nil
}

// refusedLine tells staff how many members WhatsApp refused a first
// message to in the last 30 days, and names the latest few (by name,
// never number); "" when none.
func (b *Bot) refusedLine(ctx context.Context, lang string, now time.Time) (string, error) {
	names, err := b.store.RefusedSince(ctx, now.Add(-refusedDays*24*time.Hour))
	if err != nil || len(names) == 0 {
		return "", err
	}
	var latest []string
	for _, name := range names[:min(len(names), refusedNamed)] {
		latest = append(latest, b.creditName(lang, name, ""))
	}
	return b.texts.plural(lang, "first_contact.stats", len(names), vars{"N": len(names), "Names": strings.Join(latest, ", ")}), nil
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

// capitalize starts s with a capital letter, as a heading does: Spanish and
// French write language names in lowercase mid-sentence (inglés, anglais).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
