package bot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
)

// TestFindShowsEvents checks that find lists the events that match, by
// their title or description in another language, after the items.
func TestFindShowsEvents(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar: keeping volunteers | Zoom link to follow")
	h.say(t, amina, "nairobi", "!tip Thank your volunteers every month")
	h.say(t, amina, "bogota", "!buscar voluntarias")
	got := h.lastText()
	if !strings.Contains(got, "T1") || !strings.Contains(got, "📅 Eventos:") || !strings.Contains(got, "*E1*") {
		t.Errorf("find's reply: %q; want T1 and the event E1", got)
	}
	h.say(t, amina, "bogota", "!buscar zoom")
	if got := h.lastText(); !strings.Contains(got, "*E1*") || strings.Contains(got, "No encontré") {
		t.Errorf("find by an event's description: %q", got)
	}
}

// TestFindReadsStaffGlossaryAgain checks that staff's glossary (search.
// glossary) is used, read again when its file changes, and kept as it was
// when the new file does not read.
func TestFindReadsStaffGlossaryAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "glossary.yaml")
	write := func(en, es, fr string, at time.Time) {
		t.Helper()
		entry := "- subject: people\n  en: [" + en + "]\n  es: [" + es + "]\n  fr: [" + fr + "]\n"
		if err := os.WriteFile(path, []byte(entry), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, at, at)
	}
	write("mentor", "mentora", "marraine", t0)
	h := newHarness(t, func(c *config.Config) {
		g, err := config.LoadGlossary(path)
		if err != nil {
			t.Fatal(err)
		}
		c.Search.GlossaryFile, c.Search.Glossary = path, g
	})
	h.say(t, amina, "bogota", "!consejo Cada nueva tiene una mentora")
	h.say(t, amina, "bogota", "!consejo Usamos el tablero de Trello")
	h.say(t, amina, "dakar", "!chercher marraines")
	if got := h.lastText(); !strings.Contains(got, "T1") {
		t.Errorf("staff's word: %q; want T1", got)
	}
	write("board", "tablero", "tableau", t0.Add(time.Hour))
	h.say(t, amina, "dakar", "!chercher tableau")
	if got := h.lastText(); !strings.Contains(got, "T2") {
		t.Errorf("after the file changed: %q; want T2", got)
	}
	os.WriteFile(path, []byte("- subject: people\n  en: [x]\n"), 0o600)
	os.Chtimes(path, t0.Add(2*time.Hour), t0.Add(2*time.Hour))
	h.say(t, amina, "dakar", "!chercher tableau")
	if got := h.lastText(); !strings.Contains(got, "T2") {
		t.Errorf("after a broken file: %q; want T2 still", got)
	}
}
