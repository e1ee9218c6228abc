package bot

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"labbot/bot/config"
)

const (
	zoomLink = "https://zoom.us/j/81234567890?pwd=abcDEF123"
	dakarMem = "+221770000001"
)

func TestShowEventWhole(t *testing.T) {
	h := newHarness(t, nil) // Monday 7 December 2026, 08:00 UTC
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar: fundraising | Join us on Zoom: "+zoomLink)
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!rsvp E1")
	h.say(t, amina, "nairobi", "!show E1")
	got := h.lastTo(t, nairobiJID).Text
	for _, want := range []string{"*E1* · *Webinar: fundraising*", "Wednesday 9 December, 23:00 (Nairobi time)",
		"Join us on Zoom: " + zoomLink, "Open to every partner group.", "1 person has said they're coming.", "*!rsvp* E1"} {
		if !strings.Contains(got, want) {
			t.Errorf("!show E1 lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, amina) || strings.Contains(got, "Name ") || strings.Contains(got, "IDs look like") {
		t.Errorf("!show E1 names who is coming, or does not know events:\n%s", got)
	}
	// In Spanish, on Bogotá's clock; in French, on Dakar's.
	h.say(t, "+15550000200", "bogota", "!ver E1")
	if got := h.lastTo(t, bogotaJID).Text; !strings.Contains(got, "miércoles 9 de diciembre a las 15:00 (hora de Bogotá)") ||
		!strings.Contains(got, "1 persona inscrita.") || !strings.Contains(got, zoomLink) {
		t.Errorf("!ver E1 in Spanish:\n%s", got)
	}
	h.say(t, dakarMem, "dakar", "!voir e1")
	if got := h.lastTo(t, dakarJID).Text; !strings.Contains(got, "mercredi 9 décembre à 20\u00a0h\u00a000 (heure de Dakar)") ||
		!strings.Contains(got, "Ouvert à tous les groupes partenaires.") {
		t.Errorf("!voir E1 in French:\n%s", got)
	}
	// Cancelled, it says so, and no longer how to come.
	h.say(t, ana, "", "!cancel E1")
	h.say(t, amina, "nairobi", "!show E1")
	if got := h.lastTo(t, nairobiJID).Text; !strings.Contains(got, "This event was cancelled.") || strings.Contains(got, "Coming?") {
		t.Errorf("!show of a cancelled event:\n%s", got)
	}
}

func TestShowPrivateEventOnlyToItsGroup(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true }) // bogota
	h.say(t, ana, "bogota", "!evento 2026-12-10 10:00 Círculo de cuidado | https://meet.example/abc")
	const lucia = "+15550000200"
	h.wroteLabbot(t, lucia, "bogota")
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, lucia, "", "!ver E1")
	if got := h.lastTo(t, lucia).Text; !strings.Contains(got, "Círculo de cuidado") || !strings.Contains(got, "Solo para quienes forman parte de *Bogotá aliadas*") {
		t.Errorf("a member of the private group, by direct message:\n%s", got)
	}
	// Elsewhere, the same answer as for an event that does not exist.
	h.say(t, amina, "nairobi", "!show E9")
	missing := strings.ReplaceAll(h.lastTo(t, nairobiJID).Text, "E9", "E#")
	for _, chat := range []string{"nairobi", ""} {
		h.say(t, amina, chat, "!show E1")
		to := nairobiJID
		if chat == "" {
			to = amina
		}
		if got := strings.ReplaceAll(h.lastTo(t, to).Text, "E1", "E#"); got != missing {
			t.Errorf("a private group's event shown outside it (%q): %q, want %q", chat, got, missing)
		}
	}
}

func TestEventsAndRemindersCarryTheLink(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("We will talk about budgets, donors and reports. ", 5) + "Link: " + zoomLink + " and bring a notebook."
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar | "+long)
	h.say(t, amina, "nairobi", "!events")
	if got := h.lastTo(t, nairobiJID).Text; !strings.Contains(got, zoomLink) || !strings.Contains(got, "We will talk") {
		t.Errorf("!events leaves out the link:\n%s", got)
	}
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!rsvp E1")
	sent := h.run(t, time.Date(2026, 12, 9, 21, 0, 0, 0, time.UTC))
	if n := countTo(sent, nairobiJID, zoomLink); n != 2 {
		t.Errorf("%d group reminders carry the link, want 2", n)
	}
	if n := countTo(sent, amina, zoomLink); n != 2 {
		t.Errorf("%d reminders to Amina carry the link, want 2", n)
	}
}

