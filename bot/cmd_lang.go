package bot

import (
	"context"
	"errors"
	"strings"

	"labbot/store"
)

// langNames are the ways a member may name a language: its code, or its
// name in any of the three languages, without accents.
var langNames = map[string]string{
	"en": "en", "english": "en", "ingles": "en", "anglais": "en",
	"es": "es", "spanish": "es", "espanol": "es", "castellano": "es", "espagnol": "es",
	"fr": "fr", "french": "fr", "frances": "fr", "francais": "fr",
}

// cmdLang sets the language labbot writes to her in; with an item's ID
// ("lang T5 fr"), it corrects the language that item is written in.
func (b *Bot) cmdLang(ctx context.Context, r *request) error {
	usage := b.usage(r.Lang, "lang", true)
	args := strings.Fields(r.Inv.Args)
	if len(args) == 2 {
		return b.correctItemLang(ctx, r, args)
	}
	switch {
	case len(args) == 0 && r.Member.Lang == "":
		b.reply(r, b.texts.msg(r.Lang, "lang.none", vars{"Usage": usage}))
		return nil
	case len(args) == 0:
		b.reply(r, b.texts.msg(r.Lang, "lang.current", vars{"Usage": usage}))
		return nil
	case len(args) > 1:
		b.wrongUse(r)
		return nil
	}
	lang, ok := langNames[fold(args[0])]
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "lang.unknown", vars{"Usage": usage}))
		return nil
	}
	if err := b.store.SetMemberLang(ctx, r.Member.ID, lang); err != nil {
		return err
	}
	r.Member.Lang = lang
	b.react(r, reactDone)
	return nil
}

// correctItemLang marks an item as written in another language, as its
// author or staff say ("lang T5 fr", or "lang fr T5"), and search indexes
// it anew. An anonymous question is corrected by direct message only, and
// in a group everyone gets the same answer: any other would tell who
// asked it.
func (b *Bot) correctItemLang(ctx context.Context, r *request, args []string) error {
	ref, code := args[0], args[1]
	if _, _, ok := parseRef(ref); !ok {
		ref, code = code, ref
	}
	if _, _, ok := parseRef(ref); !ok {
		b.wrongUse(r)
		return nil
	}
	lang, ok := langNames[fold(code)]
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "item_lang.usage", vars{"Usage": b.itemLangUsage(r.Lang, ref)}))
		return nil
	}
	it, ok, err := b.findItem(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	data := vars{"Ref": bold(it.Ref()), "Lang": b.langName(r.Lang, lang)}
	if it.Anonymous && r.Group != nil {
		b.reply(r, b.texts.msg(r.Lang, "item_lang.anon_in_group", vars{"Usage": b.itemLangUsage(r.Lang, it.Ref())}))
		return nil
	}
	mine, err := b.isAuthor(ctx, r, it)
	if err != nil {
		return err
	}
	// From here, what she is told about her anonymous question is hers:
	// once sent, it keeps neither her number nor the message it answers.
	defer func(n int) {
		for i := n; i < len(r.out); i++ {
			r.out[i].Sensitive = r.out[i].Sensitive || it.Anonymous
		}
	}(len(r.out))
	switch {
	case !mine && !r.Staff:
		b.reply(r, b.texts.msg(r.Lang, "item_lang.not_yours", data))
		return nil
	case it.Lang == lang:
		b.reply(r, b.texts.msg(r.Lang, "item_lang.already", data))
		return nil
	}
	err = b.store.SetItemLang(ctx, it.ID, lang)
	if errors.Is(err, store.ErrTranslatedInto) {
		return b.refuseTranslatedLang(ctx, r, it, lang, data)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	b.reply(r, b.texts.msg(r.Lang, "item_lang.done", data))
	return nil
}

// refuseTranslatedLang says why an item is not marked as written in a
// language someone translated it into: that translation would then be
// the item's own text, and a credited translation is not dropped
// silently.
func (b *Bot) refuseTranslatedLang(ctx context.Context, r *request, it store.Item, lang string, data vars) error {
	trs, err := b.store.TranslationsBy(ctx, it.ID)
	if err != nil {
		return err
	}
	data["Name"] = b.translatorName(r.Lang, trs[lang])
	b.reply(r, b.texts.msg(r.Lang, "item_lang.translated", data))
	return nil
}

// itemLangUsage is how to correct an item's language: *!idioma* T5 fr.
func (b *Bot) itemLangUsage(lang, ref string) string {
	return b.cmdWord(lang, "lang") + " " + ref + " " + map[string]string{"en": "fr", "es": "en", "fr": "es"}[lang]
}
