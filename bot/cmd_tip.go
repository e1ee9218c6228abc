package bot

import (
	"context"

	"labbot/store"
)

// cmdTip saves a tip; its #words become tags.
func (b *Bot) cmdTip(ctx context.Context, r *request) error {
	text := r.Inv.Args
	if b.refusesText(r, text) {
		return nil
	}
	it := newItem(r, store.KindTip, text)
	if r.Msg.File != nil {
		f, ok, err := b.keepFile(ctx, r)
		if !ok {
			return err
		}
		it.File = f
	}
	r.save(it, func(it store.Item) {
		key := "tip.saved"
		if it.Private {
			key = "tip.saved_private"
		}
		b.reply(r, b.texts.msg(r.Lang, key, vars{"Ref": bold(it.Ref()), "Find": b.cmdWord(r.Lang, "find")}))
	})
	return nil
}
