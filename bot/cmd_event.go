package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"labbot/bot/ics"
	"labbot/store"
)

// maxTitle is the longest event title: it has to fit a phone's line or two.
const maxTitle = 200

var eventRefRE = refPattern(`[Ee]([0-9]{1,9})`)

// cmdEvent creates an event at a date and time on the staff member's own
// clock, and tells the groups it is for: every partner group, or only
// this one when it is private.
func (b *Bot) cmdEvent(ctx context.Context, r *request) error {
	if first, _ := cutWord(r.Inv.Args); eventRefRE.MatchString(first) {
		return b.editEvent(ctx, r)
	}
	loc := b.staffZone(r.Msg.Sender)
	now := b.clock.Now()
	w := parseEventWhen(r.Inv.Args, loc, b.sentAt(r))
	title, desc, _ := strings.Cut(w.Rest, "|")
	title, desc = strings.Join(strings.Fields(title), " "), strings.TrimSpace(desc)
	start := w.At
	switch {
	case w.Fault == whenUnreadable || (w.Fault == whenOK && title == ""):
		b.reply(r, b.texts.msg(r.Lang, "event.usage", vars{"Example": b.eventExample(r.Lang, now, loc)}))
		return nil
	case !b.whenUsable(r, w, loc, now):
		return nil
	case utf8.RuneCountInString(title) > maxTitle:
		b.reply(r, b.texts.msg(r.Lang, "event.title_long", nil))
		return nil
	case b.tooLong(r, desc):
		return nil
	}
	m := r.Msg
	e := store.Event{Title: title, Description: desc, Start: start, CreatedBy: r.Member.ID,
		Source: m.Chat + "|" + m.Sender + "|" + m.ID}
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return err
	}
	if r.Group != nil && r.Group.Private {
		e.GroupID, groups = r.Group.ID, []store.Group{*r.Group}
	}
	if err := b.addEvent(ctx, &e, groups, now); err != nil {
		return err
	}
	data := b.eventData(r.Lang, e, loc, 0)
	data["Zone"] = b.zoneTime(r.Lang, loc)
	if len(groups) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "event.created_none", data))
		return nil
	}
	b.reply(r, b.texts.plural(r.Lang, "event.created", len(groups), data))
	return nil
}

// addEvent saves e and queues the posts that tell groups of it, once: a
// redelivered message finds its event saved, and queues nothing again.
func (b *Bot) addEvent(ctx context.Context, e *store.Event, groups []store.Group, now time.Time) error {
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	added, err := tx.AddEvent(ctx, e, groupIDs(groups), now)
	if err != nil || !added {
		return err
	}
	out := make([]store.Outgoing, len(groups))
	for i, g := range groups {
		out[i] = store.Outgoing{Chat: g.JID, Bulk: true, Batch: e.Batch(), Body: b.eventNotice(g.Lang, *e, b.groupZone(g))}
	}
	if err := b.stampAll(ctx, now, out); err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, out, now, time.Time{}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	b.sender.Notify()
	return nil
}

// eventNotice tells a group of a new event, in its language and zone.
func (b *Bot) eventNotice(lang string, e store.Event, loc *time.Location) string {
	text := b.texts.msg(lang, "event.notice", b.eventData(lang, e, loc, 0))
	if e.Description != "" {
		text += "\n" + e.Description
	}
	return text + "\n\n" + b.texts.msg(lang, "event.how_rsvp", vars{"RSVP": b.cmdWord(lang, "rsvp") + " " + e.Ref()})
}

// eventExample shows how to write an event, a week from now.
func (b *Bot) eventExample(lang string, now time.Time, loc *time.Location) string {
	day := now.In(loc).AddDate(0, 0, 7).Format("2006-01-02")
	return b.cmdWord(lang, "event") + " " + day + " 15:00 " + b.texts.msg(lang, "event.example", nil)
}

// cmdCancel cancels an event and tells every group that heard of it, and
// everyone who said she would attend.
func (b *Bot) cmdCancel(ctx context.Context, r *request) error {
	e, ok, err := b.comingEvent(ctx, r)
	if err != nil || !ok {
		return err
	}
	e.Cancelled = true
	cancelled, told, people, err := b.cancelEvent(ctx, e, b.clock.Now())
	if err != nil {
		return err
	}
	if !cancelled {
		b.reply(r, b.texts.msg(r.Lang, "event.already_cancelled", vars{"Ref": bold(e.Ref())}))
		return nil
	}
	text := b.texts.msg(r.Lang, "event.cancelled_none", vars{"Ref": bold(e.Ref())})
	if told > 0 {
		text = b.texts.plural(r.Lang, "event.cancelled", told, vars{"Ref": bold(e.Ref())})
	}
	if people > 0 {
		text += " " + b.texts.plural(r.Lang, "event.cancelled_people", people, nil)
	}
	b.reply(r, text)
	return nil
}

