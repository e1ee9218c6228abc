package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"labbot/store"
)

const (
	// searchResults is how many items find shows on a page.
	searchResults = 5
	// searchCap is how many results "more" pages through: past it, a
	// narrower search serves her better than a tenth page.
	searchCap = 50
)

// cmdFind searches tips, questions, answers and resources in every
// language; "find more" shows the next page of her last search here.
func (b *Bot) cmdFind(ctx context.Context, r *request) error {
	lp, ok := b.pageFrom(r, "find")
	if !ok {
		return nil
	}
	if !isMore(r.Inv.Args) {
		lp.query = r.Inv.Args
	}
	if len(store.SearchTerms(lp.query)) == 0 {
		b.wrongUse(r)
		return nil
	}
	b.reloadGlossary()
	// One more than the cap: then "more than 45" is known, not guessed.
	found, err := b.store.Search(ctx, viewer(r), lp.query, searchCap+1)
	if err != nil {
		return err
	}
	capped := len(found) > searchCap
	found = found[:min(len(found), searchCap)]
	// The events that match come with a new search's first page only.
	var events string
	if !isMore(r.Inv.Args) {
		if events, err = b.eventHits(ctx, r, lp.query); err != nil {
			return err
		}
	}
	shown := clip(printable(lp.query), 40)
	switch {
	case len(found) == 0 && events == "":
		b.reply(r, b.texts.msg(r.Lang, "find.none", vars{"Query": shown, "Usage": b.usage(r.Lang, "ask", true)}))
		return nil
	case lp.next > 0 && lp.next >= len(found):
		b.listEnd(r)
		return nil
	}
	page := found[lp.next:min(len(found), lp.next+searchResults)]
	text, err := b.findList(ctx, r.Lang, b.texts.msg(r.Lang, "find.title", vars{"Query": shown}), page)
	if err != nil {
		return err
	}
	// What is held back first, how to open one last: the line she acts on
	// ends the message.
	if more := b.moreLine(r, lp, len(page), len(found), capped); more != "" {
		text += "\n" + more
	}
	text += events + "\n" + b.texts.msg(r.Lang, "find.more", vars{"Show": b.cmdWord(r.Lang, "show")})
	b.reply(r, text)
	return nil
}

// findList is a page of find's results: those with her words (or words of
// the same meaning), then, under a heading of their own, those found only
// through the subject of her words, so that a loosely related item never
// passes for a match.
func (b *Bot) findList(ctx context.Context, lang, title string, page []store.Item) (string, error) {
	i := slices.IndexFunc(page, func(it store.Item) bool { return it.Nearby })
	if i < 0 {
		return b.itemList(ctx, lang, title, page)
	}
	text, err := b.itemList(ctx, lang, title, page[:i])
	if err != nil {
		return "", err
	}
	nearby, err := b.itemList(ctx, lang, b.texts.msg(lang, "find.nearby", nil), page[i:])
	return text + "\n" + nearby, err
}

// cmdQuestions lists the questions the reader may see that nobody marked
// solved, those still waiting for an answer first, a page at a time.
func (b *Bot) cmdQuestions(ctx context.Context, r *request) error {
	lp, ok := b.pageFrom(r, "questions")
	if !ok {
		return nil
	}
	open, total, err := b.store.OpenQuestions(ctx, viewer(r), lp.next, listLen)
	if err != nil {
		return err
	}
	switch {
	case len(open) == 0 && lp.next > 0:
		b.listEnd(r)
		return nil
	case len(open) == 0:
		b.reply(r, b.texts.msg(r.Lang, "questions.none", vars{"Usage": b.usage(r.Lang, "ask", true)}))
		return nil
	}
	lines := []string{b.texts.msg(r.Lang, "questions.title", nil)}
	for _, q := range open {
		line, err := b.questionLine(ctx, r.Lang, q)
		if err != nil {
			return err
		}
		lines = append(lines, line)
	}
	if more := b.moreLine(r, lp, len(open), total, false); more != "" {
		lines = append(lines, more)
	}
	lines = append(lines, b.texts.msg(r.Lang, "questions.how", vars{"Answer": b.answerUsage(r.Lang, open[0])}))
	b.reply(r, strings.Join(lines, "\n"))
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
