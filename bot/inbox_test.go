package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"labbot/store"
)

func TestInboxKeepsEachChatInOrder(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, unlimited)
	var mu sync.Mutex
	handled := 0
	in := h.bot.NewInbox(4, 8, func(Message, time.Duration) { mu.Lock(); handled++; mu.Unlock() })
	groups := map[string]string{"nairobi": nairobiJID, "bogota": bogotaJID, "dakar": dakarJID}
	const each = 30
	for i := range each {
		for key, jid := range groups {
			in.Add(ctx, Message{Chat: jid, Group: true, Sender: "+2547000000" + fmt.Sprint(len(key)), SenderName: key,
				Text: fmt.Sprintf("!tip %s %02d", key, i), ID: fmt.Sprintf("%s-%d", key, i), Time: t0})
		}
	}
	in.Wait()
	if handled != each*len(groups) {
		t.Fatalf("%d messages handled, want %d", handled, each*len(groups))
	}
	h.drain(t)
	// Each chat's tips were numbered in the order they were sent there.
	for key := range groups {
		last := 0
		for i := range each {
			found, err := h.store.Search(ctx, storeViewerAll(), fmt.Sprintf("%s %02d", key, i), 1)
			if err != nil || len(found) != 1 || !strings.HasSuffix(found[0].Body, fmt.Sprintf("%02d", i)) {
				t.Fatalf("tip %s %02d not found: %v %v", key, i, found, err)
			}
			if int(found[0].Num) <= last {
				t.Errorf("%s: tip %d numbered T%d after T%d: handled out of order", key, i, found[0].Num, last)
			}
			last = int(found[0].Num)
		}
	}
}

func TestInboxRunsAChatsChangeInItsTurn(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, unlimited)
	var mu sync.Mutex
	handled := map[string]int{}
	in := h.bot.NewInbox(2, 64, func(m Message, _ time.Duration) { mu.Lock(); handled[m.Chat]++; mu.Unlock() })
	for i := range 20 {
		in.Add(ctx, Message{Chat: nairobiJID, Group: true, Sender: amina, Text: "!help", ID: fmt.Sprint("n", i), Time: t0})
	}
	seen := -1
	in.Do(ctx, nairobiJID, func(context.Context) { mu.Lock(); seen = handled[nairobiJID]; mu.Unlock() })
	in.Wait()
	if seen != 20 {
		t.Errorf("the change ran after %d of the 20 messages queued before it, want all", seen)
	}
}

// AddHandled returns once the message is handled, or reports false when
// its time ends first; a message queued then is still handled.
func TestInboxAddHandledWaitsForTheCore(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, unlimited)
	in := h.bot.NewInbox(2, 64, nil)
	tip := Message{Chat: nairobiJID, Group: true, Sender: amina, SenderName: "Amina", Text: "!tip Rotate who chairs", ID: "tip1", Time: t0}
	if !in.AddHandled(ctx, tip) {
		t.Fatal("a message was not handled")
	}
	if _, err := h.bot.store.ItemByRef(ctx, store.KindTip, 1); err != nil {
		t.Fatalf("AddHandled returned before the tip was saved: %v", err)
	}
	// A change that holds the chat: the next message waits past its time.
	release := make(chan struct{})
	in.Do(ctx, nairobiJID, func(context.Context) { <-release })
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	tip.ID, tip.Text = "tip2", "!tip Share the minutes the same day"
	if in.AddHandled(short, tip) {
		t.Error("AddHandled reported a message handled while its chat was held")
	}
	close(release)
	in.Wait()
	if _, err := h.bot.store.ItemByRef(ctx, store.KindTip, 2); err != nil {
		t.Errorf("the message queued when its time ended was not handled: %v", err)
	}
}

// A message whose handling failed (the store gone: a full disk, a broken
// file) is not reported handled: WhatsApp should deliver it again, not be
// told it arrived.
func TestInboxAddHandledReportsAFailure(t *testing.T) {
	h := newHarness(t, unlimited)
	in := h.bot.NewInbox(2, 64, nil)
	h.say(t, amina, "nairobi", "hello")
	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	tip := Message{Chat: nairobiJID, Group: true, Sender: amina, SenderName: "Amina", Text: "!tip Rotate who chairs", ID: "tip1", Time: t0}
	if in.AddHandled(context.Background(), tip) {
		t.Error("a message the store could not take was reported handled")
	}
}