// comingEvent loads the event r's arguments name, as the reader may see
// it, when it is still to come. It replies itself, and returns ok false,
// when there is no such event, or it was cancelled or has begun.
func (b *Bot) comingEvent(ctx context.Context, r *request) (store.Event, bool, error) {
	if strings.TrimSpace(r.Inv.Args) == "" {
		b.wrongUse(r)
		return store.Event{}, false, nil
	}
	e, ok, err := b.findEvent(ctx, r, r.Inv.Args)
	if err != nil || !ok {
		return e, false, err
	}
	switch {
	case e.Cancelled:
		b.reply(r, b.texts.msg(r.Lang, "event.already_cancelled", vars{"Ref": bold(e.Ref())}))
		return e, false, nil
	case !b.clock.Now().Before(e.Start):
		b.reply(r, b.texts.msg(r.Lang, "event.over", vars{"Ref": bold(e.Ref())}))
		return e, false, nil
	}
	return e, true, nil
}

// findEvent loads the event ref names, as the reader may see it. It
// replies itself, and returns ok false, when it cannot.
func (b *Bot) findEvent(ctx context.Context, r *request, ref string) (store.Event, bool, error) {
	ref, _ = cutWord(ref)
	m := eventRefRE.FindStringSubmatch(ref)
	if m == nil {
		b.reply(r, b.texts.msg(r.Lang, "event.bad_ref", vars{"Ref": clip(ref, 12), "Events": b.cmdWord(r.Lang, "events")}))
		return store.Event{}, false, nil
	}
	num, _ := strconv.ParseInt(m[1], 10, 64)
	e, err := b.store.EventByNum(ctx, num)
	if err == nil && !b.requestView(r).seesEvent(e) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		b.reply(r, b.texts.msg(r.Lang, "event.not_found", vars{"Ref": "E" + m[1], "Events": b.cmdWord(r.Lang, "events")}))
		return store.Event{}, false, nil
	}
	return e, err == nil, err
}

// requestView is what r's reader may see from r's chat, and how: her
// language, the chat's zone.
func (b *Bot) requestView(r *request) digestView {
	v := digestView{lang: r.Lang, loc: b.readerZone(r)}
	if r.Group != nil {
		v.groups = []int64{r.Group.ID}
	} else {
		v.groups = groupIDs(r.Groups)
	}
	return v
}

// cancelEvent cancels e and, in the same transaction, queues what tells
// the groups told of it (told) and those who said they would come
// (people). It reports false when e was cancelled already.
func (b *Bot) cancelEvent(ctx context.Context, e store.Event, now time.Time) (cancelled bool, told, people int, err error) {
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return false, 0, 0, err
	}
	defer tx.Rollback()
	if cancelled, err = tx.CancelEvent(ctx, e, now); err != nil || !cancelled {
		return false, 0, 0, err
	}
	attendees, err := tx.Attendees(ctx, e.ID)
	if err != nil {
		return false, 0, 0, err
	}
	groups, err := tx.ToldGroups(ctx, e.ID)
	if err != nil {
		return false, 0, 0, err
	}
	// Those who said they would come hear by direct message, with a file
	// that takes the event out of their calendar.
	var out []store.Outgoing
	for _, m := range attendees {
		mine, coming, err := b.stillComing(ctx, m, e)
		if err != nil {
			return false, 0, 0, err
		}
		if !coming {
			continue
		}
		lang := b.memberLang(m, mine)
		out = append(out, store.Outgoing{Chat: m.UserID, Bulk: true, DocName: e.Ref() + ".ics", DocMIME: ics.MIME,
			Audience: audienceOf(m.ID, e.GroupID), DocData: eventCalendar(e), Body: b.texts.msg(lang, "event.cancel_notice", b.eventData(lang, e, b.memberZone(m.UserID, mine), 0))})
	}
	people = len(out)
	for _, g := range groups {
		if g.Active {
			out = append(out, store.Outgoing{Chat: g.JID, Bulk: true,
				Body: b.texts.msg(g.Lang, "event.cancel_notice", b.eventData(g.Lang, e, b.groupZone(g), 0))})
			told++
		}
	}
	if err := b.stampAll(ctx, now, out); err != nil {
		return false, 0, 0, err
	}
	if err := tx.Enqueue(ctx, out, now, time.Time{}); err != nil {
		return false, 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return false, 0, 0, err
	}
	b.sender.Notify()
	return true, told, people, nil
}
