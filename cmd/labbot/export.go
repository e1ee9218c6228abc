package main

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"labbot/bot/config"
	knowledge "labbot/bot/export" // this package's tests have an export of their own
	"labbot/store"
)

// runExport writes the knowledge base for reports: names, never phone
// numbers (package export redacts what it reads). It reads beside a running
// labbot, taking no lock, so staff need not stop the bot for a report.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "json, csv or md")
	out := fs.String("out", "", "write to FILE instead of stdout")
	cfgPath := fs.String("config", "config.yaml", "config file")
	dataDir := fs.String("data", "", "data directory (default: the config's data_dir)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("export takes no arguments, got %q (the format goes in --format)", fs.Arg(0))}
	}
	write, ok := knowledge.FormatNamed(*format)
	switch {
	case *format == "":
		return usageError{"export: --format is required: json, csv or md"}
	case !ok:
		return usageError{fmt.Sprintf("export: --format %q: want json, csv or md", *format)}
	}
	dir := *dataDir
	// The config is read when it decides the data directory, or when it
	// was named: a mistake in a file she named should not pass unseen.
	// Its staff's phones are kept out too, even of staff who never wrote
	// to labbot: a member may have passed one on.
	var staff []string
	if dir == "" || flagSet(fs, "config") {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			return err
		}
		dir = cmp.Or(dir, cfg.DataDir)
		for _, s := range cfg.Staff {
			staff = append(staff, s.Phone)
		}
	}
	r, err := store.OpenReader(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer r.Close()
	k, err := knowledge.Read(ctx, r, staff...)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if *out != "" {
		return writeFile(*out, func(w io.Writer) error { return write(w, k) })
	}
	bw := bufio.NewWriter(stdout)
	if err := write(bw, k); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// flagSet reports whether the command line gave flag name, even with its
// default value.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// writeFile writes to path+".tmp" and renames it into place, so a failed
// export leaves no half file where a report expects a whole one. Only its
// owner may read it: it holds private groups' knowledge.
func writeFile(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
