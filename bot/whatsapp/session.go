package whatsapp

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
)

// FileName is WhatsApp's session (labbot's keys) inside the data directory,
// kept apart from the Lab's knowledge so that can be backed up and exported
// without them.
const FileName = "whatsapp.db"

// Session is labbot's WhatsApp account: the whatsmeow client, its stored
// keys, and, while it serves, the core it hands WhatsApp's news to.
type Session struct {
	client    *whatsmeow.Client
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
	inbox     inbox
	onBan     func(until time.Time)

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
	vctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if v, err := whatsmeow.GetLatestVersion(vctx, &http.Client{Timeout: 10 * time.Second}); err != nil {
		log.Warn("could not ask WhatsApp for its current client version; going on with the built-in one", slog.Any("error", err))
	} else {
		store.SetWAVersion(*v)
	}
	s := &Session{
		client:    whatsmeow.NewClient(device, waLogger{log.With("part", "client")}),
		container: container,
		log:       log,
		fatal:     make(chan error, 1),
	}
	s.client.AddEventHandlerWithSuccessStatus(s.handle)
	return s, nil
}

// Transport is the core's way to send through this session.
func (s *Session) Transport() *Transport {
	return &Transport{client: s.client, lids: s.container.LIDMap, timers: &s.timers}
}

// Close disconnects and closes the session's store.
func (s *Session) Close() error {
	s.client.Disconnect()
	return s.container.Close()
}
