package console

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"labbot/bot"
	"labbot/privacy"
	"labbot/store/storetest"
)

const (
	zainab     = "+15550000123"
	zainabName = "Zainab Otieno"
)

// After !forget, labbot.db names her nowhere: not in a table, not in a
// free page of the file, not in the WAL; neither her chat afterwards nor
// a participant list brings her back. The files are read while labbot
// still runs: closing would fold the WAL away and hide what it held.
func TestForgetLeavesNothingThatNamesHer(t *testing.T) {
	ctx := context.Background()
	c, path, out := forgetConsole(t)
	say(t, c,
		":as "+zainab+" "+zainabName, ":in nairobi",
		"hello everyone, I am new here",
		"!tip the hotline of the Kibera clinic answers at night #health",
		"!poll Which clinic is open late? | Kibera | Mathare",
	)
	// Issue 17: she and Beth vote in her poll; forgetting her deletes her
	// vote (the counts no longer include her) and leaves her poll with no
	// author.
	poll, err := c.store.PollByNum(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	her, _ := c.store.MemberByUser(ctx, zainab)
	say(t, c, ":vote "+poll.Posts[0].MsgID+" 1",
		":as +15550000200 Beth", ":in nairobi", ":vote "+poll.Posts[0].MsgID+" 2", "!show T1",
		":as "+zainab+" "+zainabName, ":dm", "!help", "!forget",
		":in nairobi", "thanks everyone, bye",
	)
	if !strings.Contains(out.String(), "[dm:"+zainab+"]") || !strings.Contains(out.String(), "a former member") {
		t.Fatalf("no confirmation of !forget in her DM:\n%s", out.String())
	}
	jid, _, _ := c.chats.groupID(ctx, "nairobi")
	if err := c.bot.MembersJoined(ctx, jid, []string{zainab}); err != nil {
		t.Fatal(err)
	}
	if err := c.bot.GroupsSynced(ctx, []bot.GroupInfo{{ID: jid, Name: "Nairobi", Participants: []string{zainab, "+15550000200"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.store.MemberByUser(ctx, zainab); err == nil {
		t.Error("she is a member again, without a command of hers")
	}
	if p, _ := c.store.PollByNum(ctx, 1); p.AuthorID != 0 {
		t.Error("her poll still names her as its author")
	}
	if tally, _ := c.store.Tally(ctx, poll); tally.Total().Voters != 1 {
		t.Errorf("after !forget the poll counts %d voters, want Beth's vote only", tally.Total().Voters)
	}
	if n := countRows(t, path, "poll_votes WHERE member_id = ?", her.ID); n != 0 {
		t.Errorf("%d votes of hers are kept", n)
	}
	forms := append(privacy.PhoneForms(zainab), zainab, zainabName, "Zainab")
	checkTablesNameNoOne(t, path, forms)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		raw, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forms {
			if bytes.Contains(raw, []byte(f)) {
				t.Errorf("%s holds %q", filepath.Base(path+suffix), f)
			}
		}
	}

	// Her own next command brings her back, as a new member.
	say(t, c, "!help")
	if m, err := c.store.MemberByUser(ctx, zainab); err != nil || m.Lang != "" {
		t.Errorf("after her command: %+v, %v; want her back, a new member", m, err)
	}
}

// forgetConsole is the demo console on a fresh database, writing what
// labbot sends to out.
func forgetConsole(t *testing.T) (*Console, string, *bytes.Buffer) {
	t.Helper()
	out := &bytes.Buffer{}
	c, path := demoConsole(t, nil, out)
	return c, path, out
}

func say(t *testing.T, c *Console, lines ...string) {
	t.Helper()
	for _, line := range lines {
		if err := c.HandleLine(context.Background(), line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
}

// checkTablesNameNoOne reads every row of every table with plain SQL, as
// anyone holding the file could, and fails on any of forms.
func checkTablesNameNoOne(t *testing.T, path string, forms []string) {
	t.Helper()
	fts := func(table string) bool { return strings.HasPrefix(table, "items_fts") }
	for _, c := range storetest.Cells(t, path, fts) {
		for _, f := range forms {
			if strings.Contains(c.Value, f) {
				t.Errorf("%s.%s holds %q: %q", c.Table, c.Column, f, c.Value)
			}
		}
	}
}

// countRows counts the rows of "TABLE WHERE …" with plain SQL, as anyone
// holding the file could.
func countRows(t *testing.T, path, from string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM "+from, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
