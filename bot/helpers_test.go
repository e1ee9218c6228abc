package bot

import (
	"context"
	"fmt"
	"io"
	"labbot/bot/outbox"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

var t0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

// sentMsg is one send the recording transport was asked for.
type sentMsg struct {
	To   outbox.Envelope
	Text string
	At   time.Time
	Doc  *outbox.Document
	// Reaction is the emoji of a reaction to To.QuoteID; Text then
	// reads as the console prints it.
	Reaction string
	File     *outbox.File // a stored file sent again, and what it held
	FileData []byte
	Poll     *outbox.Poll // a native poll, as it was sent
}

// recorder is a Transport that remembers what it was asked to send, and
// fails the sends its fail hook says to.
type recorder struct {
	mu    sync.Mutex
	clock Clock
	n     int
	sent  []sentMsg
	fail  func(to outbox.Envelope) error

	join    GroupInfo // what JoinGroup answers
	joined  string    // the link JoinGroup was last given
	joinErr error
}

var _ Transport = (*recorder)(nil)

func (r *recorder) NewMessageID(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	return fmt.Sprintf("M%d", r.n), nil
}

func (r *recorder) SendText(_ context.Context, to outbox.Envelope, text string) error {
	return r.record(sentMsg{To: to, Text: text})
}

func (r *recorder) SendDocument(_ context.Context, to outbox.Envelope, doc outbox.Document) error {
	return r.record(sentMsg{To: to, Text: doc.Caption, Doc: &doc})
}

// SendFile records a file sent again, with what its path holds then.
func (r *recorder) SendFile(_ context.Context, to outbox.Envelope, f outbox.File) error {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return outbox.Permanent(err)
	}
	return r.record(sentMsg{To: to, Text: f.Caption, File: &f, FileData: data})
}

// SendReaction records a reaction as the console prints it.
func (r *recorder) SendReaction(_ context.Context, to outbox.Envelope, emoji string) error {
	return r.record(sentMsg{To: to, Text: "(reacts " + emoji + ")", Reaction: emoji})
}

func (r *recorder) record(m sentMsg) error {
	r.mu.Lock()
	fail := r.fail
	r.mu.Unlock()
	if fail != nil { // outside the lock: a hook may block, as a network does
		if err := fail(m.To); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	m.At = r.clock.Now()
	r.sent = append(r.sent, m)
	return nil
}

// failWith sets the hook that decides whether a send fails.
func (r *recorder) failWith(f func(outbox.Envelope) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = f
}

func (r *recorder) JoinGroup(_ context.Context, link string) (GroupInfo, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.joined = link
	return r.join, r.joinErr
}
func (r *recorder) Groups(context.Context) ([]GroupInfo, error) { return nil, nil }

func (r *recorder) messages() []sentMsg {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sentMsg(nil), r.sent...)
}

// harness is a bot on real SQLite and the real texts, with a recording
// transport and a manual clock.
type harness struct {
	bot   *Bot
	store *store.Store
	clock *ManualClock
	tr    *recorder
	n     int
	path  string // the database file
}

func newHarness(t testing.TB, edit func(*config.Config)) *harness {
	t.Helper()
	return newHarnessAt(t, filepath.Join(t.TempDir(), store.FileName), edit)
}

// newHarnessAt is newHarness on the database at path.
func newHarnessAt(t testing.TB, path string, edit func(*config.Config)) *harness {
	t.Helper()
	return newHarnessFrom(t, path, t0, edit)
}

// newHarnessFrom is newHarnessAt with the clock starting at start.
func newHarnessFrom(t testing.TB, path string, start time.Time, edit func(*config.Config)) *harness {
	t.Helper()
	h, err := buildHarness(path, start, edit, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.store.Close() })
	return h
}

// buildHarness builds a harness on the database at path, logging to log
// (nil: nowhere); the caller closes its store.
func buildHarness(path string, start time.Time, edit func(*config.Config), log *slog.Logger) (*harness, error) {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	cfg := config.Demo()
	if edit != nil {
		edit(cfg)
	}
	texts, err := NewTexts()
	if err != nil {
		return nil, err
	}
	clock := NewManualClock(start)
	tr := &recorder{clock: clock}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b, err := New(ctx, Deps{Config: cfg, Store: st, Transport: tr, Clock: clock, Texts: texts, Logger: log})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &harness{bot: b, store: st, clock: clock, tr: tr, path: path}, nil
}

// say delivers text from user in chat (a group key, or "" for a DM) and
// sends whatever is due.
func (h *harness) say(t testing.TB, user, chat, text string) Message {
	t.Helper()
	m := h.message(t, user, chat, text)
	h.deliver(t, m)
	return m
}

// message is what say delivers.
func (h *harness) message(t testing.TB, user, chat, text string) Message {
	t.Helper()
	h.n++
	m := Message{Sender: user, SenderName: "Name " + user, Text: text, ID: fmt.Sprintf("in%d", h.n), Time: h.clock.Now()}
	if chat == "" {
		m.Chat = user
	} else {
		g, err := h.store.GroupByKey(context.Background(), chat)
		if err != nil {
			t.Fatalf("no group %s: %v", chat, err)
		}
		m.Chat, m.Group = g.JID, true
	}
	return m
}

func (h *harness) deliver(t testing.TB, m Message) {
	t.Helper()
	h.bot.Handle(context.Background(), m)
	h.drain(t)
}

// drain sends everything, moving the clock through pacing waits.
func (h *harness) drain(t testing.TB) {
	t.Helper()
	for range 10000 {
		next, ok, err := h.bot.Sender().SendDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
		h.clock.Set(next)
	}
	t.Fatal("outbox never drained")
}

// unlimited lifts the command limits and answers every repeat, for tests
// of what lies past them (pacing, order, crashes), which send one
// member's commands in bursts on a clock that stands still.
func unlimited(c *config.Config) {
	c.Limits = config.Limits{CommandsPerMinute: 1 << 20, CommandsPerHour: 1 << 20, WelcomesPerDay: 1 << 20}
}

// edits applies each edit in turn.
func edits(fs ...func(*config.Config)) func(*config.Config) {
	return func(c *config.Config) {
		for _, f := range fs {
			f(c)
		}
	}
}

// storeViewerAll sees every Lab-wide item.
func storeViewerAll() store.Viewer { return store.Viewer{} }

// wroteLabbot makes user a member of group who has written labbot a
// direct message, as members who use what comes by direct message (the
// digest, an RSVP's invitation and reminders) have: WhatsApp refuses most
// first messages, so labbot offers those only once she has written.
func (h *harness) wroteLabbot(t *testing.T, user, group string) {
	t.Helper()
	h.say(t, user, group, "hello")
	h.say(t, user, "", "hello")
}
