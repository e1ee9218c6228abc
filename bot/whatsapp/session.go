package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/mdp/qrterminal/v3"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"labbot/bot"
)

// FileName is WhatsApp's session (labbot's keys) inside the data directory,
// kept apart from the Lab's knowledge so that can be backed up and exported
// without them.
const FileName = "whatsapp.db"

const (
	firstRetry = 2 * time.Second
	maxRetry   = 2 * time.Minute
)

// Session is labbot's WhatsApp account: the whatsmeow client, its stored
// keys, and the messages it hands to the core.
type Session struct {
	client    *whatsmeow.Client
	container *sqlstore.Container
	log       *slog.Logger
	messages  chan bot.Message
	groups    chan GroupEvent
	fatal     chan error
	onBan     func(until time.Time)

	// accepting is cleared at shutdown: a message then is left unacked,
	// for WhatsApp to deliver again, instead of being taken and lost.
	accepting atomic.Bool
}

// GroupEventKind says what changed in labbot's groups.
type GroupEventKind int

// What can change in labbot's groups.
const (
	GroupsListed  GroupEventKind = iota // on connecting: every group labbot is in (All)
	GroupJoined                         // labbot was added to Group
	GroupLeft                           // labbot left, or was removed from, Group
	GroupRenamed                        // Group has a new Name
	MembersJoined                       // Group.Participants joined Group
	MembersLeft                         // Group.Participants left Group
)

// GroupEvent is a change in labbot's groups, for the core.
type GroupEvent struct {
	Kind  GroupEventKind
	Group bot.GroupInfo
	All   []bot.GroupInfo
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
		messages:  make(chan bot.Message, 1024),
		groups:    make(chan GroupEvent, 64),
		fatal:     make(chan error, 1),
	}
	s.accepting.Store(true)
	s.client.AddEventHandlerWithSuccessStatus(s.handle)
	return s, nil
}

// OnBan sets what to do when WhatsApp bans the account for a while: stop
// sending until then. Set it before Connect.
func (s *Session) OnBan(f func(until time.Time)) { s.onBan = f }

// Transport is the core's way to send through this session.
func (s *Session) Transport() *Transport {
	return &Transport{client: s.client, lids: s.container.LIDMap}
}

// Messages delivers what members write, in order.
func (s *Session) Messages() <-chan bot.Message { return s.messages }

// GroupEvents delivers changes in labbot's groups, in order.
func (s *Session) GroupEvents() <-chan GroupEvent { return s.groups }

// Fatal delivers the reason labbot must stop: logged out, replaced by
// another session, or a client WhatsApp no longer accepts.
func (s *Session) Fatal() <-chan error { return s.fatal }

// StopAccepting leaves the messages that arrive from now on to WhatsApp,
// which delivers them again at the next start.
func (s *Session) StopAccepting() { s.accepting.Store(false) }

// handle runs on whatsmeow's event goroutine: it must hand work on quickly.
// It reports whether the event was taken: whatsmeow acknowledges a
// message to WhatsApp only then.
func (s *Session) handle(evt any) bool {
	ctx := context.Background()
	switch e := evt.(type) {
	case *events.Message:
		m, ok := toMessage(ctx, e, s.container.LIDMap)
		if !ok {
			return true
		}
		if !s.accepting.Load() {
			return false
		}
		select {
		case s.messages <- m:
			return true
		case <-time.After(10 * time.Second):
			return false // the core is stuck: let WhatsApp deliver it again
		}
	case *events.Connected:
		s.log.Info("connected to WhatsApp")
		go s.listGroups() // a query: not on the event goroutine
	case *events.JoinedGroup:
		s.groups <- GroupEvent{Kind: GroupJoined, Group: s.groupInfo(ctx, &e.GroupInfo)}
	case *events.GroupInfo:
		s.groupChanged(ctx, e)
	case *events.Disconnected:
		s.log.Warn("disconnected from WhatsApp; reconnecting")
	case *events.LoggedOut:
		s.stop(errors.New("WhatsApp logged labbot out: delete " + FileName + " from the data directory and pair again with labbot run"))
	case *events.StreamReplaced:
		s.stop(errors.New("another session took over this WhatsApp account (a second labbot, or WhatsApp Web): stop it, then start labbot again"))
	case *events.ClientOutdated:
		s.stop(errors.New("WhatsApp no longer accepts this client version: update whatsmeow (README, \"Updating whatsmeow\") and rebuild"))
	case *events.TemporaryBan:
		// whatsmeow does not reconnect after a ban: labbot does, when it ends.
		wait := max(e.Expire, time.Minute)
		until := time.Now().Add(wait)
		s.log.Error("WhatsApp banned this account for a while; labbot sends nothing and reconnects when it ends", "code", e.Code.String(), "until", until)
		if s.onBan != nil {
			s.onBan(until)
		}
		time.AfterFunc(wait, func() {
			if err := s.client.Connect(); err != nil {
				s.log.Warn("reconnecting after the ban", slog.Any("error", err))
			}
		})
	case events.PermanentDisconnect:
		s.stop(fmt.Errorf("WhatsApp will not let labbot connect (%s): check the account on the phone, then start labbot again", e.PermanentDisconnectDescription()))
	}
	// History sync, receipts, presence, calls and the rest are not the Lab's business.
	return true
}

