package export

import (
	"cmp"
	"fmt"
	"io"
	"labbot/internal/place"
	"labbot/textfold"
	"maps"
	"slices"
	"strings"
	"time"
)

// Markdown is the Format of a report to paste into a document, in lang
// (en, es or fr), its dates and times in zone (UTC when nil).
func Markdown(lang string, zone *time.Location) (Format, error) {
	if _, err := newWords(lang, zone); err != nil {
		return nil, err
	}
	return func(w io.Writer, k Knowledge) error {
		words, err := newWords(lang, zone)
		if err != nil {
			return err
		}
		return writeMarkdown(w, k, words)
	}, nil
}

// markdown is a report being written.
type markdown struct {
	b     strings.Builder
	w     *words
	names map[string]string // group key -> its name, for private events
}

// writeMarkdown writes a document to paste into a report: per group, its
// items under their first tag, each a bullet with its translations and
// answers nested below it; then the events.
func writeMarkdown(out io.Writer, k Knowledge, w *words) error {
	m := &markdown{w: w, names: map[string]string{}}
	m.b.WriteString("# " + w.say("export.title", nil) + "\n")
	for _, g := range k.Groups {
		m.group(g)
	}
	m.events(k.Events)
	m.polls(k.Polls)
	if w.err != nil {
		return w.err
	}
	_, err := io.WriteString(out, m.b.String())
	return err
}

func (m *markdown) group(g KnowledgeGroup) {
	name := oneLine(g.Name)
	if g.Key == "" {
		name = m.w.say("export.direct", nil)
	}
	m.names[g.Key] = name
	if g.Private {
		name = m.w.say("export.private", map[string]any{"Group": name})
	}
	fmt.Fprintf(&m.b, "\n## %s\n", name)
	if len(g.Items) == 0 {
		fmt.Fprintf(&m.b, "\n_%s_\n", m.w.say("export.nothing", nil))
	}
	tags, under, shown := byFirstTag(g.Items)
	for _, tag := range tags {
		title := "#" + shown[tag]
		if tag == "" {
			title = m.w.say("export.no_tag", nil)
		}
		fmt.Fprintf(&m.b, "\n### %s\n\n", title)
		for _, it := range under[tag] {
			m.item("", it, tag)
		}
	}
}

func (m *markdown) events(events []KnowledgeEvent) {
	fmt.Fprintf(&m.b, "\n## %s\n\n", m.w.say("export.events", nil))
	if name, isPlace := place.Name(m.w.lang, m.w.zone, time.Now()); isPlace {
		fmt.Fprintf(&m.b, "_%s_\n\n", m.w.say("export.zone", map[string]any{"Zone": name}))
	}
	if len(events) == 0 {
		fmt.Fprintf(&m.b, "_%s_\n", m.w.say("export.no_events", nil))
	}
	for _, e := range events {
		m.event(e)
	}
}

// event writes one event: `- **E1** (9 December 2026, 18:00 UTC+3 · 2 RSVPs) title`.
func (m *markdown) event(e KnowledgeEvent) {
	fmt.Fprintf(&m.b, "- **%s** (%s · %s", e.ID, m.w.when(e.Start), m.w.count("export.rsvps", e.RSVPs))
	if e.Cancelled {
		m.b.WriteString(" · " + m.w.say("export.cancelled", nil))
	}
	if e.Group != "" {
		group := cmp.Or(m.names[e.Group], e.Group)
		m.b.WriteString(" · " + m.w.say("export.only", map[string]any{"Group": group}))
	}
	fmt.Fprintf(&m.b, ") %s\n", oneLine(e.Title))
	if d := oneLine(e.Description); d != "" {
		fmt.Fprintf(&m.b, "  - %s\n", d)
	}
}

// byFirstTag sorts items under their first tag (tags come sorted), the
// tags in order and "" (no tag) last; each keeps the items' order. A tag
// written two ways (#Santé, #sante) is one: keyed folded, and shown as
// the first item that carries it writes it.
func byFirstTag(items []KnowledgeItem) (keys []string, under map[string][]KnowledgeItem, shown map[string]string) {
	under, shown = map[string][]KnowledgeItem{}, map[string]string{}
	for _, it := range items {
		tag := ""
		if len(it.Tags) > 0 {
			tag = textfold.Fold(it.Tags[0])
			shown[tag] = cmp.Or(shown[tag], it.Tags[0])
		}
		under[tag] = append(under[tag], it)
	}
	keys = slices.Sorted(maps.Keys(under))
	if len(keys) > 0 && keys[0] == "" {
		keys = append(keys[1:], "")
	}
	return keys, under, shown
}

// item writes one item as a bullet: `- **T12** (English · Amina · 7 December 2026) text`,
// its other tags after it, and its translations and answers nested.
func (m *markdown) item(indent string, it KnowledgeItem, heading string) {
	who := m.w.person(it.Author)
	if it.Anonymous {
		who = m.w.say("show.anonymous", nil)
	}
	fmt.Fprintf(&m.b, "%s- **%s** (%s · %s · %s) %s", indent, it.ID, m.w.langName(it.Lang), who, m.w.date(it.Created), oneLine(it.Text))
	if it.URL != "" {
		m.b.WriteString(" — " + oneLine(it.URL))
	}
	if it.File != nil {
		m.b.WriteString(" — " + m.w.file(it.File))
	}
	if others := otherTags(it, heading); others != "" && heading != "" {
		m.b.WriteString(" · " + m.w.say("export.also", map[string]any{"Tags": others}))
	} else if others != "" {
		m.b.WriteString(" · " + others)
	}
	m.b.WriteString("\n")
	for _, lang := range slices.Sorted(maps.Keys(it.Translations)) {
		label := m.w.say("export.lang_label", map[string]any{"Lang": m.w.langName(lang)})
		fmt.Fprintf(&m.b, "%s  - *%s* %s", indent, label, oneLine(it.Translations[lang]))
		if by := it.TranslatedBy[lang]; by != "" {
			m.b.WriteString(" — " + m.w.say("export.translated_by", map[string]any{"Name": m.w.person(by)}))
		}
		m.b.WriteString("\n")
	}
	for _, a := range it.Answers {
		m.item(indent+"  ", a, "")
	}
}

// otherTags are an item's tags but the heading it stands under (folded),
// and those her text shows already, however written: "#funding #education".
func otherTags(it KnowledgeItem, heading string) string {
	var others []string
	text := textfold.Fold(it.Text)
	for _, t := range it.Tags {
		if f := textfold.Fold(t); f != heading && !strings.Contains(text, "#"+f) {
			others = append(others, "#"+t)
		}
	}
	return strings.Join(others, " ")
}

// oneLine folds a member's line breaks into spaces: a new line in her text
// must not end the bullet it stands in, nor start a heading.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
