package export

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

const (
	mdTitle   = "# Learning Lab knowledge base"
	mdNoTag   = "Other" // the heading of items with no tag, after the tags
	mdNothing = "_Nothing shared yet._"
)

// writeMarkdown writes a document to paste into a report: per group, its
// items under their first tag, each a bullet with its translations and
// answers nested below it; then the events.
func writeMarkdown(w io.Writer, k Knowledge) error {
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
func byFirstTag(items []KnowledgeItem) ([]string, map[string][]KnowledgeItem) {
	under := map[string][]KnowledgeItem{}
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
func mdItem(b *strings.Builder, indent string, it KnowledgeItem, heading string) {
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
		fmt.Fprintf(b, "%s  - *%s:* %s", indent, lang, oneLine(it.Translations[lang]))
		if by := it.TranslatedBy[lang]; by != "" {
			b.WriteString(" — translated by " + oneLine(by))
		}
		b.WriteString("\n")
	}
	for _, a := range it.Answers {
		mdItem(b, indent+"  ", a, "")
	}
}

// oneLine folds a member's line breaks into spaces: a new line in her text
// must not end the bullet it stands in, nor start a heading.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
