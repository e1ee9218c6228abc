package whatsapp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
	"labbot/bot/outbox"
)

// drainAll sends everything the bot queued, moving clock through waits.
func drainAll(t *testing.T, b *bot.Bot, clock *bot.ManualClock) {
	t.Helper()
	for range 1000 {
		next, ok, err := b.Sender().SendDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
		clock.Set(next)
	}
	t.Fatal("outbox never drained")
}

// Issue 14 point 6: WhatsApp refuses a first message to a member who never
// wrote labbot (463), as the pinned whatsmeow returns it: the message is
// tried once, given up on, and staff's !stats names her (by name, never
// number). An invalid message (479) is tried once too, but says nothing of
// her: staff are not told.
func TestFirstMessageRefusedIsPermanentAndShownToStaff(t *testing.T) {
	for _, code := range []int{463, 479} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			ctx := context.Background()
			author := types.NewJID("15550000300", types.DefaultUserServer)
			f := &fakeClient{refuse: map[types.JID]error{author: fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, code)}}
			clock := bot.NewManualClock(at)
			b := testBot(t, f, clock)
			say := func(chat, sender types.JID, name, id, text string) {
				evt := event(chat, sender, types.EmptyJID, &waE2E.Message{Conversation: proto.String(text)})
				evt.Info.ID, evt.Info.PushName = id, name
				m, _ := toMessage(ctx, evt, nil)
				b.Handle(ctx, m)
				drainAll(t, b, clock)
			}
			say(group, author, "Wanjiru", "T", "!tip Save a little every month")
			say(group, phone, "Amina", "TR", "!translate T1 es Ahorra un poco cada mes")
			if n := f.tries[author]; n != 1 {
				t.Fatalf("the notice to the tip's author was tried %d times, want once", n)
			}
			staff := types.NewJID("15550000001", types.DefaultUserServer)
			say(staff, staff, "Ana", "S", "!stats")
			last := f.sent[len(f.sent)-1]
			text := last.msg.GetConversation()
			refusal := "WhatsApp refused a first message to 1 member in the last 30 days: Wanjiru."
			if last.to != staff || strings.Contains(text, refusal) != (code == 463) {
				t.Errorf("staff's !stats = %q, want the refusal counted and Wanjiru named only for a 463", text)
			}
			if strings.Contains(text, "15550000300") {
				t.Errorf("!stats shows her number: %q", text)
			}
		})
	}
}

func TestSendErrorKinds(t *testing.T) {
	server := func(code int) error { return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, code) }
	for _, tc := range []struct {
		err             error
		permanent, slow bool
	}{
		{server(463), true, false},
		{server(479), true, false},
		{server(429), false, true},
		{whatsmeow.ErrIQRateOverLimit, false, true},
		{server(500), false, false},
	} {
		got := sendError(tc.err)
		if outbox.IsPermanent(got) != tc.permanent || outbox.IsPause(got) != tc.slow {
			t.Errorf("sendError(%v) = %v: permanent %v, pause %v; want %v, %v", tc.err, got, outbox.IsPermanent(got), outbox.IsPause(got), tc.permanent, tc.slow)
		}
	}
}
