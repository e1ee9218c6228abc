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
	// Every answer here quotes someone who asked, or asks, to be
	// forgotten: blanked once sent (outside review: a forgotten member's
	// "!forget?" was answered with a quote that named her again).
	defer func() {
		for i := range r.out {
			r.out[i].Batch = store.ForgetBatch
		}
	}()
	if r.Inv.Loose { // "!forget?", "! olvidar": nothing this final on a guess
		b.reply(r, b.texts.msg(r.Lang, "command.did_you_mean", vars{"Usage": b.usage(r.Lang, "forget", false)}))
		return nil
	}
	if r.Member.ID != 0 { // 0: forgotten already, and saying it again
		if err := b.store.ForgetMember(ctx, r.Member.ID); err != nil {
			return err
		}
		b.pages.forget(r.Member.ID)
	}
	b.reply(r, b.texts.msg(r.Lang, "forget.done", nil))
	return nil
}

// isCommand reports whether r's message is a command labbot knows: the
// one thing that brings back someone who asked to be forgotten. Asking to
// be forgotten again is not coming back: it would bring her back, and then
// be silenced as a repeat (found by the outside trial of issue 18).
func (b *Bot) isCommand(r *request) bool {
	if !r.parsed {
		return false
	}
	entry, known := b.commands.lookup(r.Inv.Word)
	return known && entry.cmd.Key != "forget"
}
