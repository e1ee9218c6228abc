package bot

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"labbot/store"
)

// cmdShow shows one item in full: who shared it, in which language, its
// translation into the reader's language first, its tags and answers; or
// one event (showEvent).
func (b *Bot) cmdShow(ctx context.Context, r *request) error {
	ref, _ := cutWord(r.Inv.Args)
	if ref == "" {
		b.wrongUse(r)
		return nil
	}
	if eventRefRE.MatchString(ref) {
		return b.showEvent(ctx, r, ref)
	}
	if pollRefRE.MatchString(ref) {
		return b.showPoll(ctx, r, ref)
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
		st, err := b.store.QuestionState(ctx, it.ID)
		if err != nil {
			return err
		}
		text += b.showState(r.Lang, st)
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
			if a.Num == st.SolvedBy {
				part = "✅ " + part
			}
			text += "\n\n" + part
		}
		if more := len(answers) - len(shown); more > 0 {
			text += "\n\n" + b.texts.plural(r.Lang, "show.more_answers", more, nil)
		}
	}
	if it.Kind == store.KindAnswer {
		// Not linked: a quote-reply to an answer shown is chat, not an
		// answer to its question (only labbot's notice of it is).
		b.reply(r, text)
		return nil
	}
	b.replyAbout(r, it.ID, text)
	b.attachFile(r, it)
	return nil
}

// showState is what show says of a question beyond its answers: the
// answer that solved it, and how many others want to know.
func (b *Bot) showState(lang string, st store.QuestionState) string {
	var text string
	if st.SolvedBy != 0 {
		text += "\n" + b.texts.msg(lang, "questions.solved_by", vars{"Answer": bold("A" + strconv.FormatInt(st.SolvedBy, 10))})
	}
	if st.Wants > 0 {
		text += "\n" + b.texts.plural(lang, "questions.wants", st.Wants, nil)
	}
	return text
}

// describe renders one item: "*T12* · consejo · de Ana · escrito en
// francés", then its text in
// the reader's language as a quote, who translated it when it is a
// translation, the original, its link, and who translated it into the
// other languages. What members wrote is set apart from labbot's lines
// (see quoted and personName).
func (b *Bot) describe(ctx context.Context, lang string, it store.Item) (string, error) {
	by := b.texts.msg(lang, "show.by", vars{"Name": b.creditName(lang, it.AuthorName, it.AuthorUser)})
	switch {
	case it.Anonymous:
		by = b.texts.msg(lang, "show.anonymous", nil)
	case it.AuthorID == 0:
		by = b.texts.msg(lang, "show.former", nil)
	}
	written := b.texts.msg(lang, "item_lang.written_in", vars{"Lang": b.langName(lang, it.Lang)})
	lines := []string{bold(it.Ref()) + " · " + b.kindName(lang, it.Kind) + " · " + by + " · " + written}
	trs, err := b.store.TranslationsBy(ctx, it.ID)
	if err != nil {
		return "", err
	}
	if t, ok := trs[lang]; ok && it.Lang != lang {
		lines = append(lines, b.texts.msg(lang, "show.translated_by", vars{"Name": b.translatorName(lang, t)}),
			quoted(t.Body), "", b.texts.msg(lang, "show.original", vars{"Lang": b.langName(lang, it.Lang)}))
	}
	lines = append(lines, quoted(it.Body))
	if it.URL != "" {
		lines = append(lines, it.URL)
	}
	if others := b.otherTranslations(lang, it, trs); others != "" {
		lines = append(lines, others)
	}
	return strings.Join(lines, "\n"), nil // its tags are its #words, in the text already
}

// otherTranslations names the translations the reader is not shown, each
// with who wrote it: "Other translations: French, by Beth".
func (b *Bot) otherTranslations(lang string, it store.Item, trs map[string]store.Translation) string {
	var list []string
	for _, code := range slices.Sorted(maps.Keys(trs)) {
		if t := trs[code]; code != lang && code != it.Lang {
			list = append(list, b.texts.msg(lang, "show.translation_item", vars{"Lang": b.langName(lang, code),
				"Name": b.translatorName(lang, t)}))
		}
	}
	if len(list) == 0 {
		return ""
	}
	return b.texts.msg(lang, "show.other_translations", vars{"List": strings.Join(list, b.texts.msg(lang, "list.sep", nil))})
}

// langName names language code in lang: "español", "Spanish".
func (b *Bot) langName(lang, code string) string {
	return b.texts.msg(lang, "lang.name."+code, nil)
}
