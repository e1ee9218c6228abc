package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

const (
	amina  = "+15550000100"
	ana    = "+15550000001" // staff in the demo config
	nobody = "+19995550123"
)

// lastText is the text of the newest send, or "" when nothing was sent.
func (h *harness) lastText() string {
	got := h.tr.messages()
	if len(got) == 0 {
		return ""
	}
	return got[len(got)-1].Text
}

func TestReplyLanguage(t *testing.T) {
	tests := []struct {
		name  string
		setup []string // messages before, as "chat|text"
		chat  string
		text  string
		want  string // a phrase of the expected language
	}{
		{"English word in a Spanish group", nil, "bogota", "!help", "Hi!"},
		{"Spanish word in an English group", nil, "nairobi", "!ayuda", "¡Hola!"},
		{"French word in an English group", nil, "nairobi", "!aide", "Bonjour"},
		{"her choice beats the word", []string{"nairobi|!lang es"}, "nairobi", "!aide", "¡Hola!"},
		{"her choice beats the group", []string{"dakar|!langue en"}, "dakar", "!aide", "Hi!"},
		{"DM: her first group's language for a shared word", []string{"dakar|hello", "nairobi|hello"}, "", "!sharedword", "Bonjour"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			addShared(h)
			for _, s := range tc.setup {
				chat, text, _ := strings.Cut(s, "|")
				h.say(t, amina, chat, text)
				h.clock.Advance(time.Minute)
			}
			h.say(t, amina, tc.chat, tc.text)
			if got := h.lastText(); !strings.Contains(got, tc.want) {
				t.Errorf("reply = %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

// addShared adds a command whose word is the same in all three languages,
// so that the group's language decides, and that answers with help.
func addShared(h *harness) {
	c := &command{Key: "shared", Words: words("sharedword", "sharedword", "sharedword"),
		Run: (*Bot).cmdHelp}
	h.bot.commands.list = append(h.bot.commands.list, c)
	h.bot.commands.byWord["sharedword"] = wordEntry{cmd: c, langs: []string{"en", "es", "fr"}}
}

func TestGroupLanguageDecidesSharedWords(t *testing.T) {
	for group, want := range map[string]string{"nairobi": "Hi!", "bogota": "¡Hola!", "dakar": "Bonjour"} {
		h := newHarness(t, nil)
		addShared(h)
		h.say(t, amina, group, "!sharedword")
		if got := h.lastText(); !strings.Contains(got, want) {
			t.Errorf("in %s: reply = %q, want %q", group, got, want)
		}
	}
}

func TestStaffCommandRefusedToMember(t *testing.T) {
	h := newHarness(t, nil)
	ran := 0
	c := &command{Key: "stats", Words: words("stats", "estadisticas", "statistiques"), Role: roleStaff,
		Run: func(*Bot, context.Context, *request) error { ran++; return nil }}
	h.bot.commands.byWord["estadisticas"] = wordEntry{cmd: c, langs: []string{"es"}}
	h.say(t, amina, "nairobi", "!estadísticas")
	if ran != 0 || !strings.Contains(h.lastText(), "equipo del Lab") {
		t.Errorf("member: ran %d times, reply %q; want a Spanish refusal and no run", ran, h.lastText())
	}
	h.say(t, ana, "nairobi", "!estadisticas")
	if ran != 1 {
		t.Errorf("staff: ran %d times, want 1", ran)
	}
}

func TestStrangers(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, nobody, "", "!help")
	got := h.tr.messages()
	if len(got) != 1 {
		t.Fatalf("stranger got %d messages, want 1 refusal", len(got))
	}
	for _, phrase := range []string{"only help members", "Solo puedo ayudar", "que les membres"} {
		if !strings.Contains(got[0].Text, phrase) {
			t.Errorf("refusal lacks %q: %q", phrase, got[0].Text)
		}
	}
	h.say(t, nobody, "", "!ayuda")
	h.say(t, nobody, "", "hello?")
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("stranger got %d messages the same day, want 1", n)
	}
	if _, err := h.store.MemberByUser(context.Background(), nobody); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a stranger was recorded as a member (%v)", err)
	}
	if done, err := h.store.Processed(context.Background(), nobody, nobody, "in1"); err != nil || done {
		t.Errorf("a stranger's message was recorded as handled, her number with it (%v)", err)
	}
}

func TestStaffInDMIsNoStranger(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "", "!aide")
	if got := h.lastText(); !strings.Contains(got, "Bonjour") {
		t.Errorf("staff DM got %q, want French help", got)
	}
}

func TestUnregisteredGroupIgnored(t *testing.T) {
	h := newHarness(t, nil)
	for _, user := range []string{amina, ana} {
		h.deliver(t, Message{Chat: "elsewhere@g.us", Group: true, Sender: user, Text: "!help", ID: "x-" + user})
	}
	if n := len(h.tr.messages()); n != 0 {
		t.Errorf("labbot sent %d messages in an unregistered group", n)
	}
	if _, err := h.store.MemberByUser(context.Background(), amina); err == nil {
		t.Error("speaking in an unregistered group made her a member")
	}
}

func TestRedeliveryHandledOnce(t *testing.T) {
	h := newHarness(t, nil)
	m := h.say(t, amina, "nairobi", "!help")
	h.deliver(t, m)
	h.deliver(t, m)
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("one message delivered three times got %d replies, want 1", n)
	}
}

