package bot

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"labbot/textlang"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
)

const (
	authzMemberB         = "+15550000300" // speaks only in bogota, which is private
	authzUnregisteredJID = "999@g.us"
	// authzUnregistered is a chat: a group that is not a partner group.
	authzUnregistered = "unregistered group"
)

// authzActor is someone who writes to labbot in the authorization matrix.
type authzActor struct {
	name            string
	user            string
	lang            string // the language labbot answers her in
	staff, stranger bool
	chats           []string // where she writes: a group key, "" for a DM, or authzUnregistered
}

// authzActors are a stranger, a member of the Lab-wide nairobi, a member
// of the private bogota (who chose Spanish) and a staff member. A stranger
// has no partner group to write in: speaking in one makes her a member.
func authzActors() []authzActor {
	return []authzActor{
		{name: "stranger", user: nobody, stranger: true, chats: []string{"", authzUnregistered}},
		{name: "member A", user: amina, lang: "en", chats: []string{"nairobi", "", authzUnregistered}},
		{name: "member B", user: authzMemberB, lang: "es", chats: []string{"bogota", ""}},
		{name: "staff", user: ana, lang: "en", staff: true, chats: []string{"nairobi", "", authzUnregistered}},
	}
}

func authzChatName(chat string) string {
	if chat == "" {
		return "DM"
	}
	return chat
}

// authzPrivateBogota is the demo config with bogota private.
func authzPrivateBogota(c *config.Config) { c.Groups[1].Private = true }

// authzFixtures gives every command something to act on: T1, Q1 and R1
// shared by member A in nairobi (Lab-wide), T2 by member B in bogota
// (private), E1 for every group and E2 for bogota alone, N1 scheduled;
// member A subscribed and coming to E1, member B writing in Spanish; Q2
// asked anonymously by member A, to the whole Lab; A1 and A2 answer Q1
// and Q2, by staff.
func authzFixtures(t *testing.T, h *harness) {
	t.Helper()
	for _, s := range []struct{ user, chat, text string }{
		{amina, "nairobi", "!tip Keep every receipt in one folder #budget"},
		{amina, "nairobi", "!ask How do you find volunteers?"},
		{amina, "nairobi", "!resource https://example.org/budget Budget template #budget"},
		{authzMemberB, "bogota", "!tip Our emergency fund covers three months #budget"},
		{authzMemberB, "bogota", "!lang es"},
		{ana, "nairobi", "!event 2026-12-20 15:00 Budget webinar"},
		{ana, "bogota", "!event 2026-12-21 10:00 Care circle"},
		{ana, "", "!announce at 2026-12-24 09:00 [en] Happy holidays [es] Felices fiestas [fr] Joyeuses fêtes"},
		{amina, "", "hello"}, // she has written labbot, so her digest and invitation may come by direct message
		{amina, "nairobi", "!subscribe"},
		{amina, "nairobi", "!rsvp E1"},
	} {
		h.say(t, s.user, s.chat, s.text)
	}
	h.askAnon(t, amina, "!ask anon How do we stay safe at night?", "1")
	h.say(t, ana, "nairobi", "!answer Q1 Ask at the market")
	h.say(t, ana, "nairobi", "!answer Q2 Walk home in pairs")
	ctx := context.Background()
	t2, err := h.store.ItemByRef(ctx, "T", 2)
	if err != nil || !t2.Private {
		t.Fatalf("fixture T2 = %+v (%v), want a private tip", t2, err)
	}
	e2, err := h.store.EventByNum(ctx, 2)
	if err != nil || e2.GroupID == 0 {
		t.Fatalf("fixture E2 = %+v (%v), want bogota's own event", e2, err)
	}
	if n1, err := h.store.AnnouncementByNum(ctx, 1); err != nil || n1.Status != store.AnnouncementScheduled {
		t.Fatalf("fixture N1 = %+v (%v), want it scheduled", n1, err)
	}
	if b, err := h.store.MemberByUser(ctx, authzMemberB); err != nil || b.Lang != "es" {
		t.Fatalf("fixture member B = %+v (%v), want her in Spanish", b, err)
	}
}

// authzTemplate is a database with the fixtures in it, closed, and what
// a harness on a copy of it goes on from: its clock, its message numbers,
// and the texts, whose loading is most of what a new harness costs.
type authzTemplate struct {
	path       string
	now        time.Time
	said, sent int
	texts      *Texts
}

// newAuthzTemplate builds the fixtures once; each case of the matrix
// starts a fresh bot on a copy of them.
func newAuthzTemplate(t *testing.T) authzTemplate {
	t.Helper()
	h := newHarness(t, authzPrivateBogota)
	authzFixtures(t, h)
	if err := h.store.Close(); err != nil { // folds the WAL into the file
		t.Fatal(err)
	}
	return authzTemplate{path: h.path, now: h.clock.Now(), said: h.n, sent: h.tr.n, texts: h.bot.texts}
}

