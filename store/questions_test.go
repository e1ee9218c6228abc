package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"labbot/store/storetest"
)

// A question stays open until an answer is marked as what solved it;
// removing that answer opens it again. Lists page, and count them all.
func TestQuestionsCloseWhenSolved(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	v := Viewer{GroupID: l.open.ID}
	q1 := l.add(t, Item{Kind: KindQuestion, Body: "one"})
	q2 := l.add(t, Item{Kind: KindQuestion, Body: "two"})
	q3 := l.add(t, Item{Kind: KindQuestion, Body: "three"})
	a := l.add(t, Item{Kind: KindAnswer, Body: "yes", QuestionID: q3.ID})
	if got, n, err := l.OpenQuestions(ctx, v, 1, 1); err != nil || refs(got) != q1.Ref() || n != 3 {
		t.Errorf("page 2 of 1 = %q of %d, %v; want %s of 3 (unanswered first, newest first)", refs(got), n, err, q1.Ref())
	}
	if err := l.Solve(ctx, q3.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, n, _ := l.OpenQuestions(ctx, v, 0, 10); refs(got) != q2.Ref()+" "+q1.Ref() || n != 2 {
		t.Errorf("open after solving = %q (%d)", refs(got), n)
	}
	if st, _ := l.QuestionState(ctx, q3.ID); st.SolvedBy != a.Num || st.Answers != 1 || st.LastAnswer.IsZero() {
		t.Errorf("state = %+v; want solved by %s", st, a.Ref())
	}
	if err := l.RemoveItem(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := l.OpenQuestions(ctx, v, 0, 10); n != 3 {
		t.Errorf("with the answer that solved it removed, %d open; want 3", n)
	}
}

func TestResourcesPage(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	v := Viewer{GroupID: l.open.ID}
	for i := range 12 {
		l.add(t, Item{Kind: KindResource, Body: "guide " + strconv.Itoa(i), URL: "https://x.org", Tags: []string{"rent"}})
	}
	for _, tag := range []string{"", "rent"} {
		got, n, err := l.Resources(ctx, v, tag, 10, 10)
		if err != nil || refs(got) != "R2 R1" || n != 12 {
			t.Errorf("Resources(%q) from 10 = %q of %d, %v; want R2 R1 of 12", tag, refs(got), n, err)
		}
	}
}

// Who wants to know is counted once each; !forget leaves no row of hers,
// and a merge keeps hers under her one row.
func TestWantsCountedOnceAndForgotten(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	q := l.add(t, Item{Kind: KindQuestion, Body: "q"})
	for i, want := range []bool{true, false} {
		if added, err := l.WantToKnow(ctx, q.ID, l.ana.ID); err != nil || added != want {
			t.Errorf("want %d: %v, %v; want %v", i, added, err, want)
		}
	}
	l.WantToKnow(ctx, q.ID, l.bea.ID)
	if st, _ := l.QuestionState(ctx, q.ID); st.Wants != 2 {
		t.Errorf("wants = %d, want 2", st.Wants)
	}
	if err := l.ForgetMember(ctx, l.ana.ID); err != nil {
		t.Fatal(err)
	}
	her := strconv.FormatInt(l.ana.ID, 10)
	for _, c := range storetest.Cells(t, filepath.Join(filepath.Dir(l.lockPath()), FileName), func(table string) bool { return table != "question_wants" }) {
		if c.Column == "member_id" && c.Value == her {
			t.Errorf("question_wants still links her to a question: %+v", c)
		}
	}
	if st, _ := l.QuestionState(ctx, q.ID); st.Wants != 1 {
		t.Errorf("wants after forget = %d, want 1", st.Wants)
	}
}
