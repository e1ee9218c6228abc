package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
}

var _ core = (*bot.Bot)(nil)

// inbox takes the session's work for the core, in each chat's order.
type inbox interface {
	Add(ctx context.Context, m bot.Message) bool
	Do(ctx context.Context, chat string, fn func(context.Context)) bool
	Wait()
}

var _ inbox = (*bot.Inbox)(nil)

// handOverWait is how long a message waits for room in the inbox. Past
// it the core is stuck: the message is left for WhatsApp to deliver again.
const handOverWait = 10 * time.Second

// gatePoll is how often a message waiting for the gate looks again.
const gatePoll = 20 * time.Millisecond

// handle runs on whatsmeow's event goroutine, which it holds up: it hands
// work on and returns. It reports whether the event was taken: whatsmeow
// acknowledges a message to WhatsApp only then.
func (s *Session) handle(evt any) bool {
	ctx := context.Background()
	switch e := evt.(type) {
	case *events.Message:
		return s.handleMessage(ctx, e)
	case *events.Connected:
		s.log.Info("connected to WhatsApp")
		go s.syncGroups() // a query: not on the event goroutine
	case *events.JoinedGroup:
		s.handleJoinedGroup(ctx, e)
	case *events.GroupInfo:
		s.handleGroupInfo(ctx, e)
	case *events.Disconnected:
		s.log.Warn("disconnected from WhatsApp; reconnecting")
	case *events.LoggedOut:
		s.stop(errors.New("WhatsApp logged labbot out: delete " + FileName + " from the data directory and pair again with labbot run"))
	case *events.StreamReplaced:
		s.stop(errors.New("another session took over this WhatsApp account (a second labbot, or WhatsApp Web): stop it, then start labbot again"))
	case *events.ClientOutdated:
		s.stop(errors.New("WhatsApp no longer accepts this client version: update whatsmeow (README, \"Updating whatsmeow\") and rebuild"))
	case *events.TemporaryBan:
		s.handleBan(e)
	case events.PermanentDisconnect:
		s.stop(fmt.Errorf("WhatsApp will not let labbot connect (%s): check the account on the phone, then start labbot again", e.PermanentDisconnectDescription()))
	case *events.HistorySync, *events.OfflineSyncPreview, *events.OfflineSyncCompleted:
		// Messages missed while away come again as ordinary messages; the
		// history's download stays on for the LID mappings it stores.
	case *events.PairSuccess, *events.KeepAliveTimeout, *events.KeepAliveRestored:
		// whatsmeow reconnects by itself.
	case *events.Receipt, *events.Presence, *events.ChatPresence, *events.UndecryptableMessage,
		*events.Picture, *events.UserAbout, *events.IdentityChange, *events.PrivacySettings, *events.Blocklist:
		// Not the Lab's business, nor are calls, newsletters and the rest.
	}
	return true
}

// handleMessage hands what a member wrote to the inbox.
func (s *Session) handleMessage(ctx context.Context, e *events.Message) bool {
	s.timers.heard(ctx, e, s.container.LIDMap)
	m, ok := toMessage(ctx, e, s.container.LIDMap)
	if !ok {
		return true
	}
	// The gate is closed while the groups are synced on connecting: wait
	// for it as long as for room in the inbox, then leave the message
	// unacked for WhatsApp to deliver again, as when the inbox is full.
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
	return s.inbox.Add(ctx, m)
}

// handleBan stops sending until the ban ends. whatsmeow does not reconnect
// after a ban: labbot does, when it ends.
func (s *Session) handleBan(e *events.TemporaryBan) {
	wait := max(e.Expire, time.Minute)
	until := time.Now().Add(wait)
	s.log.Error("WhatsApp banned this account for a while; labbot sends nothing and reconnects when it ends", "code", e.Code.String(), "until", until)
	if s.onBan != nil {
		s.onBan(until)
	}
	time.AfterFunc(wait, func() {
		if err := s.client.Connect(); err != nil {
			s.log.Warn("reconnecting after the ban", slog.Any("error", err))
		}
	})
}

// stop ends Serve with err, the reason labbot must stop: logged out,
// replaced by another session, or a client WhatsApp no longer accepts.
func (s *Session) stop(err error) {
	select {
	case s.fatal <- err:
	default:
	}
}
