package export

import (
	"context"
	"strings"
	"testing"
	"time"

	"labbot/privacy"
	"labbot/store"
)

func TestKnowledgeAuthorsAndNesting(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	grace, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+15550000500"}, "Grace", l.open.ID, t0)
	nameless, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+15550000600"}, "+1 555 000 0600", l.open.ID, t0)
	anon := l.add(t, store.Item{Kind: store.KindQuestion, Body: "who?", AuthorID: l.ana.ID, Anonymous: true})
	l.add(t, store.Item{Kind: store.KindAnswer, Body: "her", AuthorID: l.bea.ID, QuestionID: anon.ID})
	l.add(t, store.Item{Kind: store.KindTip, Body: "from Grace", AuthorID: grace.ID, GroupID: l.open.ID})
	l.add(t, store.Item{Kind: store.KindTip, Body: "from a number", AuthorID: nameless.ID, GroupID: l.open.ID})
	l.add(t, store.Item{Kind: store.KindTip, Body: "secret", AuthorID: l.bea.ID, GroupID: l.closed.ID, Private: true, Tags: []string{"b", "a"}})
	if err := l.ForgetMember(ctx, grace.ID); err != nil {
		t.Fatal(err)
	}
	r := l.reader(t)
	k, err := Read(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Groups) != 3 || k.Groups[2].Key != "" || k.Groups[2].Name != DirectGroupName {
		t.Fatalf("groups = %+v, want open, closed, then the direct messages", k.Groups)
	}
	open, closed, direct := k.Groups[0].Items, k.Groups[1].Items, k.Groups[2].Items
	if len(open) != 2 || open[0].Author != privacy.FormerMember || open[1].Author != privacy.AMember {
		t.Errorf("open group's tips = %+v, want by %q and %q", open, privacy.FormerMember, privacy.AMember)
	}
	if !k.Groups[1].Private || len(closed) != 1 || strings.Join(closed[0].Tags, " ") != "a b" {
		t.Errorf("closed group = %+v, want private, with one tip tagged a b", k.Groups[1])
	}
	if len(direct) != 1 {
		t.Fatalf("direct messages hold %+v, want the anonymous question alone", direct)
	}
	q := direct[0]
	if q.ID != "Q1" || q.Author != "" || !q.Anonymous {
		t.Errorf("anonymous question = %+v, want Q1 with no author", q)
	}
	if len(q.Answers) != 1 || q.Answers[0].ID != "A1" || q.Answers[0].Question != "Q1" || q.Answers[0].Author != "Bea" {
		t.Errorf("answers = %+v, want A1 by Bea, naming Q1", q.Answers)
	}
	if want := t0.Truncate(time.Second); !q.Created.Equal(want) || q.Created.Location() != time.UTC {
		t.Errorf("created = %v, want %v in UTC", q.Created, want)
	}
	if k.Events == nil {
		t.Error("events = nil, want an empty list")
	}
}
