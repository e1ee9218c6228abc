package whatsapp

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

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
	newcomer := types.NewJID("15550000500", types.DefaultUserServer)
	s.handle(&events.GroupInfo{JID: group, Name: &types.GroupName{Name: "Nairobi partners 2027"}, Join: []types.JID{newcomer}})
	s.handle(&events.GroupInfo{JID: group, Leave: []types.JID{types.NewADJID(me.User, 0, 2)}})
	s.handle(&events.JoinedGroup{GroupInfo: types.GroupInfo{JID: group, GroupName: types.GroupName{Name: "Kigali"},
		Participants: []types.GroupParticipant{{JID: lid, PhoneNumber: phone}}}})
	want := []struct {
		kind GroupEventKind
		what string
	}{{GroupRenamed, "Nairobi partners 2027"}, {MembersJoined, "+15550000500"}, {GroupLeft, ""}, {GroupJoined, "+15550000100"}}
	for _, w := range want {
		e := <-s.GroupEvents()
		got := e.Group.Name
		if w.kind == MembersJoined || w.kind == GroupJoined {
			got = e.Group.Participants[0]
		}
		if e.Kind != w.kind || e.Group.ID != group.String() || got != w.what {
			t.Errorf("event %+v; want kind %d with %q", e, w.kind, w.what)
		}
	}
}

func TestFatalEvents(t *testing.T) {
	for name, evt := range map[string]any{
		"logged out":      &events.LoggedOut{},
		"stream replaced": &events.StreamReplaced{},
		"client outdated": &events.ClientOutdated{},
	} {
		s := session(t, phone)
		s.handle(evt)
		select {
		case err := <-s.Fatal():
			if err == nil || len(err.Error()) < 20 {
				t.Errorf("%s: %v, want a line saying what to do", name, err)
			}
		default:
			t.Errorf("%s did not stop labbot", name)
		}
	}
}
