package bot

import (
	"context"

	"labbot/store"
)

// cmdForget deletes what labbot keeps about her; her items stay, credited
// to a former member. The reply that tells her so names her chat, and is
// blanked once sent (store.ForgetBatch). Until her next command, what she
// writes in a group is chat from someone labbot does not know.
func (b *Bot) cmdForget(ctx context.Context, r *request) error {
	if err := b.store.ForgetMember(ctx, r.Member.ID); err != nil {
		return err
	}
	b.pages.forget(r.Member.ID)
	b.reply(r, b.texts.msg(r.Lang, "forget.done", nil))
	r.out[len(r.out)-1].Batch = store.ForgetBatch
	return nil
}

// isCommand reports whether r's message is a command labbot knows: the
// one thing that brings back someone who asked to be forgotten.
func (b *Bot) isCommand(r *request) bool {
	if !r.parsed {
		return false
	}
	_, known := b.commands.lookup(r.Inv.Word)
	return known
}
