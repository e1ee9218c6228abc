package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"labbot/store"
)

const (
	crashGroups  = 50
	crashStaff   = "+15550000001"
	crashMember  = "+15550000100" // the console's demo member, who speaks until :as
	crashTimeout = 60 * time.Second
	// killAfter is how many posts of the announcement are read before the
	// reading stops; the child then fills the pipe and blocks in a send.
	killAfter = 15
	// blockSize keeps each post (block, header and chat line) under 4,096
	// bytes, so a post is written to the pipe whole or not at all, while 50
	// posts are far more than a 64 KiB pipe holds.
	blockSize = 3700
	// maxSettle bounds the wait for the child to fill the pipe and block
	// before the kill. If it has not by then, the kill still falls
	// mid-sending, a post maybe written and not yet marked sent: what the
	// test checks holds either way.
	maxSettle = 3 * time.Second
)

var (
	postHeaderRE = regexp.MustCompile(`^\[([^\]]+)\] #(m[0-9]+) labbot:$`)
	savedRefRE   = regexp.MustCompile(`saved as \*([TQ][0-9]+)\*`)
	crashLangs   = []string{"en", "es", "fr"}
)

// An announcement to 50 groups, its sending cut by SIGKILL, reaches every
// group after a restart, none more than twice, and nothing stored is lost.
func TestAnnouncementSurvivesSIGKILL(t *testing.T) {
	cfg, dir := crashConfig(t), t.TempDir()
	script, items := crashScript()

	start := time.Now()
	first := startChild(t, "console", "--config", cfg, "--data", dir, "--now", "2026-12-07T08:00:00Z")
	first.write(t, script) // stdin stays open: the child waits for more until killed
	var run1 []post
	deadline := time.After(crashTimeout)
	for announced(run1) < killAfter {
		p, ok := first.next(t, deadline, fmt.Sprintf("%d posts of the announcement in run 1", killAfter))
		if !ok {
			first.fail(t, "run 1 ended after %d posts of the announcement, want it to block at %d", announced(run1), killAfter)
		}
		run1 = append(run1, p)
	}
	atKill := announced(run1)
	blocked := first.blocked()
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	// Reading on before the child is gone could let its blocked send
	// finish after all. Once it is gone, what the pipe holds was written
	// before the kill: delivered.
	first.gone(t, filepath.Join(dir, store.FileName+".lock"), deadline)
	for {
		p, ok := first.next(t, deadline, "the end of run 1's output after the kill")
		if !ok {
			break
		}
		run1 = append(run1, p)
	}
	if err := first.wait(); err == nil {
		t.Fatal("run 1 exited by itself; want it killed")
	}
	t.Logf("run 1: %v; killed (seen blocked in a write: %v) after reading %d posts of the announcement, with %d more in the pipe",
		time.Since(start).Round(time.Millisecond), blocked, atKill, announced(run1)-atKill)
	if n := announced(run1); n >= crashGroups {
		t.Fatalf("run 1 wrote all %d posts before the kill: it was not killed mid-sending", n)
	}
	refs := confirmed(t, run1, items)

	start = time.Now()
	second := startChild(t, "console", "--config", cfg, "--data", dir)
	// The console starts as Amina in g01. !find comes first: its reply
	// would go before what run 1 left, were that not sent before any input
	// is read.
	second.write(t, "!find tipword07\n:advance 1h\n")
	second.stdin.Close()
	var run2 []post
	deadline = time.After(crashTimeout)
	for {
		p, ok := second.next(t, deadline, "the end of run 2")
		if !ok {
			break
		}
		run2 = append(run2, p)
	}
	if err := second.wait(); err != nil {
		second.fail(t, "run 2: %v, want exit status 0", err)
	}
	t.Logf("run 2: %v, %d posts of the announcement", time.Since(start).Round(time.Millisecond), announced(run2))

	checkDeliveries(t, run1, run2)
	checkRun2(t, run2, refs["tipword07"])
	checkStore(t, filepath.Join(dir, store.FileName), items, refs)
}

