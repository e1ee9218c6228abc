package bot

import (
	"context"
	"strings"
	"unicode"

	"labbot/store"
)

// searchResults is how many items find shows.
const searchResults = 5

// cmdFind searches tips, questions, answers and resources in every language.
func (b *Bot) cmdFind(ctx context.Context, r *request) error {
	query := r.Inv.Args
	if len(store.SearchTerms(query)) == 0 {
		b.wrongUse(r)
		return nil
	}
	b.reloadGlossary()
	found, err := b.store.Search(ctx, viewer(r), query, searchResults)
	if err != nil {
		return err
	}
	events, err := b.eventHits(ctx, r, query)
	if err != nil {
		return err
	}
	shown := clip(printable(query), 40)
	if len(found) == 0 && events == "" {
		b.reply(r, b.texts.msg(r.Lang, "find.none", vars{"Query": shown, "Usage": b.usage(r.Lang, "ask", true)}))
		return nil
	}
	text, err := b.itemList(ctx, r.Lang, b.texts.msg(r.Lang, "find.title", vars{"Query": shown}), found)
	if err != nil {
		return err
	}
	b.reply(r, text+events+"\n"+b.texts.msg(r.Lang, "find.more", vars{"Show": b.cmdWord(r.Lang, "show")}))
	return nil
}

// cmdQuestions lists the open questions the reader may see, newest first.
func (b *Bot) cmdQuestions(ctx context.Context, r *request) error {
	open, err := b.store.OpenQuestions(ctx, viewer(r), listLen)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "questions.none", vars{"Usage": b.usage(r.Lang, "ask", true)}))
		return nil
	}
	text, err := b.itemList(ctx, r.Lang, b.texts.msg(r.Lang, "questions.title", nil), open)
	if err != nil {
		return err
	}
	b.reply(r, text+"\n"+b.texts.msg(r.Lang, "questions.how", vars{"Answer": b.answerUsage(r.Lang, open[0])}))
	return nil
}

// printable is text as it may be quoted back: control characters (a NUL,
// a line break) become spaces.
func printable(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
}
