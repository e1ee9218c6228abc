package bot

import (
	"context"
	"crypto/rand"
	"strings"

	"labbot/privacy"
	"labbot/store"
)

// closeWords close a poll: !poll close P4 (es cerrar, fr fermer).
var closeWords = []string{"close", "cerrar", "fermer"}

var pollRefRE = refPattern(`[Pp]([0-9]{1,9})`)

// WhatsApp's limits on a poll's options.
const (
	minPollOptions = 2
	maxPollOptions = 12
)

// pollSaving is the poll a command asks: saved with the message marked
// handled, its posts queued with it ((*list)[first:], one for each of
// poll.Posts, in order).
type pollSaving struct {
	poll  store.Poll
	list  *[]store.Outgoing // r.out for a member's poll (sent first, like a reply), r.posts for the Lab's
	first int
	then  func(saved store.Poll)
}

// cmdPoll posts a native WhatsApp poll in her group; a staff member's
// [en] … [es] … [fr] … blocks post one in every partner group, each in its
// language; "close P4" closes one and posts its result.
func (b *Bot) cmdPoll(ctx context.Context, r *request) error {
	args := strings.TrimSpace(r.Inv.Args)
	first, rest := cutWord(args)
	switch {
	case args == "":
		b.wrongUse(r)
		return nil
	case isWord(closeWords, first) && pollRefRE.MatchString(rest):
		return b.pollClose(ctx, r, rest)
	case b.tooLong(r, args):
		return nil
	case r.Staff && blockTagRE.MatchString(args):
		return b.pollLabWide(ctx, r, args)
	case r.Group == nil:
		b.reply(r, b.texts.msg(r.Lang, "poll.in_group", vars{"Usage": b.usage(r.Lang, "poll", true)}))
		return nil
	}
	q, opts, problem := parsePoll(b.numbers, args)
	if problem != "" {
		b.pollProblem(r, problem)
		return nil
	}
	p := store.Poll{AuthorID: r.Member.ID, GroupID: r.Group.ID,
		Posts: []store.PollPost{newPollPost(r.Group.JID, r.Lang, q, opts)}}
	b.askPoll(r, p, &r.out, func(saved store.Poll) {
		b.reply(r, b.texts.msg(r.Lang, "poll.asked", vars{"Ref": bold(saved.Ref()),
			"Show": b.cmdWord(r.Lang, "show") + " " + saved.Ref(), "Close": b.subUsage(r.Lang, "poll", closeWords) + " " + saved.Ref()}))
	})
	return nil
}

// askPoll queues p's posts on list (bulk for r.posts) and has p saved
// with them.
func (b *Bot) askPoll(r *request, p store.Poll, list *[]store.Outgoing, then func(store.Poll)) {
	r.polling = &pollSaving{poll: p, list: list, first: len(*list), then: then}
	for _, pp := range p.Posts {
		*list = append(*list, store.Outgoing{Chat: pp.Chat, Bulk: list == &r.posts, Body: pp.Question,
			Poll: &store.OutPoll{Options: pp.Options, Selectable: pp.Selectable, Secret: pp.Secret}})
	}
}

// savePoll saves the poll r asks, in tx, under the message IDs its posts
// were stamped with.
func (b *Bot) savePoll(ctx context.Context, tx *store.Tx, r *request) error {
	ps := r.polling
	for i := range ps.poll.Posts {
		ps.poll.Posts[i].MsgID = (*ps.list)[ps.first+i].MsgID
	}
	if err := tx.AddPoll(ctx, &ps.poll, b.clock.Now()); err != nil {
		return err
	}
	ps.then(ps.poll)
	return nil
}

// newPollPost is one WhatsApp poll, with a new secret of its own.
func newPollPost(chat, lang, question string, options []string) store.PollPost {
	secret := make([]byte, 32)
	rand.Read(secret) // never fails (crypto/rand)
	return store.PollPost{Chat: chat, Lang: lang, Question: question, Options: options, Selectable: 1, Secret: secret}
}

// parsePoll reads "Question | option | option …". The options are kept
// as they will be sent, through the numbers filter: a vote names an option
// by the hash of its text as sent. problem names what is wrong: "short"
// (no question, or fewer than two options), "too_many" (over twelve), "twice"
// (two options alike).
func parsePoll(numbers *privacy.Numbers, text string) (question string, options []string, problem string) {
	parts := strings.Split(privacy.StripBidi(text), "|")
	question = strings.TrimSpace(parts[0])
	seen := map[string]bool{}
	for _, p := range parts[1:] {
		o := numbers.Outgoing(strings.Join(strings.Fields(p), " "))
		if o == "" {
			continue
		}
		if seen[fold(o)] {
			return "", nil, "twice"
		}
		seen[fold(o)] = true
		options = append(options, o)
	}
	switch {
	case question == "" || len(options) < minPollOptions:
		return "", nil, "short"
	case len(options) > maxPollOptions:
		return "", nil, "too_many"
	}
	return question, options, ""
}

// pollProblem tells her what is wrong with the poll she wrote.
func (b *Bot) pollProblem(r *request, problem string) {
	b.reply(r, b.texts.msg(r.Lang, "poll."+problem, vars{"Usage": b.usage(r.Lang, "poll", true)}))
}
