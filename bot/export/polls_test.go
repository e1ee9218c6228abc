package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"labbot/store"
)

// An export lists each poll with its votes by option, per group and for
// the whole Lab, and how many voted: in JSON, CSV and Markdown, and never
// a voter's name or number.
func TestExportPollsWithTalliesNoVoters(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	zoe, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+15550001234"}, "Zoe Voter", l.open.ID, t0)
	p := store.Poll{AuthorID: l.ana.ID, LabWide: true, Posts: []store.PollPost{
		{Chat: l.open.JID, Lang: "es", Question: "¿Cuándo?", Options: []string{"marzo", "abril"}, Selectable: 1, Secret: []byte("s1"), MsgID: "p1"},
		{Chat: l.closed.JID, Lang: "fr", Question: "Quand ?", Options: []string{"mars", "avril"}, Selectable: 1, Secret: []byte("s2"), MsgID: "p2"},
	}}
	tx, _ := l.Begin(ctx)
	if err := tx.AddPoll(ctx, &p, t0); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	l.Vote(ctx, p.Posts[0].ID, zoe.ID, []int{1}, t0)
	l.Vote(ctx, p.Posts[1].ID, l.bea.ID, []int{1}, t0)
	k, err := Read(ctx, l.reader(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Polls) != 1 || k.Polls[0].Voters != 2 || k.Polls[0].Totals[1] != 2 || k.Polls[0].Posts[1].Options[1].Votes != 1 {
		t.Fatalf("polls = %+v", k.Polls)
	}
	var all bytes.Buffer
	for _, f := range []func() error{
		func() error { return writeJSON(&all, k) },
		func() error { return writeCSV(&all, k) },
	} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	all.WriteString(report(t, "en", nil, k))
	out := all.String()
	for _, bad := range []string{"Zoe", "Bea", "1234"} {
		if strings.Contains(out, bad) {
			t.Errorf("the export names a voter (%q)", bad)
		}
	}
	for _, want := range []string{`"votes": 1`, "poll_option", "1. marzo: 0 · 2. abril: 1", "All groups: 1. marzo: 0 · 2. abril: 2", "2 voted"} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %q:\n%s", want, out)
		}
	}
}
