package bot

import (
	"context"
	"errors"
	"log/slog"

	"labbot/internal/invite"
)

// cmdJoin joins a group by its invite link (staff).
func (b *Bot) cmdJoin(ctx context.Context, r *request) error {
	link, _ := cutWord(r.Inv.Args)
	if link == "" {
		b.wrongUse(r)
		return nil
	}
	code, ok := invite.Code(link) // as the transport will read it
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "join.not_link", vars{"Text": memberExcerpt(r.Inv.Args, 40), "Usage": b.usage(r.Lang, "join", false)}))
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, askTransport)
	defer cancel()
	info, err := b.tr.JoinGroup(ctx, invite.Link(code))
	key := "join.done"
	switch {
	case errors.Is(err, ErrInviteRevoked):
		key = "join.revoked"
	case errors.Is(err, ErrInviteInvalid):
		key = "join.invalid"
	case err != nil:
		b.logCommand(ctx, slog.LevelWarn, r, "could not join a group", slog.Any("error", err))
		key = "join.failed"
	case info.Pending:
		key = "join.pending"
	}
	b.reply(r, b.texts.msg(r.Lang, key, nil))
	return nil
}
