package whatsapp

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
)

// FileName is WhatsApp's session (labbot's keys) inside the data directory,
// kept apart from the Lab's knowledge so that can be backed up and exported
// without them.
const FileName = "whatsapp.db"

// Session is labbot's WhatsApp account: the whatsmeow client, its stored
// keys, and, while it serves, the core it hands WhatsApp's news to.
type Session struct {
	client    *whatsmeow.Client
	edge      waClient // the client where labbot asks WhatsApp's servers; a fake in tests
	container *sqlstore.Container
	log       *slog.Logger
	fatal     chan error

	// gate is held for reading by every hand-over to the core, and for
	// writing by what must see none in flight: the shutdown, and the sync
	// of labbot's groups on connecting. Serve sets the fields below under
	// it, before it connects.
	gate sync.RWMutex
	// accepting is true while Serve serves. A message that arrives when it
	// is not is left unacked, for WhatsApp to deliver again, instead of
	// being taken and lost.
	accepting bool
	core      core
	polls     pollCore // the core, as votes in its polls need it
	inbox     inbox
	onBan     func(until time.Time)

	identityMu sync.Mutex // one round of merging known LIDs at a time

	// serving ends when Serve stops: the reconnect after a ban is tied to it.
	serving context.Context

	// latestVersion asks WhatsApp for its current web client version; a
	// test stands in for the network.
	latestVersion func(context.Context) (*store.WAVersionContainer, error)
	now           func() time.Time
	// groups are the groups labbot cannot post in, shared with the
	// transport (point 13).
	groups *groupStates
	// watch is what the event goroutine alone keeps between events.
	watch watch
	// timers is each chat's disappearing-messages timer, noted from
	// WhatsApp's news and read by the transport for every send.
	timers chatTimers
}

// Open opens (or creates) the session in dataDir. It asks WhatsApp for the
// current web client version and goes on with the compiled-in one when it
// cannot.
func Open(ctx context.Context, dataDir string, log *slog.Logger) (*Session, error) {
	dsn := "file:" + filepath.Join(dataDir, FileName) + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate"
	container, err := sqlstore.New(ctx, "sqlite3", dsn, waLogger{log.With("part", "store")})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", FileName, err)
	}
	device, err := container.GetFirstDevice(ctx)
	if err != nil {
		container.Close()
		return nil, fmt.Errorf("open %s: %w", FileName, err)
	}
	s := newSession(container, device, log)
	s.updateVersion(ctx)
	return s, nil
}

// newSession is a session on device, not connected.
func newSession(container *sqlstore.Container, device *store.Device, log *slog.Logger) *Session {
	identify()
	s := &Session{
		client:        newClient(device, log),
		container:     container,
		log:           log,
		fatal:         make(chan error, 1),
		latestVersion: latestVersion,
		now:           time.Now,
		groups:        newGroupStates(),
	}
	s.edge = s.client
	s.client.AddEventHandlerWithSuccessStatus(s.handle)
	return s
}

// newClient is whatsmeow's client on device, set up to lose nothing.
// A message is acknowledged only once labbot's handler took it
// (SynchronousAck), and its decrypted text is kept until then
// (EnableDecryptedEventBuffer): one left unacked (the inbox full, a
// shutdown) is handed out again from the buffer when WhatsApp delivers it
// again, though the Signal session has moved on and could not decrypt it a
// second time. A message labbot cannot decrypt is asked of the phone.
func newClient(device *store.Device, log *slog.Logger) *whatsmeow.Client {
	c := whatsmeow.NewClient(device, waLogger{log.With("part", "client")})
	c.SynchronousAck = true
	c.EnableDecryptedEventBuffer = true
	c.AutomaticMessageRerequestFromPhone = true
	return c
}

// Transport is the core's way to send through this session.
func (s *Session) Transport() *Transport {
	return &Transport{client: s.edge, lids: s.container.LIDMap, groups: s.groups, me: s.me, timers: &s.timers}
}

// me is labbot's own account: its phone JID and its LID.
func (s *Session) me() []types.JID {
	return []types.JID{s.client.Store.GetJID(), s.client.Store.GetLID()}
}

// Close disconnects and closes the session's store.
func (s *Session) Close() error {
	s.client.Disconnect()
	return s.container.Close()
}
