package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"labbot/bot/config"
	"labbot/store"
)

// exportT0 is when the test Lab's first item is shared; each next one
// comes an hour later, so the goldens never change.
var exportT0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

// labBuilder fills a store the way the bot would, at fixed times.
type labBuilder struct {
	t      *testing.T
	st     *store.Store
	now    time.Time
	groups map[string]store.Group
}

func newLabBuilder(t *testing.T, dir string) *labBuilder {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &labBuilder{t: t, st: st, now: exportT0, groups: map[string]store.Group{}}
}

func (b *labBuilder) tick() time.Time {
	b.now = b.now.Add(time.Hour)
	return b.now
}

func (b *labBuilder) group(g store.Group) store.Group {
	b.t.Helper()
	g.TZ = "UTC"
	if _, err := b.st.AddGroup(b.t.Context(), g, exportT0); err != nil {
		b.t.Fatal(err)
	}
	got, err := b.st.GroupByKey(b.t.Context(), g.Key)
	if err != nil {
		b.t.Fatal(err)
	}
	b.groups[g.Key] = got
	return got
}

// member records that user spoke in group key ("" for a direct message).
func (b *labBuilder) member(user, name, key string) store.Member {
	b.t.Helper()
	g := b.groups[key]
	m, _, err := b.st.SeeMember(b.t.Context(), store.Incoming{Chat: g.JID, Sender: user, MsgID: user + key}, name, g.ID, exportT0)
	if err != nil {
		b.t.Fatal(err)
	}
	return m
}

// item shares it in group key as the bot would: the group's privacy.
func (b *labBuilder) item(key string, it store.Item) store.Item {
	b.t.Helper()
	if g, ok := b.groups[key]; ok {
		it.GroupID, it.Private = g.ID, g.Private
	}
	got, err := b.st.AddItem(b.t.Context(), it, b.tick())
	if err != nil {
		b.t.Fatal(err)
	}
	return got
}

func (b *labBuilder) translate(it store.Item, lang, text string, by store.Member) {
	b.t.Helper()
	if err := b.st.SetTranslation(b.t.Context(), it, lang, text, by.ID, b.tick()); err != nil {
		b.t.Fatal(err)
	}
}

func (b *labBuilder) event(e store.Event, rsvps ...store.Member) store.Event {
	b.t.Helper()
	ctx := b.t.Context()
	e, _, err := b.st.AddEvent(ctx, e, nil, b.tick(), func(store.Event) ([]store.Outgoing, error) { return nil, nil })
	if err != nil {
		b.t.Fatal(err)
	}
	for _, m := range rsvps {
		if _, err := b.st.RSVP(ctx, e.ID, m.ID, b.tick()); err != nil {
			b.t.Fatal(err)
		}
	}
	return e
}

