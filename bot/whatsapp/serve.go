package whatsapp

import (
	"context"
	"io"
	"sync"

	"labbot/bot"
)

// inboxBacklog is how many jobs may wait in the inbox: a message waits
// there while it is handled (it is acknowledged only then), and group
// changes queue behind the messages of their chat. Past it a message
// waits up to handOverWait and is then left unacked, for WhatsApp to
// deliver again and whatsmeow's buffer to hand out again.
const inboxBacklog = 1024 + 256

// Serve connects, pairing first when the session is new (by a code for
// phone, in + form, or else by a QR code printed on qr), and hands what
// WhatsApp delivers to b until ctx ends (nil) or WhatsApp ends the session
// for good (the reason, saying what to do). It returns once the work
// WhatsApp handed over is done.
//
// Serve takes *bot.Bot, not the core interface the events use: it starts
// the bot's sender and makes its inbox, and only the bot has those.
func (s *Session) Serve(ctx context.Context, b *bot.Bot, phone string, qr io.Writer) error {
	serve, stopServing := context.WithCancel(ctx)
	defer stopServing()
	s.gate.Lock()
	// WhatsApp's messages come one at a time (each acknowledged once
	// handled); the inbox keeps each chat's group changes in turn with its
	// messages, and serves the console's and the tests' chats in parallel.
	s.core, s.polls, s.inbox = b, b, b.NewInbox(0, inboxBacklog, nil)
	s.onBan = b.Sender().Banned
	s.client.GetMessageForRetry = s.messageForRetry(b.Sender())
	s.accepting, s.serving = true, serve
	s.gate.Unlock()

	var wg sync.WaitGroup
	wg.Go(func() { b.Sender().Drain(serve) })
	wg.Go(func() { s.connect(serve, phone, qr) })
	wg.Go(func() { s.passGroupStates(serve) })
	var fatal error
	select {
	case <-ctx.Done():
		s.log.Info("stopping: finishing the send in flight")
	case fatal = <-s.fatal:
	}
	// Stop taking messages (those that come now are left for WhatsApp to
	// deliver again) and sending; the send in flight gets a few seconds.
	// What WhatsApp already handed over is handled before Serve returns
	// and the caller closes the stores.
	s.stopAccepting()
	stopServing()
	s.inbox.Wait()
	wg.Wait()
	return fatal
}

// stopAccepting leaves what arrives from now on to WhatsApp, which delivers
// it again at the next start. It returns once no hand-over is in flight, so
// that the inbox's Wait sees every message taken.
func (s *Session) stopAccepting() {
	s.gate.Lock()
	defer s.gate.Unlock()
	s.accepting = false
}
