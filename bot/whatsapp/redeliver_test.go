package whatsapp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/keys/prekey"
	"go.mau.fi/libsignal/signalerror"
	"go.mau.fi/libsignal/util/optional"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

// A message labbot's handler does not take (labbot not accepting: a
// shutdown, the inbox full) comes to it again from whatsmeow's
// decrypted-event buffer when WhatsApp delivers it again. The message is
// a member's, sent over a real Signal session and run through whatsmeow's
// own decryption: it is acknowledged only once taken, and by then
// (SynchronousAck), reaches the core once, and its plaintext is then gone
// from the buffer. Without the buffer, Signal cannot decrypt the
// redelivery: it is acknowledged and lost. With no socket, each receipt
// whatsmeow tries fails and is logged: that is how acks are seen here.
func TestUntakenMessageComesAgainFromBuffer(t *testing.T) {
	s, rec := session(t, labbotJID)
	log := clientLog(s)
	node := sentByMember(t, s, "!tip Rotate who chairs")
	s.stopAccepting()
	deliver(s, node)
	if len(rec.messages) != 0 || log.count("Handler for "+msgID+" failed") != 1 || log.acks() != 0 {
		t.Fatalf("first delivery while not accepting: core got %+v; want it refused by the handler, unacked; log:\n%s", rec.messages, log)
	}
	if buf := buffered(t, s, node); buf == nil || buf.Plaintext == nil {
		t.Errorf("untaken message in the buffer: %+v, want its plaintext kept", buf)
	}
	s.accepting = true
	deliver(s, node)
	if len(rec.messages) != 1 || rec.messages[0].Text != "!tip Rotate who chairs" || log.acks() != 1 {
		t.Fatalf("redelivery: core got %+v, acks %d; want the tip once, then acknowledged; log:\n%s", rec.messages, log.acks(), log)
	}
	if buf := buffered(t, s, node); buf != nil && buf.Plaintext != nil {
		t.Errorf("taken message still in the buffer: %q", buf.Plaintext)
	}
	deliver(s, node)
	if len(rec.messages) != 1 || log.acks() != 2 {
		t.Errorf("third delivery after it was taken: core got %d messages, acks %d; want 1, and acknowledged again", len(rec.messages), log.acks())
	}

	// The same, with the buffer off: Signal's session has moved on.
	s, rec = session(t, labbotJID)
	s.client.EnableDecryptedEventBuffer = false
	log = clientLog(s)
	node = sentByMember(t, s, "!tip Rotate who chairs")
	s.stopAccepting()
	deliver(s, node)
	s.accepting = true
	deliver(s, node)
	if len(rec.messages) != 0 || log.count(signalerror.ErrOldCounter.Error()) != 1 || log.acks() != 1 {
		t.Errorf("redelivery without the buffer: core got %+v, acks %d; want it undecryptable (old counter) and acknowledged, lost; log:\n%s",
			rec.messages, log.acks(), log)
	}
}

var labbotJID = types.NewJID("15550009999", types.DefaultUserServer)

const msgID = "3EB0C0FFEE"

// sentByMember is the <message> node WhatsApp would deliver to labbot for
// text that a member (her own device, store and Signal keys) encrypted
// with whatsmeow's sending code, over a session she began from labbot's
// prekey bundle: a pkmsg, as a first message is.
func sentByMember(t *testing.T, labbot *Session, text string) *waBinary.Node {
	t.Helper()
	plaintext, err := proto.Marshal(&waE2E.Message{Conversation: proto.String(text)})
	if err != nil {
		t.Fatal(err)
	}
	member := idleSession(t, phone).client.DangerousInternals()
	enc, _, err := member.EncryptMessageForDevice(context.Background(), plaintext, labbotJID, preKeyBundle(t, labbot.client.Store), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if enc.Attrs["type"] != "pkmsg" || enc.Attrs["v"] != "2" {
		t.Fatalf("member's first message encrypted as %v", enc.Attrs)
	}
	return &waBinary.Node{
		Tag: "message",
		Attrs: waBinary.Attrs{
			"from": phone, "id": msgID, "type": "text", "t": strconv.FormatInt(at.Unix(), 10),
		},
		Content: []waBinary.Node{*enc},
	}
}

// preKeyBundle is what WhatsApp's servers hand a member about labbot's
// device: its identity, signed prekey and one of its one-time prekeys.
func preKeyBundle(t *testing.T, d *store.Device) *prekey.Bundle {
	t.Helper()
	pre, err := d.PreKeys.GenOnePreKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return prekey.NewBundle(d.RegistrationID, uint32(d.ID.Device), optional.NewOptionalUint32(pre.KeyID), d.SignedPreKey.KeyID,
		ecc.NewDjbECPublicKey(*pre.Pub), ecc.NewDjbECPublicKey(*d.SignedPreKey.Pub), *d.SignedPreKey.Signature,
		identity.NewKey(ecc.NewDjbECPublicKey(*d.IdentityKey.Pub)))
}

// deliver hands node to labbot's client as its socket would.
func deliver(s *Session, node *waBinary.Node) {
	s.client.DangerousInternals().HandleEncryptedMessage(context.Background(), node)
}

// buffered is the decrypted-event buffer's row for node's ciphertext.
func buffered(t *testing.T, s *Session, node *waBinary.Node) *store.BufferedEvent {
	t.Helper()
	ciphertext, _ := node.GetChildByTag("enc").Content.([]byte)
	buf, err := s.client.Store.EventBuffer.GetBufferedEvent(context.Background(), sha256.Sum256(ciphertext))
	if err != nil {
		t.Fatal(err)
	}
	return buf
}

// clientLines is what whatsmeow logs on a session's client. With no
// socket, each receipt it sends for a message fails and is logged.
type clientLines struct {
	mu    sync.Mutex
	lines bytes.Buffer
}

func clientLog(s *Session) *clientLines {
	l := &clientLines{}
	s.client.Log = waLogger{slog.New(slog.NewTextHandler(l, nil))}
	return l
}

func (l *clientLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.Write(p)
}

func (l *clientLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.String()
}

func (l *clientLines) count(s string) int { return strings.Count(l.String(), s) }

// acks counts the receipts and acks tried for the message.
func (l *clientLines) acks() int {
	return l.count("Failed to send receipt for "+msgID) + l.count("Failed to send acknowledgement for message "+msgID)
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
