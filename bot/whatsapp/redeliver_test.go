package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mau.fi/libsignal/signalerror"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

// receive runs one delivery of ciphertext through the real client as
// message.go does: decrypt through the buffer, hand to the handlers, and
// clear the buffered text when they took it. It reports whether they did.
func receive(t *testing.T, s *Session, ciphertext []byte, info *types.MessageInfo, decrypt func(context.Context) ([]byte, error)) (bool, error) {
	t.Helper()
	ctx := context.Background()
	in := s.client.DangerousInternals()
	plaintext, hash, err := in.BufferedDecrypt(ctx, ciphertext, info.Timestamp, decrypt)
	if err != nil {
		return false, err
	}
	var msg waE2E.Message
	if err := proto.Unmarshal(plaintext, &msg); err != nil {
		t.Fatal(err)
	}
	if failed := in.HandleDecryptedMessage(ctx, info, &msg, 0); failed {
		return false, nil
	}
	// message.go, after the handlers took it (EnableDecryptedEventBuffer).
	if err := s.client.Store.EventBuffer.ClearBufferedEventPlaintext(ctx, hash); err != nil {
		t.Fatal(err)
	}
	return true, nil
}

// A message the handler does not take (labbot not accepting: a shutdown,
// the inbox full) is handed out again from the decrypted-event buffer when
// WhatsApp delivers it again, though its decryption now fails as the
// Signal session moved on; once taken, its plaintext is gone from the buffer.
func TestUntakenMessageComesAgainFromBuffer(t *testing.T) {
	s, rec := session(t, types.NewJID("15550009999", types.DefaultUserServer))
	plaintext, err := proto.Marshal(&waE2E.Message{Conversation: proto.String("!tip Rotate who chairs")})
	if err != nil {
		t.Fatal(err)
	}
	info := &event(group, phone, types.EmptyJID, nil).Info
	ciphertext := []byte("ciphertext of TIP1")
	decrypts := 0
	decrypt := func(context.Context) ([]byte, error) {
		if decrypts++; decrypts > 1 {
			return nil, signalerror.ErrOldCounter // the session moved on
		}
		return plaintext, nil
	}
	s.stopAccepting()
	if took, err := receive(t, s, ciphertext, info, decrypt); took || err != nil {
		t.Fatalf("first delivery while not accepting: taken %v, %v", took, err)
	}
	s.accepting = true
	if took, err := receive(t, s, ciphertext, info, decrypt); !took || err != nil {
		t.Fatalf("redelivery: taken %v, %v; want it handed out again from the buffer", took, err)
	}
	if len(rec.messages) != 1 || rec.messages[0].Text != "!tip Rotate who chairs" || decrypts != 1 {
		t.Errorf("the core got %+v after %d decryptions; want the tip, decrypted once", rec.messages, decrypts)
	}
	_, err = receive(t, s, ciphertext, info, decrypt)
	if !errors.Is(err, whatsmeow.EventAlreadyProcessed) {
		t.Errorf("a third delivery after it was taken: %v, want its plaintext gone (already processed)", err)
	}
}

// The client labbot opens acknowledges only what its handler took.
func TestClientLosesNothing(t *testing.T) {
	c := idleSession(t, phone).client
	if !c.SynchronousAck || !c.EnableDecryptedEventBuffer || !c.AutomaticMessageRerequestFromPhone {
		t.Errorf("client: SynchronousAck %v, EnableDecryptedEventBuffer %v, AutomaticMessageRerequestFromPhone %v; want all on",
			c.SynchronousAck, c.EnableDecryptedEventBuffer, c.AutomaticMessageRerequestFromPhone)
	}
}

// The reconnect after a ban happens only while Serve serves: never before,
// after a shutdown, or once Serve's context ended.
func TestBanReconnectOnlyWhileServing(t *testing.T) {
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	var dials atomic.Int32
	s.client.SetProxy(func(*http.Request) (*url.URL, error) {
		dials.Add(1)
		return nil, errors.New("no WhatsApp in tests")
	})
	s.reconnectAfterBan() // before Serve
	if n := dials.Load(); n != 0 {
		t.Errorf("reconnected %d times before Serve", n)
	}
	// While serving it dials, and dials again after a failed try
	// (whatsmeow would not): until it connects or Serve stops.
	ctx, cancel := context.WithCancel(context.Background())
	s.accepting, s.serving = true, ctx
	done := make(chan struct{})
	go func() { s.reconnectAfterBan(); close(done) }()
	for deadline := time.Now().Add(10 * time.Second); dials.Load() < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("dialled %d times in 10 s after a ban while serving, want a second try", dials.Load())
		}
	}
	cancel()
	<-done
	dialled := dials.Load()
	s.stopAccepting()
	s.reconnectAfterBan()
	s.accepting = true
	s.reconnectAfterBan() // serving's context has ended
	if n := dials.Load() - dialled; n != 0 {
		t.Errorf("dialled %d times after the shutdown, want none", n)
	}
	// handleBan schedules it for when the ban ends.
	s.stopAccepting()
	s.handleBan(&events.TemporaryBan{Expire: time.Millisecond})
	time.Sleep(50 * time.Millisecond)
	if n := dials.Load() - dialled; n != 0 {
		t.Errorf("a ban ending after the shutdown dialled %d times", n)
	}
}

// A message labbot cannot decrypt is logged at warn, with its ID and its
// chat, never its sender's number or LID.
func TestUndecryptableLoggedWithoutNumbers(t *testing.T) {
	s, _ := session(t, types.NewJID("15550009999", types.DefaultUserServer))
	var logs bytes.Buffer
	s.log = slog.New(slog.NewTextHandler(&logs, nil)) // not redacting: the line itself must name no one
	for _, info := range []types.MessageInfo{event(group, lid, phone, nil).Info, event(phone, phone, lid, nil).Info} {
		s.handle(&events.UndecryptableMessage{Info: info, IsUnavailable: true, DecryptFailMode: events.DecryptFailHide})
	}
	log := logs.String()
	if strings.Count(log, "level=WARN") != 2 || !strings.Contains(log, "message=3EB0C0FFEE") ||
		!strings.Contains(log, "chat="+group.String()) || !strings.Contains(log, "chat=direct") ||
		!strings.Contains(log, "unavailable=true") || !strings.Contains(log, "fail_mode=hide") {
		t.Errorf("undecryptable messages logged as:\n%s", log)
	}
	if strings.Contains(log, phone.User) || strings.Contains(log, lid.User) {
		t.Errorf("the log names the sender:\n%s", log)
	}
}
