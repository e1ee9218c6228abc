package bot

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"labbot/store"
)

func TestPanicInHandlerIsAnsweredAndBotGoesOn(t *testing.T) {
	h := newHarness(t, nil)
	c := &command{Key: "boom", Words: words("boom", "boom", "boom"), Run: func(*Bot, context.Context, *request) error {
		panic("handler bug")
	}}
	h.bot.commands.byWord["boom"] = wordEntry{cmd: c, langs: []string{"en", "es", "fr"}}
	h.say(t, amina, "bogota", "!boom")
	if got := h.lastText(); !strings.HasPrefix(got, "Perdón") {
		t.Errorf("after a panic the member got %q, want the Spanish apology", got)
	}
	h.say(t, amina, "bogota", "!ayuda")
	if got := h.lastText(); !strings.Contains(got, "¡Hola!") {
		t.Errorf("after a panic the next command got %q, want help", got)
	}
}

// A panic while an item is saved (in the code that names it, inside the
// transaction) keeps nothing of it: she gets the apology, the tip is not
// saved, and the next command is answered.
func TestPanicWhileSavingIsAnsweredAndNothingKept(t *testing.T) {
	h := newHarness(t, nil)
	c := &command{Key: "boom", Words: words("boom", "boom", "boom"), Run: func(b *Bot, _ context.Context, r *request) error {
		r.save(newItem(r, store.KindTip, "a tip that breaks its confirmation"), func(store.Item) { panic("then bug") })
		return nil
	}}
	h.bot.commands.byWord["boom"] = wordEntry{cmd: c, langs: []string{"en", "es", "fr"}}
	h.say(t, amina, "bogota", "!boom")
	if got := h.lastText(); !strings.HasPrefix(got, "Perdón") {
		t.Errorf("after a panic while saving the member got %q, want the Spanish apology", got)
	}
	if found, err := h.store.Search(context.Background(), store.Viewer{}, "confirmation", 5); err != nil || len(found) != 0 {
		t.Errorf("the tip whose saving panicked was kept: %d found, %v", len(found), err)
	}
	h.say(t, amina, "bogota", "!ayuda")
	if got := h.lastText(); !strings.Contains(got, "¡Hola!") {
		t.Errorf("after a panic while saving the next command got %q, want help", got)
	}
	h.say(t, amina, "bogota", "!consejo a tip whose confirmation works")
	if found, err := h.store.Search(context.Background(), store.Viewer{}, "confirmation", 5); err != nil || len(found) != 1 {
		t.Errorf("a tip saved as usual: %d found, %v; want 1 (else the check above cannot fail)", len(found), err)
	}
}

// Logs name a direct message's chat by member, never by number.
func TestLogsShowNoNumbers(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := buildHarness(filepath.Join(t.TempDir(), store.FileName), t0, nil, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.store.Close() })
	h.say(t, amina, "nairobi", "hello")
	for _, text := range []string{"!help", "!stats", "!find rent"} {
		h.say(t, amina, "", text)
	}
	h.say(t, nobody, "", "!help")
	if !strings.Contains(logs.String(), "command=help") {
		t.Fatalf("no command was logged:\n%s", logs.String())
	}
	for _, user := range []string{amina, nobody} {
		if strings.Contains(logs.String(), user[2:]) {
			t.Errorf("the logs show %s:\n%s", user, logs.String())
		}
	}
}
