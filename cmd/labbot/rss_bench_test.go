package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
	"labbot/store/labdata"
)

const (
	rssItems   = 100_000
	rssFinds   = 500
	rssMembers = 20 // in each demo group
	rssNow     = "2026-12-07T08:00:00Z"
)

// rssReplyHeader is the first line of every message the console prints.
var rssReplyHeader = regexp.MustCompile(`(?m)^\[[^\]\n]+\] #m[0-9]+ labbot:$`)

// BenchmarkConsoleRSS100k measures the peak RSS of `labbot console` on a
// data directory of 100,000 items while it serves finds. The console runs
// as its own process (this test binary run as labbot) reading a script of
// 500 !find of common words in the three languages, and a few other
// commands; its peak RSS is the kernel's (rusage maxrss), the whole
// process. It also reports finds a second: the 500 finds over the time from
// the first reply printed to the last, which also holds the 50 other
// commands but not the start-up (opening the store, building the bot). One
// op is one console run on a data directory built beforehand: run it with
// -benchtime 1x.
func BenchmarkConsoleRSS100k(b *testing.B) {
	dir := b.TempDir()
	start := time.Now()
	if err := rssBuildLab(context.Background(), dir, rssItems); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d items in %v", rssItems, time.Since(start).Round(time.Second))
	script, commands := rssScript()
	var peakKB int64
	var serving time.Duration
	b.ResetTimer()
	for range b.N {
		r := rssRunConsole(b, dir, script, commands)
		peakKB = max(peakKB, r.maxRSSKB)
		serving += r.serving
	}
	b.StopTimer()
	b.ReportMetric(float64(peakKB)/1024, "peak_rss_mb")
	b.ReportMetric(float64(rssFinds*b.N)/serving.Seconds(), "finds/s")
}

// rssRun is what one console run measured.
type rssRun struct {
	maxRSSKB int64
	serving  time.Duration // first reply printed to last
}

// rssRunConsole runs `labbot console` on dir with script as its input and
// checks that every command got its reply and nothing went wrong.
func rssRunConsole(b *testing.B, dir, script string, commands int) rssRun {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "console", "--data", dir, "--now", rssNow)
	cmd.Env = append(os.Environ(), "LABBOT_AS_MAIN=1")
	cmd.Stdin = strings.NewReader(script)
	var out rssTimedWriter
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		b.Fatalf("labbot console: %v\nstderr:\n%s", err, errOut.String())
	}
	if s := errOut.String(); strings.Contains(s, "level=ERROR") || strings.Contains(s, "panic") {
		b.Fatalf("labbot console logged an error:\n%s", s)
	}
	replies := len(rssReplyHeader.FindAllStringIndex(out.String(), -1))
	if replies < commands {
		b.Fatalf("%d replies to %d commands\nstderr:\n%s", replies, commands, errOut.String())
	}
	usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage for the console process")
	}
	return rssRun{maxRSSKB: usage.Maxrss, serving: out.last.Sub(out.first)} // Maxrss is in KiB on Linux
}

// rssTimedWriter keeps the console's output and when it was first and last
// written to.
type rssTimedWriter struct {
	mu          sync.Mutex
	buf         bytes.Buffer
	first, last time.Time
}

func (w *rssTimedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	if w.first.IsZero() {
		w.first = now
	}
	w.last = now
	return w.buf.Write(p)
}

