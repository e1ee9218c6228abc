package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// A member first seen by LID and one seen by number, once known to be one
// person, are one member: with the groups, language, subscription, RSVPs,
// credit, anonymous link and waiting messages of both.
func TestMergeMemberMakesOnePerson(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	const lid = "lid:98765432101234"
	byLID, _, _ := l.SeeMember(ctx, Incoming{Sender: lid}, "Ana", l.closed.ID, t0.Add(time.Hour))
	l.SetMemberLang(ctx, byLID.ID, "fr")
	l.Subscribe(ctx, byLID.ID, t0)
	l.WroteDM(ctx, byLID.ID) // she wrote labbot directly from her LID
	tx, _ := l.Begin(ctx)
	ev := &Event{Title: "call", Start: t0.Add(48 * time.Hour), CreatedBy: byLID.ID, Source: "closed@g.us|" + lid + "|in2"}
	tx.AddEvent(ctx, ev, nil, t0)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	l.RSVP(ctx, ev.ID, byLID.ID, t0)
	tip := l.add(t, Item{Kind: KindTip, Body: "a tip", AuthorID: byLID.ID})
	q := l.add(t, Item{Kind: KindQuestion, Body: "rent?", AuthorID: byLID.ID, Anonymous: true})
	l.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: lid, Body: "Q1 has an answer", Sensitive: true, Audience: Audience{Member: byLID.ID}}, t0)

	got, err := l.MergeMember(ctx, "+1", lid)
	if err != nil || got != (Merge{Kept: l.ana.ID, Dropped: byLID.ID}) {
		t.Fatalf("MergeMember = %+v, %v; want Ana's row kept and the LID's merged", got, err)
	}
	if _, err := l.MemberByUser(ctx, lid); !errors.Is(err, ErrNotFound) {
		t.Errorf("the LID's row is still there: %v", err)
	}
	ana, _ := l.MemberByID(ctx, l.ana.ID)
	groups, _ := l.MemberGroups(ctx, ana.ID)
	subs, _ := l.Subscribers(ctx)
	if ana.Lang != "fr" || len(groups) != 2 || len(subs) != 1 || subs[0].ID != ana.ID {
		t.Errorf("merged member %+v in %d groups, subscribers %+v; want her language, both groups and her subscription", ana, len(groups), subs)
	}
	if who, _ := l.Attendees(ctx, ev.ID); len(who) != 1 || who[0].ID != ana.ID {
		t.Errorf("attendees %+v, want her", who)
	}
	if c, _ := l.ContactOf(ctx, "+1"); c.Cold() || c.Refused {
		t.Errorf("merged contact %+v; want her known to have written labbot, never refused", c)
	}
	if it, _ := l.ItemByRef(ctx, tip.Kind, tip.Num); it.AuthorID != ana.ID {
		t.Errorf("the tip is credited to %d, want %d", it.AuthorID, ana.ID)
	}
	if asker, err := l.AnonAsker(ctx, q.ID, t0); err != nil || asker != "+1" {
		t.Errorf("the anonymous question's asker = %q, %v; want her number's form", asker, err)
	}
	row, err := l.Claim(ctx, 1, t0, time.Minute)
	if err != nil || row.Chat != "+1" || row.Audience.Member != ana.ID {
		t.Errorf("the waiting message goes to %q for member %d (%v); want her, merged", row.Chat, row.Audience.Member, err)
	}
	if again, err := l.MergeMember(ctx, "+1", lid); err != nil || again != (Merge{}) {
		t.Errorf("a second merge did %+v, %v; want nothing", again, err)
	}
}

// Forgetting the merged member forgets both forms: neither comes back by
// chat, and neither is in any row.
func TestForgetMergedMemberForgetsBothForms(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	const lid = "lid:98765432101234"
	byLID, _, _ := l.SeeMember(ctx, Incoming{Sender: lid}, "Ana", l.closed.ID, t0)
	l.Enqueue(ctx, Outgoing{MsgID: "m1", Chat: lid, Body: "your digest"}, t0)
	if _, err := l.MergeMember(ctx, "+1", lid); err != nil {
		t.Fatal(err)
	}
	if err := l.ForgetMember(ctx, l.ana.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"+1", lid} {
		if m, _, _ := l.SeeMember(ctx, Incoming{Chat: "open@g.us", Sender: id, MsgID: "x"}, "Ana", l.open.ID, t0); m.ID != 0 {
			t.Errorf("%s came back by chat after she was forgotten", id)
		}
	}
	var n int
	l.writeRow(ctx, `SELECT COUNT(*) FROM outbox WHERE chat IN ('+1', ?1) OR instr(body, 'digest') > 0`, []any{lid}, &n)
	if n != 0 || byLID.ID == 0 {
		t.Errorf("%d outbox rows still name her", n)
	}
}

// A LID-only member whose number labbot learns, with no row under it,
// becomes that member: nothing is lost nor duplicated.
func TestMergeRenamesALIDOnlyMember(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	const lid = "lid:555"
	byLID, _, _ := l.SeeMember(ctx, Incoming{Sender: lid}, "Chidi", l.open.ID, t0)
	if ids, _ := l.LIDOnlyMembers(ctx); !slices.Equal(ids, []string{lid}) {
		t.Errorf("LIDOnlyMembers = %q", ids)
	}
	got, err := l.MergeMember(ctx, "+3", lid)
	if err != nil || got != (Merge{Kept: byLID.ID}) {
		t.Fatalf("MergeMember = %+v, %v", got, err)
	}
	if m, err := l.MemberByUser(ctx, "+3"); err != nil || m.ID != byLID.ID || m.Name != "Chidi" {
		t.Errorf("under her number: %+v, %v", m, err)
	}
	if ids, _ := l.LIDOnlyMembers(ctx); len(ids) != 0 {
		t.Errorf("still known by LID only: %q", ids)
	}
}

// One LID is one person's: when she moves to a new number that labbot
// knows, the LID leaves the old number's row for the new one, and a
// message under it is hers.
func TestLIDFollowsHerToANewNumber(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	const lid = "lid:98765432101234"
	if _, err := l.MergeMember(ctx, "+1", lid); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.SeeMember(ctx, Incoming{Sender: "+2"}, "Ana", l.closed.ID, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := l.MergeMember(ctx, "+2", lid); err != nil {
		t.Fatalf("merging her LID into her new number: %v", err)
	}
	if user, ok, err := l.UserByAlt(ctx, lid); err != nil || !ok || user != "+2" {
		t.Errorf("her LID is %q's (%v, %v), want her new number's", user, ok, err)
	}
}