// buildDemoLab fills dir with a little of everything an export shows: the
// demo groups and a private one, tags, a translation, an anonymous
// question, a forgotten author, a resource, events.
func buildDemoLab(t *testing.T, dir string) *labBuilder {
	t.Helper()
	b := newLabBuilder(t, dir)
	for _, g := range config.Demo().Groups {
		b.group(store.Group{Key: g.Key, JID: g.JID, Name: g.Name, Lang: g.Language, Private: g.Private})
	}
	b.group(store.Group{Key: "kampala", JID: "120363000000000004@g.us", Name: "Kampala circle", Lang: "en", Private: true})
	amina := b.member("+15550000100", "Amina", "nairobi")
	lucia := b.member("+15550000200", "Lucía", "bogota")
	aissatou := b.member("+15550000300", "Aïssatou", "dakar")
	zainab := b.member("+15550000400", "Zainab", "nairobi")
	grace := b.member("+15550000500", "Grace", "nairobi")
	nakato := b.member("+15550000600", "Nakato", "kampala")
	ana := b.member("+15550000001", "Ana", "nairobi")

	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: amina.ID, Tags: []string{"education", "funding"},
		Body: "Before applying for a grant, start a savings circle: funders ask how the group manages money. #funding #education"})
	salud := b.item("bogota", store.Item{Kind: store.KindTip, Lang: "es", AuthorID: lucia.ID, Tags: []string{"salud"},
		Body: "Las ferias de salud en la escuela llegan también a las madres.\nInviten a las abuelas. #salud"})
	b.translate(salud, "fr", "Les foires de santé à l'école touchent aussi les mères. Invitez les grands-mères.", aissatou)
	q := b.item("nairobi", store.Item{Kind: store.KindQuestion, Lang: "en", AuthorID: grace.ID,
		Body: "Which funders accept applications in French?"})
	b.item("nairobi", store.Item{Kind: store.KindAnswer, Lang: "en", AuthorID: amina.ID, QuestionID: q.ID,
		Body: "The Fonds pour les femmes does; see R1."})
	anon := b.item("", store.Item{Kind: store.KindQuestion, Lang: "en", AuthorID: zainab.ID, Anonymous: true, Tags: []string{"health"},
		Body: "How do we talk with parents about menstrual health? #health"})
	b.item("", store.Item{Kind: store.KindAnswer, Lang: "es", AuthorID: lucia.ID, QuestionID: anon.ID,
		Body: "Empiecen con las madres, en grupos pequeños."})
	// A tag her text does not show is named on the item's line.
	b.item("dakar", store.Item{Kind: store.KindResource, Lang: "fr", AuthorID: aissatou.ID, Tags: []string{"droits", "plaidoyer"},
		URL: "https://example.org/guide-plaidoyer", Body: "Guide de plaidoyer pour les #droits des filles"})
	b.item("kampala", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: nakato.ID, Tags: []string{"health"},
		Body: "Our clinic partner runs free screenings on Fridays. #health"})
	if err := b.st.ForgetMember(t.Context(), grace.ID); err != nil {
		t.Fatal(err)
	}
	b.event(store.Event{Title: "Webinar: writing a grant budget", Description: "With the Lab's finance team. Bring your questions.",
		Start: time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC), CreatedBy: ana.ID}, amina, lucia)
	e := b.event(store.Event{Title: "Kampala circle meeting", Start: time.Date(2026, 12, 12, 7, 0, 0, 0, time.UTC),
		GroupID: b.groups["kampala"].ID, CreatedBy: ana.ID})
	if _, err := b.st.CancelEvent(t.Context(), e, b.tick(), func([]store.Group, []store.Member) ([]store.Outgoing, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	return b
}

// export runs `labbot export` on dir and returns what it wrote.
func export(t *testing.T, dir, format string, extra ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"export", "--data", dir, "--format", format}, extra...)
	if err := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("labbot %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", stderr.String())
	}
	return stdout.String()
}

func TestExportGolden(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	for _, format := range []string{"json", "csv", "md"} {
		t.Run(format, func(t *testing.T) {
			golden := filepath.Join("testdata", "export", "demo."+format+".golden")
			checkGolden(t, golden, export(t, dir, format))
		})
	}
}

// The export reads beside a running labbot, which holds the store open
// (and its lock), and sees what labbot has just written.
func TestExportWhileLabbotRuns(t *testing.T) {
	dir := t.TempDir()
	b := buildDemoLab(t, dir)
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", Body: "written while the export waits"})
	for _, format := range []string{"json", "csv", "md"} {
		if out := export(t, dir, format); !strings.Contains(out, "written while the export waits") {
			t.Errorf("%s export misses the newest tip:\n%s", format, out)
		}
	}
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", Body: "labbot still writes"})
}

