package bot

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/bot/outbox"
	"labbot/store"
)

const (
	grace = "+15550000500" // in nairobi and in bogota, made private
	uwase = "+573000000002"
)

// audienceHarness is the demo Lab with bogota private, Grace in nairobi
// and bogota, Uwase in bogota, and the schedule looked at once.
func audienceHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true })
	if err := h.bot.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.say(t, grace, "nairobi", "hello")
	h.say(t, grace, "bogota", "hola")
	h.say(t, uwase, "bogota", "hola")
	return h
}

// leave is WhatsApp saying that Grace left bogota.
func (h *harness) leave(t *testing.T, user, jid string) {
	t.Helper()
	if err := h.bot.MembersLeft(context.Background(), jid, []string{user}); err != nil {
		t.Fatal(err)
	}
}

// handleOnly hands text from user in chat (a group's JID, or "" for a
// DM) to the bot, and sends nothing yet.
func (h *harness) handleOnly(user, chat, text string) {
	h.n++
	m := Message{Chat: user, Sender: user, SenderName: "Name " + user, Text: text, ID: fmt.Sprintf("held%d", h.n), Time: h.clock.Now()}
	if chat != "" {
		m.Chat, m.Group = chat, true
	}
	h.bot.Handle(context.Background(), m)
}

// droppedFor reports how many outbox rows to chat were given up on
// because their reader was gone.
func droppedFor(t *testing.T, h *harness, chat string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+h.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM outbox WHERE chat = ? AND failed_at IS NOT NULL AND last_error = ?`,
		chat, outbox.AudienceGone).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAudienceCheckedWhenMessagesLeave queues what carries a private
// group's content to Grace, then lets her leave the group (or be
// forgotten) before it is sent: nothing of it reaches her.
func TestAudienceCheckedWhenMessagesLeave(t *testing.T) {
	tests := []struct {
		name  string
		queue func(t *testing.T, h *harness) // queues rows for Grace and sends none
		left  string                         // what must not reach her
		then  func(t *testing.T, h *harness) // what takes her out of the audience
		// kept: the row stays in the outbox, given up on. (Forgetting her
		// may delete her rows instead: either way nothing reaches her.)
		kept bool
	}{
		{"answer notice", func(t *testing.T, h *harness) {
			h.say(t, grace, "nairobi", "!ask Where can a woman stay tonight?")
			// Kept in bogota, of which Grace is a member: she is told by DM.
			h.handleOnly(uwase, bogotaJID, "!responder Q1 the shelter is at 5 rue des Palmiers, code 1234")
		}, "Palmiers", func(t *testing.T, h *harness) { h.leave(t, grace, bogotaJID) }, true},
		{"reminder by DM", func(t *testing.T, h *harness) {
			h.say(t, ana, "bogota", "!evento 2026-12-09 15:00 Círculo de cuidado en la casa de Rosa")
			h.say(t, grace, "", "!ayuda") // she has written labbot: reminders may come by direct message
			h.say(t, grace, "bogota", "!asistir E1")
			h.clock.Set(time.Date(2026, 12, 8, 20, 0, 0, 0, time.UTC)) // 24 hours before
			if err := h.bot.CatchUp(context.Background()); err != nil {
				t.Fatal(err)
			}
		}, "Rosa", func(t *testing.T, h *harness) { h.leave(t, grace, bogotaJID) }, true},
		// Review: the notice of a translation of her item, in a private
		// group, was checked only when queued.
		{"translation notice", func(t *testing.T, h *harness) {
			h.say(t, grace, "bogota", "!consejo El refugio de la calle 5 abre de noche")
			h.handleOnly(uwase, bogotaJID, "!traducir T1 en The shelter on 5th street opens at night")
		}, "shelter", func(t *testing.T, h *harness) { h.leave(t, grace, bogotaJID) }, true},
		{"RSVP file", func(t *testing.T, h *harness) {
			h.say(t, ana, "bogota", "!evento 2026-12-09 15:00 Círculo de cuidado en la casa de Rosa")
			h.say(t, grace, "", "!ayuda") // she has written labbot: the file may go by direct message
			h.handleOnly(grace, bogotaJID, "!asistir E1")
		}, "Rosa", func(t *testing.T, h *harness) { h.leave(t, grace, bogotaJID) }, true},
		{"digest by DM", func(t *testing.T, h *harness) {
			h.say(t, uwase, "bogota", "!consejo El refugio de la calle 5 abre de noche")
			h.say(t, grace, "", "!subscribe")
			// Monday 14 December, 09:00 in Nairobi (her first group).
			h.clock.Set(time.Date(2026, 12, 14, 6, 30, 0, 0, time.UTC))
			if err := h.bot.CatchUp(context.Background()); err != nil {
				t.Fatal(err)
			}
		}, "refugio", func(t *testing.T, h *harness) { h.leave(t, grace, bogotaJID) }, true},
		{"digest by DM, forgotten", func(t *testing.T, h *harness) {
			h.say(t, grace, "nairobi", "!tip Keep receipts in one folder")
			h.say(t, grace, "", "!subscribe")
			h.clock.Set(time.Date(2026, 12, 14, 6, 30, 0, 0, time.UTC))
			if err := h.bot.CatchUp(context.Background()); err != nil {
				t.Fatal(err)
			}
		}, "receipts", func(t *testing.T, h *harness) { h.handleOnly(grace, "", "!forget") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := audienceHarness(t)
			tt.queue(t, h)
			before := len(h.tr.messages())
			tt.then(t, h)
			h.clock.Set(h.clock.Now().Add(time.Hour)) // past any retry's backoff
			h.drain(t)
			for _, m := range h.tr.messages()[before:] {
				if m.To.Chat == grace && (strings.Contains(m.Text, tt.left) || m.Doc != nil) {
					t.Errorf("Grace got %q after she left", m.Text)
				}
			}
			if n := droppedFor(t, h, grace); tt.kept && n == 0 {
				t.Errorf("no row to Grace was dropped for its audience: was anything queued for her?")
			}
		})
	}
}

// TestPrivateAnswerStaysInItsGroup is issue 13's case: an answer written
// in a private group to a question from elsewhere was posted to the
// asker's group and shown Lab-wide. It stays in the private group now.
func TestPrivateAnswerStaysInItsGroup(t *testing.T) {
	h := audienceHarness(t)
	h.say(t, amina, "nairobi", "!ask Where can a woman stay tonight?")
	before := len(h.tr.messages())
	h.say(t, uwase, "bogota", "!responder Q1 the shelter is at 5 rue des Palmiers, code 1234")
	h.say(t, uwase, "bogota", "!traducir Q1 es ¿Dónde puede quedarse una mujer esta noche?")
	h.say(t, amina, "nairobi", "!show Q1")
	h.say(t, amina, "", "!show Q1")
	h.say(t, amina, "nairobi", "!questions")
	h.say(t, amina, "nairobi", "!find Palmiers")
	h.say(t, amina, "", "!show A1")
	h.say(t, grace, "bogota", "!show Q1")
	sent := h.tr.messages()[before:]
	for _, m := range sent {
		if m.To.Chat != bogotaJID && (strings.Contains(m.Text, "code 1234") || strings.Contains(m.Text, "esta noche")) {
			t.Errorf("private text reached %s: %q", m.To.Chat, m.Text)
		}
	}
	// Not even queued for her, to be dropped when it leaves.
	if n := droppedFor(t, h, amina); n != 0 {
		t.Errorf("%d messages were queued to Amina with the private answer", n)
	}
	for _, tt := range []struct{ chat, has string }{
		{bogotaJID, h.bot.texts.msg("es", "answer.kept_here", vars{"Ref": "*A1*", "Question": "*Q1*", "Answer": h.bot.answerUsage("es", store.Item{Kind: "Q", Num: 1})})},
		{bogotaJID, h.bot.texts.msg("es", "translate.private_group", vars{"Ref": "*Q1*", "Lang": h.bot.langName("es", "es")})},
		{nairobiJID, h.bot.texts.msg("en", "show.no_answers", vars{"Answer": h.bot.answerUsage("en", store.Item{Kind: "Q", Num: 1})})},
		{nairobiJID, h.bot.texts.msg("en", "questions.title", nil)}, // Q1 still open, for the Lab
		{amina, h.bot.texts.msg("en", "item.not_found", vars{"Ref": "A1"})},
		{bogotaJID, "code 1234"}, // the group reads its answer
	} {
		if countTo(sent, tt.chat, tt.has) == 0 {
			t.Errorf("nothing to %s says %q", tt.chat, tt.has)
		}
	}
}

// TestLeaverNotQueued: once she has left a private group, its reminders
// and cancellations are not even queued for her (the sender would drop
// them; queuing them would only fill the outbox with her number).
func TestLeaverNotQueued(t *testing.T) {
	h := audienceHarness(t)
	h.say(t, ana, "bogota", "!evento 2026-12-09 15:00 Círculo de cuidado en la casa de Rosa")
	h.say(t, ana, "bogota", "!evento 2026-12-10 15:00 Taller en la casa de Rosa")
	h.say(t, grace, "bogota", "!asistir E1")
	h.say(t, grace, "bogota", "!asistir E2")
	h.leave(t, grace, bogotaJID)
	before := len(h.tr.messages())
	h.say(t, ana, "", "!cancel E2")
	h.run(t, time.Date(2026, 12, 9, 21, 0, 0, 0, time.UTC))
	for _, m := range h.tr.messages()[before:] {
		if m.To.Chat == grace {
			t.Errorf("Grace got %q after she left", m.Text)
		}
	}
	if n := countTo(h.tr.messages()[before:], bogotaJID, "⏰"); n != 2 {
		t.Errorf("%d reminders in bogota, want 2", n)
	}
	if n := droppedFor(t, h, grace); n != 0 {
		t.Errorf("%d rows were queued for Grace after she left", n)
	}
}
