package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/bot/schedule"
	"labbot/bot/whatsapp"
)

// runWhatsApp connects labbot to WhatsApp and serves the Lab until a signal
// (exit 0) or a fatal event (an error: exit 1).
func runWhatsApp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfgPath := fs.String("config", "config.yaml", "config file")
	dataDir := fs.String("data", "", "data directory (default: the config's data_dir)")
	phone := fs.String("phone", "", "pair by a code for this phone number (+ form) instead of a QR code")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
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
	fmt.Fprintln(stderr, "labbot: data:", dataDirNote(dir))
	st, err := openStore(ctx, dir, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := privateSession(dir, logger); err != nil {
		return err
	}
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
	stopSchedule, err := startSchedule(ctx, b, logger)
	if err != nil {
		return err
	}
	defer stopSchedule()
	return session.Serve(ctx, b, *phone, stdout)
}

// startSchedule runs the bot's scheduled work every minute, starting now:
// work due while labbot was down (within the grace window) is queued at
// once, and sent once WhatsApp is connected.
func startSchedule(ctx context.Context, b *bot.Bot, logger *slog.Logger) (stop func(), err error) {
	tick := func() {
		if err := b.CatchUp(ctx); err != nil {
			logger.Error("scheduled work", slog.Any("error", err))
		}
	}
	tick()
	return schedule.Start("* * * * *", logger.With("component", "schedule"), tick)
}
