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
	if it.Anonymous && r.Group != nil {
		// The same reply for everyone, her and staff included: only she
		// (or staff) could remove it, so any other reply would name her.
		b.reply(r, b.texts.msg(r.Lang, "remove.anon_in_group", vars{"Usage": b.cmdWord(r.Lang, "remove") + " " + it.Ref()}))
		return nil
	}
	mine, err := b.isAuthor(ctx, r, it)
	if err != nil {
		return err
	}
	if !mine && !r.Staff {
		b.reply(r, b.texts.msg(r.Lang, "remove.not_yours", data))
		return nil
	}
	var msgs []store.ItemMessage
	if it.Kind == store.KindQuestion { // read before the removal deletes them
		if msgs, err = b.store.ItemMessages(ctx, it.ID); err != nil {
			return err
		}
	}
	if err := b.store.RemoveItem(ctx, it.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	b.removed.add(b.groupMessages(msgs), it.Ref(), b.clock.Now())
	b.dropFile(ctx, it.File)
	b.react(r, reactDone)
	// Only she (or staff) removes an anonymous question: once sent, the
	// reaction keeps neither her number nor the message it marks.
	r.out[len(r.out)-1].Sensitive = it.Anonymous
	return nil
}

// isAuthor reports whether r's member shared it; for an anonymous
// question, whether she asked it, while labbot keeps the link.
func (b *Bot) isAuthor(ctx context.Context, r *request, it store.Item) (bool, error) {
	if !it.Anonymous {
		return it.AuthorID != 0 && it.AuthorID == r.Member.ID, nil
	}
	asker, ok, err := b.asker(ctx, it)
	return ok && asker.ID == r.Member.ID, err
}