// crashConfig writes a config with 50 groups, their languages in turn.
func crashConfig(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "timezone: UTC\nstaff:\n  - phone: %q\n    name: Ana\ngroups:\n", crashStaff)
	for i := 1; i <= crashGroups; i++ {
		fmt.Fprintf(&b, "  g%02d:\n    jid: \"1203630000000000%02d@g.us\"\n    name: Group %02d\n    language: %s\n    timezone: UTC\n",
			i, i, i, crashLangs[(i-1)%3])
	}
	// The member shares 32 tips at once: past a member's limits, which this is not about.
	b.WriteString("sending: {per_minute: 0, bulk_interval: 15s, jitter: 5s}\nlimits: {commands_per_minute: 100, commands_per_hour: 100}\nlog:\n  level: error\n")
	path := filepath.Join(t.TempDir(), "crash.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// storedItem is a tip or question the script shares, by a word only it holds.
type storedItem struct{ kind, word, body string }

// crashScript has a member share 30 tips and 2 questions in five groups,
// then the staff member announce, in three long blocks, to every group.
func crashScript() (string, []storedItem) {
	var b strings.Builder
	var items []storedItem
	b.WriteString(":as " + crashMember + " Amina\n")
	for i := 1; i <= 32; i++ {
		if i%6 == 1 {
			fmt.Fprintf(&b, ":in g%02d\n", (i-1)/6+1)
		}
		it := storedItem{"T", fmt.Sprintf("tipword%02d", i), ""}
		it.body = fmt.Sprintf("Partners keep talking when %s meetings rotate between schools #crashtest", it.word)
		cmd := "!tip "
		if i > 30 {
			it.kind, it.word = "Q", fmt.Sprintf("askword%02d", i)
			it.body, cmd = fmt.Sprintf("How do you fund %s transport for girls?", it.word), "!ask "
		}
		items = append(items, it)
		b.WriteString(cmd + it.body + "\n")
	}
	b.WriteString(":as " + crashStaff + " Ana\n:dm\n!announce")
	for _, lang := range crashLangs {
		b.WriteString(" [" + lang + "] " + announceBlock(lang))
	}
	b.WriteString("\n")
	return b.String(), items
}

// announceBlock is a block of blockSize bytes that starts with its marker.
func announceBlock(lang string) string {
	sentence := map[string]string{
		"en": "The Lab meets on Friday to plan next term's workshops with every partner.",
		"es": "El Lab se reúne el viernes para planear los talleres del próximo trimestre.",
		"fr": "Le Lab se réunit vendredi pour préparer les ateliers du prochain trimestre.",
	}[lang]
	s := marker(lang)
	for len(s)+1+len(sentence) <= blockSize {
		s += " " + sentence
	}
	return s
}

func marker(lang string) string { return "ANNOUNCE-" + strings.ToUpper(lang) }

// post is one message labbot printed: chat key, message ID and text.
type post struct{ chat, id, text string }

func (p post) isAnnouncement() bool {
	return strings.HasPrefix(p.chat, "g") && strings.Contains(p.text, "ANNOUNCE-")
}

func announced(posts []post) int {
	n := 0
	for _, p := range posts {
		if p.isAnnouncement() {
			n++
		}
	}
	return n
}

// confirmed maps each item's word to the ref labbot confirmed it under,
// in the order the script shared them.
func confirmed(t *testing.T, posts []post, items []storedItem) map[string]string {
	t.Helper()
	refs := map[string]string{}
	for _, p := range posts {
		m := savedRefRE.FindStringSubmatch(p.text)
		if m == nil || p.isAnnouncement() {
			continue
		}
		if len(refs) == len(items) {
			t.Fatalf("more confirmations than items shared: %q", p.text)
		}
		it := items[len(refs)]
		if m[1][:1] != it.kind {
			t.Fatalf("%s confirmed as %s, want a %s", it.word, m[1], it.kind)
		}
		refs[it.word] = m[1]
	}
	if len(refs) != len(items) {
		t.Fatalf("run 1 confirmed %d items before the kill, want all %d", len(refs), len(items))
	}
	return refs
}

// checkDeliveries checks that every group got the announcement in its
// language at least once and at most twice across both runs.
func checkDeliveries(t *testing.T, run1, run2 []post) {
	t.Helper()
	got := map[string][]string{} // group key -> message IDs it got
	for _, p := range append(append([]post(nil), run1...), run2...) {
		if !p.isAnnouncement() {
			continue
		}
		var i int
		if _, err := fmt.Sscanf(p.chat, "g%d", &i); err != nil || i < 1 || i > crashGroups {
			t.Errorf("announcement posted to %q, not a partner group", p.chat)
			continue
		}
		if want := marker(crashLangs[(i-1)%3]); !strings.Contains(p.text, want) {
			t.Errorf("%s #%s got the announcement without %s, its language's block", p.chat, p.id, want)
		}
		got[p.chat] = append(got[p.chat], p.id)
	}
	var twice []string
	for i := 1; i <= crashGroups; i++ {
		key := fmt.Sprintf("g%02d", i)
		switch ids := got[key]; {
		case len(ids) == 0:
			t.Errorf("%s never got the announcement", key)
		case len(ids) > 2:
			t.Errorf("%s got the announcement %d times (%v), want at most twice", key, len(ids), ids)
		case len(ids) == 2:
			twice = append(twice, key)
			if ids[0] != ids[1] {
				t.Errorf("%s got the announcement twice under different IDs %v: queued twice, not resent", key, ids)
			}
		}
	}
	if n := announced(run2); n == 0 {
		t.Error("run 2 sent no post of the announcement: the kill came too late to test anything")
	}
	t.Logf("%d posts in run 1, %d in run 2; got it twice: %v", announced(run1), announced(run2), twice)
}

// checkRun2 checks that run 2 sent what run 1 left before reading any
// input, reported the delivery, and finds a tip shared in run 1.
func checkRun2(t *testing.T, run2 []post, tipRef string) {
	t.Helper()
	report, find := -1, -1
	for i, p := range run2 {
		switch {
		case p.chat == "dm:"+crashStaff && strings.Contains(p.text, fmt.Sprintf("sent to %d of %d groups", crashGroups, crashGroups)):
			report = i
		case p.chat == "g01" && strings.Contains(p.text, "What I found for “tipword07”"):
			find = i
		case p.isAnnouncement() && find >= 0:
			t.Errorf("%s #%s got the announcement after run 2 read its input: leftovers go out first", p.chat, p.id)
		}
	}
	if report < 0 {
		t.Errorf("the staff member got no report saying %q; run 2 sent:\n%s", "sent to 50 of 50 groups", summary(run2))
	}
	if find < 0 {
		t.Fatalf("no answer to !find tipword07 in run 2; it sent:\n%s", summary(run2))
	}
	if !strings.Contains(run2[find].text, "*"+tipRef+"*") {
		t.Errorf("!find tipword07 after the restart = %q, want %s, the tip shared before the kill", run2[find].text, tipRef)
	}
}

// checkStore checks the database both runs left: whole, every item
// labbot confirmed kept as shared, the outbox empty, the announcement done.
func checkStore(t *testing.T, path string, items []storedItem, refs map[string]string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Errorf("integrity check: %q, %v; want ok", result, err)
	}
	for _, it := range items {
		ref := refs[it.word]
		num, _ := strconv.Atoi(ref[1:])
		var body string
		err := db.QueryRow("SELECT body FROM items WHERE kind = ? AND num = ?", ref[:1], num).Scan(&body)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			t.Errorf("%s (%s) was confirmed in run 1 but is not stored", ref, it.word)
		case err != nil:
			t.Fatal(err)
		case body != it.body:
			t.Errorf("%s is stored as %q, want %q", ref, body, it.body)
		}
	}
	var pending int
	var status string
	err = db.QueryRow(`SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL),
		(SELECT status FROM announcements WHERE num = 1)`).Scan(&pending, &status)
	if err != nil {
		t.Fatal(err)
	}
	if pending != 0 || status != "done" {
		t.Errorf("after run 2: %d outbox rows unsent, announcement N1 %q; want 0 and done", pending, status)
	}
}

func summary(posts []post) string {
	var b strings.Builder
	for _, p := range posts {
		fmt.Fprintf(&b, "[%s] #%s %.80q\n", p.chat, p.id, p.text)
	}
	return b.String()
}
