package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"labbot/bot/config"
	"labbot/locales"
	"labbot/store"
)

// exporters write the knowledge base in each format `--format` names.
var exporters = map[string]func(io.Writer, store.Knowledge) error{
	"json": writeJSON,
	"csv":  writeCSV,
	"md":   writeMarkdown,
}

// runExport writes the knowledge base for reports: names, never phone
// numbers (store.Reader redacts what it reads). It reads beside a running
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
	write, ok := exporters[*format]
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
	k, err := r.Knowledge(ctx, staff...)
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

func writeJSON(w io.Writer, k store.Knowledge) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "&" and "<" in members' text stay readable
	return enc.Encode(k)
}

// csvHeader names the columns: one row per item (an answer's "question"
// names it), then one per event; a column a row has no use for is empty.
func csvHeader() []string {
	h := []string{"group", "id", "kind", "question", "language", "created", "author", "text", "url", "tags"}
	for _, l := range locales.Languages() {
		h = append(h, "translation_"+l)
	}
	return append(h, "description", "starts", "cancelled", "rsvps")
}

func writeCSV(w io.Writer, k store.Knowledge) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader())
	var item func(group string, it store.KnowledgeItem)
	item = func(group string, it store.KnowledgeItem) {
		row := []string{group, it.ID, it.Kind, it.Question, it.Lang, it.Created.Format(time.RFC3339),
			cell(it.Author), cell(it.Text), cell(it.URL), cell(strings.Join(it.Tags, " "))}
		for _, l := range locales.Languages() {
			row = append(row, cell(it.Translations[l]))
		}
		cw.Write(append(row, "", "", "", ""))
		for _, a := range it.Answers {
			item(group, a)
		}
	}
	for _, g := range k.Groups {
		for _, it := range g.Items {
			item(g.Key, it)
		}
	}
	for _, e := range k.Events {
		row := []string{e.Group, e.ID, "event", "", "", "", "", cell(e.Title), "", ""}
		row = append(row, make([]string, len(locales.Languages()))...)
		cw.Write(append(row, cell(e.Description), e.Start.Format(time.RFC3339), strconv.FormatBool(e.Cancelled), strconv.Itoa(e.RSVPs)))
	}
	cw.Flush()
	return cw.Error()
}

// cell keeps a member's text from running as a formula when the file is
// opened in a spreadsheet: a text starting = + - @ gets a leading quote.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

const (
	mdTitle   = "# Learning Lab knowledge base"
	mdNoTag   = "Other" // the heading of items with no tag, after the tags
	mdNothing = "_Nothing shared yet._"
)

// writeMarkdown writes a document to paste into a report: per group, its
// items under their first tag, each a bullet with its translations and
// answers nested below it; then the events.
func writeMarkdown(w io.Writer, k store.Knowledge) error {
	var b strings.Builder
	b.WriteString(mdTitle + "\n")
	names := map[string]string{}
	for _, g := range k.Groups {
		names[g.Key] = oneLine(g.Name)
		heading := oneLine(g.Name)
		if g.Private {
			heading += " (private)"
		}
		fmt.Fprintf(&b, "\n## %s\n", heading)
		if len(g.Items) == 0 {
			b.WriteString("\n" + mdNothing + "\n")
		}
		tags, under := byFirstTag(g.Items)
		for _, tag := range tags {
			title := "#" + tag
			if tag == "" {
				title = mdNoTag
			}
			fmt.Fprintf(&b, "\n### %s\n\n", title)
			for _, it := range under[tag] {
				mdItem(&b, "", it, tag)
			}
		}
	}
	b.WriteString("\n## Events\n\n")
	if len(k.Events) == 0 {
		b.WriteString("_No events._\n")
	}
	for _, e := range k.Events {
		rsvps := "1 RSVP"
		if e.RSVPs != 1 {
			rsvps = fmt.Sprintf("%d RSVPs", e.RSVPs)
		}
		fmt.Fprintf(&b, "- **%s** (%s · %s", e.ID, e.Start.Format("2006-01-02 15:04 UTC"), rsvps)
		if e.Cancelled {
			b.WriteString(" · cancelled")
		}
		if e.Group != "" {
			fmt.Fprintf(&b, " · %s only", cmp.Or(names[e.Group], e.Group))
		}
		fmt.Fprintf(&b, ") %s\n", oneLine(e.Title))
		if d := oneLine(e.Description); d != "" {
			fmt.Fprintf(&b, "  - %s\n", d)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// byFirstTag sorts items under their first tag (tags come sorted), the
// tags in order and "" (no tag) last; each keeps the items' order.
func byFirstTag(items []store.KnowledgeItem) ([]string, map[string][]store.KnowledgeItem) {
	under := map[string][]store.KnowledgeItem{}
	for _, it := range items {
		tag := ""
		if len(it.Tags) > 0 {
			tag = it.Tags[0]
		}
		under[tag] = append(under[tag], it)
	}
	tags := slices.Sorted(maps.Keys(under))
	if len(tags) > 0 && tags[0] == "" {
		tags = append(tags[1:], "")
	}
	return tags, under
}

// mdItem writes one item as a bullet: `- **T12** (en · Amina · 2026-12-07) text`,
// its other tags after it, and its translations and answers nested.
func mdItem(b *strings.Builder, indent string, it store.KnowledgeItem, heading string) {
	who := it.Author
	if it.Anonymous {
		who = "anonymous"
	}
	fmt.Fprintf(b, "%s- **%s** (%s · %s · %s) %s", indent, it.ID, it.Lang, who, it.Created.Format(time.DateOnly), oneLine(it.Text))
	if it.URL != "" {
		b.WriteString(" — " + oneLine(it.URL))
	}
	// Tags her text shows already are not repeated.
	var others []string
	for _, t := range it.Tags {
		if t != heading && !strings.Contains(strings.ToLower(it.Text), "#"+t) {
			others = append(others, "#"+t)
		}
	}
	switch {
	case len(others) > 0 && heading != "":
		b.WriteString(" · also " + strings.Join(others, " "))
	case len(others) > 0:
		b.WriteString(" · " + strings.Join(others, " "))
	}
	b.WriteString("\n")
	for _, lang := range slices.Sorted(maps.Keys(it.Translations)) {
		fmt.Fprintf(b, "%s  - *%s:* %s\n", indent, lang, oneLine(it.Translations[lang]))
	}
	for _, a := range it.Answers {
		mdItem(b, indent+"  ", a, "")
	}
}

// oneLine folds a member's line breaks into spaces: a new line in her text
// must not end the bullet it stands in, nor start a heading.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
