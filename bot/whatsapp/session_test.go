package whatsapp

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

// session is a Session on a real, unconnected whatsmeow client whose
// account is me, serving a recorder in place of the core and its inbox.
func session(t *testing.T, me types.JID) (*Session, *recorder) {
	t.Helper()
	s := idleSession(t, me)
	rec := &recorder{}
	s.core, s.inbox, s.accepting = rec, rec, true
	return s, rec
}

// idleSession is a Session as Open leaves it: not serving yet.
func idleSession(t *testing.T, me types.JID) *Session {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsn := "file:" + filepath.Join(t.TempDir(), FileName) + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000"
	container, err := sqlstore.New(ctx, "sqlite3", dsn, waLogger{log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { container.Close() })
	device := container.NewDevice()
	device.ID = &me
	// Stored, as after pairing, so that its own stores (the decrypted-event
	// buffer among them) are the container's.
	device.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{}, AccountSignature: make([]byte, 64), AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := container.PutDevice(ctx, device); err != nil {
		t.Fatal(err)
	}
	s := newSession(container, device, log)
	s.latestVersion = func(context.Context) (*store.WAVersionContainer, error) {
		return nil, errors.New("no WhatsApp in tests")
	}
	return s
}

func TestGroupChanges(t *testing.T) {
	me := types.NewJID("15550009999", types.DefaultUserServer)
	s, rec := session(t, me)
	if err := s.container.LIDMap.PutLIDMapping(context.Background(), lid, phone); err != nil {
		t.Fatal(err)
	}
	newcomer := types.NewJID("15550000500", types.DefaultUserServer)
	s.handle(&events.GroupInfo{JID: group, Name: &types.GroupName{Name: "Nairobi partners 2027"}, Join: []types.JID{newcomer}})
	// She leaves by her LID, as in LID-addressed groups, while another joins.
	s.handle(&events.GroupInfo{JID: group, Leave: []types.JID{lid}, Join: []types.JID{types.NewJID("15550000600", types.DefaultUserServer)}})
	s.handle(&events.GroupInfo{JID: group, Leave: []types.JID{types.NewADJID(me.User, 0, 2)}})
	s.handle(&events.JoinedGroup{GroupInfo: types.GroupInfo{JID: group, GroupName: types.GroupName{Name: "Kigali"},
		Participants: []types.GroupParticipant{{JID: lid, PhoneNumber: phone}}}})
	g := group.String()
	want := []string{
		"GroupRenamed " + g + " Nairobi partners 2027", "MembersJoined " + g + " +15550000500",
		"MembersLeft " + g + " +15550000100", "MembersJoined " + g + " +15550000600",
		"GroupLeft " + g, "GroupJoined " + g + " Kigali +15550000100",
	}
	if got := rec.calls; !slices.Equal(got, want) {
		t.Errorf("the core heard\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(rec.turns) != len(want) || slices.ContainsFunc(rec.turns, func(c string) bool { return c != g }) {
		t.Errorf("changes made in the turns of %q, want each in the group's", rec.turns)
	}
}

func TestRedactNumbers(t *testing.T) {
	in := "No LID found for 15550000100:3@s.whatsapp.net, nor +15550000200, in 120363000000000001@g.us"
	got := redact(in)
	if strings.Contains(got, "1555000") || !strings.Contains(got, "120363000000000001@g.us") {
		t.Errorf("redact = %q", got)
	}
}

// At shutdown, messages are left for WhatsApp to deliver again.
func TestStopAcceptingLeavesMessagesUnacked(t *testing.T) {
	s, rec := session(t, phone)
	msg := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")})
	if !s.handle(msg) {
		t.Fatal("a message was refused while accepting")
	}
	s.stopAccepting()
	if s.handle(msg) {
		t.Error("a message was taken (and would be acknowledged) after stopAccepting")
	}
	if len(rec.messages) != 1 {
		t.Errorf("%d messages queued, want 1", len(rec.messages))
	}
}
