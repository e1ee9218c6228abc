package bot

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"labbot/bot/config"
)

// lastTo returns the last message sent to chat.
func (h *harness) lastTo(t *testing.T, chat string) sentMsg {
	t.Helper()
	msgs := h.tr.messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To.Chat == chat {
			return msgs[i]
		}
	}
	t.Fatalf("nothing was sent to %s", chat)
	return sentMsg{}
}

func TestRSVPSendsCalendarFile(t *testing.T) {
	h := newHarness(t, nil)
	// Ana's zone is America/Bogota: 15:00 there is 20:00 UTC.
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar: fundraising, together | Bring your questions; and a friend")
	h.say(t, amina, "nairobi", "hello")
	h.say(t, amina, "", "!help") // she has written labbot: the file may go by direct message
	h.say(t, amina, "nairobi", "!rsvp E1")
	doc := h.lastTo(t, amina).Doc
	if doc == nil || doc.Name != "E1.ics" || doc.MIME != "text/calendar" {
		t.Fatalf("no calendar file sent to Amina by direct message: %+v", doc)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(doc.Data)).Decode()
	if err != nil {
		t.Fatalf("the file does not parse as iCalendar: %v\n%s", err, doc.Data)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events in the file, want 1", len(events))
	}
	ev := events[0]
	start, err := ev.DateTimeStart(time.UTC)
	if err != nil || !start.Equal(time.Date(2026, 12, 9, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART = %v (%v), want 2026-12-09 20:00 UTC", start, err)
	}
	if raw := ev.Props.Get(ical.PropDateTimeStart).Value; !strings.HasSuffix(raw, "Z") {
		t.Errorf("DTSTART %q is not in UTC form", raw)
	}
	for prop, want := range map[string]string{
		ical.PropSummary:     "Webinar: fundraising, together",
		ical.PropDescription: "Bring your questions; and a friend",
		ical.PropStatus:      "CONFIRMED",
	} {
		p := ev.Props.Get(prop)
		if p == nil {
			t.Errorf("no %s", prop)
			continue
		}
		if got, err := p.Text(); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", prop, got, err, want)
		}
	}
	uid := ev.Props.Get(ical.PropUID).Value
	// Asking again sends the same file: a calendar updates the event
	// instead of adding it twice.
	h.say(t, amina, "", "!rsvp E1")
	again := h.lastTo(t, amina).Doc
	if again == nil || !bytes.Equal(again.Data, doc.Data) || !strings.HasPrefix(uid, "E1-") {
		t.Errorf("a second RSVP sent a different file (uid %q)", uid)
	}
}

func TestPrivateGroupEventStaysThere(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true }) // bogota
	before := len(h.tr.messages())
	h.say(t, ana, "bogota", "!evento 2026-12-10 10:00 Círculo de cuidado")
	told := 0
	for _, m := range h.tr.messages()[before:] {
		if !strings.HasSuffix(m.To.Chat, "02@g.us") {
			t.Errorf("a private group's event was told to %s: %q", m.To.Chat, m.Text)
		}
		if strings.Contains(m.Text, "Nuevo evento") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the private group was told of its event %d times, want 1", told)
	}
	h.say(t, amina, "nairobi", "!events")
	if got := h.lastTo(t, "120363000000000001@g.us").Text; strings.Contains(got, "Círculo") {
		t.Errorf("another group sees a private group's event: %q", got)
	}
	h.say(t, amina, "nairobi", "!rsvp E1")
	if got := h.lastTo(t, "120363000000000001@g.us").Text; !strings.Contains(got, "E1") || strings.Contains(got, "Círculo") {
		t.Errorf("RSVP to a private group's event from elsewhere: %q", got)
	}
}

func TestForgetDropsSubscriptionAndRSVPs(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!subscribe")
	h.say(t, amina, "nairobi", "!rsvp E1")
	if subs, _ := h.store.Subscribers(ctx); len(subs) != 1 {
		t.Fatalf("%d subscribers, want 1", len(subs))
	}
	h.say(t, amina, "nairobi", "!forget")
	subs, err := h.store.Subscribers(ctx)
	if err != nil || len(subs) != 0 {
		t.Errorf("after forget: %d subscribers (%v), want none", len(subs), err)
	}
	e, err := h.store.EventByNum(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if att, err := h.store.Attendees(ctx, e.ID); err != nil || len(att) != 0 {
		t.Errorf("after forget: %d attendees (%v), want none", len(att), err)
	}
}

func TestStaffOnlyEventCommands(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!event 2026-12-09 15:00 Webinar")
	if got := h.lastTo(t, "120363000000000001@g.us").Text; !strings.Contains(got, "Lab team") {
		t.Errorf("a member creating an event got %q, want the staff-only refusal", got)
	}
	if events, err := h.store.Events(ctx, t0, t0.Add(eventHorizon)); err != nil || len(events) != 0 {
		t.Fatalf("a member's !event created %d events (%v)", len(events), err)
	}
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.say(t, amina, "nairobi", "!cancel E1")
	if e, err := h.store.EventByNum(ctx, 1); err != nil || e.Cancelled {
		t.Errorf("a member's !cancel cancelled the event (%v)", err)
	}
}

func TestEventRedeliveredAfterACrashIsCreatedOnce(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	m := h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	// A crash after the event was saved, before the message was marked
	// handled: WhatsApp delivers it again.
	raw, err := sql.Open("sqlite3", h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DELETE FROM processed_messages`); err != nil {
		t.Fatal(err)
	}
	h.deliver(t, m)
	if _, err := h.store.EventByNum(ctx, 2); err == nil {
		t.Error("the redelivered message created a second event")
	}
	if n := countTo(h.tr.messages(), nairobiJID, "New event"); n != 1 {
		t.Errorf("nairobi was told %d times, want 1", n)
	}
	if n := countTo(h.tr.messages(), ana, "E1"); n != 2 {
		t.Errorf("Ana got %d confirmations, want one for each delivery", n)
	}
}
