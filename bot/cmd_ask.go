package bot

import (
	"context"
	"slices"

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
	case text == "":
		b.wrongUse(r)
		return nil
	case b.tooLong(r, text):
		return nil
	case kind == anonymous:
		return b.askAnonymously(ctx, r, text)
	}
	r.save(newItem(r, store.KindQuestion, text), func(it store.Item) {
		b.replyAbout(r, it.ID, b.texts.msg(r.Lang, "ask.saved", vars{"Ref": bold(it.Ref()), "Answer": b.answerUsage(r.Lang, it)}))
	})
	return nil
}

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