func TestExportToFile(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	out := filepath.Join(t.TempDir(), "lab.md")
	if got := export(t, dir, "md", "--out", out); got != "" {
		t.Errorf("stdout = %q, want nothing with --out", got)
	}
	data, err := os.ReadFile(out)
	if err != nil || string(data) != export(t, dir, "md") {
		t.Errorf("%s holds %q, %v; want what stdout gets", out, data, err)
	}
	if _, err := os.Stat(out + ".tmp"); err == nil {
		t.Error("the .tmp file was left behind")
	}
}

// A failed write leaves neither a half file nor the .tmp one, and an
// earlier export in its place untouched.
func TestWriteFileFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lab.csv")
	os.WriteFile(path, []byte("last week's export"), 0o600)
	err := writeFile(path, func(w io.Writer) error {
		io.WriteString(w, "group,id\n")
		return errors.New("disk full")
	})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("writeFile = %v, want the write's error", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "last week's export" {
		t.Errorf("%s = %q, want the earlier export untouched", path, data)
	}
	if _, err := os.Stat(path + ".tmp"); err == nil {
		t.Error("the .tmp file was left behind")
	}
}

// With no --data, the export reads the config's data_dir.
func TestExportDataDirFromConfig(t *testing.T) {
	dir := t.TempDir()
	buildDemoLab(t, dir).st.Close()
	cfg := filepath.Join(t.TempDir(), "labbot.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"export", "--config", cfg, "--format", "md"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export: %v", err)
	}
	if !strings.Contains(stdout.String(), "## Nairobi partners") {
		t.Errorf("stdout = %q, want the demo Lab", stdout.String())
	}
}

