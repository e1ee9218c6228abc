package bot

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"labbot/store"
	"labbot/store/storetest"
)

// stranger is a number labbot keeps nowhere but in the rows sent to her.
const stranger = "+15550000999"

// cells reads every value of every table of the database at path, with
// plain SQL.
func cells(t *testing.T, path string) []storetest.Cell { return storetest.Cells(t, path, nil) }

// Issue 13: a sensitive row waiting in the outbox (WhatsApp down, a pause)
// held her number and "your question Q1 has a new answer" in the clear, so
// a copy of labbot.db taken then named her. It waits sealed, and the
// transport still gets it whole.
func TestSensitiveRowWaitsSealed(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	until := h.clock.Now().Add(time.Hour)
	h.bot.Sender().PauseUntil(until)
	notice := "Your question *Q1* has a new answer (*A1*):\n> We found a sponsor"
	for _, m := range []store.Outgoing{
		{Chat: stranger, Body: notice, QuoteID: "in9", QuoteSender: stranger, QuoteText: "!ask anon rent money", Sensitive: true},
		// Meant for a member she is not: the sender must see the audience to drop it.
		{Chat: stranger, Body: notice, Sensitive: true, Audience: store.Audience{Member: 42}},
	} {
		if err := h.bot.queue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	secrets := []string{"15550000999", "new answer", "sponsor", "rent money"}
	for _, f := range []string{h.path, h.path + "-wal"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("%s holds %q while the row waits", filepath.Base(f), s)
			}
		}
	}
	for _, c := range cells(t, h.path) {
		short := []string{"Q1"}
		if c.Table == "outbox" && c.Column == "sealed" {
			short = nil // ciphertext: random bytes hold any two-letter run now and then
		}
		for _, s := range append(secrets, short...) {
			if strings.Contains(c.Value, s) {
				t.Errorf("%s.%s holds %q while the row waits", c.Table, c.Column, s)
			}
		}
	}

	h.clock.Set(until)
	h.drain(t)
	msgs := h.tr.messages()
	if len(msgs) != 1 || msgs[0].To.Chat != stranger || msgs[0].Text != notice || msgs[0].To.QuoteSender != stranger ||
		msgs[0].To.QuoteText != "!ask anon rent money" {
		t.Errorf("sent %+v; want the first row alone, whole, to her", msgs)
	}
}

// Issue 13: a backup taken while sending is paused, after she asked
// anonymously and someone answered, names her nowhere: her confirmation
// and her notice wait sealed. Once sending resumes she gets both.
func TestBackupWhileSendingPausedNamesNoAnonymousAsker(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	h.say(t, zainab, "nairobi", "hello")
	h.say(t, amina, "nairobi", "hello")
	h.say(t, zainab, "", "!ask anon How do we pay rent?")
	prompt := h.lastTo(t, zainab).To.ID
	before := len(h.tr.messages())
	until := h.clock.Now().Add(time.Hour)
	h.bot.Sender().PauseUntil(until)
	choice := h.message(t, zainab, "", "1")
	choice.QuotedID = prompt
	h.bot.Handle(ctx, choice)
	h.bot.Handle(ctx, h.message(t, amina, "nairobi", "!answer Q1 A reserve fund"))

	dest := filepath.Join(t.TempDir(), "backup.db")
	if _, err := store.Backup(ctx, h.path, dest); err != nil {
		t.Fatal(err)
	}
	digits := strings.TrimPrefix(zainab, "+")
	sealed := 0
	for _, c := range cells(t, dest) {
		switch {
		case c.Table == "outbox" && c.Column == "sealed":
			sealed++
		case c.Table == "outbox" && strings.Contains(c.Value, digits):
			t.Errorf("the backup's outbox names her: %s %q", c.Column, c.Value)
		case strings.Contains(c.Value, digits) && strings.Contains(c.Value, "Q1"):
			t.Errorf("the backup ties her to Q1: %s.%s %q", c.Table, c.Column, c.Value)
		case strings.Contains(c.Value, "new answer") || strings.Contains(c.Value, "without your name"):
			t.Errorf("the backup keeps what was told her: %s.%s %q", c.Table, c.Column, c.Value)
		}
	}
	if sealed != 2 {
		t.Errorf("%d sealed rows in the backup, want 2: her confirmation and her notice", sealed)
	}

	h.clock.Set(until)
	h.drain(t)
	after := h.tr.messages()[before:]
	if countTo(after, zainab, "without your name") != 1 || countTo(after, zainab, "new answer") != 1 {
		t.Errorf("after the pause she got %+v; want her confirmation and her notice", after)
	}
}

// A sealed row whose key was lost (labbot.key deleted, a new one made) is
// given up on, never sent blank, and the outbox keeps no number for it.
func TestSealedRowWithALostKeyIsGivenUpOn(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	h := newHarnessAt(t, path, nil)
	if err := h.bot.queue(context.Background(), store.Outgoing{Chat: stranger, Body: "Your question Q1 has a new answer", Sensitive: true}); err != nil {
		t.Fatal(err)
	}
	h.store.Close()
	if err := os.Remove(filepath.Join(filepath.Dir(path), store.KeyFileName)); err != nil {
		t.Fatal(err)
	}
	h = newHarnessAt(t, path, nil)
	h.drain(t)
	if msgs := h.tr.messages(); len(msgs) != 0 {
		t.Errorf("sent %+v; want nothing", msgs)
	}
	v := openAuthzDB(t, path)
	if rows := v.rows(t, `SELECT id FROM outbox WHERE failed_at IS NULL OR sealed IS NOT NULL OR instr(last_error, '5550') > 0`); len(rows) > 0 {
		t.Errorf("rows not given up on, or still sealed, or naming a number: %q", rows)
	}
}
