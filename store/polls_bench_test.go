package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkPollTally10k counts a Lab-wide poll (one WhatsApp poll in each
// of the lab's two groups, four options) with 10,000 votes: what !show P4
// and a close read (PERFORMANCE.md, "Issue 17: polls"). Run it with
// -run '^$' -bench PollTally.
func BenchmarkPollTally10k(b *testing.B) {
	const voters = 10_000
	l := labOn(b, openTest(b))
	ctx := context.Background()
	p := l.addTestPoll(b, "marzo", "abril", "mayo", "junio")
	tx, err := l.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for i := range voters {
		var id int64
		err := tx.q.QueryRowContext(ctx, upsertMemberSQL+` RETURNING id`, fmt.Sprintf("+1555%07d", i), "", ms(t0)).Scan(&id)
		if err != nil {
			b.Fatal(err)
		}
		choices := fmt.Sprint(i % 4)
		if i%10 == 0 {
			choices += ",3" // a few choose two
		}
		if _, err := tx.q.ExecContext(ctx, putVoteSQL, p.Posts[i%2].ID, id, choices, ms(t0)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	got, err := l.PollByNum(ctx, p.Num)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		t, err := l.Tally(ctx, got)
		if err != nil {
			b.Fatal(err)
		}
		if v := t.Total().Voters; v != voters {
			b.Fatalf("%d voters, want %d", v, voters)
		}
	}
}
