package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"labbot/store"
	"labbot/textlang"
)

// strangerEvery is how often a stranger may be told that labbot serves the
// Lab only.
const strangerEvery = 24 * time.Hour

// request is one command being handled.
type request struct {
	Msg  Message
	Inv  invocation
	Cmd  *command
	Lang string // the reply language
	// WordLangs are the languages of the command word (two for
	// "questions"); none for a quote-reply.
	WordLangs []string
	Member    store.Member  // who is asking
	Group     *store.Group  // the partner group, or nil in a direct message
	Groups    []store.Group // her partner groups, in a direct message
	Staff     bool

	out     []store.Outgoing // replies, queued when the message is complete
	posts   []store.Outgoing // posts naming the item saved, queued with it
	saving  *saving          // the item the command saves, if it saves one
	polling *pollSaving      // the poll the command asks, if it asks one (issue 17)
	limited bool             // the limits were applied to it already
	labWide bool             // it posts to every partner group: it counts as much as an announcement
	parsed  bool             // Msg's text is a command (Inv), known or not
	late    bool             // older than limits.max_command_age: no reply
}

// apologize drops whatever r would have said or saved, for a short
// apology in her language: the bot broke, not her command.
func (b *Bot) apologize(r *request) {
	r.out, r.posts, r.saving, r.polling = nil, nil, nil, nil
	b.reply(r, b.texts.msg(r.Lang, "error.internal", nil))
}

// Handle reacts to one incoming message. It never fails: problems are
// logged, and the member gets a short apology when her command broke.
func (b *Bot) Handle(ctx context.Context, m Message) { b.handleOK(ctx, m) }

// handleOK is Handle, reporting whether m was handled to its end: what it
// shares saved and its replies queued (or nothing to do). It is false
// after a store error or a panic outside a command (a command's own panic
// is answered with an apology, and is handled): WhatsApp should then
// deliver m again, not be told it arrived.
func (b *Bot) handleOK(ctx context.Context, m Message) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("panic while handling a message", "panic", v, "stack", string(debug.Stack()))
			ok = false
		}
	}()
	if err := b.handle(ctx, m); err != nil {
		b.log.Error("handle message", slog.Any("error", err))
		return false
	}
	return true
}

func (b *Bot) handle(ctx context.Context, m Message) error {
	now := b.clock.Now()
	if err := b.knownForm(ctx, &m); err != nil {
		return err
	}
	if m.SenderAlt != "" { // before she is looked up: she is one member from now on
		if err := b.SameMember(ctx, m.Sender, m.SenderAlt); err != nil {
			return err
		}
		// Handled under her other form, before labbot knew the two were one
		// person (a redelivery, an edit): handled.
		if done, err := b.handledAsAlt(ctx, m); err != nil || done {
			return err
		}
	}
	r := &request{Msg: m, Staff: b.isStaff(m.Sender)}
	if m.Group {
		g, ok := b.groups.lookup(m.Chat)
		if !ok {
			return b.handleUnregistered(ctx, m)
		}
		r.Group = &g
	}
	r.Inv, r.parsed = b.parse(m.Text, m.Group) // once: SeeMember and respond read it
	if m.Edit && !r.parsed {
		return nil // an edit matters only when it makes a command
	}
	in := store.Incoming{Chat: m.Chat, Sender: m.Sender, MsgID: m.ID, Command: b.isCommand(r)}
	if r.Group != nil {
		member, done, err := b.store.SeeMember(ctx, in, m.SenderName, r.Group.ID, now)
		if err != nil || done {
			return err
		}
		r.Member = member
	} else {
		done, err := b.store.Processed(ctx, m.Chat, m.Sender, m.ID)
		if err != nil || done {
			return err
		}
		isMember, err := b.loadDMSender(ctx, r, now)
		if err != nil || !isMember {
			return err
		}
		if err := b.wroteDM(ctx, r.Member.ID); err != nil {
			return err
		}
	}
	b.numbers.Add(r.Member.UserID) // before anything is sent that may hold her number
	r.late = b.tooOld(m, now)
	b.respond(ctx, r)
	if r.late {
		r.silence()
	}
	return b.complete(ctx, r)
}

