package console_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode"

	"labbot/bot"
	"labbot/bot/config"
	"labbot/bot/outbox"
	"labbot/store"
	"labbot/store/labdata"
)

// loadMix makes the messages of the load test, the same ones every run:
// each is made from the next labdata item, sent by one of the 20 members of
// the group that speaks its language, as a find (40%), a tip (30%), a
// question (15%) or an answer to one of the group's recent questions (15%).
type loadMix struct {
	rnd     *rand.Rand
	items   func() (labdata.Item, bool)
	groups  map[string]*loadGroup // by language
	n       int
	tips    []loadTip
	asks    int
	answers int
	asked   atomic.Int64 // questions handled so far
}

type loadGroup struct {
	store.Group
	members []string // phones
}

// loadTip is a tip sent, and the word in it no other item has.
type loadTip struct {
	word   string
	group  *loadGroup
	member string
}

// The command words in each language, as the members type them.
var loadWords = map[string]map[string]string{
	"find":   {"en": "find", "es": "buscar", "fr": "chercher"},
	"tip":    {"en": "tip", "es": "consejo", "fr": "astuce"},
	"ask":    {"en": "ask", "es": "preguntar", "fr": "demander"},
	"answer": {"en": "answer", "es": "responder", "fr": "repondre"},
}

const (
	loadMembersPerGroup = 20
	loadRecentQuestions = 50 // an answer goes to one of the group's latest
)

func newLoadMix(tb testing.TB, st *store.Store, cfg *config.Config) *loadMix {
	tb.Helper()
	items, stop := iter.Pull(labdata.Items(6, 1<<30))
	tb.Cleanup(stop)
	m := &loadMix{rnd: rand.New(rand.NewPCG(6, 50_000)), items: items, groups: map[string]*loadGroup{}}
	for i, g := range cfg.Groups {
		sg, err := st.GroupByKey(context.Background(), g.Key)
		if err != nil {
			tb.Fatal(err)
		}
		lg := &loadGroup{Group: sg}
		for k := range loadMembersPerGroup {
			lg.members = append(lg.members, fmt.Sprintf("+1555020%02d%02d", i, k))
		}
		m.groups[sg.Lang] = lg
	}
	if len(m.groups) != len(labdata.Langs()) {
		tb.Fatalf("the demo config has groups in %d languages, the load test needs one per language", len(m.groups))
	}
	return m
}

// loadKinds are the kinds of message in the mix, as next names them.
var loadKinds = []string{"find", "tip", "ask", "answer"}

// next makes the next message, and says which kind of message it is.
func (m *loadMix) next() (bot.Message, string) {
	it, _ := m.items()
	g := m.groups[it.Lang]
	sender := g.members[m.rnd.IntN(len(g.members))]
	m.n++
	var text, kind string
	switch r := m.rnd.IntN(100); {
	case r < 40:
		kind, text = "find", m.command("find", it.Lang, m.findQuery(it.Body))
	case r >= 85 && m.asked.Load() > 0:
		// Chats are handled in parallel, so a question's number is known
		// only once it is handled: an answer goes to one of the latest
		// questions handled by now (Q1…Qk all exist once k are).
		k := m.asked.Load()
		q := k - m.rnd.Int64N(min(k, loadRecentQuestions))
		m.answers++
		kind, text = "answer", m.command("answer", it.Lang, fmt.Sprintf("Q%d %s", q, it.Body))
	case r >= 70 && r < 85:
		m.asks++
		kind, text = "ask", m.command("ask", it.Lang, it.Body)
	default: // a tip, and an answer while there is no question yet
		tip := loadTip{word: fmt.Sprintf("zq%06d", len(m.tips)+1), group: g, member: sender}
		m.tips = append(m.tips, tip)
		body := it.Body + " " + tip.word
		for _, tag := range it.Tags {
			body += " #" + tag
		}
		kind, text = "tip", m.command("tip", it.Lang, body)
	}
	return bot.Message{
		Chat: g.JID, Group: true, Sender: sender, SenderName: "Member " + sender[len(sender)-4:],
		Text: text, ID: loadMsgID(m.n), Time: time.Now().UTC(),
	}, kind
}

// loadMsgID is the ID of the i-th message sent, from 1.
func loadMsgID(i int) string { return "L" + strconv.Itoa(i) }

func (m *loadMix) command(key, lang, args string) string {
	return "!" + loadWords[key][lang] + " " + args
}

// findQuery is one or two words of an item, as a member would look for
// them: the common words come up most, as they do in the items.
func (m *loadMix) findQuery(body string) string {
	words := strings.FieldsFunc(strings.ToLower(body), func(r rune) bool { return !unicode.IsLetter(r) })
	q := words[m.rnd.IntN(len(words))]
	if m.rnd.IntN(100) < 40 {
		q += " " + words[m.rnd.IntN(len(words))]
	}
	return q
}