func TestExportUsage(t *testing.T) {
	data := t.TempDir()
	buildDemoLab(t, data).st.Close()
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no format", []string{"export", "--data", data}, 2, "--format is required"},
		{"unknown format", []string{"export", "--data", data, "--format", "xml"}, 2, `"xml"`},
		{"argument", []string{"export", "--data", data, "json"}, 2, `got "json"`},
		{"unknown flag", []string{"export", "--bogus"}, 2, "bogus"},
		{"no database", []string{"export", "--data", empty, "--format", "json"}, 1, filepath.Join(empty, store.FileName) + " does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := labbot(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.says) {
				t.Errorf("stderr = %q, want it to say %q", stderr, tt.says)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

// TestExportKeepsNumbersOut plants phone numbers and WhatsApp IDs, written
// every way a phone or a member may, wherever members write, and looks for
// their digits in every format.
func TestExportKeepsNumbersOut(t *testing.T) {
	dir := t.TempDir()
	b := newLabBuilder(t, dir)
	b.group(store.Group{Key: "nairobi", JID: "120363000000000001@g.us", Name: "Nairobi partners", Lang: "en"})
	b.group(store.Group{Key: "kampala", JID: "120363000000000004@g.us", Name: "Kampala 15550000700", Lang: "en", Private: true})
	phoneName := b.member("+15550000700", "+1 555 000 0700", "nairobi")
	bareName := b.member("+15550000800", "15550000800", "kampala")
	lid := b.member("lid:98765432109876", "lid:98765432109876", "nairobi")
	shortLID := b.member("lid:12345", "Wanjiru", "nairobi")
	b.member("+15550000100", "", "nairobi")
	// Members named by a number, as WhatsApp shows one with no name.
	for i, name := range []string{"１５５５００００１００", "+1\u200b555\u200b000\u200b0100", "1_555_000_0100", "+1 555\n000 0100", "(555) 000-0100"} {
		m := b.member(fmt.Sprintf("+4470000000%02d", i), name, "nairobi")
		b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: m.ID, Body: "a tip from a number"})
	}
	tip := b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: phoneName.ID, Tags: []string{"15550000700"},
		Body: "Call me on +1 555 000 0800 or 15550000700,\nor write to 15550000100@s.whatsapp.net #15550000700"})
	b.translate(tip, "fr", "Appelez le +15550000800 ou le 1-555-000-0700 (lid:98765432109876)", lid)
	b.translate(tip, "es", "Llamen al 1 555 000 0100 o al １５５５００００１００", shortLID)
	q := b.item("kampala", store.Item{Kind: store.KindQuestion, Lang: "en", AuthorID: bareName.ID,
		Body: "Is 98765432109876@lid the same person as 15550000800@c.us in 120363000000000001@g.us? Or lid:123456789012345, 123456789012345@lid?"})
	b.item("kampala", store.Item{Kind: store.KindAnswer, Lang: "en", AuthorID: shortLID.ID, QuestionID: q.ID,
		Body: "Ask her: 555 000 0700 at home, or (555) 000-0800, or 1_555_000_0100, or +1 555\n000 0100."})
	b.item("", store.Item{Kind: store.KindQuestion, Lang: "en", AuthorID: phoneName.ID, Anonymous: true,
		Body: "Anonymous, but signed +1\u200b555\u200b000\u200b0100"})
	b.item("nairobi", store.Item{Kind: store.KindResource, Lang: "en", AuthorID: lid.ID,
		URL: "https://wa.me/15550000800", Body: "Chat with +1-555-000-0800 or the hotline +44 20 7946 0958"})
	b.event(store.Event{Title: "Call 15550000700 about 120363000000000001@g.us", Start: exportT0.Add(48 * time.Hour),
		Description: "Host: +1 (555) 000-0800, lid:98765432109876, 98765432109876@lid, １５５５\u200b０００\u200b０１００"}, phoneName, bareName)
	b.st.Close()

	phones := []string{"15550000700", "15550000800", "15550000100"}
	ids := []string{"98765432109876", "123456789012345", "120363000000000001", "120363000000000004"}
	for _, format := range []string{"json", "csv", "md"} {
		t.Run(format, func(t *testing.T) {
			out := export(t, dir, format)
			checkNoNumbers(t, out, phones, ids)
			for _, s := range []string{"@s.whatsapp.net", "@c.us", "@g.us", "@lid", "lid:", "12345"} {
				if strings.Contains(out, s) {
					t.Errorf("the export holds %q:\n%s", s, out)
				}
			}
			// Numbers nobody in the Lab has stay: the check sees digits.
			if !strings.Contains(digitStream(out), "442079460958") {
				t.Errorf("the hotline's number is missing:\n%s", out)
			}
			if n := strings.Count(out, "a member"); n < 8 {
				t.Errorf("%q appears %d times, want at least 8 (names that are numbers, a name-less member):\n%s", "a member", n, out)
			}
			if !strings.Contains(out, "[removed]") || !strings.Contains(out, "Wanjiru") {
				t.Errorf("want redactions and the members' names kept:\n%s", out)
			}
		})
	}
}

// A member who was forgotten has no number in the database any more, yet
// none of the export's texts shows it: not hers, not others'.
func TestExportForgetsNumbers(t *testing.T) {
	dir := t.TempDir()
	b := newLabBuilder(t, dir)
	b.group(store.Group{Key: "nairobi", JID: "120363000000000001@g.us", Name: "Nairobi partners", Lang: "en"})
	wanjiru := b.member("+254712345678", "Wanjiru", "nairobi")
	amina := b.member("+15550000100", "Amina", "nairobi")
	tip := b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: wanjiru.ID, Tags: []string{"funding"},
		Body: "Call me on 0712 345 678 about #funding"})
	b.translate(tip, "fr", "Appelez-moi au +254 712 345 678", wanjiru)
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: amina.ID,
		Body: "Wanjiru knows the funders: 254-712-345-678, or ０７１２\u200b３４５\u200b６７８ at home"})
	if err := b.st.ForgetMember(t.Context(), wanjiru.ID); err != nil {
		t.Fatal(err)
	}
	b.st.Close()
	for _, format := range []string{"json", "csv", "md"} {
		t.Run(format, func(t *testing.T) {
			out := export(t, dir, format)
			checkNoNumbers(t, out, []string{"254712345678"}, nil)
			if !strings.Contains(out, "a former member") || !strings.Contains(out, "Wanjiru knows the funders") {
				t.Errorf("want her tip, credited to a former member, and Amina's:\n%s", out)
			}
		})
	}
}

