package store

import (
	"context"
	"slices"
	"testing"
)

// TestAudienceHolds: a row for a member goes only while she is that member
// (not forgotten, not someone who got her row ID since) and in each active
// group it speaks of; its audience survives the outbox.
func TestAudienceHolds(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.AddGroup(ctx, Group{Key: "open", JID: "open@g.us", Name: "Open", Lang: "en", TZ: "UTC"}, t0)
	s.AddGroup(ctx, Group{Key: "closed", JID: "closed@g.us", Name: "Closed", Lang: "en", TZ: "UTC", Private: true}, t0)
	open, _ := s.GroupByKey(ctx, "open")
	closed, _ := s.GroupByKey(ctx, "closed")
	grace, _, err := s.SeeMember(ctx, Incoming{Sender: "+15550000500", Chat: "open@g.us", MsgID: "1"}, "Grace", open.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	s.SeeMember(ctx, Incoming{Sender: "+15550000500", Chat: "closed@g.us", MsgID: "2"}, "Grace", closed.ID, t0)

	in := Outgoing{MsgID: "m1", Chat: grace.UserID, Body: "news", Created: t0, Audience: Audience{Member: grace.ID, Groups: []int64{closed.ID}}}
	if _, err := s.Enqueue(ctx, in, t0); err != nil {
		t.Fatal(err)
	}
	due, _ := s.NextDue(ctx)
	row, err := s.Claim(ctx, due.ReplyID, t0, 0)
	if err != nil || row.Audience.Member != grace.ID || !slices.Equal(row.Audience.Groups, []int64{closed.ID}) {
		t.Fatalf("claimed audience %+v (%v), want %+v", row.Audience, err, in.Audience)
	}
	holds := func(chat string, a Audience) bool {
		t.Helper()
		ok, err := s.AudienceHolds(ctx, chat, a)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	a := row.Audience
	if !holds(grace.UserID, a) || !holds(grace.UserID, Audience{Member: grace.ID}) || !holds("anyone", Audience{}) {
		t.Error("the audience does not hold while she is in the group")
	}
	if holds("+15550000999", a) {
		t.Error("the audience holds for another chat than hers")
	}
	s.LeaveGroup(ctx, closed.ID, grace.UserID)
	if holds(grace.UserID, a) {
		t.Error("the audience holds after she left the private group")
	}
	if !holds(grace.UserID, Audience{Member: grace.ID, Groups: []int64{open.ID}}) {
		t.Error("leaving one group cut her off from another")
	}
	s.SetGroupActive(ctx, open.JID, false)
	if holds(grace.UserID, Audience{Member: grace.ID, Groups: []int64{open.ID}}) {
		t.Error("the audience holds in a group labbot left, whose members it no longer knows")
	}
	if err := s.ForgetMember(ctx, grace.ID); err != nil {
		t.Fatal(err)
	}
	if holds(grace.UserID, Audience{Member: grace.ID}) {
		t.Error("the audience holds after she was forgotten")
	}
	// Someone new may get her row ID: the row was for Grace's chat, not hers.
	bea, _, _ := s.SeeMember(ctx, Incoming{Sender: "+15550000600", Chat: "x", MsgID: "3"}, "Bea", 0, t0)
	if bea.ID == grace.ID && holds(grace.UserID, Audience{Member: grace.ID}) {
		t.Error("a row for a forgotten member holds for whoever got her row ID")
	}
}
