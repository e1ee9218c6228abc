package bot

import (
	"strings"
	"time"

	"labbot/store"
)

// pollsSection lists the polls a digest in lang shows: those still open
// and those closed in its week, Lab-wide or from a group that is not
// private. A private group's polls stay out of every digest: a digest by
// direct message would carry them past the check at send time that a
// private item gets (see digestAudience).
func (b *Bot) pollsSection(lang string, polls []store.Poll) string {
	var lines []string
	var first string
	for _, p := range polls {
		if len(p.Posts) == 0 || !b.pollLabOrOpenGroup(p) {
			continue
		}
		key := "digest.poll_open"
		if !p.Closed.IsZero() {
			key = "digest.poll_closed"
		}
		if first == "" {
			first = p.Ref()
		}
		lines = append(lines, b.texts.msg(lang, key, vars{"Ref": bold(p.Ref()),
			"Question": excerpt(p.Posts[pollPostIn(p, lang)].Question, digestExcerpt)}))
	}
	if len(lines) == 0 {
		return ""
	}
	return b.texts.msg(lang, "digest.polls", vars{"Show": b.cmdWord(lang, "show") + " " + first}) + "\n" + strings.Join(lines, "\n")
}

// pollLabOrOpenGroup reports whether p is Lab-wide or from a group that
// is not private.
func (b *Bot) pollLabOrOpenGroup(p store.Poll) bool {
	if p.LabWide {
		return true
	}
	g, ok := b.groups.lookup(p.Posts[0].Chat)
	return ok && !g.Private
}

// weekPolls are the polls of the week ending at to: open then, or closed
// in it.
func weekPolls(polls []store.Poll, to time.Time) []store.Poll {
	var week []store.Poll
	for _, p := range polls {
		open := p.Closed.IsZero() || p.Closed.After(to)
		if p.Created.Before(to) && (open || !p.Closed.Before(to.Add(-digestWeek))) {
			week = append(week, p)
		}
	}
	return week
}