// respond answers the command in r, if it is one, within her limits.
func (b *Bot) respond(ctx context.Context, r *request) {
	if !r.parsed {
		if r.Msg.QuotedID != "" && r.Member.ID != 0 { // 0: forgotten, and chatting
			b.quoteReply(ctx, r)
		}
		return
	}
	entry, known := b.commands.lookup(r.Inv.Word)
	if !known && r.Group != nil && r.late { // late, in a group, "!wow" is chat: not even logged
		return
	}
	r.Cmd, r.WordLangs = entry.cmd, entry.langs
	r.Lang = b.replyLang(r, entry.langs)
	if r.late {
		b.respondLate(ctx, r, known)
		return
	}
	if !known {
		b.unknownWord(ctx, r) // a near miss gets a pointer (suggest.go)
		return
	}
	if b.withinLimits(ctx, r) {
		b.dispatch(ctx, r)
	}
}

// quoteReply answers labbot's question when a member quote-replies to it
// with plain text: the one kind of chat labbot answers, and counted as a
// command once it turns out to be an answer.
func (b *Bot) quoteReply(ctx context.Context, r *request) {
	answered, err := b.answerByQuote(ctx, r)
	if err != nil {
		b.log.Error("answer by quote-reply", "chat", b.chatLabel(r), slog.Any("error", err))
		b.apologize(r)
		return
	}
	if answered && !r.limited && !r.late {
		b.withinLimits(ctx, r) // over them, it drops the answer for the notice
	}
}

// loadDMSender fills in who wrote a direct message, and refuses strangers:
// once a day, politely, in all three languages, and nothing else.
func (b *Bot) loadDMSender(ctx context.Context, r *request, now time.Time) (bool, error) {
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
		return false, b.refuseStranger(ctx, r, now)
	}
	if member.ID == 0 {
		// Staff who never spoke in a group still need a row for their language.
		in := store.Incoming{Sender: m.Sender, Command: b.isCommand(r)}
		if member, _, err = b.store.SeeMember(ctx, in, m.SenderName, 0, now); err != nil {
			return false, err
		}
	}
	r.Member = member
	return true, nil
}

// knownForm names m's sender as labbot knows her: a LID already merged
// into a member known by number (WhatsApp named her between the
// adapter's look and this one) is that member, with the LID as her other
// form, in her direct chat too.
func (b *Bot) knownForm(ctx context.Context, m *Message) error {
	if m.SenderAlt != "" || !strings.HasPrefix(m.Sender, "lid:") {
		return nil
	}
	user, ok, err := b.store.UserByAlt(ctx, m.Sender)
	if err != nil || !ok {
		return err
	}
	m.Sender, m.SenderAlt = user, m.Sender
	if !m.Group {
		m.Chat = user
	}
	return nil
}

// handledAsAlt reports whether m was handled under its sender's other
// form: by her LID in a group that hid her number, then redelivered by
// number once WhatsApp named her (or the reverse). A direct chat is hers,
// so it changes form with her.
func (b *Bot) handledAsAlt(ctx context.Context, m Message) (bool, error) {
	chat := m.Chat
	if !m.Group {
		chat = m.SenderAlt
	}
	return b.store.Processed(ctx, chat, m.SenderAlt, m.ID)
}

// wroteDM records, once per member and run, that she wrote labbot a
// direct message: labbot may write to her first from now on, beyond the
// day's cap on first messages (issue 14).
func (b *Bot) wroteDM(ctx context.Context, memberID int64) error {
	if _, known := b.dmWriters.Load(memberID); known {
		return nil
	}
	if err := b.store.WroteDM(ctx, memberID); err != nil {
		return err
	}
	b.dmWriters.Store(memberID, true)
	return nil
}

