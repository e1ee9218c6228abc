package whatsapp

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
)

// session is a Session on a real, unconnected whatsmeow client whose
// account is me.
func session(t *testing.T, me types.JID) *Session {
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
	s := &Session{client: whatsmeow.NewClient(device, waLogger{log}), container: container, log: log,
		messages: make(chan bot.Message, 8), groups: make(chan GroupEvent, 8), fatal: make(chan error, 1)}
	return s
}

func TestGroupChanges(t *testing.T) {
	me := types.NewJID("15550009999", types.DefaultUserServer)
	s := session(t, me)
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
	want := []struct {
		kind GroupEventKind
		what string
	}{
		{GroupRenamed, "Nairobi partners 2027"}, {MembersJoined, "+15550000500"},
		{MembersLeft, "+15550000100"}, {MembersJoined, "+15550000600"},
		{GroupLeft, ""}, {GroupJoined, "+15550000100"},
	}
	for _, w := range want {
		e := <-s.GroupEvents()
		got := e.Group.Name
		if w.kind == MembersJoined || w.kind == MembersLeft || w.kind == GroupJoined {
			got = strings.Join(e.Group.Participants, " ")
		}
		if e.Kind != w.kind || e.Group.ID != group.String() || got != w.what {
			t.Errorf("event %+v; want kind %d with %q", e, w.kind, w.what)
		}
	}
}

func TestFatalEvents(t *testing.T) {
	// Each says what to do about it.
	for _, tt := range []struct {
		name string
		evt  any
		todo string
	}{
		{"logged out", &events.LoggedOut{}, "delete " + FileName + " from the data directory and pair again"},
		{"stream replaced", &events.StreamReplaced{}, "another session took over"},
		{"client outdated", &events.ClientOutdated{}, "update whatsmeow"},
	} {
		s := session(t, phone)
		s.handle(tt.evt)
		select {
		case err := <-s.Fatal():
			if err == nil || !strings.Contains(err.Error(), tt.todo) {
				t.Errorf("%s: %v, want it to say %q", tt.name, err, tt.todo)
			}
		default:
			t.Errorf("%s did not stop labbot", tt.name)
		}
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
	s := session(t, phone)
	s.accepting.Store(true)
	msg := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")})
	if !s.handle(msg) {
		t.Fatal("a message was refused while accepting")
	}
	s.StopAccepting()
	if s.handle(msg) {
		t.Error("a message was taken (and would be acknowledged) after StopAccepting")
	}
	if len(s.Messages()) != 1 {
		t.Errorf("%d messages queued, want 1", len(s.Messages()))
	}
}