// The config's staff phones are kept out, even of staff who never wrote.
func TestExportKeepsStaffPhonesOut(t *testing.T) {
	dir := t.TempDir()
	b := newLabBuilder(t, dir)
	b.group(store.Group{Key: "nairobi", JID: "120363000000000001@g.us", Name: "Nairobi partners", Lang: "en"})
	amina := b.member("+15550000100", "Amina", "nairobi")
	b.item("nairobi", store.Item{Kind: store.KindTip, Lang: "en", AuthorID: amina.ID,
		Body: "Ana from the Lab answers on +1 555 000 0900, or (555) 000-0900 from home"})
	b.st.Close()
	cfg := filepath.Join(t.TempDir(), "labbot.yaml")
	yaml := "data_dir: " + dir + "\nstaff:\n  - phone: \"+15550000900\"\n    name: Ana\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "csv", "md"} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(t.Context(), []string{"export", "--config", cfg, "--format", format}, nil, &stdout, &stderr); err != nil {
				t.Fatalf("export: %v\n%s", err, stderr.String())
			}
			checkNoNumbers(t, stdout.String(), []string{"15550000900"}, nil)
			if !strings.Contains(stdout.String(), "Ana from the Lab") {
				t.Errorf("the tip is missing:\n%s", stdout.String())
			}
		})
	}
}

// checkNoNumbers fails if out spells any of phones (whole, or their last 9
// or 10 digits, as written at home) or ids, however their digits are
// spaced, broken or written: it looks at all of out's digits at once. The
// planted numbers' digits (5550000…, 98765…) cannot come from the dates.
func checkNoNumbers(t *testing.T, out string, phones, ids []string) {
	t.Helper()
	all := digitStream(out)
	for _, p := range phones {
		for _, d := range []string{p, p[len(p)-9:], p[len(p)-10:]} {
			if strings.Contains(all, d) {
				t.Errorf("the export spells %s (from %s):\n%s", d, p, out)
			}
		}
	}
	for _, id := range ids {
		if strings.Contains(all, id) {
			t.Errorf("the export spells %s:\n%s", id, out)
		}
	}
}

// digitStream keeps the digits of s, each written in ASCII, and nothing
// else. A decimal digit's value is its place in its unicode.Nd range: the
// ranges are whole sets of ten, 0 to 9.
func digitStream(s string) string {
	var b strings.Builder
	for _, r := range s {
		for _, rg := range unicode.Nd.R16 {
			if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
				b.WriteByte('0' + byte((r-rune(rg.Lo))%10))
			}
		}
		for _, rg := range unicode.Nd.R32 {
			if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
				b.WriteByte('0' + byte((r-rune(rg.Lo))%10))
			}
		}
	}
	return b.String()
}

// No text a member wrote runs as a formula in a spreadsheet, tags included.
func TestExportCSVGuardsFormulas(t *testing.T) {
	k := store.Knowledge{
		Groups: []store.KnowledgeGroup{{Key: "nairobi", Items: []store.KnowledgeItem{{
			ID: "T1", Kind: "tip", Lang: "en", Author: "@amina", Text: "=1+1", URL: "-2",
			Tags: []string{"=HYPERLINK(\"https://example.org\")", "b"}, Translations: map[string]string{"fr": "+3"},
		}}}},
		Events: []store.KnowledgeEvent{{ID: "E1", Title: "=t", Description: "\t=d"}},
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, k); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q would run as a formula", c)
			}
		}
	}
	if !strings.Contains(out, `'=HYPERLINK`) {
		t.Errorf("the tags are not quoted:\n%s", out)
	}
}
