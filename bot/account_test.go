package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
)

// twoStaff adds a second staff member to the demo config.
func twoStaff(c *config.Config) {
	c.Staff = append(c.Staff, config.Staff{Phone: "+15550000002", Name: "Bea", Location: time.UTC})
}

// staffTold is what each staff member was sent since from, by chat.
func (h *harness) staffTold(from int) map[string][]string {
	told := map[string][]string{}
	for _, m := range h.tr.messages()[from:] {
		told[m.To.Chat] = append(told[m.To.Chat], m.Text)
	}
	return told
}

// Issue 14, point 13: a partner group labbot can no longer post in is
// told to each staff member once per change, in the three languages, and
// a restart does not tell it again.
func TestGroupPostableTellsStaffOnce(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, twoStaff)
	nairobi, err := h.store.GroupByKey(ctx, "nairobi")
	if err != nil {
		t.Fatal(err)
	}
	set := func(h *harness, st GroupState) {
		t.Helper()
		if err := h.bot.GroupPostable(ctx, nairobi.JID, st); err != nil {
			t.Fatal(err)
		}
		h.drain(t)
	}
	set(h, GroupAdminsOnly)
	set(h, GroupAdminsOnly) // the same news again
	told := h.staffTold(0)
	for _, staff := range []string{"+15550000001", "+15550000002"} {
		if len(told[staff]) != 1 {
			t.Fatalf("%s was told %q, want one message", staff, told[staff])
		}
		text := told[staff][0]
		for _, want := range []string{nairobi.Name, "only its admins may send", "solo los admins pueden enviar", "seuls les admins peuvent y envoyer"} {
			if !strings.Contains(text, want) {
				t.Errorf("staff were told %q, want it to say %q", text, want)
			}
		}
	}
	// A restart on the same store: the state was kept with the messages.
	sent := len(h.tr.messages())
	h.store.Close()
	h = newHarnessAt(t, h.path, twoStaff)
	set(h, GroupAdminsOnly)
	if n := len(h.tr.messages()); n != 0 {
		t.Errorf("after a restart the same state was told again (%d messages)", n)
	}
	// Open again, then closed again: a new change, told again.
	set(h, GroupOpen)
	set(h, GroupAdminsOnly)
	if n := len(h.tr.messages()); n != 2 {
		t.Errorf("a second closing was told %d times, want once to each of 2 staff (before: %d)", n, sent)
	}
	// A deleted group is told, and gets no more posts.
	set(h, GroupGone)
	if g, err := h.store.GroupByJID(ctx, nairobi.JID); err != nil || g.Active {
		t.Errorf("a deleted group is still active: %+v, %v", g, err)
	}
	// A group that is not a partner group concerns nobody.
	before := len(h.tr.messages())
	set(h, GroupNotIn)
	if err := h.bot.GroupPostable(ctx, "120363000000000999@g.us", GroupAdminsOnly); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if n := len(h.tr.messages()) - before; n != 0 {
		t.Errorf("%d messages about a group that is gone or not a partner group", n)
	}
}

// Issue 14, point 15: staff are warned when the phone has not been seen
// for 12 days, once per stretch offline; a new sighting starts a new one.
func TestPhoneOfflineWarnsStaffOncePerStretch(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	check := func() int {
		t.Helper()
		if err := h.bot.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		h.drain(t)
		return len(h.tr.messages())
	}
	check() // the scheduler's first run only marks its start
	if n := check(); n != 0 {
		t.Fatalf("warned with the phone never watched: %d messages", n)
	}
	if err := h.bot.WatchPhone(ctx, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	seen := h.clock.Now().Add(time.Hour)
	if err := h.bot.PhoneSeen(ctx, seen); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(seen.Add(12*24*time.Hour - time.Minute))
	if n := check(); n != 0 {
		t.Fatalf("warned before 12 days: %d messages", n)
	}
	h.clock.Set(seen.Add(12 * 24 * time.Hour))
	if n := check(); n != 1 {
		t.Fatalf("at 12 days staff got %d messages, want 1", n)
	}
	text := h.tr.messages()[0].Text
	for _, want := range []string{"12 days", "14 days", "12 días", "12 jours"} {
		if !strings.Contains(text, want) {
			t.Errorf("warning %q does not say %q", text, want)
		}
	}
	// WatchPhone (every connection) does not restart a known stretch.
	if err := h.bot.WatchPhone(ctx, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(24 * time.Hour)
	if n := check(); n != 1 {
		t.Errorf("warned again in the same stretch: %d messages", n)
	}
	// The phone comes back, then goes away again for 12 days.
	if err := h.bot.PhoneSeen(ctx, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(12 * 24 * time.Hour)
	if n := check(); n != 2 {
		t.Errorf("a second stretch offline: %d messages in all, want 2", n)
	}
}