// harness is buildHarness on a copy of the template, with its texts.
func (tp authzTemplate) harness(t *testing.T) *harness {
	t.Helper()
	// The database and its key: without the key, the sealed links of
	// anonymous questions open to nobody.
	path := filepath.Join(t.TempDir(), store.FileName)
	for _, name := range []string{store.FileName, store.KeyFileName} {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(tp.path), name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(filepath.Dir(path), name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Demo()
	authzPrivateBogota(cfg)
	clock := NewManualClock(tp.now)
	// Message IDs go on from the template's: one used again would be a
	// redelivery, and a reply's ID would name another's item.
	tr := &recorder{clock: clock, n: tp.sent}
	b, err := New(ctx, Deps{Config: cfg, Store: st, Transport: tr, Clock: clock, Texts: tp.texts,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{bot: b, store: st, clock: clock, tr: tr, n: tp.said, path: path}
}

// authzSay is say, where chat may also be authzUnregistered.
func (h *harness) authzSay(t *testing.T, user, chat, text string) {
	t.Helper()
	if chat != authzUnregistered {
		h.say(t, user, chat, text)
		return
	}
	h.n++
	h.deliver(t, Message{Chat: authzUnregisteredJID, Group: true, Sender: user, SenderName: "Name " + user,
		Text: text, ID: fmt.Sprintf("in%d", h.n), Time: h.clock.Now()})
}

// authzChat is where labbot answers user in chat.
func (h *harness) authzChat(t *testing.T, user, chat string) string {
	t.Helper()
	switch chat {
	case "":
		return user
	case authzUnregistered:
		return authzUnregisteredJID
	}
	g, err := h.store.GroupByKey(context.Background(), chat)
	if err != nil {
		t.Fatalf("no group %s: %v", chat, err)
	}
	return g.JID
}

// authzStrangerText is the one answer a stranger gets to text, in all three
// languages: first the one her words are in, when they tell it, else the
// Lab's.
func (h *harness) authzStrangerText(text string) string {
	first := h.bot.cfg.DefaultLanguage
	if lang, sure := textlang.Detect(text); sure {
		first = lang
	}
	return h.bot.inEveryLanguage(first, "stranger.refusal")
}

// authzDB reads a harness's database on a read-only connection of its own.
type authzDB struct{ db *sql.DB }

func openAuthzDB(t *testing.T, path string) *authzDB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &authzDB{db: db}
}

// rows renders each row query returns on a line.
func (v *authzDB) rows(t *testing.T, query string, args ...any) []string {
	t.Helper()
	rs, err := v.db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fields := make([]string, len(vals))
		for i, x := range vals {
			if b, ok := x.([]byte); ok {
				x = string(b)
			}
			fields[i] = fmt.Sprint(x)
		}
		out = append(out, strings.Join(fields, "|"))
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// state is what a refused command must leave as it was. Left out: when
// members were last seen, the messages marked handled, the strangers'
// hashes and their key, and the outbox, which outbox compares.
func (v *authzDB) state(t *testing.T) map[string][]string {
	t.Helper()
	queries := map[string]string{
		"groups":            `SELECT id, key, jid, name, lang, tz, private, active FROM groups ORDER BY id`,
		"members":           `SELECT id, user_id, name, lang FROM members ORDER BY id`,
		"group_members":     `SELECT group_id, member_id FROM group_members ORDER BY 1, 2`,
		"items":             `SELECT * FROM items ORDER BY id`,
		"item_numbers":      `SELECT * FROM item_numbers ORDER BY kind`,
		"item_tags":         `SELECT * FROM item_tags ORDER BY 1, 2`,
		"translations":      `SELECT * FROM translations ORDER BY 1, 2`,
		"item_messages":     `SELECT * FROM item_messages ORDER BY 1`,
		"events":            `SELECT * FROM events ORDER BY id`,
		"event_groups":      `SELECT * FROM event_groups ORDER BY 1, 2`,
		"rsvps":             `SELECT * FROM rsvps ORDER BY 1, 2`,
		"subscriptions":     `SELECT * FROM subscriptions ORDER BY 1`,
		"announcements":     `SELECT * FROM announcements ORDER BY id`,
		"schedule_runs":     `SELECT * FROM schedule_runs ORDER BY key`,
		"forgotten_numbers": `SELECT * FROM forgotten_numbers ORDER BY 1`,
		"forgotten_members": `SELECT * FROM forgotten_members ORDER BY 1`,
		"state":             `SELECT * FROM state ORDER BY key`,
		"search":            `SELECT rowid FROM items_fts WHERE items_fts MATCH 'budget OR receipt OR emergency' ORDER BY rowid`,
	}
	s := map[string][]string{}
	for name, q := range queries {
		s[name] = v.rows(t, q)
	}
	return s
}

// outbox is every message labbot queued, without how its sending went.
func (v *authzDB) outbox(t *testing.T) []string {
	t.Helper()
	return v.rows(t, `SELECT id, chat, bulk, body, quote_id, doc_name, coalesce(dedup_key, ''), batch FROM outbox ORDER BY id`)
}

// authzOutRow is a message queued in the outbox.
type authzOutRow struct{ chat, body string }

// queuedAfter returns the messages queued after the first n.
func (v *authzDB) queuedAfter(t *testing.T, n int) []authzOutRow {
	t.Helper()
	rs, err := v.db.Query(`SELECT chat, body FROM outbox ORDER BY id LIMIT -1 OFFSET ?`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []authzOutRow
	for rs.Next() {
		var r authzOutRow
		if err := rs.Scan(&r.chat, &r.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// processed is every message marked handled.
func (v *authzDB) processed(t *testing.T) []string {
	t.Helper()
	return v.rows(t, `SELECT hex(hash), at FROM processed_messages ORDER BY 1`)
}

// mentions lists the rows of every table but the search
// index that hold digits.
func (v *authzDB) mentions(t *testing.T, digits string) []string {
	t.Helper()
	var found []string
	for _, table := range v.rows(t, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'items_fts%' AND name <> 'sqlite_sequence'`) {
		for _, row := range v.rows(t, `SELECT * FROM "`+table+`"`) {
			if strings.Contains(row, digits) {
				found = append(found, table+": "+row)
			}
		}
	}
	return found
}
