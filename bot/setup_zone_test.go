package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
)

const newGroupJID = "777@g.us"

// sayInNewGroup delivers text from user in a group that is not a partner group yet.
func (h *harness) sayInNewGroup(t *testing.T, user, text string) {
	t.Helper()
	h.n++
	h.deliver(t, Message{Sender: user, SenderName: "Name " + user, Text: text, ID: "new" + text,
		Time: h.clock.Now(), Chat: newGroupJID, Group: true})
}

// noOwnZone makes Ana a staff member with no zone of her own, in a Lab whose zone is lab.
func noOwnZone(lab string) func(*config.Config) {
	return func(c *config.Config) {
		loc, _ := time.LoadLocation(lab)
		c.Timezone, c.Location = lab, loc
		c.Staff[0].Timezone, c.Staff[0].Location, c.Staff[0].OwnZone = lab, loc, false
	}
}

// TestSetupWithoutZoneIsNeverASilentUTC: a group set up with no zone takes
// the staff member's own, else the Lab's, and says so with how to change
// it; with neither, labbot asks and sets nothing up.
func TestSetupWithoutZoneIsNeverASilentUTC(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		edit       func(*config.Config)
		zone       string // "" when nothing is set up
		reply      []string
	}{
		{"hers", "!setup es", nil, "America/Bogota", []string{"(time zone: Bogotá)", "so I used yours: Bogotá", "*!setup* es America/Lima"}},
		{"hers, private", "!configurar es privado", nil, "America/Bogota", []string{"usé la tuya: Bogotá", "*!configurar* es America/Lima privado"}},
		{"the Lab's", "!configurer fr", noOwnZone("Africa/Dakar"), "Africa/Dakar", []string{"celui du Lab\u202f: Dakar", "*!configurer* fr Africa/Abidjan"}},
		{"given", "!setup en Africa/Nairobi", noOwnZone("UTC"), "Africa/Nairobi", []string{"(time zone: Nairobi)"}},
		{"asked", "!setup es", noOwnZone("UTC"), "", []string{"Which time zone is this group in?", "*!setup* es America/Lima"}},
		{"asked in French", "!configurer fr privé", noOwnZone("UTC"), "", []string{"Dans quel fuseau horaire", "*!configurer* fr Africa/Dakar privé"}},
		// UTC under its other names is nobody's place too (outside review).
		{"asked, Etc/UTC", "!setup es", noOwnZone("Etc/UTC"), "", []string{"Which time zone is this group in?"}},
		{"asked, GMT", "!setup es", noOwnZone("GMT"), "", []string{"Which time zone is this group in?"}},
		{"Abidjan keeps UTC's time and is a place", "!configurer fr", noOwnZone("Africa/Abidjan"), "Africa/Abidjan", []string{"celui du Lab\u202f: Abidjan"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.edit)
			h.sayInNewGroup(t, ana, tc.text)
			got := h.tr.messages()[0].Text // the confirmation, or the question
			for _, want := range tc.reply {
				if !strings.Contains(got, want) {
					t.Errorf("reply %q lacks %q", got, want)
				}
			}
			g, err := h.store.GroupByJID(context.Background(), newGroupJID)
			switch {
			case tc.zone == "" && err == nil:
				t.Errorf("the group was set up (zone %q) though labbot asked for a zone", g.TZ)
			case tc.zone != "" && (err != nil || g.TZ != tc.zone):
				t.Errorf("group zone %q (%v), want %s", g.TZ, err, tc.zone)
			}
		})
	}
}

// TestSetupAgainKeepsTheZone: setting a group up again without a zone
// changes its language and keeps its zone, with no word about zones.
func TestSetupAgainKeepsTheZone(t *testing.T) {
	h := newHarness(t, noOwnZone("UTC"))
	h.say(t, ana, "dakar", "!configurer es")
	g, err := h.store.GroupByKey(context.Background(), "dakar")
	if err != nil || g.TZ != "Africa/Dakar" || g.Lang != "es" {
		t.Fatalf("dakar set up again: %+v (%v), want Spanish on Africa/Dakar", g, err)
	}
	if got := h.lastTo(t, dakarJID).Text; strings.Contains(got, "\n") {
		t.Errorf("a zone kept got a note: %q", got)
	}
}