func (b *Bot) refuseStranger(ctx context.Context, r *request, now time.Time) error {
	refuse, err := b.store.RefuseStranger(ctx, r.Msg.Sender, now, strangerEvery)
	if err != nil || !refuse {
		return err
	}
	if !b.limits.stranger(now) {
		b.log.Info("a stranger wrote; no refusal, today's are used up")
		return nil
	}
	// The refusal also tells whoever asked to be forgotten that she is, and
	// how to come back (issue 18). Everyone gets the same words: told to
	// her number alone, they would tell whoever holds it now (a SIM given
	// to someone else, a phone lent) that she was in the Lab and left.
	b.log.Info("refused a stranger's direct message")
	// In her language first when her words tell it, else the Lab's.
	first := b.cfg.DefaultLanguage
	if lang, sure := textlang.Detect(r.Msg.Text); sure {
		first = lang
	}
	text := b.inEveryLanguage(first, "stranger.refusal")
	// Queued on its own, not as a reply: a stranger's message is not
	// recorded as handled (her refusal is rate-limited by a hash instead).
	// Sensitive, so that once sent it keeps no number: she may be someone
	// who asked to be forgotten, saying goodbye.
	return b.queue(ctx, store.Outgoing{Chat: r.Msg.Chat, Body: text, Sensitive: true})
}

// handleUnregistered lets staff run the few commands meant for groups that
// are not partner groups yet; everything else there is ignored.
func (b *Bot) handleUnregistered(ctx context.Context, m Message) error {
	if !b.isStaff(m.Sender) {
		return nil
	}
	inv, ok := b.parse(m.Text, true)
	if !ok {
		return nil
	}
	entry, known := b.commands.lookup(inv.Word)
	if !known || !entry.cmd.Unregistered {
		return nil
	}
	in := store.Incoming{Chat: m.Chat, Sender: m.Sender, MsgID: m.ID, Command: true}
	member, done, err := b.store.SeeMember(ctx, in, m.SenderName, 0, b.clock.Now())
	if err != nil || done {
		return err
	}
	r := &request{Msg: m, Inv: inv, Cmd: entry.cmd, WordLangs: entry.langs, Member: member, Staff: true}
	r.Lang = b.replyLang(r, entry.langs)
	if b.tooOld(m, b.clock.Now()) {
		b.logLate(ctx, r, true, "a command came too late to answer; not run")
		return nil
	}
	if b.withinLimits(ctx, r) {
		b.dispatch(ctx, r)
	}
	return b.complete(ctx, r)
}

// dispatch checks the role and runs the command. A panic or an error in a
// handler is the bot's fault, not the member's: she gets an apology in her
// language instead of what the handler had queued, and labbot goes on.
func (b *Bot) dispatch(ctx context.Context, r *request) {
	if r.Cmd.Role == roleStaff && !r.Staff {
		b.logCommand(ctx, slog.LevelInfo, r, "refused a staff command to a member")
		b.refuseStaffWord(r)
		return
	}
	defer func() {
		if v := recover(); v != nil {
			b.logCommand(ctx, slog.LevelError, r, "command panicked", "panic", v, "stack", string(debug.Stack()))
			b.apologize(r)
		}
	}()
	if err := r.Cmd.Run(b, ctx, r); err != nil {
		b.logCommand(ctx, slog.LevelError, r, "command failed", slog.Any("error", err))
		b.apologize(r)
		return
	}
	b.logCommand(ctx, slog.LevelDebug, r, "command handled", "lang", r.Lang)
}

// logCommand logs about r's command, naming it and its chat; it builds
// nothing when the level is off, as it is for every command handled well.
func (b *Bot) logCommand(ctx context.Context, level slog.Level, r *request, msg string, args ...any) {
	if !b.log.Enabled(ctx, level) {
		return
	}
	b.log.Log(ctx, level, msg, append([]any{"command", r.Cmd.Key, "chat", b.chatLabel(r)}, args...)...)
}

// chatLabel names the chat in logs without a phone number.
func (b *Bot) chatLabel(r *request) string {
	if r.Group != nil {
		return r.Group.Key
	}
	if !r.Msg.Group {
		return fmt.Sprintf("dm:member-%d", r.Member.ID)
	}
	return "unregistered-group"
}
