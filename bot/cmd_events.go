package bot

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"labbot/bot/ics"
	"labbot/store"
)

// cmdEvents lists the coming events the reader may see, on her chat's clock.
func (b *Bot) cmdEvents(ctx context.Context, r *request) error {
	now := b.clock.Now()
	events, err := b.store.Events(ctx, now, now.Add(eventHorizon))
	if err != nil {
		return err
	}
	v := b.requestView(r)
	lines := []string{b.texts.msg(r.Lang, "events.title", nil)}
	shown, example := 0, ""
	for _, e := range events {
		if v.seesEvent(e) && shown < listLen {
			example = cmp.Or(example, e.Ref())
			lines = append(lines, b.eventLine(r.Lang, e, v.loc))
			if blurb := eventBlurb(e.Description); blurb != "" {
				// Its link, so a member can join from the list (issue 15).
				lines = append(lines, "   "+blurb)
			}
			shown++
		}
	}
	if shown == 0 {
		b.reply(r, b.texts.msg(r.Lang, "events.none", nil))
		return nil
	}
	lines = append(lines, "", b.texts.msg(r.Lang, "event.how_rsvp", vars{"RSVP": b.cmdWord(r.Lang, "rsvp") + " " + example}))
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// cmdRSVP records that she will attend, and sends her the event by direct
// message as a calendar file; she is reminded there before it begins.
func (b *Bot) cmdRSVP(ctx context.Context, r *request) error {
	e, ok, err := b.comingEvent(ctx, r)
	if err != nil || !ok {
		return err
	}
	if cold, err := b.coldInGroup(ctx, r); err != nil || cold {
		// WhatsApp refuses most first messages: the file and the reminders
		// would not reach her. She is not on the list: the group is told
		// to send the same !rsvp by direct message, where it works.
		if cold {
			b.reply(r, b.texts.msg(r.Lang, "rsvp.dm_first", vars{"Ref": bold(e.Ref()), "Title": e.Title,
				"Usage": b.cmdWord(r.Lang, "rsvp") + " " + e.Ref()}))
		}
		return err
	}
	ok, err = b.store.RSVP(ctx, e.ID, r.Member.ID, b.clock.Now())
	if err != nil {
		return err
	}
	if !ok { // cancelled since it was looked up
		b.reply(r, b.texts.msg(r.Lang, "event.already_cancelled", vars{"Ref": bold(e.Ref())}))
		return nil
	}
	// The file comes by direct message, on her own clock, as her reminders
	// will; its caption says she is on the list. In a group, a reaction
	// tells her where to look; in a direct message the file is the answer.
	mine := r.Groups
	if r.Group != nil {
		b.react(r, reactRSVP)
		if mine, err = b.store.MemberGroups(ctx, r.Member.ID); err != nil {
			return err
		}
	}
	r.out = append(r.out, store.Outgoing{Chat: r.Member.UserID, DocName: e.Ref() + ".ics", DocMIME: ics.MIME, DocData: eventCalendar(e),
		Audience: audienceOf(r.Member.ID, e.GroupID),
		Body:     b.texts.msg(r.Lang, "rsvp.caption", b.eventData(r.Lang, e, b.memberZone(r.Msg.Sender, mine), 0))})
	return nil
}

// eventCalendar is e as an iCalendar file; its UID stays the same for
// every copy sent, so a calendar updates the event instead of adding it
// twice, and its sequence counts e's changes, so the update wins.
func eventCalendar(e store.Event) []byte {
	stamp := e.Created
	if !e.Changed.IsZero() {
		stamp = e.Changed
	}
	return ics.Marshal(ics.Event{
		UID:   fmt.Sprintf("%s-%d@labbot", e.Ref(), e.Created.Unix()),
		Stamp: stamp, Start: e.Start, Summary: e.Title, Description: e.Description,
		Cancelled: e.Cancelled, Sequence: e.Revision,
	})
}