// A tip delivered several times at once (WhatsApp redelivering while the
// first is handled) is saved once and answered once: the item is written
// with the mark that its message was handled.
func TestRedeliveredTipSavedOnce(t *testing.T) {
	h := newHarness(t, nil)
	g, err := h.store.GroupByKey(context.Background(), "nairobi")
	if err != nil {
		t.Fatal(err)
	}
	m := Message{Chat: g.JID, Group: true, Sender: amina, SenderName: "Amina",
		Text: "!tip Rotate who chairs the meeting", ID: "tip-1", Time: h.clock.Now()}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { h.bot.Handle(context.Background(), m) })
	}
	wg.Wait()
	h.drain(t)
	found, err := h.store.Search(context.Background(), storeViewerAll(), "chairs meeting", 5)
	if err != nil || len(found) != 1 {
		t.Errorf("the tip delivered four times at once was saved %d times, %v; want once", len(found), err)
	}
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

func TestGroupRepliesQuoteTheCommand(t *testing.T) {
	h := newHarness(t, nil)
	m := h.say(t, amina, "nairobi", "!help")
	if got := h.tr.messages()[0].To; got.QuoteID != m.ID || got.QuoteSender != amina || got.QuoteText != "!help" {
		t.Errorf("group reply quotes %+v, want the command %q by %s", got, m.ID, amina)
	}
	h.say(t, amina, "", "!help")
	if got := h.tr.messages()[1].To.QuoteID; got != "" {
		t.Errorf("DM reply quotes %q, want no quote", got)
	}
}

func TestUnknownCommand(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!wow")
	if n := len(h.tr.messages()); n != 0 {
		t.Errorf("unknown word in a group got %d replies, want none", n)
	}
	h.say(t, amina, "", "!zzyzx")
	if got := h.lastText(); !strings.Contains(got, "zzyzx") || !strings.Contains(got, "!help") {
		t.Errorf("unknown word in a DM got %q, want it named with a pointer to !help", got)
	}
}

func TestLang(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	steps := []struct{ text, want, stored string }{
		{"!lang", "You haven't chosen a language yet", ""},
		{"!lang klingon", "English (en), Spanish (es)", ""},
		{"!lang es fr", "Not quite", ""},
		{"!lang Español", "(reacts ✅)", "es"},
		{"!langue fr", "(reacts ✅)", "fr"},
		{"!idioma EN", "(reacts ✅)", "en"},
		{"!langue", "I'm writing to you in English, as you chose", "en"},
	}
	for _, st := range steps {
		h.say(t, amina, "nairobi", st.text)
		if got := h.lastText(); !strings.Contains(got, st.want) {
			t.Errorf("%s: reply %q, want %q", st.text, got, st.want)
		}
		m, _ := h.store.MemberByUser(ctx, amina)
		if m.Lang != st.stored {
			t.Errorf("%s: stored language %q, want %q", st.text, m.Lang, st.stored)
		}
	}
}

func TestOldProcessedMessagesForgottenAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	h := newHarnessAt(t, path, nil)
	ctx := context.Background()
	old := store.Incoming{Chat: "c@g.us", Sender: amina, MsgID: "old"}
	recent := store.Incoming{Chat: "c@g.us", Sender: amina, MsgID: "recent"}
	for in, at := range map[store.Incoming]time.Time{old: t0.Add(-31 * 24 * time.Hour), recent: t0.Add(-29 * 24 * time.Hour)} {
		tx, err := h.store.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.MarkProcessed(ctx, in, at); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	h.store.Close()
	h = newHarnessAt(t, path, nil)
	for in, want := range map[store.Incoming]bool{old: false, recent: true} {
		if done, err := h.store.Processed(ctx, in.Chat, in.Sender, in.MsgID); done != want || err != nil {
			t.Errorf("%s: processed = %v, %v; want %v", in.MsgID, done, err, want)
		}
	}
}

// Config groups are the starting set: a later config that renames a key or
// changes a group starts all the same, keeping what the database holds.
func TestConfigGroupsAreTheStartingSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	h := newHarnessAt(t, path, nil)
	h.store.Close()
	h = newHarnessAt(t, path, func(c *config.Config) {
		c.Groups[0].Key = "nairobi-renamed"
		c.Groups[1].Language = "fr"
	})
	ctx := context.Background()
	if _, err := h.store.GroupByKey(ctx, "nairobi-renamed"); err == nil {
		t.Error("a renamed key registered the same chat twice")
	}
	if g, _ := h.store.GroupByKey(ctx, "bogota"); g.Lang != "es" {
		t.Errorf("bogota's language = %q, want the registered es", g.Lang)
	}
}

// A message handled under her LID (the group hid her number), then
// delivered again by number once WhatsApp named her, is handled once: in
// her direct chat, where the chat changes form with her, and in a group.
// A message under the LID once merged is hers.
func TestRedeliveryUnderHerOtherFormHandledOnce(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	const lid = "lid:98765432101234"
	h.say(t, amina, "nairobi", "hello") // her number is a member
	// Her LID is a member too: the group hid her number.
	h.deliver(t, Message{Chat: nairobiJID, Group: true, Sender: lid, Text: "hello", ID: "HI", Time: t0})
	for i, tc := range []struct{ chat, altChat string }{
		{lid, amina}, // her direct chat
		{nairobiJID, nairobiJID},
	} {
		first := Message{Chat: tc.chat, Group: tc.chat == nairobiJID, Sender: lid, SenderName: "Amina",
			Text: fmt.Sprintf("!tip Idea %d", i), ID: fmt.Sprint("TIP", i), Time: t0}
		h.deliver(t, first)
		if _, err := h.store.ItemByRef(ctx, store.KindTip, int64(i+1)); err != nil {
			t.Fatalf("%s: the tip under her LID was not saved: %v", tc.chat, err)
		}
		if m, err := h.store.MemberByUser(ctx, lid); i > 0 && err == nil {
			t.Errorf("%s: her LID, merged, came back as a member of its own: %+v", tc.chat, m)
		}
		again := first
		again.Chat, again.Sender, again.SenderAlt = tc.altChat, amina, lid
		before := len(h.tr.messages())
		h.deliver(t, again)
		if _, err := h.store.ItemByRef(ctx, store.KindTip, int64(i+2)); err == nil {
			t.Errorf("%s: the redelivery under her number saved a second tip", tc.chat)
		}
		if n := len(h.tr.messages()) - before; n != 0 {
			t.Errorf("%s: the redelivery under her number was answered (%d sends)", tc.chat, n)
		}
	}
}

// Issue 16: a stranger reads the refusal first in the language she wrote
// in; when her words do not tell, in the Lab's; then in the other two.
func TestStrangerRefusalInHerLanguageFirst(t *testing.T) {
	for _, tt := range []struct {
		labLang, text, first string
	}{
		{"en", "Hola, quisiera saber cómo unirme al grupo de mi organización", "¡Hola!"},
		{"en", "Bonjour, je voudrais savoir comment rejoindre le groupe", "Bonjour\u202f!"},
		{"es", "👋", "¡Hola!"},
		{"fr", "👋", "Bonjour\u202f!"},
		{"en", "👋", "Hello!"},
	} {
		h := newHarness(t, func(c *config.Config) { c.DefaultLanguage = tt.labLang })
		h.say(t, nobody, "", tt.text)
		got := h.tr.messages()
		if len(got) != 1 || !strings.HasPrefix(got[0].Text, tt.first) || strings.Count(got[0].Text, "labbot") != 3 {
			t.Errorf("Lab in %s, stranger writes %q: %+v, want it to start %q and hold all three", tt.labLang, tt.text, got, tt.first)
		}
	}
}
