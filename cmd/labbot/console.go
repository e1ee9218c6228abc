package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/bot/console"
)

// runConsole runs the whole bot against the local simulator. With no
// --config it uses the demo config; with no --data (and no config), a fresh
// data directory that is removed at exit.
func runConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "config file (default: the built-in demo config)")
	dataDir := fs.String("data", "", "data directory (default: the config's data_dir, or a fresh temporary one)")
	nowFlag := fs.String("now", "", "simulated start time, e.g. 2026-12-07T08:00:00Z (default: where the last run stopped)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("console takes no arguments, got %q", fs.Arg(0))}
	}
	var now time.Time
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageError{fmt.Sprintf("--now: %q is not a time like 2026-12-07T08:00:00Z", *nowFlag)}
		}
		now = t.UTC()
	}
	cfg := config.Demo()
	if *cfgPath != "" {
		var err error
		if cfg, err = config.Load(*cfgPath); err != nil {
			return err
		}
	}
	dir, removeDir, err := consoleDataDir(*dataDir, *cfgPath, cfg)
	if err != nil {
		return err
	}
	defer removeDir()
	where := "a fresh directory, deleted at exit (--data DIR keeps it)"
	if *dataDir != "" || *cfgPath != "" {
		where = dataDirNote(dir)
	}
	logger := newLogger(cfg.Log, stderr).With("transport", "console")
	st, err := openStore(ctx, dir, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	greet(stderr, cfg, *cfgPath == "", where) // once the data directory is known good
	texts, err := bot.NewTexts()
	if err != nil {
		return err
	}
	c, err := console.New(ctx, console.Options{
		Config: cfg, Store: st, Texts: texts, Out: stdout, Notes: stderr, Logger: logger, Now: now,
	})
	if err != nil {
		return err
	}
	return c.Run(ctx, stdin)
}

// consoleDataDir is --data, else the config's data directory when a
// config was given, else a fresh one that remove deletes: the demo starts
// from nothing each time.
func consoleDataDir(flagDir, cfgPath string, cfg *config.Config) (dir string, remove func(), err error) {
	switch {
	case flagDir != "":
		return flagDir, func() {}, nil
	case cfgPath != "":
		return cfg.DataDir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "labbot-console-")
	if err != nil {
		return "", nil, err
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// greet tells a newcomer, on stderr, where she is and how to act as staff.
func greet(w io.Writer, cfg *config.Config, demo bool, data string) {
	if demo {
		fmt.Fprintln(w, "labbot console: built-in demo config (groups nairobi/en, bogota/es, dakar/fr).")
	}
	fmt.Fprintln(w, "Data: "+data)
	where := "a direct message"
	if len(cfg.Groups) > 0 {
		where = "group " + cfg.Groups[0].Key
	}
	fmt.Fprintf(w, "Speaking as %s (%s) in %s. Type !help, or :as PHONE NAME, :in GROUP, :dm, :reply MSGID TEXT, :advance 1h, :now, :leave GROUP, :add GROUP, :vote MSGID N, :file PATH [CAPTION].\n",
		console.DemoName, console.DemoPhone, where)
	if len(cfg.Staff) > 0 {
		fmt.Fprintf(w, "To act as staff: :as %s %s\n", cfg.Staff[0].Phone, cfg.Staff[0].Name)
	}
}
