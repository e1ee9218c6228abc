package bot

import (
	"context"
	"fmt"
	"slices"

	"labbot/locales"
	"labbot/store"
)

// anonWords are the sub-word for asking without one's name, in each language.
var anonWords = []string{"anon", "anónimo", "anonyme"}

// cmdAsk records a question. In a direct message, "ask anon TEXT" posts it
// to each of her groups with no name; she alone is told of answers.
func (b *Bot) cmdAsk(ctx context.Context, r *request) error {
	text, anon := r.Inv.Args, false
	if first, rest := cutWord(text); slices.ContainsFunc(anonWords, func(w string) bool { return fold(w) == fold(first) }) {
		text, anon = rest, true
	}
	if text == "" {
		b.wrongUse(r)
		return nil
	}
	if b.tooLong(r, text) {
		return nil
	}
	if anon {
		return b.askAnonymously(ctx, r, text)
	}
	r.save(newItem(r, store.KindQuestion, text), func(it store.Item) {
		b.replyAbout(r, it.ID, b.texts.msg(r.Lang, "ask.saved", vars{"Ref": bold(it.Ref()), "Answer": b.answerUsage(r.Lang, it)}))
	})
	return nil
}

// askAnonymously posts a question to each of the asker's groups, in the
// group's language, with no name. When her first group is private, the
// question is that group's, and goes there alone.
func (b *Bot) askAnonymously(ctx context.Context, r *request, text string) error {
	if r.Group != nil {
		b.reply(r, b.texts.msg(r.Lang, "ask.anon_in_group", vars{"Usage": b.cmdWord(r.Lang, "ask") + " " + anonWords[langIndex(r.Lang)]}))
		return nil
	}
	if len(r.Groups) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "ask.anon_no_group", nil))
		return nil
	}
	it := newItem(r, store.KindQuestion, text)
	it.Anonymous = true
	groups := r.Groups
	if home := r.Groups[0]; home.Private {
		// Her home group keeps what is shared there: so does her question,
		// which goes to that group alone.
		it.GroupID, it.Private, groups = home.ID, true, r.Groups[:1]
	}
	r.save(it, func(it store.Item) {
		for _, g := range groups {
			post := b.texts.msg(g.Lang, "ask.anon_post", vars{"Ref": bold(it.Ref()), "Text": quoted(text), "Answer": b.answerUsage(g.Lang, it)})
			r.posts = append(r.posts, store.Outgoing{Chat: g.JID, Bulk: true, Body: post, ItemID: it.ID,
				DedupKey: fmt.Sprintf("anon:%d:%d", it.ID, g.ID)})
		}
		b.replyAbout(r, it.ID, b.texts.msg(r.Lang, "ask.anon_posted", vars{"Ref": bold(it.Ref())}))
	})
	return nil
}

// answerUsage shows how to answer a question in lang: *!responder* Q7 …
func (b *Bot) answerUsage(lang string, q store.Item) string {
	return b.cmdWord(lang, "answer") + " " + q.Ref() + " …"
}

// langIndex is lang's place among the Lab's languages.
func langIndex(lang string) int { return max(slices.Index(locales.Languages(), lang), 0) }
