package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
	"labbot/store"
)

// identityLab is the real core on a real store, served by a real session
// whose whatsmeow LID map starts empty, with f at the edge.
type identityLab struct {
	s  *Session
	b  *bot.Bot
	st *store.Store
	f  *fakeClient
	n  int // messages said, for their IDs
}

func newIdentityLab(t *testing.T) *identityLab {
	t.Helper()
	f := &fakeClient{}
	b, st := testBotStore(t, f, bot.NewManualClock(at))
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	s.edge = f
	// The real core; changes run at once in their turn, as the recorder does.
	s.core, s.inbox, s.accepting = b, &recorder{}, true
	return &identityLab{s: s, b: b, st: st, f: f}
}

// say delivers a real message event through toMessage, on the session's
// own LID map, to the core, and sends what it queued; it returns the texts sent.
func (l *identityLab) say(t *testing.T, from, alt types.JID, text string) []string {
	t.Helper()
	ctx := context.Background()
	evt := event(group, from, alt, &waE2E.Message{Conversation: proto.String(text)})
	l.n++
	evt.Info.ID = types.MessageID(fmt.Sprint("M", l.n)) // a new message each time
	m, ok := toMessage(ctx, evt, l.s.container.LIDMap)
	if !ok {
		t.Fatalf("%q did not reach the core", text)
	}
	before := len(l.f.sent)
	l.b.Handle(ctx, m)
	if _, _, err := l.b.Sender().SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range l.f.sent[before:] {
		out = append(out, s.msg.GetExtendedTextMessage().GetText()+s.msg.GetConversation())
	}
	return out
}

func (l *identityLab) member(t *testing.T, user string) (store.Member, bool) {
	t.Helper()
	m, err := l.st.MemberByUser(context.Background(), user)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return m, err == nil
}

// Point 9: a member first seen by her LID alone, then with her number
// beside it, is one member, with the language she chose under the LID.
func TestLIDFirstThenNumberIsOneMember(t *testing.T) {
	l := newIdentityLab(t)
	l.say(t, lid, types.EmptyJID, "!lang fr")
	if _, ok := l.member(t, "lid:"+lid.User); !ok {
		t.Fatal("no member under her LID after her first message")
	}
	reply := l.say(t, lid, phone, "!help")
	if len(reply) != 1 || !strings.Contains(reply[0], "Bonjour") {
		t.Errorf("with her number known she was answered %q; want French, her choice", reply)
	}
	if _, ok := l.member(t, "lid:"+lid.User); ok {
		t.Error("she is still a member under her LID too")
	}
	if m, ok := l.member(t, "+"+phone.User); !ok || m.Lang != "fr" {
		t.Errorf("under her number: %+v (found %v); want her, in French", m, ok)
	}
}

// Point 9, the other way: a member seen by number, then by LID alone
// (WhatsApp had not said whose it was), is merged once whatsmeow learns
// the pair from a history sync.
func TestNumberThenLIDMergedAfterHistorySync(t *testing.T) {
	l := newIdentityLab(t)
	l.say(t, phone, types.EmptyJID, "!lang es")
	l.say(t, lid, types.EmptyJID, "!tip Rotate who chairs")
	if _, ok := l.member(t, "lid:"+lid.User); !ok {
		t.Fatal("her LID-only message made no member")
	}
	if err := l.s.container.LIDMap.PutLIDMapping(context.Background(), lid, phone); err != nil {
		t.Fatal(err)
	}
	l.s.handle(&events.HistorySync{})
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, ok := l.member(t, "lid:"+lid.User); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("her two rows were not merged after the history sync")
		}
	}
	tip, err := l.st.ItemByRef(context.Background(), store.KindTip, 1)
	if m, ok := l.member(t, "+"+phone.User); !ok || m.Lang != "es" || err != nil || tip.AuthorID != m.ID {
		t.Errorf("merged member %+v, tip %+v (%v); want her language and her tip", m, tip, err)
	}
}

// Point 9: two rows, one per form, learned to be one person as she asks
// to be forgotten: both are forgotten, and neither form brings her back by chat.
func TestForgetUnderOneFormForgetsBoth(t *testing.T) {
	l := newIdentityLab(t)
	l.say(t, phone, types.EmptyJID, "!lang es")
	l.say(t, lid, types.EmptyJID, "!tip Keep receipts in one envelope")
	l.say(t, lid, phone, "!forget")
	for _, user := range []string{"+" + phone.User, "lid:" + lid.User} {
		if _, ok := l.member(t, user); ok {
			t.Errorf("%s is still a member after !forget", idKind(user))
		}
	}
	l.say(t, lid, types.EmptyJID, "thanks everyone")
	if _, ok := l.member(t, "lid:"+lid.User); ok {
		t.Error("chat under her LID brought her back")
	}
}

// Point 9: staff known to WhatsApp's group only by LID are recognised once
// labbot, connected, has asked WhatsApp for the staff's LIDs.
func TestStaffKnownByLIDAfterConnecting(t *testing.T) {
	l := newIdentityLab(t)
	staffPhone := types.NewJID("15550000001", types.DefaultUserServer) // the demo config's staff
	staffLID := types.NewJID("22222222222222", types.HiddenUserServer)
	l.f.lids = map[types.JID]types.JID{staffPhone: staffLID}
	refusal := "Only the Lab team"
	// (Another staff command: the same one again so soon would be a repeat.)
	if got := l.say(t, staffLID, types.EmptyJID, "!announce list"); len(got) != 1 || !strings.Contains(got[0], refusal) {
		t.Fatalf("before labbot knows her LID: %q; want the refusal", got)
	}
	l.s.learnIdentities()
	if !slices.Contains(l.f.asked, staffPhone) {
		t.Errorf("GetUserInfo was asked about %v, not the staff number", l.f.asked)
	}
	// Recognised, she is told how to get her figures: they go by direct
	// message, and she never wrote labbot one.
	if got := l.say(t, staffLID, types.EmptyJID, "!stats"); len(got) != 1 || strings.Contains(got[0], refusal) ||
		!strings.Contains(got[0], "direct message with *!stats*") {
		t.Errorf("after: %q; want her told how to get her stats", got)
	}
	if _, ok := l.member(t, "lid:"+staffLID.User); ok {
		t.Error("her LID-only row was not merged into her number's")
	}
}

// idKind names a user ID's kind in a failure, not the ID.
func idKind(user string) string {
	if strings.HasPrefix(user, "+") {
		return "her number"
	}
	return "her LID"
}