func (s *Session) listGroups() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	all, err := s.Transport().Groups(ctx)
	if err != nil {
		s.log.Warn("could not list labbot's groups", slog.Any("error", err))
		return
	}
	s.groups <- GroupEvent{Kind: GroupsListed, All: all}
}

// groupChanged passes on what of a group's change matters to the core.
func (s *Session) groupChanged(ctx context.Context, e *events.GroupInfo) {
	id := e.JID.String()
	if e.Name != nil {
		s.groups <- GroupEvent{Kind: GroupRenamed, Group: bot.GroupInfo{ID: id, Name: e.Name.Name}}
	}
	me, myLID := s.client.Store.GetJID().ToNonAD(), s.client.Store.GetLID().ToNonAD()
	left := bot.GroupInfo{ID: id}
	for _, who := range e.Leave {
		if who = who.ToNonAD(); who == me || who == myLID {
			s.groups <- GroupEvent{Kind: GroupLeft, Group: bot.GroupInfo{ID: id}}
			return
		}
		left.Participants = append(left.Participants, userID(ctx, who, types.EmptyJID, s.container.LIDMap))
	}
	if len(left.Participants) > 0 {
		s.groups <- GroupEvent{Kind: MembersLeft, Group: left}
	}
	if len(e.Join) > 0 {
		joined := bot.GroupInfo{ID: id}
		for _, who := range e.Join {
			joined.Participants = append(joined.Participants, userID(ctx, who, types.EmptyJID, s.container.LIDMap))
		}
		s.groups <- GroupEvent{Kind: MembersJoined, Group: joined}
	}
}

func (s *Session) groupInfo(ctx context.Context, g *types.GroupInfo) bot.GroupInfo {
	info := bot.GroupInfo{ID: g.JID.String(), Name: g.Name}
	for _, p := range g.Participants {
		info.Participants = append(info.Participants, userID(ctx, p.JID, p.PhoneNumber, s.container.LIDMap))
	}
	return info
}

func (s *Session) stop(err error) {
	select {
	case s.fatal <- err:
	default:
	}
}

// Connect connects, pairing first when the session is new: by a QR code
// printed on qr, or by a code for phone (in + form) when it is given. It
// retries with backoff, one log line a try, until it connects or ctx ends.
func (s *Session) Connect(ctx context.Context, phone string, qr io.Writer) error {
	wait := firstRetry
	for {
		err := s.connectOnce(ctx, phone, qr)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		s.log.Warn("cannot reach WhatsApp; will try again", "retry_in", wait, slog.Any("error", err))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, maxRetry)
	}
}

func (s *Session) connectOnce(ctx context.Context, phone string, qr io.Writer) error {
	if s.client.Store.ID != nil {
		return s.client.ConnectContext(ctx)
	}
	qctx, stopQR := context.WithCancel(ctx) // removes the QR handler when this try ends
	defer stopQR()
	codes, err := s.client.GetQRChannel(qctx)
	if err != nil {
		return err
	}
	if err := s.client.ConnectContext(ctx); err != nil {
		return err
	}
	asked := false
	for item := range codes {
		switch {
		case item.Event == whatsmeow.QRChannelEventCode && phone != "" && !asked:
			asked = true
			code, err := s.client.PairPhone(ctx, phone[1:], true, whatsmeow.PairClientChrome, "Chrome (Linux)")
			if err != nil {
				return fmt.Errorf("pair by phone: %w", err)
			}
			fmt.Fprintf(qr, "On the phone: WhatsApp > Linked devices > Link a device > Link with phone number, and enter %s\n", code)
		case item.Event == whatsmeow.QRChannelEventCode && phone == "":
			fmt.Fprintln(qr, "Scan this with WhatsApp on labbot's phone (Linked devices > Link a device):")
			qrterminal.GenerateHalfBlock(item.Code, qrterminal.L, qr)
		case item == whatsmeow.QRChannelSuccess:
			s.log.Info("paired with WhatsApp")
			return nil
		case item.Event == whatsmeow.QRChannelEventCode:
		default:
			s.client.Disconnect()
			return fmt.Errorf("pairing ended: %s", item.Event)
		}
	}
	return nil
}

// Close disconnects and closes the session's store.
func (s *Session) Close() error {
	s.client.Disconnect()
	return s.container.Close()
}