func TestEventBlurbKeepsTheLinkWhole(t *testing.T) {
	for _, tt := range []struct{ desc, want string }{
		{"", ""},
		{"Zoom:\n" + zoomLink, "Zoom: " + zoomLink},
		{strings.Repeat("a ", 200) + zoomLink, clip(strings.TrimSpace(strings.Repeat("a ", 200)), eventBlurbLen-len(zoomLink)-1) + " " + zoomLink},
		{zoomLink + " " + strings.Repeat("b", 300), clip(zoomLink+" "+strings.Repeat("b", 300), eventBlurbLen)},
		{strings.Repeat("c", 300), clip(strings.Repeat("c", 300), eventBlurbLen)},
	} {
		got := eventBlurb(tt.desc)
		if got != tt.want {
			t.Errorf("eventBlurb(%.30q…) = %q, want %q", tt.desc, got, tt.want)
		}
		if strings.Contains(tt.desc, zoomLink) && !strings.Contains(got, zoomLink) {
			t.Errorf("the link was cut: %q", got)
		}
	}
}

func TestEventDatesShowTheYearWhenNotThisOne(t *testing.T) {
	h := newHarness(t, nil) // 2026
	h.say(t, ana, "", "!event 2027-01-12 15:00 New year circle")
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "Tuesday 12 January 2027, 15:00") {
		t.Errorf("a date next year without its year: %q", got)
	}
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "Wednesday 9 December, 15:00") {
		t.Errorf("a date this year: %q", got)
	}
	h.say(t, "+15550000200", "bogota", "!eventos")
	if got := h.lastTo(t, bogotaJID).Text; !strings.Contains(got, "martes 12 de enero de 2027 a las 15:00") || strings.Contains(got, "diciembre de 2026") {
		t.Errorf("!eventos: %q", got)
	}
	h.say(t, dakarMem, "dakar", "!evenements")
	if got := h.lastTo(t, dakarJID).Text; !strings.Contains(got, "mardi 12 janvier 2027 à 20\u00a0h\u00a000") {
		t.Errorf("!evenements: %q", got)
	}
}

func TestEventDatesInWords(t *testing.T) {
	h := newHarness(t, nil) // Monday 7 December 2026, 08:00 UTC: 03:00 in Bogotá
	h.say(t, ana, "", "!evento mañana 3pm Taller | "+zoomLink)
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "martes 8 de diciembre a las 15:00 (hora de Bogotá)") {
		t.Errorf("mañana 3pm: %q", got)
	}
	h.say(t, ana, "", "!evenement demain 15h Atelier")
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "mardi 8 décembre à 15\u00a0h\u00a000") {
		t.Errorf("demain 15h: %q", got)
	}
	h.say(t, ana, "", "!event friday 10:30 am Call")
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "Friday 11 December, 10:30") {
		t.Errorf("friday 10:30 am: %q", got)
	}
}

func TestEventTimesRefusedWithWhy(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	// Ana works from New York for this test: 8 March 2026 is its spring forward.
	h := newHarnessFrom(t, t.TempDir()+"/labbot.db", time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), edits(unlimited, func(c *config.Config) {
		c.Staff[0].Location, c.Staff[0].Timezone = ny, ny.String()
	}))
	for _, tt := range []struct{ cmd, want string }{
		{"!event 2026-03-01 10:00 Late", "That time has already passed (Sunday 1 March, 10:00)"},
		{"!event 2027-02-30 10:00 Feb", "2027-02-30 doesn't exist: February 2027 has 28 days."},
		{"!evento 2027-13-01 10:00 Mes", "2027-13-01 no existe: los meses van del 01 al 12."},
		{"!evenement demain 25h Atelier", "« 25h » n'est pas une heure de la journée."},
		{"!event 2026-03-08 2:30am Night", "On Sunday 8 March, clocks in New York jump from 02:00 to 03:00, so 02:30 doesn't exist that day."},
		{"!evento 2026-03-08 02:30 Noche", "El domingo 8 de marzo, en Nueva York los relojes se adelantan de las 2:00 a las 3:00, así que ese día no existe la hora 2:30."},
		{"!evento 2026-11-01 1:30 Noche", "se atrasan de las 2:00 a la 1:00, así que la hora 1:30 ocurre dos veces esa noche."},
		{"!evenement 2026-11-01 1h30 Nuit", "Le dimanche 1er novembre, à New York, les horloges reculent de 2\u00a0h\u00a000 à 1\u00a0h\u00a000"},
	} {
		h.say(t, ana, "", tt.cmd)
		if got := h.lastTo(t, ana).Text; !strings.Contains(got, strings.ReplaceAll(tt.want, "« 25h »", "«\u202f25h\u202f»")) {
			t.Errorf("%s: %q, want %q", tt.cmd, got, tt.want)
		}
	}
	if e, err := h.store.EventByNum(context.Background(), 1); err == nil {
		t.Errorf("a refused time made an event: %+v", e)
	}
}

