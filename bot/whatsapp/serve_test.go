package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/store"
)

// testBot is the whole core on a fresh store, sending through f, with the
// demo config's nairobi group as group.
func testBot(t *testing.T, f *fakeClient, clock bot.Clock) *bot.Bot {
	t.Helper()
	b, _ := testBotStore(t, f, clock)
	return b
}

// testBotStore is testBot and its store, to look at what it keeps.
func testBotStore(t *testing.T, f *fakeClient, clock bot.Clock) (*bot.Bot, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	texts, err := bot.NewTexts()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Demo()
	cfg.Groups[0].JID = group.String()
	b, err := bot.New(ctx, bot.Deps{Config: cfg, Store: st, Transport: NewTransport(&lockedClient{f: f}), Clock: clock,
		Texts: texts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return b, st
}

// lockedClient lets the inbox's chats, served in parallel, share a fake.
type lockedClient struct {
	mu sync.Mutex
	f  *fakeClient
}

func (c *lockedClient) GenerateMessageID() types.MessageID {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.GenerateMessageID()
}

func (c *lockedClient) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.SendMessage(ctx, to, msg, extra...)
}

func (c *lockedClient) Upload(ctx context.Context, data []byte, t whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.Upload(ctx, data, t)
}

func (c *lockedClient) UploadReader(ctx context.Context, r io.Reader, tmp io.ReadWriteSeeker, t whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.UploadReader(ctx, r, tmp, t)
}

func (c *lockedClient) DownloadToFile(ctx context.Context, msg whatsmeow.DownloadableMessage, file whatsmeow.File) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.DownloadToFile(ctx, msg, file)
}

func (c *lockedClient) BuildReaction(chat, sender types.JID, id types.MessageID, reaction string) *waE2E.Message {
	return c.f.BuildReaction(chat, sender, id, reaction)
}

func (c *lockedClient) JoinGroupWithLink(ctx context.Context, code string) (types.JID, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.JoinGroupWithLink(ctx, code)
}

func (c *lockedClient) GetGroupInfoFromLink(ctx context.Context, code string) (*types.GroupInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.GetGroupInfoFromLink(ctx, code)
}

func (c *lockedClient) GetJoinedGroups(ctx context.Context) ([]*types.GroupInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.GetJoinedGroups(ctx)
}

func (c *lockedClient) GetUserInfo(ctx context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.GetUserInfo(ctx, jids)
}

func (c *lockedClient) SendPresence(ctx context.Context, state types.Presence) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.SendPresence(ctx, state)
}

// Real whatsmeow events, through Serve, reach the real core; a logout ends
// Serve with what to do, once what WhatsApp handed over has been handled.
func TestServeHandsEventsToTheCore(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	clock := bot.NewManualClock(at)
	b := testBot(t, f, clock)
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	// No WhatsApp here: every try to connect fails at once.
	s.client.SetProxy(func(*http.Request) (*url.URL, error) { return nil, errors.New("no WhatsApp in tests") })
	ask := event(group, lid, phone, &waE2E.Message{Conversation: proto.String("!ask How do you budget for rent?")})
	ask.Info.ID = "CMD1"
	if s.handle(ask) {
		t.Fatal("a message was taken before Serve")
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, b, "", io.Discard) }()
	for deadline := time.Now().Add(10 * time.Second); !s.handle(ask); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Serve took no message in 10 s")
		}
	}
	kigali := types.NewJID("120363000000000999", types.GroupServer) // not a partner group
	s.handle(&events.JoinedGroup{GroupInfo: types.GroupInfo{JID: kigali, GroupName: types.GroupName{Name: "Kigali"}}})
	s.handle(&events.LoggedOut{})
	select {
	case err := <-served:
		if err == nil || !strings.Contains(err.Error(), "pair again") {
			t.Errorf("Serve after a logout = %v, want the logout and what to do", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve still running 10 s after a logout")
	}
	if s.handle(ask) {
		t.Error("a message was taken after Serve returned")
	}
	// The sender may have stopped before the replies were sent: what is
	// left is in the outbox.
	for range 5 {
		clock.Advance(time.Hour)
		if _, _, err := b.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	to := map[types.JID]string{}
	for _, m := range f.sent {
		to[m.to] += m.msg.GetExtendedTextMessage().GetText() + m.msg.GetConversation()
	}
	if len(f.sent) != 2 || !strings.Contains(to[group], "*Q1*") || to[kigali] == "" {
		t.Errorf("labbot sent %q; want the question confirmed in the group and a welcome in the new one", to)
	}
}

// Events the Lab has no business with are taken and reach no one.
func TestIgnoredEvents(t *testing.T) {
	s, rec := session(t, phone)
	for _, evt := range []any{
		&events.Receipt{}, &events.Presence{}, &events.ChatPresence{}, &events.HistorySync{},
		&events.OfflineSyncPreview{}, &events.OfflineSyncCompleted{},
		&events.UndecryptableMessage{}, &events.CallOffer{}, &events.NewsletterJoin{},
		event(group, phone, types.EmptyJID, &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}}),
	} {
		if !s.handle(evt) {
			t.Errorf("%T was refused", evt)
		}
	}
	if len(rec.calls) > 0 || len(rec.messages) > 0 || len(s.fatal) > 0 {
		t.Errorf("ignored events reached the core: %q, %d messages, %d fatal", rec.calls, len(rec.messages), len(s.fatal))
	}
}

// Point 1: a message is acknowledged (handle reports it taken) only once
// the core has handled it: when whatsmeow would ack it, what it shared is
// already saved, so a crash right after the ack loses nothing.
func TestMessageAckedOnlyOnceHandled(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	b, st := testBotStore(t, &fakeClient{}, bot.NewManualClock(at))
	s := idleSession(t, types.NewJID("15550009999", types.DefaultUserServer))
	s.client.SetProxy(func(*http.Request) (*url.URL, error) { return nil, errors.New("no WhatsApp in tests") })
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, b, "", io.Discard) }()
	for i := range 8 { // under her commands a minute
		tip := event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String(fmt.Sprintf("!tip Idea number %d", i))})
		tip.Info.ID = types.MessageID(fmt.Sprint("TIP", i))
		for deadline := time.Now().Add(10 * time.Second); !s.handle(tip); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("Serve took no message in 10 s")
			}
		}
		if _, err := st.ItemByRef(ctx, store.KindTip, int64(i+1)); err != nil {
			t.Fatalf("message %d was acknowledged before its tip was saved: %v", i, err)
		}
	}
	stop()
	<-served
}
