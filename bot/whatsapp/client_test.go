package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

// keepVersion puts whatsmeow's version variables back after a test that
// changes them.
func keepVersion(t *testing.T) {
	t.Helper()
	v, av := store.GetWAVersion(), store.BaseClientPayload.UserAgent.AppVersion
	t.Cleanup(func() {
		store.SetWAVersion(v)
		store.BaseClientPayload.UserAgent.AppVersion = av
	})
}

// payloadVersion is the version in the payload the client logs in with.
func payloadVersion(s *Session) store.WAVersionContainer {
	av := s.client.Store.GetClientPayload().GetUserAgent().GetAppVersion()
	return store.WAVersionContainer{av.GetPrimary(), av.GetSecondary(), av.GetTertiary()}
}

// Issue 14, point 10: the version asked of WhatsApp is the one the login
// payload carries.
func TestVersionFetchReachesTheLoginPayload(t *testing.T) {
	keepVersion(t)
	s := idleSession(t, phone)
	fetched := store.WAVersionContainer{2, 3000, 1999999999}
	if payloadVersion(s) == fetched {
		t.Fatal("the built-in version is already the fetched one")
	}
	s.latestVersion = func(context.Context) (*store.WAVersionContainer, error) { return &fetched, nil }
	s.updateVersion(context.Background())
	if got := payloadVersion(s); got != fetched {
		t.Errorf("login payload carries %s, want the fetched %s", got, fetched)
	}
	if sentVersion() != fetched.String() {
		t.Errorf("labbot would log %s as sent, want %s", sentVersion(), fetched)
	}
}

// Issue 14, point 10: a refused version is fetched again and labbot
// connects once more; refused again, it stops.
func TestClientOutdatedRefetchesOnceThenStops(t *testing.T) {
	keepVersion(t)
	s, _ := session(t, phone)
	s.serving = t.Context() // as while Serve serves: it connects again only then
	fetches := 0
	s.latestVersion = func(context.Context) (*store.WAVersionContainer, error) {
		fetches++
		return &store.WAVersionContainer{2, 3000, 1999999998}, nil
	}
	dialed := make(chan struct{}, 4)
	s.client.SetProxy(func(*http.Request) (*url.URL, error) {
		dialed <- struct{}{}
		return nil, errors.New("no WhatsApp in tests")
	})
	s.handle(&events.ClientOutdated{})
	select {
	case <-dialed:
	case <-time.After(10 * time.Second):
		t.Fatal("no new connection after the first ClientOutdated")
	}
	if fetches != 1 || payloadVersion(s).String() != "2.3000.1999999998" || len(s.fatal) != 0 {
		t.Fatalf("after the first refusal: %d fetches, payload %s, %d fatal; want one fetch, its version, no stop", fetches, payloadVersion(s), len(s.fatal))
	}
	s.handle(&events.ClientOutdated{})
	select {
	case err := <-s.fatal:
		if !strings.Contains(err.Error(), "update whatsmeow") || !strings.Contains(err.Error(), "1999999998") {
			t.Errorf("stop = %v, want the version sent and what to do", err)
		}
	default:
		t.Fatal("a second ClientOutdated did not stop labbot")
	}
	if fetches != 1 || len(dialed) != 0 {
		t.Errorf("the second refusal fetched (%d in all) or connected again", fetches)
	}
}

// Issue 14, point 14: the phone's Linked devices list names labbot.
func TestPairingNamesLabbot(t *testing.T) {
	s := idleSession(t, phone)
	fresh := s.container.NewDevice() // not paired: it sends the registration payload
	var props waCompanionReg.DeviceProps
	if err := proto.Unmarshal(fresh.GetClientPayload().GetDevicePairingData().GetDeviceProps(), &props); err != nil {
		t.Fatal(err)
	}
	if props.GetOs() != "labbot" {
		t.Errorf("pairing tells WhatsApp the device is %q, want labbot", props.GetOs())
	}
}

// Issue 14, point 14: on connecting labbot says it is available; without
// its name yet, it says so when the phone sends the name.
func TestPresenceOnConnected(t *testing.T) {
	s, rec := session(t, phone)
	f := &fakeClient{}
	c := &lockedClient{f: f}
	s.edge = c
	s.handle(&events.Connected{})
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return len(f.presence) == 1 })
	if f.presence[0] != types.PresenceAvailable {
		t.Errorf("presence = %q, want available", f.presence[0])
	}
	waitFor(t, func() bool { rec.mu.Lock(); defer rec.mu.Unlock(); return len(rec.calls) >= 2 })

	// A session just paired: whatsmeow refuses presence without the name.
	var logs bytes.Buffer
	s.log = slog.New(slog.NewTextHandler(&logs, nil))
	c.mu.Lock()
	f.presenceErr = whatsmeow.ErrNoPushName
	c.mu.Unlock()
	s.sendPresence()
	if !strings.Contains(logs.String(), "name is not known yet") {
		t.Errorf("log = %q, want it to say presence waits for the name", logs.String())
	}
	c.mu.Lock()
	f.presenceErr = nil
	c.mu.Unlock()
	s.handle(&events.PushNameSetting{})
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return len(f.presence) == 2 })
}

// waitFor waits up to 10 s for cond.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("still waiting after 10 s")
		}
	}
}

// Issue 14, point 16: each fatal stop says what happened and what to do.
func TestFatalStopsSayTheTruth(t *testing.T) {
	for _, tt := range []struct {
		name     string
		evt      any
		say, not []string
	}{
		{"unlinked on the phone", &events.LoggedOut{Reason: events.ConnectFailureLoggedOut},
			[]string{"401", "Linked devices", "pair again"}, []string{"will not help"}},
		{"locked (403)", &events.LoggedOut{OnConnect: true, Reason: events.ConnectFailureMainDeviceGone},
			[]string{"403", "locked", "Pairing again will not help"}, nil},
		{"banned (406)", &events.LoggedOut{OnConnect: true, Reason: events.ConnectFailureUnknownLogout},
			[]string{"406", "banned", "Pairing again will not help"}, nil},
		{"stream replaced", &events.StreamReplaced{},
			[]string{"same keys", "second labbot", "data directory"}, []string{"or WhatsApp Web"}},
	} {
		s, _ := session(t, phone)
		s.handle(tt.evt)
		select {
		case err := <-s.fatal:
			for _, want := range tt.say {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %q does not say %q", tt.name, err, want)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(err.Error(), not) {
					t.Errorf("%s: %q says %q", tt.name, err, not)
				}
			}
		default:
			t.Errorf("%s did not stop labbot", tt.name)
		}
	}
}

// Issue 14, point 16: a ban without an end backs off, an hour doubling to
// a day, instead of reconnecting every minute; one with an end lasts it.
func TestBanWithoutExpiryBacksOff(t *testing.T) {
	s, _ := session(t, phone)
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	var waits []time.Duration
	s.onBan = func(until time.Time) { waits = append(waits, until.Sub(now)) }
	for range 7 {
		s.handle(&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople})
	}
	want := []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 16 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	if len(waits) != len(want) {
		t.Fatalf("waits = %v", waits)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("ban %d in a row: waits %v, want %v", i+1, waits[i], want[i])
		}
	}
	s.handle(&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: 90 * time.Minute})
	if got := waits[len(waits)-1]; got != 90*time.Minute {
		t.Errorf("a ban with an end: waits %v, want its 90m", got)
	}
}
