package bot

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"labbot/store"
)

// lateHarness is a harness whose log is kept, and a message from user in
// chat sent age before the clock's now.
func lateHarness(t *testing.T) (*harness, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	h, err := buildHarness(filepath.Join(t.TempDir(), store.FileName), t0, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.store.Close() })
	return h, &logs
}

func (h *harness) sentAgo(t *testing.T, user, chat, text string, age time.Duration) Message {
	t.Helper()
	m := h.message(t, user, chat, text)
	m.Time = h.clock.Now().Add(-age)
	return m
}

// found is how many items a search for q finds.
func (h *harness) found(t *testing.T, q string) int {
	t.Helper()
	items, err := h.store.Search(context.Background(), storeViewerAll(), q, 5)
	if err != nil {
		t.Fatal(err)
	}
	return len(items)
}

// After an outage, a tip sent two hours ago gets no reply, and is saved.
func TestLateTipSavedWithoutReply(t *testing.T) {
	h, logs := lateHarness(t)
	h.deliver(t, h.sentAgo(t, amina, "nairobi", "!tip Rotate who chairs the meeting", 2*time.Hour))
	if got := h.tr.messages(); len(got) != 0 {
		t.Errorf("a tip two hours old got %d replies, want none: %+v", len(got), got)
	}
	if n := h.found(t, "chairs meeting"); n != 1 {
		t.Errorf("the late tip was saved %d times, want once", n)
	}
	log := logs.String()
	if !strings.Contains(log, "too late") || !strings.Contains(log, "command=tip") || !strings.Contains(log, "age=2h0m0s") {
		t.Errorf("the late tip was not logged with its command and age:\n%s", log)
	}
	if regexp.MustCompile(`555000`).MatchString(log) {
		t.Errorf("the log names her number:\n%s", log)
	}
}

// A late search, or a staff member's late announcement, is not run: logged
// once, even when WhatsApp delivers it again.
func TestLateCommandsNotRun(t *testing.T) {
	h, logs := lateHarness(t)
	h.say(t, amina, "nairobi", "!tip Rotate who chairs the meeting")
	before := len(h.tr.messages())
	find := h.sentAgo(t, amina, "nairobi", "!find chairs", 90*time.Minute)
	h.deliver(t, find)
	h.deliver(t, find)
	h.deliver(t, h.sentAgo(t, ana, "", "!announce all Office closed on Friday", 3*time.Hour))
	if got := h.tr.messages()[before:]; len(got) != 0 {
		t.Errorf("late commands sent %d messages, want none: %+v", len(got), got)
	}
	if n := strings.Count(logs.String(), "command=find"); n != 1 {
		t.Errorf("the late find, delivered twice, was logged %d times, want once:\n%s", n, logs)
	}
	if !strings.Contains(logs.String(), "command=announce") {
		t.Errorf("the late announcement was not logged:\n%s", logs)
	}
}

// A command within limits.max_command_age is answered; with 0, every one.
func TestFreshCommandAnswered(t *testing.T) {
	h, _ := lateHarness(t)
	h.deliver(t, h.sentAgo(t, amina, "nairobi", "!help", 59*time.Minute))
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("a command 59 minutes old got %d replies, want 1", n)
	}
	h.bot.cfg.Limits.MaxCommandAge = 0
	h.deliver(t, h.sentAgo(t, amina, "nairobi", "!help", 48*time.Hour))
	if n := len(h.tr.messages()); n != 2 {
		t.Errorf("with no age limit, a command two days old got %d replies, want 1", len(h.tr.messages())-1)
	}
}

// "!tpi" fixed to "!tip …": the edit runs, once, however often it is
// edited or delivered.
func TestEditToCommandHandledOnce(t *testing.T) {
	h, _ := lateHarness(t)
	typo := h.say(t, amina, "nairobi", "!tpi Rotate who chairs the meeting")
	if n := len(h.tr.messages()); n != 1 { // "did you mean *!tip*?" (issue 18)
		t.Fatalf("a typo in a group got %d replies, want the one pointer", n)
	}
	edit := typo
	edit.Edit, edit.Text, edit.Time = true, "!tip Rotate who chairs the meeting", h.clock.Now()
	h.deliver(t, edit)
	h.deliver(t, edit)
	again := edit
	again.Text = "!tip Rotate who chairs the weekly meeting"
	h.deliver(t, again)
	if n := len(h.tr.messages()) - 1; n != 1 {
		t.Errorf("an edit into a tip, delivered twice and edited again, got %d replies, want 1", n)
	}
	if n := h.found(t, "chairs meeting"); n != 1 {
		t.Errorf("the edited tip was saved %d times, want once", n)
	}
	// An edit that makes no command is chat.
	chat := h.say(t, amina, "nairobi", "hello")
	chat.Edit, chat.Text = true, "hello all"
	h.deliver(t, chat)
	if n := len(h.tr.messages()); n != 2 {
		t.Errorf("an edit of chat got %d replies", n-2)
	}
}

// An edit of a command labbot answered never runs; one of a command it set
// aside as too old does, when the edit is not too old itself.
func TestEditOfAnsweredCommandIgnored(t *testing.T) {
	h, _ := lateHarness(t)
	help := h.say(t, amina, "nairobi", "!help")
	help.Edit, help.Text = true, "!tip Rotate who chairs the meeting"
	h.deliver(t, help)
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("an edit of an answered command got %d replies, want none", n-1)
	}
	if n := h.found(t, "chairs meeting"); n != 0 {
		t.Errorf("an edit of an answered command saved a tip")
	}
	late := h.sentAgo(t, amina, "nairobi", "!find nothing", 2*time.Hour)
	h.deliver(t, late)
	late.Edit, late.Text, late.Time = true, "!help", h.clock.Now()
	h.deliver(t, late)
	if n := len(h.tr.messages()); n != 2 {
		t.Errorf("an edit of a command set aside as too old got %d replies, want 1", n-1)
	}
}

// A late command is logged by its name, never by the word as typed, which
// may be a number.
func TestLateCommandLogNamesNoNumber(t *testing.T) {
	h, logs := lateHarness(t)
	h.say(t, amina, "nairobi", "hello") // a member, who may write to labbot
	h.deliver(t, h.sentAgo(t, amina, "", "!tel5559990123 call me", 2*time.Hour))
	if log := logs.String(); !strings.Contains(log, "command=unknown") || strings.Contains(log, "5559990123") {
		t.Errorf("a late command whose word is a number was logged as:\n%s", log)
	}
}
