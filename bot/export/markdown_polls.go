package export

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// polls writes the polls: per poll its question and how many voted, then
// per group its options with their votes, and a Lab-wide poll's totals.
// Never who voted. A Lab that never asked one gets no section.
func (m *markdown) polls(polls []KnowledgePoll) {
	if len(polls) == 0 {
		return
	}
	fmt.Fprintf(&m.b, "\n## %s\n\n", m.w.say("export.polls", nil))
	for _, p := range polls {
		if len(p.Posts) == 0 {
			continue
		}
		parts := []string{m.w.person(p.Author), m.w.date(p.Created), m.w.count("export.voted", p.Voters)}
		if p.LabWide {
			parts = append(parts, m.w.say("export.lab_wide", nil))
		}
		if p.Closed != nil {
			parts = append(parts, m.w.say("export.closed", nil))
		}
		fmt.Fprintf(&m.b, "- **%s** (%s) %s\n", p.ID, strings.Join(parts, " · "), oneLine(p.Posts[0].Question))
		for _, post := range p.Posts {
			group := cmp.Or(m.names[post.Group], post.Group)
			fmt.Fprintf(&m.b, "  - %s (%s · %s): %s\n", group, m.w.langName(post.Lang), m.w.count("export.voted", post.Voters), optionVotes(post.Options, nil))
		}
		if p.LabWide {
			fmt.Fprintf(&m.b, "  - %s: %s\n", m.w.say("export.total", nil), optionVotes(p.Posts[0].Options, p.Totals))
		}
	}
}

// optionVotes is "1. March: 2 · 2. April: 1"; with totals, their counts
// in place of the options' own.
func optionVotes(options []KnowledgePollOption, totals []int) string {
	parts := make([]string, len(options))
	for i, o := range options {
		n := o.Votes
		if totals != nil && i < len(totals) {
			n = totals[i]
		}
		parts[i] = strconv.Itoa(i+1) + ". " + oneLine(o.Text) + ": " + strconv.Itoa(n)
	}
	return strings.Join(parts, " · ")
}
