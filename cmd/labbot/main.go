// Command labbot is the Learning Lab's companion in WhatsApp.
//
//	labbot run [--config FILE] [--data DIR] [--phone +NUMBER]
//	labbot console [--config FILE] [--data DIR] [--now TIME]
//	labbot export --format json|csv|md [--lang en|es|fr] [--out FILE] [--config FILE] [--data DIR]
//	labbot backup FILE [--config FILE] [--data DIR]
//	labbot version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"labbot/bot/config"
	"labbot/privacy"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitUsage is the status for a bad command line or a bad config.
const exitUsage = 2

// usageError is a mistake in how labbot was started: one line, status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `labbot is the Learning Lab's companion in WhatsApp.

Usage:
  labbot run [--config FILE] [--data DIR] [--phone +NUMBER]  connect to WhatsApp (pairs on first start)
  labbot console [--config FILE] [--data DIR] [--now TIME]   run against a local simulator
  labbot export --format json|csv|md [--lang en|es|fr] [--out FILE] [--config FILE] [--data DIR]
                                                             write the knowledge base for reports
                                                             (md in the Lab's language, or --lang)
  labbot backup FILE [--config FILE] [--data DIR]            copy labbot.db consistently, even while labbot runs
  labbot version                                            print the version
  labbot help COMMAND                                       what a command does, and its flags (or: labbot COMMAND --help)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	signalled := ctx.Err() != nil
	stop()
	var ue usageError
	var ce *config.Error
	switch {
	case err == nil, signalled && errors.Is(err, context.Canceled):
		// Stopped by a signal: a normal end.
	case errors.As(err, &ue), errors.As(err, &ce):
		fmt.Fprintln(os.Stderr, "labbot:", err)
		os.Exit(exitUsage)
	default:
		// Not a line the operator typed: it may name a chat, and no
		// number leaves labbot, not even here.
		fmt.Fprintln(os.Stderr, "labbot:", privacy.HideNumbers(err.Error()))
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if err := runCommand(ctx, args, stdin, stdout, stderr); !errors.Is(err, errHelped) {
		return err
	}
	return nil
}

func runCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "console":
		return runConsole(ctx, args[1:], stdin, stdout, stderr)
	case "run":
		return runWhatsApp(ctx, args[1:], stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		if err := parseFlags(flag.NewFlagSet("version", flag.ContinueOnError), args[1:], stdout); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "labbot", version)
		return nil
	case "help", "--help", "-h":
		// labbot help console is labbot console --help.
		topic := strings.Join(args[1:], " ")
		if _, ok := commandHelp[topic]; ok {
			return runCommand(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		if topic != "" {
			fmt.Fprint(stderr, usage)
			return usageError{fmt.Sprintf("help: there is no command %q", topic)}
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// newLogger builds the one logger every part gets a child of. No line it
// writes shows a phone number or a WhatsApp ID: logs get copied into bug
// reports and chats, where members' numbers must not follow.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if c.Format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(privacy.NewLogHandler(h))
}
