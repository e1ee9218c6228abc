// Package console is labbot's local simulator: it reads a member's messages
// and the simulator's directives from stdin and prints what labbot sends,
// running the whole bot on a simulated clock. DESIGN.md fixes the protocol.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/store"
)

const (
	groupSuffix = "@g.us"
	clockKey    = "console.clock"
	inPrefix    = "in" // incoming message IDs: in1, in2, …
	outPrefix   = "m"  // labbot's message IDs: m1, m2, …
	// DemoPhone and DemoName are who the console speaks as until :as.
	DemoPhone = "+15550000100"
	DemoName  = "Amina"
	// maxLine bounds one input line; WhatsApp's own limit (65,536
	// characters) is well below it.
	maxLine = 1 << 20
)

// Options is what a console is built from.
type Options struct {
	Config *config.Config
	Store  *store.Store
	Texts  *bot.Texts
	Out    io.Writer // labbot's messages, and nothing else
	Notes  io.Writer // the simulator's own notices
	Logger *slog.Logger
	// Now, when set, is the simulated time to start at; otherwise the time
	// kept in the data directory, or the wall clock on a fresh one.
	Now time.Time
}

// Console runs the bot against a scripted or typed conversation.
type Console struct {
	cfg   *config.Config
	store *store.Store
	bot   *bot.Bot
	clock *bot.ManualClock
	notes io.Writer
	chats *chats
	tr    *transport

	phone, name string       // who speaks
	chat        string       // where: a group's chat ID, or "" for a direct message
	last        *bot.Message // the last message delivered, for :redeliver
	inIDs       *inIDs       // incoming message IDs
	savedClock  time.Time    // the simulated time last kept in the data directory
	// files are the files members sent with :file, by message ID, for a
	// quote-reply to carry as WhatsApp's quote does (issue 17).
	files map[string]*bot.InFile
	// fileFrom is who sent each of files, so a quote of another's says so.
	fileFrom map[string]string
}

// New builds the bot on a simulated clock and the console transport.
func New(ctx context.Context, o Options) (*Console, error) {
	start, fresh, err := startTime(ctx, o.Store, o.Now)
	if err != nil {
		return nil, err
	}
	names := &chats{store: o.Store, registered: map[string]string{}, unregistered: map[string]string{},
		participants: map[string][]string{}}
	c := &Console{
		cfg: o.Config, store: o.Store, clock: bot.NewManualClock(start), notes: o.Notes, chats: names,
		phone: DemoPhone, name: DemoName, files: map[string]*bot.InFile{}, fileFrom: map[string]string{},
	}
	tr := &transport{out: o.Out, names: names}
	c.tr = tr
	// IDs continue past those of earlier runs, a killed one's included.
	if c.inIDs, err = loadInIDs(ctx, o.Store); err != nil {
		return nil, err
	}
	if tr.lastID, err = o.Store.MaxMessageNumber(ctx, outPrefix); err != nil {
		return nil, err
	}
	tr.firstID = tr.lastID
	c.bot, err = bot.New(ctx, bot.Deps{
		Config: o.Config, Store: o.Store, Transport: tr, Clock: c.clock, Texts: o.Texts,
		Logger: slog.New(simulatedTime{o.Logger.Handler(), c.clock}),
	})
	if err != nil {
		return nil, err
	}
	if len(o.Config.Groups) > 0 {
		if err := c.startIn(ctx, o.Config.Groups[0].Key, fresh); err != nil {
			return nil, err
		}
	}
	// Rows a killed run left behind go out before anything new is read.
	if err := c.drain(ctx); err != nil {
		return nil, err
	}
	return c, c.saveClock(ctx)
}

// startIn puts the console in the config's first group. On a data
// directory the console has not run on before, the demo member starts as
// one of its participants, as if WhatsApp had told labbot she joined (the
// path of :add): the greeting says she is a member, and her first direct
// message is a member's (issue 18). Later runs leave her as the last left
// her: after :leave or !forget she stays out.
func (c *Console) startIn(ctx context.Context, key string, fresh bool) error {
	id, _, err := c.chats.groupID(ctx, key)
	c.chat = id
	if err != nil || !fresh {
		return err
	}
	c.chats.joined(id, DemoPhone)
	return c.bot.MembersJoined(ctx, id, []string{DemoPhone})
}

// startTime is --now if given, else where the last run on this data
// directory stopped, else the wall clock. fresh says that no run of the
// console has kept its clock there.
func startTime(ctx context.Context, st *store.Store, now time.Time) (start time.Time, fresh bool, err error) {
	v, err := st.State(ctx, clockKey)
	fresh = errors.Is(err, store.ErrNotFound)
	switch {
	case !now.IsZero():
		return now, fresh, nil
	case fresh:
		return time.Now().UTC().Truncate(time.Second), true, nil
	case err != nil:
		return time.Time{}, false, err
	}
	start, err = time.Parse(time.RFC3339Nano, v)
	return start, false, err
}

