package whatsapp

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot/outbox"
)

// Issue 14, point 13: labbot learns from the group list, WhatsApp's
// events and refused sends which groups it cannot post in; a send there
// is permanent at once, WhatsApp not asked again, and the core hears each
// change.
func TestGroupsLabbotCannotPostIn(t *testing.T) {
	me := types.NewJID("15550009999", types.DefaultUserServer)
	myLID := types.NewJID("99990009999", types.HiddenUserServer)
	s, rec := session(t, me)
	s.client.Store.LID = myLID
	f := &fakeClient{}
	s.edge = f
	announce := types.NewJID("120363000000000002", types.GroupServer)
	admin := types.NewJID("120363000000000003", types.GroupServer)
	f.groups = []*types.GroupInfo{
		{JID: group},
		{JID: announce, GroupAnnounce: types.GroupAnnounce{IsAnnounce: true},
			Participants: []types.GroupParticipant{{JID: myLID, LID: myLID, PhoneNumber: me}}},
		{JID: admin, GroupAnnounce: types.GroupAnnounce{IsAnnounce: true},
			Participants: []types.GroupParticipant{{JID: myLID, LID: myLID, IsAdmin: true}}},
	}
	tr := s.Transport()
	ctx := context.Background()
	send := func(to types.JID) error {
		return tr.SendText(ctx, outbox.Envelope{Chat: to.String(), ID: "x"}, "Hi!")
	}
	heard := func() []string {
		t.Helper()
		s.flushGroupStates()
		var got []string
		for _, c := range rec.calls {
			if strings.HasPrefix(c, "GroupPostable") {
				got = append(got, c)
			}
		}
		rec.calls = nil
		slices.Sort(got)
		return got
	}
	expect := func(got []string, want ...string) {
		t.Helper()
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("the core heard %q, want %q", got, want)
		}
	}

	// On connecting: the list says which are admins-only.
	s.syncGroups()
	expect(heard(), "GroupPostable "+group.String()+" open", "GroupPostable "+announce.String()+" admins-only",
		"GroupPostable "+admin.String()+" open")
	if err := send(announce); !outbox.IsPermanent(err) || len(f.sent) != 0 {
		t.Errorf("send to an admins-only group: %v, %d sent; want permanent, nothing tried", err, len(f.sent))
	}
	if err := send(admin); err != nil || len(f.sent) != 1 {
		t.Errorf("send to an admins-only group labbot administers: %v", err)
	}

	// Events: labbot made admin (by its LID) in one group, unmade in another,
	// and a group deleted.
	s.handle(&events.GroupInfo{JID: announce, Promote: []types.JID{myLID}})
	s.handle(&events.GroupInfo{JID: admin, Demote: []types.JID{me}})
	s.handle(&events.GroupInfo{JID: group, Delete: &types.GroupDelete{Deleted: true}})
	expect(heard(), "GroupPostable "+announce.String()+" open", "GroupPostable "+admin.String()+" admins-only",
		"GroupPostable "+group.String()+" gone")
	s.handle(&events.GroupInfo{JID: admin, Announce: &types.GroupAnnounce{IsAnnounce: false}})
	s.handle(&events.GroupInfo{JID: admin, Name: &types.GroupName{Name: "same state"}})
	expect(heard(), "GroupPostable "+admin.String()+" open")

	// A send WhatsApp refuses because labbot is not in the group: permanent,
	// and the next is not tried.
	f.sendErr = fmt.Errorf("failed to get group members: %w", whatsmeow.ErrNotInGroup)
	if err := send(admin); !outbox.IsPermanent(err) {
		t.Errorf("not in group: %v, want permanent", err)
	}
	f.sendErr = nil
	if err := send(admin); !outbox.IsPermanent(err) || len(f.sent) != 1 {
		t.Errorf("after not in group: %v, %d sent; want permanent, nothing tried", err, len(f.sent))
	}
	f.sendErr = fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 404)
	if err := send(announce); !outbox.IsPermanent(err) {
		t.Errorf("404 on a group: %v, want permanent", err)
	}
	expect(heard(), "GroupPostable "+admin.String()+" not-in", "GroupPostable "+announce.String()+" gone")

	// A 500 is not about the group: retried as before.
	other := types.NewJID("120363000000000004", types.GroupServer)
	f.sendErr = fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 500)
	if err := send(other); outbox.IsPermanent(err) {
		t.Errorf("a 500: %v, want an ordinary retry", err)
	}
	expect(heard())
}

// Issue 14, point 15: what only the phone sends (device 0 of labbot's own
// account) tells the core the phone was online, at most once an hour;
// labbot's own linked device and other people do not.
func TestPhoneSightings(t *testing.T) {
	me := types.NewJID("15550009999", types.DefaultUserServer)
	s, rec := session(t, me)
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return at }
	mine := func(device uint16) types.MessageSource {
		return types.MessageSource{Chat: group, Sender: types.NewADJID(me.User, 0, uint8(device)), IsFromMe: true, IsGroup: true}
	}
	s.handle(&events.Receipt{MessageSource: mine(0), Timestamp: at, Type: types.ReceiptTypeReadSelf})
	s.handle(&events.Receipt{MessageSource: mine(0), Timestamp: at.Add(10 * time.Minute)}) // within the hour
	s.handle(&events.Receipt{MessageSource: mine(3), Timestamp: at.Add(3 * time.Hour)})    // a linked device
	s.handle(&events.Receipt{MessageSource: types.MessageSource{Chat: group, Sender: phone}, Timestamp: at.Add(4 * time.Hour)})
	msg := event(group, me, types.EmptyJID, &waE2E.Message{Conversation: proto.String("from the phone")})
	msg.Info.IsFromMe, msg.Info.Timestamp = true, at.Add(2*time.Hour)
	s.handle(msg)
	s.handle(&events.PairSuccess{ID: me})
	want := []string{"PhoneSeen 2026-12-07T08:00:00Z", "PhoneSeen 2026-12-07T10:00:00Z"}
	if !slices.Equal(rec.calls, want) {
		t.Errorf("the core heard %q, want %q", rec.calls, want)
	}
}
