package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/bot/schedule"
	"labbot/bot/whatsapp"
)

// inboxBacklog is how many incoming messages may wait to be handled.
const inboxBacklog = 256

// runWhatsApp connects labbot to WhatsApp and serves the Lab until a signal
// (exit 0) or a fatal event (an error: exit 1).
func runWhatsApp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "config.yaml", "config file")
	dataDir := fs.String("data", "", "data directory (default: the config's data_dir)")
	phone := fs.String("phone", "", "pair by a code for this phone number (+ form) instead of a QR code")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("run takes no arguments, got %q", fs.Arg(0))}
	}
	if *phone != "" && !config.IsPhone(*phone) {
		return usageError{fmt.Sprintf("--phone: %q is not in +international form (e.g. +15550000001)", *phone)}
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	dir := cfg.DataDir
	if *dataDir != "" {
		dir = *dataDir
	}
	logger := newLogger(cfg.Log, stderr).With("transport", "whatsapp")
	st, err := openStore(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	session, err := whatsapp.Open(ctx, dir, logger)
	if err != nil {
		return err
	}
	defer session.Close()
	texts, err := bot.NewTexts()
	if err != nil {
		return err
	}
	b, err := bot.New(ctx, bot.Deps{Config: cfg, Store: st, Transport: session.Transport(), Clock: bot.SystemClock{}, Texts: texts, Logger: logger})
	if err != nil {
		return err
	}

	session.OnBan(b.Sender().PauseUntil)
	// Work due while labbot was down (within the grace window) is queued
	// now, and sent once WhatsApp is connected.
	tick := func() {
		if err := b.RunSchedule(ctx); err != nil {
			logger.Error("scheduled work", slog.Any("error", err))
		}
	}
	tick()
	stopSchedule, err := schedule.Start("* * * * *", logger.With("component", "schedule"), tick)
	if err != nil {
		return err
	}
	defer stopSchedule()
	serve, stopServing := context.WithCancel(ctx)
	defer stopServing()
	var wg sync.WaitGroup
	wg.Go(func() { b.Sender().Run(serve) })
	// Chats are served in parallel, each in order: a long search in one
	// group does not hold up another.
	inbox := b.NewInbox(0, inboxBacklog, nil) // a chat per CPU at once
	wg.Go(func() {
		defer inbox.Wait()
		for {
			select {
			case <-serve.Done():
				// What WhatsApp already handed over (and was told was
				// received) is handled before stopping.
				for {
					select {
					case m := <-session.Messages():
						inbox.Add(context.WithoutCancel(serve), m)
					default:
						return
					}
				}
			case m := <-session.Messages():
				inbox.Add(context.WithoutCancel(serve), m)
			case e := <-session.GroupEvents():
				change := func(ctx context.Context) {
					if err := groupEvent(ctx, b, e); err != nil {
						logger.Error("group change", slog.Any("error", err))
					}
				}
				if e.Kind == whatsapp.GroupsListed {
					// It touches every group: what was queued goes first.
					inbox.Wait()
					change(serve)
					continue
				}
				// In the group's turn: a member who wrote and then left is
				// not made a member again by her message handled after.
				inbox.Do(context.WithoutCancel(serve), e.Group.ID, change)
			}
		}
	})
	wg.Go(func() { session.Connect(serve, *phone, stdout) })

	var fatal error
	select {
	case <-ctx.Done():
		logger.Info("stopping: finishing the send in flight")
	case fatal = <-session.Fatal():
	}
	// Stop taking messages (those that come now are left for WhatsApp to
	// deliver again) and sending; the send in flight gets a few seconds.
	// WhatsApp and the stores close as this returns.
	session.StopAccepting()
	stopServing()
	wg.Wait()
	return fatal
}

// groupEvent hands a change in labbot's groups to the core.
func groupEvent(ctx context.Context, b *bot.Bot, e whatsapp.GroupEvent) error {
	switch e.Kind {
	case whatsapp.GroupsListed:
		return b.GroupsSynced(ctx, e.All)
	case whatsapp.GroupJoined:
		return b.GroupJoined(ctx, e.Group)
	case whatsapp.GroupLeft:
		return b.GroupLeft(ctx, e.Group.ID)
	case whatsapp.GroupRenamed:
		return b.GroupRenamed(ctx, e.Group.ID, e.Group.Name)
	case whatsapp.MembersJoined:
		return b.MembersJoined(ctx, e.Group.ID, e.Group.Participants)
	case whatsapp.MembersLeft:
		return b.MembersLeft(ctx, e.Group.ID, e.Group.Participants)
	}
	return nil
}