// TestEventMovedTellsOnce moves an event: every group told of it and the
// member coming hear of it once, in their language and zone, the member
// with a calendar file that replaces hers; the same message again tells
// nobody; the reminders follow the new time, once each, and none goes
// for the old one.
func TestEventMovedTellsOnce(t *testing.T) {
	h := newHarness(t, unlimited) // Monday 7 December 2026, 08:00 UTC
	ctx := context.Background()
	if err := h.bot.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar | "+zoomLink)
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!rsvp E1")
	// Tuesday 20:00 UTC the 24h reminder goes, for Wednesday 15:00 in Bogotá.
	sent := h.run(t, time.Date(2026, 12, 8, 21, 0, 0, 0, time.UTC))
	if n := countTo(sent, amina, "starts in 24 hours"); n != 1 {
		t.Fatalf("%d first reminders, want 1", n)
	}
	before := len(h.tr.messages())
	move := h.message(t, ana, "", "!event E1 2026-12-10 16:00")
	h.deliver(t, move)
	h.deliver(t, move)                              // delivered again: nobody is told twice
	h.say(t, ana, "", "!event E1 2026-12-10 16:00") // sent again: nor now
	moved := h.sendsSince(before)
	for _, tt := range []struct{ chat, want string }{
		{nairobiJID, "*Change of time* · *E1*\n*Webinar*\nFriday 11 December, 00:00 (instead of Wednesday 9 December, 23:00)\n" + zoomLink},
		{bogotaJID, "*Cambio de horario* · *E1*\n*Webinar*\njueves 10 de diciembre a las 16:00 (antes: miércoles 9 de diciembre a las 15:00)"},
		{dakarJID, "*Changement d'horaire* · *E1*\n*Webinar*\njeudi 10 décembre à 21\u00a0h\u00a000 (au lieu de mercredi 9 décembre à 20\u00a0h\u00a000)"},
		{amina, "Friday 11 December, 00:00 (instead of Wednesday 9 December, 23:00)"},
	} {
		if n := countTo(moved, tt.chat, tt.want); n != 1 {
			t.Errorf("%s told %d times, want once: %q", tt.chat, n, tt.want)
		}
	}
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "E1* already says that") {
		t.Errorf("the second delivery: %q", got)
	}
	var doc []byte
	for _, m := range moved {
		if m.To.Chat == amina && m.Doc != nil {
			doc = m.Doc.Data
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(doc)).Decode()
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("no calendar file with the change: %v", err)
	}
	ev := cal.Events()[0]
	if start, _ := ev.DateTimeStart(time.UTC); !start.Equal(time.Date(2026, 12, 10, 21, 0, 0, 0, time.UTC)) || ev.Props.Get(ical.PropSequence).Value != "1" {
		t.Errorf("the file's start %v and sequence %q, want the new time and 1", start, ev.Props.Get(ical.PropSequence).Value)
	}
	// The reminders follow: 24h and 1h before Thursday 21:00 UTC, once;
	// none for Wednesday.
	sent = h.run(t, time.Date(2026, 12, 10, 22, 0, 0, 0, time.UTC))
	for _, in := range []string{"in 24 hours", "in an hour"} {
		if n := countTo(sent, amina, in+", Friday 11 December, 00:00"); n != 1 {
			t.Errorf("Amina got the reminder %s %d times, want once", in, n)
		}
		if n := countTo(sent, nairobiJID, in+": Friday 11 December, 00:00"); n != 1 {
			t.Errorf("Nairobi got the reminder %s %d times, want once", in, n)
		}
	}
	if n := countTo(sent, amina, "Wednesday 9 December"); n != 0 {
		t.Errorf("%d reminders for the old time", n)
	}
}

