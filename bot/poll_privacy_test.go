package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

// pollIn has user ask a poll in group, and returns the poll's message ID.
func pollIn(t *testing.T, h *harness, user, group, text string) string {
	t.Helper()
	h.say(t, user, group, text)
	h.drain(t)
	polls := sentPolls(h)
	if len(polls) == 0 {
		t.Fatal("no poll was sent")
	}
	return polls[len(polls)-1].To.ID
}

func vote(t *testing.T, h *harness, pollID, chat, user string, choices ...int) {
	t.Helper()
	h.clock.Advance(time.Second)
	if err := h.bot.PollVoted(context.Background(), PollVote{PollMsgID: pollID, Chat: chat, Voter: user, Choices: choices, Time: h.clock.Now()}); err != nil {
		t.Fatal(err)
	}
}

func tallyOf(t *testing.T, h *harness, num int64) (voters int) {
	t.Helper()
	ctx := context.Background()
	p, err := h.store.PollByNum(ctx, num)
	if err != nil {
		t.Fatal(err)
	}
	tally, err := h.store.Tally(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return tally.Total().Voters
}

// A vote counts in the group whose poll it answers, from one of its
// members: a vote naming another chat, an unknown poll, or someone labbot
// was asked to forget (a vote does not bring her back, as chat does not)
// is not kept.
func TestPollVotesOnlyFromItsGroup(t *testing.T) {
	h := audienceHarness(t)
	g, _ := h.store.GroupByKey(context.Background(), "bogota")
	n, _ := h.store.GroupByKey(context.Background(), "nairobi")
	id := pollIn(t, h, uwase, "bogota", "!encuesta ¿Cuándo? | lunes | viernes")
	vote(t, h, id, g.JID, uwase, 0)
	vote(t, h, id, n.JID, grace, 1) // cast in another chat than the poll's
	vote(t, h, "nope", g.JID, grace, 1)
	if v := tallyOf(t, h, 1); v != 1 {
		t.Fatalf("%d voters, want only Uwase's vote", v)
	}
	h.say(t, grace, "", "!forget")
	h.drain(t)
	vote(t, h, id, g.JID, grace, 1)
	if v := tallyOf(t, h, 1); v != 1 {
		t.Errorf("a forgotten member's vote was kept (%d voters)", v)
	}
	if _, err := h.store.MemberByUser(context.Background(), grace); err == nil {
		t.Error("a vote brought a forgotten member back")
	}
}

// A private group's poll is shown only there (and to its members, and
// staff): from another group it does not exist.
func TestPrivatePollStaysInItsGroup(t *testing.T) {
	h := audienceHarness(t)
	pollIn(t, h, uwase, "bogota", "!encuesta ¿Qué tema? | Presupuesto | Voluntariado")
	h.say(t, "+15550000600", "dakar", "!voir P1")
	h.drain(t)
	if got := h.lastText(); strings.Contains(got, "Presupuesto") || !strings.Contains(got, "P1") {
		t.Errorf("from another group, !show P1 said %q", got)
	}
	h.say(t, uwase, "bogota", "!ver P1")
	h.drain(t)
	if got := h.lastText(); !strings.Contains(got, "Presupuesto") {
		t.Errorf("in its group, !show P1 said %q", got)
	}
}

// A poll's options go out through the numbers filter, and are kept as
// sent, so votes still match them: a member's number typed as an option
// never reaches the group.
func TestPollOptionsHideNumbers(t *testing.T) {
	h := audienceHarness(t)
	pollIn(t, h, uwase, "bogota", "!encuesta ¿A quién llamo? | a Grace al +1 555 000 0500 | a nadie")
	p := sentPolls(h)[0].Poll
	for _, o := range p.Options {
		if strings.Contains(strings.ReplaceAll(o, " ", ""), "5550000500") {
			t.Errorf("an option shows a member's number: %q", o)
		}
	}
	post, err := h.store.PollPostByMsgID(context.Background(), sentPolls(h)[0].To.ID)
	if err != nil || post.Options[0] != p.Options[0] {
		t.Errorf("the option kept (%q) is not the one sent (%q): votes would not match", post.Options, p.Options)
	}
}

// Staff read each group's count of a Lab-wide poll by direct message; in a
// group, staff see what members there see, so a private group's count is
// not told to another group.
func TestLabWidePollGroupCountsOnlyByDM(t *testing.T) {
	h := audienceHarness(t)
	const ana = "+15550000001"
	h.say(t, ana, "", "!poll [en] When? | March | April [es] ¿Cuándo? | Marzo | Abril [fr] Quand ? | Mars | Avril")
	h.drain(t)
	h.say(t, ana, "nairobi", "!show P1")
	h.drain(t)
	if got := h.lastText(); strings.Contains(got, "Bogotá") || !strings.Contains(got, "March") {
		t.Errorf("staff's !show P1 in a group said %q", got)
	}
	h.say(t, ana, "", "!show P1")
	h.drain(t)
	if got := h.lastText(); !strings.Contains(got, "Bogotá") {
		t.Errorf("staff's !show P1 by direct message said %q, want each group's count", got)
	}
}
