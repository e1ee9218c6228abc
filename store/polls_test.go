package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// addTestPoll records a Lab-wide poll with a post in each lab group, as
// the bot does: its outbox rows and the poll in one transaction.
func (l *lab) addTestPoll(t testing.TB, options ...string) Poll {
	t.Helper()
	ctx := context.Background()
	p := Poll{AuthorID: l.ana.ID, LabWide: true}
	for i, g := range []Group{l.open, l.closed} {
		p.Posts = append(p.Posts, PollPost{Chat: g.JID, Lang: g.Lang, Question: "¿Cuándo?", Options: options,
			Selectable: 1, Secret: []byte(fmt.Sprintf("secret-%d", i)), MsgID: fmt.Sprintf("poll-%d", i)})
	}
	tx, err := l.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.AddPoll(ctx, &p, t0); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return p
}

// A new vote replaces the member's last in that WhatsApp poll; the tally
// counts each group's poll by position and adds them up Lab-wide.
func TestPollVotesReplaceAndTally(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	p := l.addTestPoll(t, "lunes", "martes", "jueves")
	if p.Num != 1 || p.Posts[1].ID == 0 {
		t.Fatalf("poll = %+v", p)
	}
	open, closed := p.Posts[0].ID, p.Posts[1].ID
	l.Vote(ctx, open, l.ana.ID, []int{0}, t0)
	l.Vote(ctx, open, l.ana.ID, []int{2}, t0.Add(time.Minute)) // she changes her mind
	l.Vote(ctx, open, l.ana.ID, []int{1}, t0)                  // an older vote, redelivered late
	l.Vote(ctx, closed, l.bea.ID, []int{2}, t0)
	got, err := l.PollByNum(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	tally, err := l.Tally(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	if c := tally.Posts[0].Counts; !slices.Equal(c, []int{0, 0, 1}) || tally.Posts[0].Voters != 1 {
		t.Errorf("open group's tally = %+v, want one vote for jueves", tally.Posts[0])
	}
	if total := tally.Total(); !slices.Equal(total.Counts, []int{0, 0, 2}) || total.Voters != 2 {
		t.Errorf("Lab-wide = %+v, want 2 voters, both for jueves", total)
	}
	l.Vote(ctx, closed, l.bea.ID, nil, t0.Add(time.Hour)) // she takes her vote back
	tally, _ = l.Tally(ctx, got)
	if total := tally.Total(); total.Voters != 1 {
		t.Errorf("after a vote taken back, %d voters, want 1", total.Voters)
	}
	pp, err := l.PollPostByMsgID(ctx, "poll-1")
	if err != nil || string(pp.Secret) != "secret-1" || !slices.Equal(pp.Options, []string{"lunes", "martes", "jueves"}) {
		t.Errorf("PollPostByMsgID = %+v, %v", pp, err)
	}
	if _, err := l.PollPostByMsgID(ctx, "nope"); err != ErrNotFound {
		t.Errorf("unknown poll: %v, want ErrNotFound", err)
	}
}

// !forget deletes her votes: no poll_votes row is left with her member ID,
// and the tally no longer counts her. The poll she asked stays, with no
// author.
func TestForgetDeletesHerVotes(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	p := l.addTestPoll(t, "sí", "no")
	l.Vote(ctx, p.Posts[0].ID, l.ana.ID, []int{0}, t0)
	l.Vote(ctx, p.Posts[1].ID, l.bea.ID, []int{1}, t0)
	if err := l.ForgetMember(ctx, l.ana.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	l.writeRow(ctx, `SELECT COUNT(*) FROM poll_votes WHERE member_id = ?`, []any{l.ana.ID}, &n)
	if n != 0 {
		t.Errorf("%d votes of hers are kept", n)
	}
	got, _ := l.PollByNum(ctx, p.Num)
	if got.AuthorID != 0 || got.AuthorName != "" {
		t.Errorf("the poll still names its forgotten author: %+v", got)
	}
	tally, _ := l.Tally(ctx, got)
	if total := tally.Total(); total.Voters != 1 || !slices.Equal(total.Counts, []int{0, 1}) {
		t.Errorf("after forget, tally = %+v, want only Bea's vote", total)
	}
}

// An outbox row that posts a poll gives back, each time it is claimed, the
// very same poll: its options in order and its secret.
func TestOutboxKeepsThePoll(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	poll := &OutPoll{Options: []string{"a", "b"}, Selectable: 1, Secret: []byte("0123456789abcdef0123456789abcdef")}
	l.Enqueue(ctx, Outgoing{MsgID: "pm", Chat: "open@g.us", Body: "Which?", Poll: poll}, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "tm", Chat: "open@g.us", Body: "text"}, t0)
	for range 2 {
		row, err := l.Claim(ctx, 1, t0, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if row.Poll == nil || !slices.Equal(row.Poll.Options, poll.Options) || string(row.Poll.Secret) != string(poll.Secret) {
			t.Fatalf("claimed poll = %+v", row.Poll)
		}
		l.ReleaseLeases(ctx)
	}
	if row, _ := l.Claim(ctx, 2, t0, time.Minute); row.Poll != nil {
		t.Errorf("a text row came back as a poll: %+v", row.Poll)
	}
}
