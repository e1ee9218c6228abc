package bot

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"labbot/store"
)

// eventBlurbLen is how much of an event's description a list or a
// reminder shows: a line or two on a phone, its link always whole.
const eventBlurbLen = 160

// linkRE finds a link in an event's description: a Zoom or Meet link,
// a form to fill in.
var linkRE = regexp.MustCompile(`https?://\S+`)

// eventBlurb is an event's description on one line, for a list or a
// reminder: whole when short; else clipped, but never through its first
// link, which is what a member needs to join.
func eventBlurb(desc string) string {
	text := strings.Join(strings.Fields(desc), " ")
	if utf8.RuneCountInString(text) <= eventBlurbLen {
		return text
	}
	at := linkRE.FindStringIndex(text)
	if at == nil || utf8.RuneCountInString(text[:at[1]]) < eventBlurbLen {
		return clip(text, eventBlurbLen)
	}
	link := text[at[0]:at[1]]
	head := strings.TrimSpace(text[:at[0]])
	if room := eventBlurbLen - utf8.RuneCountInString(link) - 1; head != "" && room > 0 {
		return clip(head, max(room, 20)) + " " + link
	}
	return link
}

// showEvent shows one event in full, as !show E2 asks: title, time in
// the reader's zone, description with its link, who may come and how,
// how many said they would (a count, never names), and whether it was
// cancelled or is over.
func (b *Bot) showEvent(ctx context.Context, r *request, ref string) error {
	e, ok, err := b.findEvent(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	n, err := b.store.RSVPCount(ctx, e.ID)
	if err != nil {
		return err
	}
	loc := b.readerZone(r)
	d := b.eventData(r.Lang, e, loc, 0)
	d["Zone"] = b.zoneTime(r.Lang, loc)
	lines := []string{b.texts.msg(r.Lang, "event.show_head", d), b.texts.msg(r.Lang, "event.show_when", d)}
	if e.Description != "" {
		lines = append(lines, "", e.Description)
	}
	lines = append(lines, "", b.whoMayCome(r, e))
	switch {
	case e.Cancelled:
		lines = append(lines, b.texts.msg(r.Lang, "event.show_cancelled", nil))
	case n == 0:
		lines = append(lines, b.texts.msg(r.Lang, "event.show_nobody", nil))
	default:
		lines = append(lines, b.texts.plural(r.Lang, "event.show_coming", n, nil))
	}
	switch {
	case e.Cancelled:
	case !b.clock.Now().Before(e.Start):
		lines = append(lines, b.texts.msg(r.Lang, "event.over", d))
	default:
		lines = append(lines, b.texts.msg(r.Lang, "event.how_rsvp", d))
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// whoMayCome says who may RSVP: every partner group, or the members of
// the private group the event belongs to (the reader is in it, or she
// would not see the event).
func (b *Bot) whoMayCome(r *request, e store.Event) string {
	if e.GroupID == 0 {
		return b.texts.msg(r.Lang, "event.show_for_all", nil)
	}
	name := ""
	for _, g := range append(r.Groups, derefGroup(r.Group)...) {
		if g.ID == e.GroupID {
			name = g.Name
		}
	}
	return b.texts.msg(r.Lang, "event.show_for_group", vars{"Group": inline(name)})
}

func derefGroup(g *store.Group) []store.Group {
	if g == nil {
		return nil
	}
	return []store.Group{*g}
}
