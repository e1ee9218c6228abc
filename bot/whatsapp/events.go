package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"labbot/bot"
)

// core is what WhatsApp's news asks of the bot, besides the messages the
// inbox takes: the changes in labbot's groups. An interface rather than
// *bot.Bot so that what the session may call is read in one place, and a
// test can record the calls without a store.
type core interface {
	GroupsSynced(ctx context.Context, groups []bot.GroupInfo) error
	GroupJoined(ctx context.Context, g bot.GroupInfo) error
	GroupLeft(ctx context.Context, jid string) error
	GroupRenamed(ctx context.Context, jid, name string) error
	MembersJoined(ctx context.Context, jid string, users []string) error
	MembersLeft(ctx context.Context, jid string, users []string) error
	SameMember(ctx context.Context, a, b string) error
	LIDOnlyMembers(ctx context.Context) ([]string, error)
	StaffUsers() []string
	GroupPostable(ctx context.Context, jid string, state bot.GroupState) error
	PhoneSeen(ctx context.Context, at time.Time) error
	WatchPhone(ctx context.Context, now time.Time) error
}

var _ core = (*bot.Bot)(nil)

// inbox takes the session's work for the core, in each chat's order.
type inbox interface {
	AddHandled(ctx context.Context, m bot.Message) bool
	Do(ctx context.Context, chat string, fn func(context.Context)) bool
	Wait()
}

var _ inbox = (*bot.Inbox)(nil)

// handOverWait is how long a message may take to be handed to the core
// and handled: longer than a command that asks WhatsApp something (a
// !join, up to 20 s), so that one is acknowledged when it is done. Past it
// the core is stuck: the message is left unacked, for WhatsApp to deliver
// again (and labbot to recognise, if it was handled meanwhile).
const handOverWait = 30 * time.Second

// gatePoll is how often a message waiting for the gate looks again.
const gatePoll = 20 * time.Millisecond

// handle runs on whatsmeow's event goroutine, which it holds up: it hands
// group changes on and returns, and waits for a message to be handled. It
// reports whether the event was taken: whatsmeow acknowledges a message to
// WhatsApp only then (SynchronousAck), so a crash loses no message.
func (s *Session) handle(evt any) bool {
	ctx := context.Background()
	switch e := evt.(type) {
	case *events.Message:
		s.seePhone(e.Info.MessageSource, e.Info.Timestamp)
		return s.handleMessage(ctx, e)
	case *events.Receipt:
		s.seePhone(e.MessageSource, e.Timestamp)
	case *events.Connected:
		s.handleConnected()
	case *events.PushNameSetting:
		go s.sendPresence() // the name presence needs is known now
	case *events.PairSuccess:
		s.phoneSeen(s.now()) // the phone just linked labbot
	case *events.JoinedGroup:
		s.handleJoinedGroup(ctx, e)
	case *events.GroupInfo:
		s.handleGroupInfo(ctx, e)
	case *events.Disconnected:
		s.log.Warn("disconnected from WhatsApp; reconnecting")
	case *events.LoggedOut:
		s.stop(loggedOut(e))
	case *events.StreamReplaced:
		s.stop(errors.New("another client took over labbot's WhatsApp session: one using the same keys, that is a second labbot started with this data directory (or a copy of its " + FileName + "). WhatsApp Web and the phone do not do this. Stop the other one, then start labbot again"))
	case *events.ClientOutdated:
		s.outdated()
	case *events.TemporaryBan:
		s.handleBan(e)
	case events.PermanentDisconnect:
		s.stop(fmt.Errorf("WhatsApp will not let labbot connect (%s): check the account on the phone, then start labbot again", e.PermanentDisconnectDescription()))
	case *events.HistorySync:
		// Ignored but for the LID mappings whatsmeow stored from it.
		go s.catchUpLIDs()
	case *events.OfflineSyncPreview, *events.OfflineSyncCompleted:
		// Messages missed while away come again as ordinary messages.
	case *events.KeepAliveTimeout, *events.KeepAliveRestored:
		// whatsmeow reconnects by itself.
	case *events.UndecryptableMessage:
		s.logUndecryptable(e)
	case *events.Presence, *events.ChatPresence,
		*events.Picture, *events.UserAbout, *events.IdentityChange, *events.PrivacySettings, *events.Blocklist:
		// Not the Lab's business, nor are calls, newsletters and the rest.
	}
	return true
}

// handleConnected: what worked before counts again from zero, the phone is
// watched (from now, if it never was), labbot says it is available, and
// its groups are synced.
func (s *Session) handleConnected() {
	s.log.Info("connected to WhatsApp", "version", sentVersion())
	s.watch.connected()
	now := s.now()
	s.toCore(func(ctx context.Context) error { return s.core.WatchPhone(ctx, now) })
	go s.sendPresence() // queries: not on the event goroutine
	go func() {
		s.syncGroups()
		s.learnIdentities()
	}()
}

