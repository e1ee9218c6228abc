package bot

import (
	"context"
	"testing"

	"labbot/store"
)

// Whatever a text or a document's caption holds when it is queued, no
// person's WhatsApp ID reaches the transport; the rest goes as written.
func TestSentTextsPassThePrivacyFilter(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	rows := []store.Outgoing{
		{Chat: "c@g.us", Body: "ask 15550001234@s.whatsapp.net or 123456789012345@lid, or call +15550001234"},
		{Chat: "c@g.us", Body: "from 15550001234:3@s.whatsapp.net", DocName: "e.ics", DocMIME: "text/calendar", DocData: []byte("x")},
	}
	for _, row := range rows {
		if err := h.bot.queue(ctx, row); err != nil {
			t.Fatal(err)
		}
	}
	h.drain(t)
	got := texts(h.tr.messages())
	want := []string{"ask [removed] or [removed], or call +15550001234", "from [removed]"}
	if len(got) != len(want) {
		t.Fatalf("sent %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sent %q, want %q", got[i], want[i])
		}
	}
}
