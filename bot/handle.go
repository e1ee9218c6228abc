package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"labbot/store"
)

// strangerEvery is how often a stranger may be told that labbot serves the
// Lab only.
const strangerEvery = 24 * time.Hour

// Request is one command being handled.
type Request struct {
	Msg    Message
	Inv    invocation
	Cmd    *Command
	Lang   string        // the reply language
	Member store.Member  // who is asking
	Group  *store.Group  // the partner group, or nil in a direct message
	Groups []store.Group // her partner groups, in a direct message
	Staff  bool
	sent   int // replies queued so far, for their dedup keys
}

// Handle reacts to one incoming message. It never fails: problems are
// logged, and the member gets a short apology when her command broke.
func (b *Bot) Handle(ctx context.Context, m Message) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("panic while handling a message", "panic", v, "stack", string(debug.Stack()))
		}
	}()
	if err := b.handle(ctx, m); err != nil {
		b.log.Error("handle message", slog.Any("error", err))
	}
}

func (b *Bot) handle(ctx context.Context, m Message) error {
	now := b.clock.Now()
	var group *store.Group
	if m.Group {
		g, err := b.store.GroupByJID(ctx, m.Chat)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !g.Active) {
			return b.handleUnregistered(ctx, m)
		}
		if err != nil {
			return err
		}
		group = &g
	}
	first, err := b.store.MarkProcessed(ctx, m.Chat, m.Sender, m.ID, now)
	if err != nil || !first {
		return err
	}
	r := &Request{Msg: m, Group: group, Staff: b.isStaff(m.Sender)}
	if group != nil {
		if r.Member, err = b.store.SeeMember(ctx, m.Sender, m.SenderName, group.ID, now); err != nil {
			return err
		}
	} else {
		isMember, err := b.loadDMSender(ctx, r, now)
		if err != nil || !isMember {
			return err
		}
	}
	inv, ok := parseCommand(m.Text, b.cfg.Prefixes)
	if !ok {
		return nil
	}
	r.Inv = inv
	entry, known := b.commands.lookup(inv.Word)
	if !known {
		r.Lang = b.replyLang(r, nil)
		if group != nil {
			return nil // in a group, "!wow" is chat, not a wrong command
		}
		return b.reply(ctx, r, b.texts.T(r.Lang, "command.unknown", Data{"Word": inv.Typed, "Help": b.usage(r.Lang, "help", false)}))
	}
	r.Cmd = entry.cmd
	r.Lang = b.replyLang(r, entry.langs)
	return b.dispatch(ctx, r)
}

// loadDMSender fills in who wrote a direct message, and refuses strangers:
// once a day, politely, in all three languages, and nothing else.
func (b *Bot) loadDMSender(ctx context.Context, r *Request, now time.Time) (bool, error) {
	m := r.Msg
	member, err := b.store.MemberByUser(ctx, m.Sender)
	switch {
	case err == nil:
		if r.Groups, err = b.store.MemberGroups(ctx, member.ID); err != nil {
			return false, err
		}
	case !errors.Is(err, store.ErrNotFound):
		return false, err
	}
	if len(r.Groups) == 0 && !r.Staff {
		return false, b.refuseStranger(ctx, m, now)
	}
	if member.ID == 0 {
		// Staff who never spoke in a group still need a row for their language.
		if member, err = b.store.SeeMember(ctx, m.Sender, m.SenderName, 0, now); err != nil {
			return false, err
		}
	}
	r.Member = member
	return true, nil
}

func (b *Bot) refuseStranger(ctx context.Context, m Message, now time.Time) error {
	refuse, err := b.store.RefuseStranger(ctx, m.Sender, now, strangerEvery)
	if err != nil || !refuse {
		return err
	}
	b.log.Info("refused a stranger's direct message")
	text := ""
	for i, lang := range []string{"en", "es", "fr"} {
		if i > 0 {
			text += "\n\n"
		}
		text += b.texts.T(lang, "stranger.refusal", nil)
	}
	return b.queue(ctx, store.Outgoing{Chat: m.Chat, Body: text, DedupKey: "stranger:" + m.Chat + ":" + m.ID})
}

// handleUnregistered lets staff run the few commands meant for groups that
// are not partner groups yet; everything else there is ignored.
func (b *Bot) handleUnregistered(ctx context.Context, m Message) error {
	if !b.isStaff(m.Sender) {
		return nil
	}
	inv, ok := parseCommand(m.Text, b.cfg.Prefixes)
	if !ok {
		return nil
	}
	entry, known := b.commands.lookup(inv.Word)
	if !known || !entry.cmd.Unregistered {
		return nil
	}
	first, err := b.store.MarkProcessed(ctx, m.Chat, m.Sender, m.ID, b.clock.Now())
	if err != nil || !first {
		return err
	}
	member, err := b.store.SeeMember(ctx, m.Sender, m.SenderName, 0, b.clock.Now())
	if err != nil {
		return err
	}
	r := &Request{Msg: m, Inv: inv, Cmd: entry.cmd, Member: member, Staff: true}
	r.Lang = b.replyLang(r, entry.langs)
	return b.dispatch(ctx, r)
}

// dispatch checks the role and runs the command. A panic in a handler is
// the bot's fault, not the member's: she gets an apology, and labbot goes on.
func (b *Bot) dispatch(ctx context.Context, r *Request) (err error) {
	log := b.log.With("command", r.Cmd.Key, "chat", b.chatLabel(r))
	if r.Cmd.Role == RoleStaff && !r.Staff {
		log.Info("refused a staff command to a member")
		return b.reply(ctx, r, b.texts.T(r.Lang, "command.staff_only", nil))
	}
	defer func() {
		if v := recover(); v != nil {
			log.Error("command panicked", "panic", v, "stack", string(debug.Stack()))
			err = b.reply(ctx, r, b.texts.T(r.Lang, "error.internal", nil))
		}
	}()
	if err := r.Cmd.Run(b, ctx, r); err != nil {
		log.Error("command failed", slog.Any("error", err))
		return b.reply(ctx, r, b.texts.T(r.Lang, "error.internal", nil))
	}
	log.Debug("command handled", "lang", r.Lang)
	return nil
}

// chatLabel names the chat in logs without a phone number.
func (b *Bot) chatLabel(r *Request) string {
	if r.Group != nil {
		return r.Group.Key
	}
	if !r.Msg.Group {
		return fmt.Sprintf("dm:member-%d", r.Member.ID)
	}
	return "unregistered-group"
}
