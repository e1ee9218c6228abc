package bot

import (
	"context"
	"sync"
	"time"

	"labbot/bot/outbox"
	"labbot/internal/filestore"
)

// Message is one incoming message, as any transport delivers it.
type Message struct {
	Chat   string // a group's chat ID, or the sender's user ID in a direct message
	Group  bool   // Chat is a group
	Sender string // user ID: a phone number in + form when the transport knows it
	// SenderAlt is her other user ID ("lid:…") when the transport knows
	// both forms: the core keeps one member for the two (see SameMember).
	SenderAlt string
	// SenderAddr is the transport's own address for her, exactly as the
	// message came (on WhatsApp her JID, @lid in a group that hides
	// numbers): opaque to the core, which never shows it, only hands it
	// back to quote her.
	SenderAddr string
	SenderName string // the name she shows in WhatsApp
	Text       string
	QuotedID   string    // the message this one quotes, if any
	ID         string    // unique per chat and sender; an edit's is the original's
	Time       time.Time // when it was sent (an edit: when it was edited)
	// Edit is set when the message is an edit of message ID: it is handled
	// only when it makes a command and labbot did not run the original.
	Edit bool

	// File is the file the message carries (its caption is Text), or
	// the file it quotes, as the transport describes it; nil for none
	// (issue 17). The core fetches it only for a command that keeps it.
	File *InFile
}

// InFile is a file a member shared, not fetched yet.
type InFile struct {
	Kind string // document, image, audio or voice (see internal/filetype)
	MIME string
	Name string // as she sent it; "" for most images and voice notes
	Size int64  // as the transport announces it; 0 when unknown
	// FromOther is set for a quoted file another member sent: labbot keeps
	// no one's voice note but from the one who recorded it (issue 17).
	FromOther bool
	// Fetch downloads the file into f. It fails when WhatsApp no longer
	// has it (media links expire): she is asked to send it again.
	Fetch func(ctx context.Context, f filestore.Sink) error
}

// GroupInfo is a group as the transport sees it.
type GroupInfo struct {
	ID           string
	Name         string
	Participants []string // user IDs
	Pending      bool     // joining waits for an admin's approval
}

// askTransport bounds a question a command asks the transport (join a
// group, list the groups): a stop waits for the commands under way.
const askTransport = 20 * time.Second

// Transport is what the core needs from WhatsApp, or from the console that
// stands in for it.
type Transport interface {
	outbox.Transport
	// NewMessageID returns the ID a message will carry; the outbox keeps it,
	// so a retried send is the same message.
	NewMessageID(ctx context.Context) (string, error)
	JoinGroup(ctx context.Context, link string) (GroupInfo, error)
	Groups(ctx context.Context) ([]GroupInfo, error)
}

// Clock tells the time. The console and tests move theirs by hand.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a clock that only moves when told to.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock stopped at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t.UTC()} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t; it never goes back.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t.UTC()
	}
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }
