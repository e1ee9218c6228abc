package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestRecordPostOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	run := ScheduledPost{Key: "digest:g1:2026-12-07T09:00", Due: now, Outcome: PostQueued,
		Out: []Outgoing{{MsgID: "a", Chat: "g@g.us", Bulk: true, Body: "digest"}}}
	for i, want := range []bool{true, false} {
		run.Out[0].MsgID = fmt.Sprint("m", i)
		got, err := recordPostTx(t, s, run, now)
		if err != nil || got != want {
			t.Fatalf("RecordPost #%d = %v, %v; want %v", i+1, got, err, want)
		}
	}
	if n, err := s.Pending(ctx); err != nil || n != 1 {
		t.Errorf("%d rows queued (%v), want 1: a post's messages are queued once", n, err)
	}
	if done, err := s.ScheduledPostDone(ctx, run.Key); err != nil || !done {
		t.Errorf("ScheduledPostDone = %v, %v; want true", done, err)
	}
	if n, err := s.PruneScheduledPosts(ctx, now.Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("PruneScheduledPosts removed %d (%v), want 1", n, err)
	}
}

func TestRSVPToACancelledEventIsRefused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	m, _, err := s.SeeMember(ctx, Incoming{Sender: "+15550000100"}, "Amina", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	e := addEvent(t, s, Event{Title: "Webinar", Start: now.Add(24 * time.Hour)}, now)
	for i := range 2 { // a second RSVP is still an RSVP
		if ok, err := s.RSVP(ctx, e.ID, m.ID, now); err != nil || !ok {
			t.Fatalf("RSVP #%d = %v, %v; want true", i+1, ok, err)
		}
	}
	_, told := cancelEvent(t, s, e, now)
	if len(told) != 1 {
		t.Errorf("the cancel saw %d attendees, want 1", len(told))
	}
	if ok, err := s.RSVP(ctx, e.ID, m.ID, now); err != nil || ok {
		t.Errorf("RSVP after the cancel = %v, %v; want false", ok, err)
	}
}

func TestDigestEntriesWeekIsOpenBelowClosedAbove(t *testing.T) {
	l := newLab(t)
	to := t0.Add(7 * 24 * time.Hour)
	from := t0
	for _, at := range []time.Time{from, from.Add(time.Millisecond), to, to.Add(time.Millisecond)} {
		if _, err := l.AddItem(context.Background(), Item{Kind: KindTip, Body: at.String(), Lang: "es"}, at); err != nil {
			t.Fatal(err)
		}
	}
	got, err := l.DigestEntries(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	var at []time.Time
	for _, e := range got {
		at = append(at, e.Created)
	}
	// Newest first; the item at from belongs to the week before.
	if want := []time.Time{to, from.Add(time.Millisecond)}; fmt.Sprint(at) != fmt.Sprint(want) {
		t.Errorf("DigestEntries(%v, %v] = %v, want %v", from, to, at, want)
	}
}
