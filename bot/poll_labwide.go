package bot

import (
	"context"

	"labbot/store"
)

// pollLabWide posts a staff poll in every partner group, in its language:
// one P#, one WhatsApp poll per group, options corresponding by position.
// As for announcements, a language a group reads with no block is asked
// for first; here nothing is sent until she writes the poll again with it
// (a poll in another language would be another poll to tally).
func (b *Bot) pollLabWide(ctx context.Context, r *request, text string) error {
	blocks, ok := b.readBlocks(r, text)
	if !ok {
		return nil
	}
	groups, err := b.store.Groups(ctx)
	if err != nil || !b.anyGroup(r, groups) {
		return err
	}
	if missing := missingLangs(blocks, groups); len(missing) > 0 {
		b.reply(r, b.texts.msg(r.Lang, "poll.missing", vars{"Missing": b.langList(r.Lang, missing)}))
		return nil
	}
	type parsed struct {
		question string
		options  []string
	}
	polls := map[string]parsed{}
	count := -1
	for lang, block := range blocks {
		q, opts, problem := parsePoll(b.numbers, block)
		if problem != "" {
			b.pollProblem(r, problem)
			return nil
		}
		if count >= 0 && len(opts) != count {
			b.reply(r, b.texts.msg(r.Lang, "poll.mismatch", nil))
			return nil
		}
		count, polls[lang] = len(opts), parsed{q, opts}
	}
	p := store.Poll{AuthorID: r.Member.ID, LabWide: true}
	for _, g := range groups {
		in := polls[g.Lang]
		p.Posts = append(p.Posts, newPollPost(g.JID, g.Lang, in.question, in.options))
	}
	b.askPoll(r, p, &r.posts, func(saved store.Poll) {
		b.reply(r, b.texts.plural(r.Lang, "poll.posted_lab", len(saved.Posts), vars{"Ref": bold(saved.Ref()),
			"Show": b.cmdWord(r.Lang, "show") + " " + saved.Ref()}))
	})
	return nil
}
