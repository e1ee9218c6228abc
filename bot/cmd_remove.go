package bot

import (
	"context"
	"errors"

	"labbot/store"
)

// cmdRemove deletes an item, and its place in search: its author or staff only.
func (b *Bot) cmdRemove(ctx context.Context, r *request) error {
	ref, _ := cutWord(r.Inv.Args)
	if ref == "" {
		b.wrongUse(r)
		return nil
	}
	it, ok, err := b.findItemFor(ctx, r, ref, r.Staff)
	if err != nil || !ok {
		return err
	}
	data := vars{"Ref": bold(it.Ref())}
	if it.AuthorID != r.Member.ID && !r.Staff {
		b.reply(r, b.texts.msg(r.Lang, "remove.not_yours", data))
		return nil
	}
	if err := b.store.RemoveItem(ctx, it.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	b.reply(r, b.texts.msg(r.Lang, "remove.done", data))
	return nil
}
