package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestJoinCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		info GroupInfo
		err  error
		want string
	}{
		{"joined", GroupInfo{ID: "k@g.us"}, nil, "Je suis dans le groupe"},
		{"waits for approval", GroupInfo{ID: "k@g.us", Pending: true}, nil, "doit d'abord accepter"},
		{"revoked", GroupInfo{}, ErrInviteRevoked, "a été révoqué"},
		{"invalid", GroupInfo{}, ErrInviteInvalid, "ne ressemble pas"},
		{"no network", GroupInfo{}, errors.New("dial tcp: timeout"), "Réessayez plus tard"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.tr.join, h.tr.joinErr = tc.info, tc.err
			h.say(t, ana, "", "!rejoindre https://chat.whatsapp.com/AbC")
			if got := h.lastText(); !strings.Contains(got, tc.want) || strings.Contains(got, "dial tcp") {
				t.Errorf("reply = %q, want %q and no Go error", got, tc.want)
			}
		})
	}
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!join https://chat.whatsapp.com/AbC")
	if got := h.lastText(); !strings.Contains(got, "Only the Lab team") {
		t.Errorf("a member's !join: %q", got)
	}
}

func TestGroupsSyncedAndLeft(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	nairobi, _ := h.store.GroupByKey(ctx, "nairobi")
	bogota, _ := h.store.GroupByKey(ctx, "bogota")
	// On connecting, labbot is in nairobi only: bogota and dakar get no more posts.
	if err := h.bot.GroupsSynced(ctx, []GroupInfo{{ID: nairobi.JID, Participants: []string{"+15550000300"}}}); err != nil {
		t.Fatal(err)
	}
	if m, err := h.store.MemberByUser(ctx, "+15550000300"); err != nil || m.ID == 0 {
		t.Errorf("a participant of nairobi is no member: %v", err)
	}
	if g, _ := h.store.GroupByJID(ctx, bogota.JID); g.Active {
		t.Error("bogota, which labbot is not in, is still active")
	}
	// An anonymous question from a member of nairobi and bogota goes to nairobi only.
	h.say(t, "+15550000301", "nairobi", "hola")
	h.say(t, "+15550000301", "bogota", "hola") // bogota is no partner group now: ignored
	h.say(t, "+15550000301", "", "!ask anon ¿cómo?")
	for _, m := range h.tr.messages() {
		if m.To.Chat == bogota.JID {
			t.Errorf("a post went to a group labbot is not in: %q", m.Text)
		}
	}
	// Added back to bogota: a partner group again, without a welcome.
	n := len(h.tr.messages())
	if err := h.bot.GroupJoined(ctx, GroupInfo{ID: bogota.JID}); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if g, _ := h.store.GroupByJID(ctx, bogota.JID); !g.Active || len(h.tr.messages()) != n {
		t.Errorf("back in bogota: active %v, %d new messages; want active and none", g.Active, len(h.tr.messages())-n)
	}
	if err := h.bot.GroupLeft(ctx, nairobi.JID); err != nil {
		t.Fatal(err)
	}
	before := len(h.tr.messages())
	h.say(t, amina, "nairobi", "!help")
	if after := len(h.tr.messages()); after != before {
		t.Errorf("labbot answered in a group it left: %q", h.lastText())
	}
}

func TestWelcomeInANewGroup(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	for range 2 { // a redelivered event welcomes once
		if err := h.bot.GroupJoined(ctx, GroupInfo{ID: "new@g.us", Name: "Kigali"}); err != nil {
			t.Fatal(err)
		}
	}
	h.drain(t)
	got := h.tr.messages()
	if len(got) != 1 || got[0].To.Chat != "new@g.us" {
		t.Fatalf("welcome: %+v", got)
	}
	for _, phrase := range []string{"*!setup*", "*!configurar*", "*!configurer*"} {
		if !strings.Contains(got[0].Text, phrase) {
			t.Errorf("welcome lacks %s: %q", phrase, got[0].Text)
		}
	}
}

func TestGroupRenamed(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	dakar, _ := h.store.GroupByKey(ctx, "dakar")
	if err := h.bot.GroupRenamed(ctx, dakar.JID, "Partenaires du Sénégal"); err != nil {
		t.Fatal(err)
	}
	if g, _ := h.store.GroupByJID(ctx, dakar.JID); g.Name != "Partenaires du Sénégal" {
		t.Errorf("name = %q", g.Name)
	}
	if err := h.bot.MembersJoined(ctx, dakar.JID, []string{"+221770000009"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.MemberByUser(ctx, "+221770000009"); err != nil {
		t.Errorf("a member who joined dakar is unknown: %v", err)
	}
}
