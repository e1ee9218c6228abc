package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"labbot/locales"
	"labbot/store"
)

// anonShown is the anonymity word labbot writes in each language, the way
// a member there says it (la pregunta: anónima).
var anonShown = []string{"anon", "anónima", "anonyme"}

// cmdAsk records a question. In a direct message, "ask anon TEXT" asks
// where it should go, then posts it there with no name (cmd_ask_anon.go).
// A near miss of the word saves nothing: she is asked which she meant.
func (b *Bot) cmdAsk(ctx context.Context, r *request) error {
	kind, text := cutAnon(r.Inv.Args)
	switch {
	case kind == nearAnon:
		b.askNearMiss(r)
		return nil
	case b.refusesText(r, text):
		return nil
	case kind == anonymous:
		return b.askAnonymously(ctx, r, text)
	}
	related, err := b.related(ctx, r, text)
	if err != nil {
		return err
	}
	r.save(newItem(r, store.KindQuestion, text), func(it store.Item) {
		if r.Group == nil {
			b.postQuestion(r, it, related)
			return
		}
		b.replyAbout(r, it.ID, b.texts.msg(r.Lang, "ask.saved", vars{"Ref": bold(it.Ref()), "Answer": b.answerUsage(r.Lang, it)})+related)
	})
	return nil
}

// postQuestion posts a question she asked by direct message, with her
// name, to each of her partner groups, in its language: a quote-reply to
// the post answers it. She is told where it went; in no group (staff),
// where it can be found.
func (b *Bot) postQuestion(r *request, it store.Item, related string) {
	var where []string
	for _, g := range r.Groups {
		post := b.texts.msg(g.Lang, "ask.dm_post", vars{"Name": b.creditName(g.Lang, r.Member.Name, r.Member.UserID),
			"Ref": bold(it.Ref()), "Text": quoted(it.Body), "Answer": b.answerUsage(g.Lang, it)})
		r.posts = append(r.posts, store.Outgoing{Chat: g.JID, Bulk: true, Body: post, ItemID: it.ID,
			DedupKey: fmt.Sprintf("ask:%d:%d", it.ID, g.ID)})
		where = append(where, g.Name)
	}
	key := "ask.dm_posted"
	if len(where) == 0 {
		key = "ask.dm_nowhere"
	}
	b.reply(r, b.texts.msg(r.Lang, key, vars{"Ref": bold(it.Ref()), "Where": strings.Join(where, ", "),
		"Questions": b.cmdWord(r.Lang, "questions")})+related)
}

// relatedItems is how many earlier items a new question points to.
const relatedItems = 3

// related points to up to relatedItems earlier items on the subject of a
// question, in any language (store.Related: two telling words in common,
// or words of the same meaning), each by its ID and a short clip in the
// reader's language; "" when there are none.
func (b *Bot) related(ctx context.Context, r *request, text string) (string, error) {
	found, err := b.store.Related(ctx, viewer(r), text, relatedItems)
	if err != nil || len(found) == 0 {
		return "", err
	}
	lines := []string{"", "", b.texts.msg(r.Lang, "ask.related", vars{"Show": b.cmdWord(r.Lang, "show")})}
	for _, it := range found {
		clipped, _, err := b.inReader(ctx, it, r.Lang)
		if err != nil {
			return "", err
		}
		lines = append(lines, "• "+bold(it.Ref())+" "+memberExcerpt(clipped, relatedClip))
	}
	return strings.Join(lines, "\n"), nil
}

// relatedClip is how much of a related item its line shows.
const relatedClip = 50

// askNearMiss answers a first word that is almost one for anonymity:
// saving it with her name could unmask her, so nothing is saved, and she
// is told both ways to ask.
func (b *Bot) askNearMiss(r *request) {
	key := "ask.anon_near"
	if r.Group != nil {
		key = "ask.anon_near_group"
	}
	b.reply(r, b.texts.msg(r.Lang, key, vars{"Anon": b.anonUsage(r.Lang), "Ask": b.cmdWord(r.Lang, "ask")}))
}

// anonUsage is how to ask anonymously in lang: *!preguntar* anónima.
func (b *Bot) anonUsage(lang string) string {
	return b.cmdWord(lang, "ask") + " " + anonShown[langIndex(lang)]
}

// answerUsage shows how to answer a question in lang: *!responder* Q7 …
func (b *Bot) answerUsage(lang string, q store.Item) string {
	return b.cmdWord(lang, "answer") + " " + q.Ref() + " …"
}

// langIndex is lang's place among the Lab's languages.
func langIndex(lang string) int { return max(slices.Index(locales.Languages(), lang), 0) }
