package bot

import (
	"context"
	"strings"
)

// langNames are the ways a member may name a language: its code, or its
// name in any of the three languages, without accents.
var langNames = map[string]string{
	"en": "en", "english": "en", "ingles": "en", "anglais": "en",
	"es": "es", "spanish": "es", "espanol": "es", "castellano": "es", "espagnol": "es",
	"fr": "fr", "french": "fr", "frances": "fr", "francais": "fr",
}

// cmdLang sets the language labbot writes to her in.
func (b *Bot) cmdLang(ctx context.Context, r *request) error {
	usage := b.usage(r.Lang, "lang", true)
	args := strings.Fields(r.Inv.Args)
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