// Run handles input line by line, each completely (every send it causes
// included) before the next, and returns at end of input with the outbox
// drained, or when ctx ends (Ctrl-C), even while waiting for a line.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	lines := make(chan input)
	errc := make(chan error, 1)
	go func() { errc <- c.readLines(ctx, in, lines) }()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line, ok := <-lines:
			if !ok {
				if err := <-errc; err != nil {
					return err
				}
				return c.drain(ctx)
			}
			var err error
			if line.tooLong {
				err = c.note(fmt.Sprintf("line longer than %d bytes skipped", maxLine))
			} else {
				err = c.HandleLine(ctx, line.text)
			}
			if err != nil {
				return err
			}
		}
	}
}

// input is one line read, or the news that one was too long to read.
type input struct {
	text    string
	tooLong bool
}

// readLines sends each line of in to lines, then closes it.
func (c *Console) readLines(ctx context.Context, in io.Reader, lines chan<- input) error {
	defer close(lines)
	r := bufio.NewReaderSize(in, maxLine)
	for {
		line, err := r.ReadSlice('\n')
		var next input
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			next = input{tooLong: true}
		case len(line) > 0:
			next = input{text: strings.TrimSuffix(string(line), "\n")}
		}
		if next != (input{}) {
			select {
			case lines <- next:
			case <-ctx.Done():
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read input: %w", err)
		}
	}
}

// HandleLine handles one input line: a directive, or a message from the
// current member in the current chat.
func (c *Console) HandleLine(ctx context.Context, line string) error {
	line = strings.TrimRight(line, "\r")
	var err error
	switch {
	case strings.TrimSpace(line) == "":
		return nil
	case strings.HasPrefix(line, ":"):
		err = c.directive(ctx, line)
	default:
		err = c.say(ctx, line, "")
	}
	if err != nil {
		return err
	}
	if err := c.drain(ctx); err != nil {
		return err
	}
	return c.saveClock(ctx)
}

// saveClock keeps the simulated time in the data directory, for the next run.
func (c *Console) saveClock(ctx context.Context) error {
	now := c.clock.Now()
	if now.Equal(c.savedClock) {
		return nil
	}
	c.savedClock = now
	return c.store.SetState(ctx, clockKey, now.Format(time.RFC3339Nano))
}

// say delivers text from the current member, quoting quoted if set (and
// the file quoted carries, as WhatsApp's quote does).
func (c *Console) say(ctx context.Context, text, quoted string) error {
	f := c.files[quoted]
	if f != nil && c.fileFrom[quoted] != c.phone {
		other := *f
		other.FromOther = true
		f = &other
	}
	_, err := c.deliver(ctx, text, quoted, f)
	return err
}

// deliver hands the core a message from the current member, and returns
// its ID.
func (c *Console) deliver(ctx context.Context, text, quoted string, file *bot.InFile) (string, error) {
	id, err := c.inIDs.next(ctx)
	if err != nil {
		return "", err
	}
	m := bot.Message{
		Chat: c.chat, Group: c.chat != "", Sender: c.phone, SenderName: c.name,
		Text: text, QuotedID: quoted, ID: id, Time: c.clock.Now(), File: file,
	}
	if !m.Group {
		m.Chat = c.phone
	} else {
		c.chats.joined(m.Chat, m.Sender)
	}
	c.last = &m
	c.bot.Handle(ctx, m)
	return id, nil
}

// drain does the scheduled work due now and sends everything queued,
// letting pacing waits pass on the simulated clock.
func (c *Console) drain(ctx context.Context) error {
	_, err := c.runUntil(ctx, time.Time{})
	return err
}

// runUntil runs what falls due, in order, moving the clock to each time
// something does: scheduled work (digests, reminders), then the sends it
// and earlier work queued. It stops at target, which it moves the clock
// to; with target zero it only drains the outbox, and the clock moves no
// further than pacing needs.
func (c *Console) runUntil(ctx context.Context, target time.Time) (time.Time, error) {
	for {
		if err := c.bot.CatchUp(ctx); err != nil {
			return time.Time{}, err
		}
		next, ok, err := c.bot.Sender().SendDue(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if ok && !next.After(c.clock.Now()) {
			// SendDue sends all that is due now: a row due now and unsent
			// is a bug, and would spin this loop.
			return time.Time{}, fmt.Errorf("outbox: a row due at %v was not sent", next)
		}
		if !target.IsZero() {
			job, err := c.bot.NextScheduled(ctx, c.clock.Now())
			if err != nil {
				return time.Time{}, err
			}
			if !job.IsZero() && (!ok || job.Before(next)) {
				next, ok = job, true
			}
		}
		if !ok || (!target.IsZero() && next.After(target)) {
			break
		}
		c.clock.Set(next)
	}
	if !target.IsZero() {
		c.clock.Set(target)
		if err := c.bot.CatchUp(ctx); err != nil {
			return time.Time{}, err
		}
	}
	return c.clock.Now(), nil
}
