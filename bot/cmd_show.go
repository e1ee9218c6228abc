package bot

import (
	"context"
	"strings"

	"labbot/store"
)

// cmdShow shows one item in full: who shared it, in which language, its
// translation into the reader's language first, its tags and answers.
func (b *Bot) cmdShow(ctx context.Context, r *request) error {
	ref, _ := cutWord(r.Inv.Args)
	if ref == "" {
		b.wrongUse(r)
		return nil
	}
	it, ok, err := b.findItem(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	text, err := b.describe(ctx, r.Lang, it)
	if err != nil {
		return err
	}
	if it.Kind == store.KindQuestion {
		answers, err := b.visibleAnswers(ctx, r, it)
		if err != nil {
			return err
		}
		if len(answers) == 0 {
			text += "\n\n" + b.texts.msg(r.Lang, "show.no_answers", vars{"Answer": b.answerUsage(r.Lang, it)})
		} else {
			text += "\n\n" + b.texts.plural(r.Lang, "show.answers", len(answers), nil)
		}
		shown := answers[:min(len(answers), listLen)]
		for _, a := range shown {
			part, err := b.describe(ctx, r.Lang, a)
			if err != nil {
				return err
			}
			text += "\n\n" + part
		}
		if more := len(answers) - len(shown); more > 0 {
			text += "\n\n" + b.texts.plural(r.Lang, "show.more_answers", more, nil)
		}
	}
	b.replyAbout(r, it.ID, text)
	return nil
}

// describe renders one item: "*T12* · consejo · de Ana", its text in the
// reader's language, the original when that is a translation, and its link.
func (b *Bot) describe(ctx context.Context, lang string, it store.Item) (string, error) {
	by := b.texts.msg(lang, "show.by", vars{"Name": it.AuthorName})
	switch {
	case it.Anonymous:
		by = b.texts.msg(lang, "show.anonymous", nil)
	case it.AuthorID == 0:
		by = b.texts.msg(lang, "show.former", nil)
	}
	lines := []string{bold(it.Ref()) + " · " + b.kindName(lang, it.Kind) + " · " + by}
	text, translated, err := b.inReader(ctx, it, lang)
	if err != nil {
		return "", err
	}
	lines = append(lines, text)
	if translated {
		lines = append(lines, "", b.texts.msg(lang, "show.original", vars{"Lang": b.langName(lang, it.Lang)}), it.Body)
	}
	if it.URL != "" {
		lines = append(lines, it.URL)
	}
	return strings.Join(lines, "\n"), nil // its tags are its #words, in the text already
}

// langName names language code in lang: "español", "Spanish".
func (b *Bot) langName(lang, code string) string {
	return b.texts.msg(lang, "lang.name."+code, nil)
}
