package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelped ends a command whose --help was asked for and printed: a
// normal end, status 0.
var errHelped = errors.New("help printed")

// commandHelp is each command's synopsis and a line saying what it does,
// for its --help and for a mistake in its flags.
var commandHelp = map[string][2]string{
	"console": {"labbot console [--config FILE] [--data DIR] [--now TIME]",
		"Runs the whole bot against a local simulator in this terminal: no WhatsApp account needed."},
	"run": {"labbot run [--config FILE] [--data DIR] [--phone +NUMBER]",
		"Connects to WhatsApp and serves the Lab (pairs with a QR code, or a code with --phone, on the first start)."},
	"export": {"labbot export --format json|csv|md [--lang en|es|fr] [--out FILE] [--files DIR] [--config FILE] [--data DIR]",
		"Writes the Lab's knowledge base for reports, even while labbot runs."},
	"backup": {"labbot backup FILE [--config FILE] [--data DIR]",
		"Copies labbot.db to FILE consistently, even while labbot runs."},
	"version": {"labbot version", "Prints labbot's version."},
}

// parseFlags parses a command's flags. --help prints the command's usage
// on stdout and returns errHelped; a mistake is a usageError that names it
// and gives the synopsis.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard) // the flag package's own "Usage of …" is not ours
	fs.Usage = func() {}
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, fs)
		return errHelped
	}
	return usageError{fmt.Sprintf("%v (usage: %s; labbot %s --help says more)", err, commandHelp[fs.Name()][0], fs.Name())}
}

// printHelp writes a command's synopsis, what it does, and its flags.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	h := commandHelp[fs.Name()]
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", h[0], h[1])
	var flags strings.Builder
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	if flags.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", flags.String())
	}
}
