package export

import (
	"fmt"
	"strconv"
	"time"

	"labbot/privacy"
	"labbot/store"
)

// KnowledgePoll is a poll (issue 17) with its count: one post per group it
// was asked in, each in its language, options corresponding by position.
// How many voted, never who: WhatsApp shows that in the group, and labbot
// keeps it out of every export.
type KnowledgePoll struct {
	ID      string              `json:"id"`
	LabWide bool                `json:"lab_wide"`
	Author  string              `json:"author"`
	Created time.Time           `json:"created"`
	Closed  *time.Time          `json:"closed,omitempty"`
	Voters  int                 `json:"voters"` // in all its groups
	Totals  []int               `json:"totals"` // votes by option position, in all its groups
	Posts   []KnowledgePollPost `json:"posts"`
}

// KnowledgePollPost is the poll as one group was asked it.
type KnowledgePollPost struct {
	Group    string                `json:"group"` // its key
	Lang     string                `json:"language"`
	Question string                `json:"question"`
	Options  []KnowledgePollOption `json:"options"`
	Voters   int                   `json:"voters"`
}

// KnowledgePollOption is one option and its votes in one group.
type KnowledgePollOption struct {
	Text  string `json:"text"`
	Votes int    `json:"votes"`
}

// polls is s's polls as an export shows them, redacted.
func polls(s store.Snapshot, keys map[string]string, red privacy.Redactor) []KnowledgePoll {
	out := []KnowledgePoll{} // [], not null, for programs that read the JSON
	for _, p := range s.Polls {
		t := s.Tallies[p.ID]
		total := t.Total()
		k := KnowledgePoll{ID: p.Ref(), LabWide: p.LabWide, Author: privacy.FormerMember, Created: p.Created.Truncate(time.Second),
			Voters: total.Voters, Totals: total.Counts}
		if p.AuthorID != 0 {
			k.Author = red.Name(p.AuthorName)
		}
		if !p.Closed.IsZero() {
			closed := p.Closed.Truncate(time.Second)
			k.Closed = &closed
		}
		for i, pp := range p.Posts {
			post := KnowledgePollPost{Group: red.Text(keys[pp.Chat]), Lang: pp.Lang, Question: red.Text(pp.Question)}
			for j, o := range pp.Options {
				post.Options = append(post.Options, KnowledgePollOption{Text: red.Text(o), Votes: t.Posts[i].Counts[j]})
			}
			post.Voters = t.Posts[i].Voters
			k.Posts = append(k.Posts, post)
		}
		out = append(out, k)
	}
	return out
}

// pollRows are a poll's CSV rows: per group, one for its question (with
// how many voted) and one per option (with its votes).
func pollRows(p KnowledgePoll, width int) [][]string {
	closed := strconv.FormatBool(p.Closed != nil)
	var rows [][]string
	row := func(group, kind, lang, text, votes, voters string) {
		r := []string{group, p.ID, kind, "", lang, p.Created.Format(time.RFC3339), cell(p.Author), cell(text)}
		r = append(r, make([]string, width-len(r))...)
		rows = append(rows, append(r, votes, voters, closed))
	}
	for _, post := range p.Posts {
		row(post.Group, "poll", post.Lang, post.Question, "", strconv.Itoa(post.Voters))
		for i, o := range post.Options {
			row(post.Group, "poll_option", post.Lang, fmt.Sprintf("%d. %s", i+1, o.Text), strconv.Itoa(o.Votes), "")
		}
	}
	return rows
}