// handleMessage hands what a member wrote to the inbox, and returns once
// the core has handled it (saved what it shares, queued its replies): only
// then is it acknowledged. One message at a time comes from WhatsApp this
// way, which its pace (tens a minute) allows.
func (s *Session) handleMessage(ctx context.Context, e *events.Message) bool {
	s.timers.heard(ctx, e, s.container.LIDMap)
	if e.Message.GetPollUpdateMessage() != nil && !e.Info.IsFromMe {
		return s.handleVote(ctx, e)
	}
	m, ok := toMessage(ctx, e, s.container.LIDMap)
	if !ok {
		return true
	}
	m.File = fileOf(e, s.edge)
	// The gate is closed while the groups are synced on connecting: wait
	// for it, within the hand-over's time, then leave the message unacked
	// for WhatsApp to deliver again, as when the core is stuck.
	deadline := time.Now().Add(handOverWait)
	for !s.gate.TryRLock() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(gatePoll)
	}
	defer s.gate.RUnlock()
	if !s.accepting {
		return false
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	return s.inbox.AddHandled(ctx, m)
}

// logUndecryptable says that a message could not be decrypted (whatsmeow
// asks the sender, and labbot's phone, for it again): by its ID and its
// chat's kind, a group by its JID, never a person's number or LID.
func (s *Session) logUndecryptable(e *events.UndecryptableMessage) {
	chat := "direct"
	if e.Info.IsGroup {
		chat = e.Info.Chat.ToNonAD().String()
	}
	s.log.Warn("a message could not be decrypted; WhatsApp is asked for it again", "chat", chat,
		"message", e.Info.ID, "unavailable", e.IsUnavailable, "unavailable_type", string(e.UnavailableType),
		"fail_mode", string(e.DecryptFailMode))
}

// handleBan stops sending until the ban ends. whatsmeow does not reconnect
// after a ban: labbot does, when it ends.
func (s *Session) handleBan(e *events.TemporaryBan) {
	wait := banWait(e.Expire, s.watch.bannedAgain())
	until := s.now().Add(wait)
	s.log.Error("WhatsApp banned this account for a while; labbot sends nothing and reconnects when it ends", "code", e.Code.String(), "until", until)
	if s.onBan != nil {
		s.onBan(until)
	}
	time.AfterFunc(wait, s.reconnectAfterBan)
}

// reconnectAfterBan connects again once a ban is over, only while Serve
// serves, and for as long: after a shutdown a message must stay with
// WhatsApp (unacked, for the next start), not be taken by a client nobody
// serves.
func (s *Session) reconnectAfterBan() { s.reconnect("the ban is over") }

// reconnect connects again, for why, while Serve serves and on its
// context, trying with backoff until it connects (whatsmeow retries a
// dropped connection, not a first one that failed); after a shutdown, or
// once the account is unpaired, it does nothing.
func (s *Session) reconnect(why string) {
	s.gate.RLock()
	ctx, serving := s.serving, s.accepting
	s.gate.RUnlock()
	if !serving || ctx == nil || ctx.Err() != nil || s.client.Store.ID == nil {
		s.log.Info(why + "; labbot has stopped, so it does not reconnect")
		return
	}
	s.log.Info(why + "; connecting again")
	s.connect(ctx, "", io.Discard)
}

// banWait is how long labbot waits before it connects again after the
// nth ban since it last connected. A ban WhatsApp gives an end to lasts
// that long (a minute at least). One without (expire 0) would otherwise
// be tried every minute, which a banned account must not do: an hour,
// doubling with each ban in a row, up to a day.
func banWait(expire time.Duration, nth int) time.Duration {
	if expire > 0 {
		return max(expire, time.Minute)
	}
	wait := time.Hour
	for i := 1; i < nth && wait < 24*time.Hour; i++ {
		wait *= 2
	}
	return min(wait, 24*time.Hour)
}

// loggedOut says why WhatsApp logged labbot out, and what to do: for a
// locked or banned account (403, 406) pairing again does not help.
func loggedOut(e *events.LoggedOut) error {
	why := fmt.Sprintf("WhatsApp logged labbot out (%d, %s)", int(e.Reason), e.Reason)
	switch e.Reason {
	case events.ConnectFailureMainDeviceGone:
		return errors.New(why + ": WhatsApp locked the account, or its number moved to another phone. Pairing again will not help while it is locked: open WhatsApp on labbot's phone and follow what it says (a locked or banned account can ask for a review there); once WhatsApp works on the phone, start labbot run to pair again")
	case events.ConnectFailureUnknownLogout:
		return errors.New(why + ": WhatsApp banned or blocked this account. Pairing again will not help: open WhatsApp on labbot's phone, where it says why and how to ask for a review; a new number needs a new pairing")
	}
	return errors.New(why + ": labbot was removed from the phone's Linked devices (or WhatsApp ended the session). Its keys were removed from " + FileName + ": start labbot run to pair again")
}

// stop ends Serve with err, the reason labbot must stop: logged out,
// replaced by another session, or a client WhatsApp no longer accepts.
func (s *Session) stop(err error) {
	select {
	case s.fatal <- err:
	default:
	}
}