func (w *rssTimedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// rssScript is the console's input: !help first (its reply starts the
// clock), then the finds, 50 at a time in each group in turn, in its
// language, with a few other commands among them. It returns the script
// and how many commands in it get a reply.
func rssScript() (string, int) {
	var sb strings.Builder
	commands := 0
	say := func(line string) {
		sb.WriteString(line + "\n")
		if !strings.HasPrefix(line, ":") {
			commands++
		}
	}
	say("!help")
	groups := []struct{ key, lang, find, tip, ask, show, questions, resources string }{
		{"nairobi", "en", "find", "tip", "ask", "show", "questions", "resources"},
		{"bogota", "es", "buscar", "consejo", "preguntar", "ver", "preguntas", "recursos"},
		{"dakar", "fr", "chercher", "astuce", "demander", "voir", "questions", "ressources"},
	}
	rnd := rand.New(rand.NewPCG(7, 100_000))
	for i := range rssFinds {
		g := groups[(i/50)%len(groups)]
		if i%50 == 0 {
			say(":in " + g.key)
			say(fmt.Sprintf(":as +1555030%04d Member %d", i/50, i/50))
		}
		w := labdata.CommonWords(g.lang, 20)
		q := w[rnd.IntN(len(w))]
		for range rnd.IntN(3) { // one to three words
			q += " " + w[rnd.IntN(len(w))]
		}
		say("!" + g.find + " " + q)
		if i%50 == 25 {
			say("!" + g.questions)
			say("!" + g.resources)
			say(fmt.Sprintf("!%s T%d", g.show, 1+rnd.IntN(rssItems/2)))
			say(fmt.Sprintf("!%s %s %s #%s", g.tip, w[3], w[5], w[8]))
			say(fmt.Sprintf("!%s %s %s?", g.ask, w[2], w[9]))
		}
	}
	return sb.String(), commands
}

// rssBuildLab makes a data directory for the demo config holding n made-up
// items, shared in the demo groups by 20 members each over the past year:
// the store is created by store.Open (its migrations, the groups and
// members), the items written straight into the tables as the store would,
// in large transactions, and the WAL folded into the file, as a running
// labbot has long since done.
func rssBuildLab(ctx context.Context, dir string, n int) error {
	path := filepath.Join(dir, store.FileName)
	now, err := time.Parse(time.RFC3339, rssNow)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	groups := map[string]int64{}             // language -> group ID
	members := map[string][]int64{}          // language -> its group's members
	for i, g := range config.Demo().Groups { // as bot.New registers them
		sg := store.Group{Key: g.Key, JID: g.JID, Name: g.Name, Lang: g.Language, TZ: g.Timezone, Private: g.Private, Active: true}
		if _, err := st.AddGroup(ctx, sg, now.AddDate(-1, 0, 0)); err != nil {
			st.Close()
			return err
		}
		if sg, err = st.GroupByKey(ctx, g.Key); err != nil {
			st.Close()
			return err
		}
		groups[sg.Lang] = sg.ID
		for k := range rssMembers {
			in := store.Incoming{Chat: sg.JID, Sender: fmt.Sprintf("+1555020%02d%02d", i, k)}
			m, _, err := st.SeeMember(ctx, in, fmt.Sprintf("Member %d-%d", i, k), sg.ID, now.AddDate(-1, 0, 0))
			if err != nil {
				st.Close()
				return err
			}
			members[sg.Lang] = append(members[sg.Lang], m.ID)
		}
	}
	if err := st.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_journal_mode=WAL&_synchronous=OFF&_foreign_keys=on")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := rssLoadItems(ctx, db, n, now, groups, members); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// rssLoadItems writes n labdata items, numbered per kind as the store
// numbers them, each answer to a recent question of its group.
func rssLoadItems(ctx context.Context, db *sql.DB, n int, now time.Time, groups map[string]int64, members map[string][]int64) error {
	const batch = 10_000
	rnd := rand.New(rand.NewPCG(7, uint64(n)))
	nums := map[string]int64{}
	questions := map[string][]int64{} // language -> item IDs, oldest first
	first := now.AddDate(-1, 0, 0)
	step := now.Sub(first) / time.Duration(n+1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { tx.Rollback() }()
	i := 0
	for it := range labdata.Items(7, n) {
		i++
		nums[it.Kind]++
		var question int64
		if qs := questions[it.Lang]; it.Kind == store.KindAnswer && len(qs) > 0 {
			question = qs[len(qs)-1-rnd.IntN(min(len(qs), 50))]
		}
		author := members[it.Lang][rnd.IntN(len(members[it.Lang]))]
		id, err := labdata.Insert(ctx, tx, labdata.Row{Item: it, Num: nums[it.Kind], AuthorID: author, GroupID: groups[it.Lang],
			QuestionID: question, Created: first.Add(time.Duration(i) * step).UnixMilli()})
		if err != nil {
			return err
		}
		if it.Kind == store.KindQuestion {
			questions[it.Lang] = append(questions[it.Lang], id)
		}
		if i%batch == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return err
			}
		}
	}
	for kind, last := range nums {
		if _, err := tx.ExecContext(ctx, `INSERT INTO item_numbers (kind, last) VALUES (?, ?)`, kind, last); err != nil {
			return err
		}
	}
	return tx.Commit()
}