// checkTipsFindable looks for every tip sent by the word only it has,
// from its group, and fails unless that tip is what comes back.
func (m *loadMix) checkTipsFindable(tb testing.TB, st *store.Store) {
	tb.Helper()
	ctx := context.Background()
	memberIDs := map[string]int64{}
	for _, tip := range m.tips {
		id, ok := memberIDs[tip.member]
		if !ok {
			mem, err := st.MemberByUser(ctx, tip.member)
			if err != nil {
				tb.Fatalf("member %s: %v", tip.member, err)
			}
			id, memberIDs[tip.member] = mem.ID, mem.ID
		}
		found, err := st.Search(ctx, store.Viewer{GroupID: tip.group.ID, MemberID: id}, tip.word, 5)
		if err != nil {
			tb.Fatal(err)
		}
		if len(found) != 1 || found[0].Kind != store.KindTip || found[0].GroupID != tip.group.ID || !strings.Contains(found[0].Body, tip.word) {
			tb.Fatalf("tip %s: searching for it found %d items %v, want that tip alone", tip.word, len(found), refs(found))
		}
	}
}

// checkDatabase opens the closed database on its own and checks that it is
// sound and holds every item sent, with nothing left unsent.
func (m *loadMix) checkDatabase(tb testing.TB, path string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		tb.Fatalf("PRAGMA integrity_check = %q, %v; want ok", result, err)
	}
	if _, err := db.Exec("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')"); err != nil {
		tb.Fatalf("items_fts integrity-check: %v", err)
	}
	counts := []struct {
		what  string
		query string
		want  int
	}{
		{"tips", "SELECT COUNT(*) FROM items WHERE kind = 'T'", len(m.tips)},
		{"questions", "SELECT COUNT(*) FROM items WHERE kind = 'Q'", m.asks},
		{"answers", "SELECT COUNT(*) FROM items WHERE kind = 'A'", m.answers},
		{"answers counted on their questions", "SELECT COALESCE(SUM(answers), 0) FROM items WHERE kind = 'Q'", m.answers},
		{"tips in the search index", "SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH 'zq*'", len(m.tips)},
		{"outbox rows unsent", "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL", 0},
	}
	for _, c := range counts {
		var got int
		if err := db.QueryRow(c.query).Scan(&got); err != nil {
			tb.Fatalf("%s: %v", c.what, err)
		}
		if got != c.want {
			tb.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
}

func refs(items []store.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Ref())
	}
	return out
}

// loadTransport stands in for WhatsApp: it takes every send at once and
// counts, for each incoming message, the replies that quote it or react
// to it; and the messages (texts, documents) and reactions sent.
type loadTransport struct {
	lastID    atomic.Int64
	mu        sync.Mutex
	sends     int
	reactions int
	quoted    map[string]int
}

var _ bot.Transport = (*loadTransport)(nil)

func newLoadTransport() *loadTransport { return &loadTransport{quoted: map[string]int{}} }

func (t *loadTransport) NewMessageID(context.Context) (string, error) {
	return "M" + strconv.FormatInt(t.lastID.Add(1), 10), nil
}

func (t *loadTransport) SendText(_ context.Context, to outbox.Envelope, _ string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sends++
	if to.QuoteID != "" {
		t.quoted[to.QuoteID]++
	}
	return nil
}

func (t *loadTransport) SendDocument(ctx context.Context, to outbox.Envelope, doc outbox.Document) error {
	return t.SendText(ctx, to, doc.Caption)
}

func (t *loadTransport) SendReaction(_ context.Context, to outbox.Envelope, _ string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reactions++
	t.quoted[to.QuoteID]++
	return nil
}

func (t *loadTransport) JoinGroup(context.Context, string) (bot.GroupInfo, error) {
	return bot.GroupInfo{}, fmt.Errorf("the load test joins no group")
}

func (t *loadTransport) Groups(context.Context) ([]bot.GroupInfo, error) { return nil, nil }

// count is the messages and the reactions sent.
func (t *loadTransport) count() (int, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sends, t.reactions
}

func (t *loadTransport) replies(msgID string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.quoted[msgID]
}

// lockedBuffer is the bot's log: the sender writes to it from its own goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func clipLog(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// resetPeakRSS starts the process's peak RSS (VmHWM) again from its current
// RSS, so that each run reports its own; where Linux refuses, the peak is
// the process's so far.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the test process's peak RSS in kilobytes (VmHWM): the whole
// process, the test binary and everything it holds, not the bot alone.
func peakRSS(tb testing.TB) int64 {
	tb.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatal("no VmHWM in /proc/self/status")
	return 0
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime is the CPU time the test process has used, user and system:
// a steadier measure of the cost of a message than the rate on a shared
// machine.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (t *loadTransport) SendFile(ctx context.Context, to outbox.Envelope, f outbox.File) error {
	return t.SendText(ctx, to, f.Caption)
}
