package bot

import (
	"context"
)

// cmdTranslate adds a human translation: "translate T12 es TEXT".
func (b *Bot) cmdTranslate(ctx context.Context, r *request) error {
	ref, rest := cutWord(r.Inv.Args)
	code, text := cutWord(rest)
	if text == "" {
		b.wrongUse(r)
		return nil
	}
	lang, ok := langNames[fold(code)]
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "translate.bad_lang", vars{"Usage": b.usage(r.Lang, "translate", true)}))
		return nil
	}
	if b.tooLong(r, text) {
		return nil
	}
	it, ok, err := b.findItem(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	data := vars{"Ref": bold(it.Ref()), "Lang": b.langName(r.Lang, lang)}
	if leavesGroup(r, it) {
		b.reply(r, b.texts.msg(r.Lang, "translate.private_group", data))
		return nil
	}
	if it.Lang == lang {
		b.reply(r, b.texts.msg(r.Lang, "translate.same", data))
		return nil
	}
	if err := b.store.SetTranslation(ctx, it, lang, text, r.Member.ID, b.clock.Now()); err != nil {
		return err
	}
	b.reply(r, b.texts.msg(r.Lang, "translate.saved", data))
	return nil
}
