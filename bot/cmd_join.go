package bot

import (
	"context"
	"errors"
	"log/slog"
)

// cmdJoin joins a group by its invite link (staff).
func (b *Bot) cmdJoin(ctx context.Context, r *request) error {
	link, _ := cutWord(r.Inv.Args)
	if link == "" {
		b.wrongUse(r)
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, askTransport)
	defer cancel()
	info, err := b.tr.JoinGroup(ctx, link)
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
