package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"labbot/bot/config"
	"labbot/store"
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
		{"revoked", GroupInfo{}, ErrInviteRevoked, "n'est plus valide"},
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
	nairobi, err := h.store.GroupByKey(ctx, "nairobi")
	if err != nil {
		t.Fatal(err)
	}
	bogota, err := h.store.GroupByKey(ctx, "bogota")
	if err != nil {
		t.Fatal(err)
	}
	// On connecting, labbot is in nairobi only: bogota and dakar get no more posts.
	if err := h.bot.GroupsSynced(ctx, []GroupInfo{{ID: nairobi.JID, Participants: []string{"+15550000300"}}}); err != nil {
		t.Fatal(err)
	}
	if m, err := h.store.MemberByUser(ctx, "+15550000300"); err != nil || m.ID == 0 {
		t.Errorf("a participant of nairobi is no member: %v", err)
	}
	if g, err := h.store.GroupByJID(ctx, bogota.JID); err != nil || g.Active {
		t.Errorf("bogota, which labbot is not in, is still active (%v)", err)
	}
	// An anonymous question from a member of nairobi and bogota goes to nairobi only.
	h.say(t, "+15550000301", "nairobi", "hola")
	h.say(t, "+15550000301", "bogota", "hola")            // bogota is no partner group now: ignored
	h.askAnon(t, "+15550000301", "!ask anon ¿cómo?", "1") // the whole Lab: nairobi alone now
	for _, m := range h.tr.messages() {
		if m.To.Chat == bogota.JID {
			t.Errorf("a post went to a group labbot is not in: %q", m.Text)
		}
	}
	if n := countTo(h.tr.messages(), nairobi.JID, "¿cómo?"); n != 1 {
		t.Errorf("the question reached nairobi %d times, want once", n)
	}
	// Added back to bogota: a partner group again, without a welcome.
	n := len(h.tr.messages())
	if err := h.bot.GroupJoined(ctx, GroupInfo{ID: bogota.JID}); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if g, err := h.store.GroupByJID(ctx, bogota.JID); err != nil || !g.Active || len(h.tr.messages()) != n {
		t.Errorf("back in bogota: active %v (%v), %d new messages; want active and none", g.Active, err, len(h.tr.messages())-n)
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

// Issue 16: a group labbot was just added to reads its welcome in the
// Lab's language first.
func TestWelcomeInTheLabsLanguageFirst(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.DefaultLanguage = "fr" })
	if err := h.bot.GroupJoined(context.Background(), GroupInfo{ID: "new@g.us", Name: "Kigali"}); err != nil {
		t.Fatal(err)
	}
	h.drain(t)
	if got := h.tr.messages(); len(got) != 1 || !strings.HasPrefix(got[0].Text, "Bonjour") || !strings.Contains(got[0].Text, "*!setup*") {
		t.Errorf("welcome in a French Lab: %+v", got)
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

func TestMemberWhoLeftAPrivateGroupReadsNoMore(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true }) // bogota
	ctx := context.Background()
	bogota, _ := h.store.GroupByKey(ctx, "bogota")
	const onlyBogota = "+15550000400"
	h.say(t, amina, "nairobi", "hello")
	h.say(t, amina, "bogota", "!consejo Pidan siempre el recibo del arriendo")
	h.say(t, onlyBogota, "bogota", "hola")
	for _, user := range []string{amina, onlyBogota} {
		h.say(t, user, "", "!show T1")
		if got := h.lastTo(t, user).Text; !strings.Contains(got, "recibo") {
			t.Fatalf("a member of bogota cannot read its tip by direct message: %q", got)
		}
	}
	if err := h.bot.MembersLeft(ctx, bogota.JID, []string{amina, onlyBogota}); err != nil {
		t.Fatal(err)
	}
	h.say(t, amina, "", "!show T1")
	if got := h.lastTo(t, amina).Text; strings.Contains(got, "recibo") || !strings.Contains(got, "T1") {
		t.Errorf("after leaving bogota she reads: %q; want T1 not found", got)
	}
	// With no partner group left, she is a stranger to labbot.
	h.say(t, onlyBogota, "", "!show T1")
	if got := h.lastTo(t, onlyBogota).Text; strings.Contains(got, "recibo") || !strings.Contains(got, "only help members") {
		t.Errorf("after leaving her only group she reads: %q; want a stranger's refusal", got)
	}
	m, err := h.store.MemberByUser(ctx, amina)
	if err != nil {
		t.Fatalf("she is no member after leaving one group: %v", err)
	}
	if keys := memberGroupKeys(t, h, m.ID); !slices.Equal(keys, []string{"nairobi"}) {
		t.Errorf("her groups after leaving bogota: %v, want [nairobi]", keys)
	}
	if it, err := h.store.ItemByRef(ctx, store.KindTip, 1); err != nil || it.AuthorID != m.ID {
		t.Errorf("her tip after she left: %+v, %v; want it kept, hers", it, err)
	}
	// Someone leaving a group that is no partner group changes nothing.
	if err := h.bot.MembersLeft(ctx, "other@g.us", []string{amina}); err != nil {
		t.Error(err)
	}
	if keys := memberGroupKeys(t, h, m.ID); !slices.Equal(keys, []string{"nairobi"}) {
		t.Errorf("her groups after someone left a group that is no partner: %v, want [nairobi]", keys)
	}
}

func TestGroupsSyncedDropsWhoIsGone(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	nairobi, _ := h.store.GroupByKey(ctx, "nairobi")
	bogota, _ := h.store.GroupByKey(ctx, "bogota")
	const stays, newcomer = "+15550000300", "+15550000302"
	h.say(t, amina, "nairobi", "hello")
	h.say(t, amina, "bogota", "hola")
	h.say(t, stays, "nairobi", "hello")
	// Amina was removed from nairobi while labbot was away.
	synced := []GroupInfo{
		{ID: nairobi.JID, Participants: []string{stays, newcomer}},
		{ID: bogota.JID, Participants: []string{amina}},
	}
	if err := h.bot.GroupsSynced(ctx, synced); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string][]string{amina: {"bogota"}, stays: {"nairobi"}, newcomer: {"nairobi"}} {
		m, err := h.store.MemberByUser(ctx, user)
		if err != nil {
			t.Errorf("%s is no member: %v", user, err)
			continue
		}
		if got := memberGroupKeys(t, h, m.ID); !slices.Equal(got, want) {
			t.Errorf("groups of %s = %v, want %v", user, got, want)
		}
	}
}

// memberGroupKeys lists the keys of the groups member id belongs to.
func memberGroupKeys(t *testing.T, h *harness, id int64) []string {
	t.Helper()
	groups, err := h.store.MemberGroups(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range groups {
		keys = append(keys, g.Key)
	}
	return keys
}
