package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"labbot/bot/config"
	knowledge "labbot/bot/export" // this package's tests have an export of their own
	"labbot/store"
)

// runExport writes the knowledge base for reports: names, never phone
// numbers (package export redacts what it reads). It reads beside a running
// labbot, taking no lock, so staff need not stop the bot for a report.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := exportFlags(args, stdout)
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := checkOut(o.out, o.dir, o.force); err != nil {
			return err
		}
	}
	if o.files != "" {
		if err := outsideDataDir("export: --files", o.files, o.dir); err != nil {
			return err
		}
	}
	write, err := o.writer()
	if err != nil {
		return err
	}
	if err := notAFile("export: data directory", o.dir); err != nil {
		return err
	}
	r, err := store.OpenReader(ctx, filepath.Join(o.dir, store.FileName))
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer r.Close()
	k, err := knowledge.Read(ctx, r, o.staff...)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if o.files != "" {
		if err := copyFiles(k, store.FilesBeside(filepath.Join(o.dir, store.FileName)), o.files, o.force); err != nil {
			return err
		}
	}
	if o.out != "" {
		return writeFile(o.out, o.force, func(w io.Writer) error { return write(w, k) })
	}
	// Members' text may hold what a terminal obeys (a colour, a cursor
	// move, a title): on stdout it is shown as text, or not at all.
	var buf bytes.Buffer
	if err := write(&buf, k); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := io.WriteString(stdout, stripControls(buf.String())); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// exportOptions is an export's command line, with what the config adds.
type exportOptions struct {
	format, out, dir string
	files            string // --files: where the items' files are copied (issue 17)
	force            bool
	lang             string         // the report's language: md only
	zone             *time.Location // the Lab's, for a report's times
	staff            []string       // phones kept out of the export
}

const langHelp = "language of an md report: en, es or fr (default: the config's default_language, or en with --data alone); json and csv keep their field names"

func exportFlags(args []string, stdout io.Writer) (exportOptions, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "json, csv or md")
	out := fs.String("out", "", "write to FILE instead of stdout")
	force := fs.Bool("force", false, "with --out: replace FILE if it exists; with --files: replace files there")
	files := fs.String("files", "", "also copy the items' files into DIR, each named by its item's ID (R5.pdf)")
	lang := fs.String("lang", "", langHelp)
	cfgPath := fs.String("config", "config.yaml", "config file")
	dataDir := fs.String("data", "", "data directory (default: the config's data_dir)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return exportOptions{}, err
	}
	o := exportOptions{format: *format, out: *out, files: *files, force: *force, lang: strings.ToLower(strings.TrimSpace(*lang)), dir: *dataDir, zone: time.UTC}
	if err := o.check(fs); err != nil {
		return o, err
	}
	// The config is read when it decides the data directory, or when it
	// was named: a mistake in a file she named should not pass unseen.
	if o.dir == "" || flagSet(fs, "config") {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			return o, err
		}
		o.useConfig(cfg)
	}
	o.lang = cmp.Or(o.lang, "en")
	return o, nil
}

// check refuses what the command line got wrong, before any file is read.
func (o exportOptions) check(fs *flag.FlagSet) error {
	_, ok := knowledge.FormatNamed(o.format)
	switch {
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("export takes no arguments, got %q (the format goes in --format)", fs.Arg(0))}
	case o.format == "":
		return usageError{"export: --format is required: json, csv or md"}
	case !ok:
		return usageError{fmt.Sprintf("export: --format %q: want json, csv or md", o.format)}
	case flagSet(fs, "lang") && o.format != "md":
		return usageError{fmt.Sprintf("export: --lang applies to --format md only (json and csv keep their field names in English), not --format %s", o.format)}
	case flagSet(fs, "lang") && !slices.Contains(config.Languages(), o.lang):
		return usageError{fmt.Sprintf("export: --lang %q: want %s", o.lang, strings.Join(config.Languages(), ", "))}
	}
	return nil
}

// useConfig takes the data directory (unless --data named one), the Lab's
// language (unless --lang did) and zone, and the staff's phones, kept out
// even of staff who never wrote to labbot: a member may have passed one on.
func (o *exportOptions) useConfig(cfg *config.Config) {
	o.dir = cmp.Or(o.dir, cfg.DataDir)
	o.lang = cmp.Or(o.lang, cfg.DefaultLanguage)
	if cfg.Location != nil {
		o.zone = cfg.Location
	}
	for _, s := range cfg.Staff {
		o.staff = append(o.staff, s.Phone)
	}
}

// writer is the Format the options name: a report in md speaks the Lab's
// language and tells its time.
func (o exportOptions) writer() (knowledge.Format, error) {
	if o.format == "md" {
		write, err := knowledge.Markdown(o.lang, o.zone)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		return write, nil
	}
	write, _ := knowledge.FormatNamed(o.format)
	return write, nil
}

// checkOut refuses an --out that would replace a file labbot did not make
// for this export (unless --force says to), or that lies in the data
// directory, whatever --force says.
func checkOut(out, dataDir string, force bool) error {
	if err := outsideDataDir("export: --out", out, dataDir); err != nil {
		return err
	}
	st, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("export: --out %s: %w", out, err)
	case st.IsDir():
		return usageError{fmt.Sprintf("export: --out %s is a directory: name the file to write", out)}
	case !st.Mode().IsRegular() && st.Mode().Type() != fs.ModeSymlink:
		// --force replaces a report, never a device (/dev/null, run as
		// root) or a pipe.
		return usageError{fmt.Sprintf("export: --out %s is not a regular file: name the file to write", out)}
	case !force:
		return usageError{fmt.Sprintf("export: --out %s already exists: name a new file, or add --force to replace it", out)}
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

// writeFile writes to a temporary file beside path and gives it path's
// name, so a failed export leaves no half file where a report expects a
// whole one; without force it never replaces a file there. Only its owner
// may read it: it holds private groups' knowledge.
func writeFile(path string, force bool, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return folderProblem("export: --out", path, err) // the temporary file is not hers to hear about
	}
	tmp := f.Name()
	defer os.Remove(tmp)
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
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if force {
		err = os.Rename(tmp, path)
	} else {
		// A link fails if path appeared meanwhile, where a rename would
		// replace it.
		err = os.Link(tmp, path)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			// Some filesystems have no links: look, then rename.
			if _, serr := os.Lstat(path); errors.Is(serr, fs.ErrNotExist) {
				err = os.Rename(tmp, path)
			}
		}
	}
	if errors.Is(err, fs.ErrExist) {
		return usageError{fmt.Sprintf("export: --out %s already exists: name a new file, or add --force to replace it", path)}
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
