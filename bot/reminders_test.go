package bot

import (
	"context"
	"labbot/bot/outbox"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
)

const (
	nairobiJID = "120363000000000001@g.us"
	bogotaJID  = "120363000000000002@g.us"
	dakarJID   = "120363000000000003@g.us"
)

// run ticks the schedule every 10 minutes from the clock's now to end,
// sending what it queues, and returns every send.
func (h *harness) run(t *testing.T, end time.Time) []sentMsg {
	t.Helper()
	before := len(h.tr.messages())
	for now := h.clock.Now(); !now.After(end); now = now.Add(10 * time.Minute) {
		h.clock.Set(now)
		if err := h.bot.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		h.drainUntil(t, now.Add(10*time.Minute))
	}
	return h.tr.messages()[before:]
}

func countTo(msgs []sentMsg, chat, has string) int {
	n := 0
	for _, m := range msgs {
		if m.To.Chat == chat && strings.Contains(m.Text, has) {
			n++
		}
	}
	return n
}

func TestRemindersGoOnceToGroupsAndAttendees(t *testing.T) {
	h := newHarness(t, nil) // t0: Monday 7 December 2026, 08:00 UTC
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Wednesday 15:00 in Bogotá is 20:00 UTC, 23:00 in Nairobi, 20:00 in Dakar.
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.wroteLabbot(t, amina, "nairobi")
	h.wroteLabbot(t, "+221770000001", "dakar")
	h.say(t, amina, "nairobi", "!rsvp E1")
	h.say(t, "+221770000001", "dakar", "!participer E1")
	sent := h.run(t, time.Date(2026, 12, 9, 21, 0, 0, 0, time.UTC))
	for _, tt := range []struct{ chat, has string }{
		{nairobiJID, "starts in 24 hours: Wednesday 9 December, 23:00"},
		{nairobiJID, "starts in an hour: Wednesday 9 December, 23:00"},
		{bogotaJID, "empieza en 24 horas: miércoles 9 de diciembre a las 15:00"},
		{dakarJID, "commence dans une heure\u202f: mercredi 9 décembre à 20\u00a0h\u00a000"},
		{amina, "A reminder: *Webinar* starts in 24 hours, Wednesday 9 December, 23:00"},
		{"+221770000001", "Petit rappel\u202f: *Webinar* commence dans une heure, mercredi 9 décembre à 20\u00a0h\u00a000"},
	} {
		if n := countTo(sent, tt.chat, tt.has); n != 1 {
			t.Errorf("%d messages to %s with %q, want 1", n, tt.chat, tt.has)
		}
	}
	if n := countTo(sent, ana, "⏰"); n != 0 {
		t.Errorf("Ana, who did not RSVP, got %d reminders", n)
	}
}

func TestLateReminderSaysHowLongIsLeft(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event 2026-12-07 15:00 Call") // 20:00 UTC
	// Down from 08:00 to 19:10 UTC: the 1h reminder is 10 minutes late and
	// says 50 minutes; the 24h one was due before the event was created.
	h.clock.Set(time.Date(2026, 12, 7, 19, 10, 0, 0, time.UTC))
	sent := h.run(t, time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC))
	if n := countTo(sent, nairobiJID, "starts in 50 minutes"); n != 1 {
		t.Errorf("%d late reminders saying 50 minutes, want 1: %+v", n, sent)
	}
	if n := countTo(sent, nairobiJID, "⏰"); n != 1 {
		t.Errorf("%d reminders in nairobi, want 1", n)
	}
}

func TestCancelDropsQueuedReminders(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	if err := h.bot.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event 2026-12-08 10:00 Retreat") // 15:00 UTC
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!rsvp E1")
	// The 24h reminders are queued at 15:00 UTC today, but not sent yet.
	h.clock.Set(time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC))
	if err := h.bot.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	before := len(h.tr.messages())
	h.say(t, ana, "", "!cancel E1")
	sent := h.run(t, time.Date(2026, 12, 8, 16, 0, 0, 0, time.UTC))
	all := append(h.tr.messages()[before:], sent...)
	if n := countTo(all, nairobiJID, "⏰") + countTo(all, amina, "⏰"); n != 0 {
		t.Errorf("%d reminders went out after the event was cancelled", n)
	}
	for _, chat := range []string{nairobiJID, bogotaJID, dakarJID} {
		if n := countTo(all, chat, "🚫"); n != 1 {
			t.Errorf("%d cancel notices to %s, want 1", n, chat)
		}
	}
	var cal *outbox.Document
	for _, m := range all {
		if m.To.Chat == amina && m.Doc != nil {
			cal = m.Doc
		}
	}
	if cal == nil || !strings.Contains(string(cal.Data), "STATUS:CANCELLED") {
		t.Errorf("Amina did not get a file that cancels the event in her calendar")
	}
}

func TestPrivateEventRemindsOnlyItsGroup(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true })
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "bogota", "!evento 2026-12-09 15:00 Círculo de cuidado")
	sent := h.run(t, time.Date(2026, 12, 9, 21, 0, 0, 0, time.UTC))
	if n := countTo(sent, bogotaJID, "⏰"); n != 2 {
		t.Errorf("%d reminders in the private group, want 2", n)
	}
	if n := countTo(sent, nairobiJID, "Círculo") + countTo(sent, dakarJID, "Círculo"); n != 0 {
		t.Errorf("a private group's event reached %d other messages", n)
	}
}

func TestDigestKeepsPrivateItemsInTheirGroup(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true })
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.say(t, "+573000000001", "bogota", "!consejo Secreto del grupo privado")
	h.say(t, amina, "nairobi", "!tip Shared with the whole Lab")
	h.say(t, "+573000000001", "", "!suscribir")
	h.say(t, amina, "", "!subscribe")
	// Monday 14 December, 09:00 in each zone.
	sent := h.run(t, time.Date(2026, 12, 14, 15, 0, 0, 0, time.UTC))
	for _, tt := range []struct {
		chat, has string
		want      int
	}{
		{bogotaJID, "Secreto", 1}, {bogotaJID, "whole Lab", 1},
		{nairobiJID, "Secreto", 0}, {nairobiJID, "whole Lab", 1},
		{dakarJID, "Secreto", 0},
		{"+573000000001", "Secreto", 1}, // her own private group, by direct message
		{amina, "Secreto", 0}, {amina, "whole Lab", 1},
	} {
		if n := countTo(sent, tt.chat, tt.has); n != tt.want {
			t.Errorf("%s got %q %d times, want %d", tt.chat, tt.has, n, tt.want)
		}
	}
}

func TestLateDigestAnnouncesOnlyComingEvents(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event 2026-12-14 04:00 Early call") // 09:00 UTC: after Nairobi's digest (06:00 UTC)
	h.say(t, ana, "", "!event 2026-12-15 10:00 Later call") // Tuesday
	h.clock.Set(time.Date(2026, 12, 14, 6, 0, 0, 0, time.UTC).Add(-time.Minute))
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Down until 10:00 UTC: Nairobi's digest is 4 hours late, after the early call began.
	h.clock.Set(time.Date(2026, 12, 14, 10, 0, 0, 0, time.UTC))
	sent := h.run(t, time.Date(2026, 12, 14, 10, 30, 0, 0, time.UTC))
	if n := countTo(sent, nairobiJID, "Later call"); n != 1 {
		t.Fatalf("the late digest does not list the coming event: %+v", sent)
	}
	if n := countTo(sent, nairobiJID, "Early call"); n != 0 {
		t.Errorf("the late digest lists an event that already began")
	}
}
