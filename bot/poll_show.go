package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"labbot/store"
)

// showPoll gives a poll's tally in the reader's language, with how many
// voted: for a Lab-wide poll, her group's and the Lab's, and to staff by
// direct message each group's. Never who voted: WhatsApp shows that in the group, labbot does
// not repeat it anywhere.
func (b *Bot) showPoll(ctx context.Context, r *request, ref string) error {
	p, ok, err := b.findPoll(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	t, err := b.store.Tally(ctx, p)
	if err != nil {
		return err
	}
	home := int64(0)
	if g := r.homeGroup(); g != nil {
		home = g.ID
	}
	// Each group's count is for staff by direct message: in a group it
	// would tell one group how a private group voted.
	b.reply(r, b.pollText(r.Lang, p, t, home, r.Staff && r.Group == nil, "poll.your_group"))
	return nil
}

// findPoll loads the poll ref names, as r's reader may see it: a private
// group's poll only from that group (or by a member of it, by direct
// message, or staff). It replies itself when she may not.
func (b *Bot) findPoll(ctx context.Context, r *request, ref string) (store.Poll, bool, error) {
	num, _ := strconv.ParseInt(refNum(pollRefRE, ref), 10, 64)
	p, err := b.store.PollByNum(ctx, num)
	if err == nil && !b.pollVisible(r, p) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		b.reply(r, b.texts.msg(r.Lang, "item.not_found", vars{"Ref": "P" + strconv.FormatInt(num, 10)}))
		return p, false, nil
	}
	return p, err == nil, err
}

func (b *Bot) pollVisible(r *request, p store.Poll) bool {
	if p.LabWide || r.Staff || len(p.Posts) == 0 {
		return true
	}
	g, ok := b.groups.lookup(p.Posts[0].Chat)
	if !ok || !g.Private {
		return true
	}
	if r.Group != nil {
		return r.Group.ID == g.ID
	}
	for _, mine := range r.Groups {
		if mine.ID == g.ID {
			return true
		}
	}
	return false
}

// pollText is p's tally as a reader in lang sees it from group home (0:
// none): the question and options of the post in her language (options
// correspond by position), the count by option and how many voted.
// groupKey heads home's count: "your group" to her, "this group" in a
// post to the whole group.
func (b *Bot) pollText(lang string, p store.Poll, t store.PollTally, home int64, staff bool, groupKey string) string {
	key := "poll.header_open"
	if !p.Closed.IsZero() {
		key = "poll.header_closed"
	}
	post := pollPostIn(p, lang)
	lines := []string{b.texts.msg(lang, key, vars{"Ref": bold(p.Ref()), "Question": p.Posts[post].Question})}
	options := p.Posts[post].Options
	if !p.LabWide {
		return strings.Join(append(lines, b.countLines(lang, options, t.Posts[0])...), "\n")
	}
	for i, pp := range p.Posts {
		if g, ok := b.groups.lookup(pp.Chat); ok && g.ID == home && !staff {
			lines = append(lines, "", b.texts.msg(lang, groupKey, vars{"Group": bold(g.Name)}))
			lines = append(lines, b.countLines(lang, options, t.Posts[i])...)
		}
	}
	lines = append(lines, "", b.texts.msg(lang, "poll.lab_total", nil))
	lines = append(lines, b.countLines(lang, options, t.Total())...)
	if staff {
		lines = append(lines, "", b.texts.msg(lang, "poll.by_group", nil))
		for i, pp := range p.Posts {
			lines = append(lines, b.groupLine(lang, pp.Chat, t.Posts[i]))
		}
	}
	return strings.Join(lines, "\n")
}

// countLines are "N. OPTION: COUNT" lines, then how many voted.
func (b *Bot) countLines(lang string, options []string, pt store.PostTally) []string {
	var lines []string
	for i, o := range options {
		n := 0
		if i < len(pt.Counts) {
			n = pt.Counts[i]
		}
		lines = append(lines, b.texts.msg(lang, "poll.option", vars{"N": i + 1, "Option": o, "Count": n}))
	}
	return append(lines, b.texts.plural(lang, "poll.voted", pt.Voters, nil))
}

// groupLine is one group's counts, by option number, for staff.
func (b *Bot) groupLine(lang, chat string, pt store.PostTally) string {
	name := chat
	if g, ok := b.groups.lookup(chat); ok {
		name = g.Name
	}
	counts := make([]string, len(pt.Counts))
	for i, n := range pt.Counts {
		counts[i] = strconv.Itoa(n)
	}
	return b.texts.msg(lang, "poll.group_line", vars{"Group": bold(name), "Counts": strings.Join(counts, " · "),
		"People": b.texts.plural(lang, "poll.people", pt.Voters, nil)})
}

// pollPostIn is the index of p's post in lang, else its first.
func pollPostIn(p store.Poll, lang string) int {
	for i, pp := range p.Posts {
		if pp.Lang == lang {
			return i
		}
	}
	return 0
}

// pollClose closes a poll (its author or staff) and posts the result in
// each of its groups, in the group's language.
func (b *Bot) pollClose(ctx context.Context, r *request, ref string) error {
	p, ok, err := b.findPoll(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	if !r.Staff && (p.AuthorID == 0 || p.AuthorID != r.Member.ID) {
		b.reply(r, b.texts.msg(r.Lang, "poll.not_yours", vars{"Ref": bold(p.Ref())}))
		return nil
	}
	closed, err := b.store.ClosePoll(ctx, p.ID, b.clock.Now())
	if err != nil {
		return err
	}
	if !closed {
		// Closed a moment ago, and the result perhaps never posted (a
		// crash between the two): it is queued again, once per group by
		// its dedup key.
		if b.clock.Now().Sub(p.Closed) < resultAgain {
			if err := b.postPollResult(ctx, r, p, true); err != nil {
				return err
			}
		}
		b.reply(r, b.texts.msg(r.Lang, "poll.already_closed", vars{"Ref": bold(p.Ref()), "Show": b.cmdWord(r.Lang, "show") + " " + p.Ref()}))
		return nil
	}
	p.Closed = b.clock.Now()
	if err := b.postPollResult(ctx, r, p, false); err != nil {
		return err
	}
	if r.Group == nil || p.LabWide {
		b.reply(r, b.texts.msg(r.Lang, "poll.closed", vars{"Ref": bold(p.Ref())}))
	}
	return nil
}

// resultAgain is how long after closing a "close" that finds the poll
// closed queues its result again, in case it never went.
const resultAgain = time.Hour

// postPollResult queues p's result in each of its groups, in the group's
// language, once per group (its dedup key); again, only where it is not
// queued yet (a row refused by its key would still take a message ID).
func (b *Bot) postPollResult(ctx context.Context, r *request, p store.Poll, again bool) error {
	t, err := b.store.Tally(ctx, p)
	if err != nil {
		return err
	}
	for _, pp := range p.Posts {
		g, ok := b.groups.lookup(pp.Chat)
		if !ok {
			continue
		}
		key := fmt.Sprintf("poll-result:%d:%s", p.ID, pp.Chat)
		if again {
			queued, err := b.store.Queued(ctx, key)
			if err != nil {
				return err
			}
			if queued {
				continue
			}
		}
		r.posts = append(r.posts, store.Outgoing{Chat: pp.Chat, Bulk: p.LabWide, DedupKey: key,
			Body: b.pollText(g.Lang, p, t, g.ID, false, "poll.this_group")})
	}
	return nil
}