// TestMoveDropsRemindersForTheOldTime: a reminder still waiting in the
// outbox when the event moves gives the old time; it is not sent.
func TestMoveDropsRemindersForTheOldTime(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if err := h.bot.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.clock.Set(time.Date(2026, 12, 8, 20, 5, 0, 0, time.UTC))
	if err := h.bot.CatchUp(ctx); err != nil { // queues the 24h reminders, not sent yet
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event E1 2026-12-16 15:00")
	if n := countTo(h.tr.messages(), nairobiJID, "starts in"); n != 0 {
		t.Errorf("%d reminders for the old time were sent after the move", n)
	}
}

func TestEventTextChanged(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar | The link will follow")
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!rsvp E1")
	before := len(h.tr.messages())
	h.say(t, ana, "", "!event E1 | Zoom: "+zoomLink)
	h.say(t, ana, "", "!evento E1 título Webinar: recaudación de fondos")
	sent := h.sendsSince(before)
	if n := countTo(sent, nairobiJID, "*Event updated* · *E1*\n*Webinar*\nWednesday 9 December, 23:00\nZoom: "+zoomLink); n != 1 {
		t.Errorf("Nairobi told of the new description %d times, want 1", n)
	}
	if n := countTo(sent, amina, "*Webinar: recaudación de fondos*"); n != 1 {
		t.Errorf("Amina told of the new title %d times, want 1", n)
	}
	if got := h.lastTo(t, ana).Text; !strings.Contains(got, "quedó actualizado: *Webinar: recaudación de fondos*") || !strings.Contains(got, "3 grupos") {
		t.Errorf("the reply to staff: %q", got)
	}
	for _, bad := range []string{"!event E1", "!event E1 soon", "!event E1 title", "!event E1 2026-12-01 10:00"} {
		h.say(t, ana, "", bad)
		if got := h.lastTo(t, ana).Text; strings.Contains(got, "updated") {
			t.Errorf("%q changed the event: %q", bad, got)
		}
	}
	if got := h.say(t, ana, "", "!event E1 soon"); got.ID == "" || !strings.Contains(h.lastTo(t, ana).Text, "To change *E1*") {
		t.Errorf("no usage for a change it cannot read: %q", h.lastTo(t, ana).Text)
	}
}

// TestChangeNotToLeaver: like a cancellation, the change of a private
// group's event is not queued for a member who left that group, and one
// queued before she left is dropped when it would leave (the audience).
func TestChangeNotToLeaver(t *testing.T) {
	h := audienceHarness(t)
	h.say(t, ana, "bogota", "!evento 2026-12-09 15:00 Círculo en la casa de Rosa")
	h.say(t, grace, "", "hola")
	h.say(t, grace, "bogota", "!asistir E1")
	h.leave(t, grace, bogotaJID)
	before := len(h.tr.messages())
	h.say(t, ana, "bogota", "!evento E1 2026-12-10 15:00")
	if n := countTo(h.sendsSince(before), grace, "Rosa"); n != 0 {
		t.Errorf("Grace was told of the change %d times after she left", n)
	}
	if n := droppedFor(t, h, grace); n != 0 {
		t.Errorf("%d rows were queued for Grace after she left", n)
	}
	// Queued while she was in the group, dropped as it leaves after she left.
	h.say(t, grace, "bogota", "hola")
	h.say(t, grace, "bogota", "!asistir E1")
	before = len(h.tr.messages())
	h.handleOnly(ana, bogotaJID, "!evento E1 2026-12-11 15:00")
	h.leave(t, grace, bogotaJID)
	h.drain(t)
	if n := countTo(h.sendsSince(before), grace, "Rosa"); n != 0 {
		t.Errorf("Grace was told of the change %d times after she left", n)
	}
	if n := countTo(h.sendsSince(before), bogotaJID, "Cambio de horario"); n != 1 {
		t.Errorf("the group was told %d times, want once", n)
	}
}

// TestChangeNotToForgotten: a member who asked to be forgotten is not on
// the list any more, and hears of no change.
func TestChangeNotToForgotten(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.wroteLabbot(t, amina, "nairobi")
	h.say(t, amina, "nairobi", "!rsvp E1")
	h.say(t, amina, "", "!forget")
	before := len(h.tr.messages())
	h.say(t, ana, "", "!event E1 2026-12-10 15:00")
	if n := countTo(h.sendsSince(before), amina, "E1"); n != 0 {
		t.Errorf("a forgotten member was told of the change %d times", n)
	}
}

// TestMovedEventRemindsFromTheMoveOn: a reminder whose new due time had
// passed when the event moved is not sent: the change notice gave the
// new time a moment ago.
func TestMovedEventRemindsFromTheMoveOn(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if err := h.bot.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	h.say(t, ana, "", "!event 2026-12-09 15:00 Webinar")
	h.run(t, time.Date(2026, 12, 8, 20, 20, 0, 0, time.UTC)) // the 24h reminder went at 20:00
	h.clock.Set(time.Date(2026, 12, 8, 20, 30, 0, 0, time.UTC))
	before := len(h.tr.messages())
	h.say(t, ana, "", "!event E1 2026-12-09 15:25") // its 24h reminder was due at 20:25
	sent := h.run(t, time.Date(2026, 12, 9, 21, 0, 0, 0, time.UTC))
	if n := countTo(sent, nairobiJID, "starts in 24 hours"); n != 0 {
		t.Errorf("%d reminders due before the move were sent after it", n)
	}
	if n := countTo(sent, nairobiJID, "Wednesday 9 December, 23:25"); n != 1 {
		t.Errorf("the 1h reminder for the new time went %d times, want once", n)
	}
	if n := countTo(h.sendsSince(before), nairobiJID, "Change of time"); n != 1 {
		t.Errorf("the change went %d times, want once", n)
	}
}
