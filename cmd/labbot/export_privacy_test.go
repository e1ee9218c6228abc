package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"labbot/store"
)

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
