package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"labbot/bot/ics"
	"labbot/store"
)

// titleWords is the sub-word of !event that gives an event a new title,
// in each language, in the order of locales.Languages (en, es, fr).
var titleWords = []string{"title", "título", "titre"}

// editEvent changes an event still to come, as !event and its ID ask:
//
//	!event E2 2027-01-12 15:00   moves it (any day and time !event reads)
//	!event E2 title New title    gives it a new title (título, titre)
//	!event E2 | New description  gives it a new description; "|" alone clears it
//
// A time and a title go together, and either with a description. The
// groups told of it and those who said they would come hear of the
// change once, each in her language and zone.
func (b *Bot) editEvent(ctx context.Context, r *request) error {
	e, ok, err := b.comingEvent(ctx, r)
	if err != nil || !ok {
		return err
	}
	loc, now := b.staffZone(r.Msg.Sender), b.clock.Now()
	_, args := cutWord(r.Inv.Args)
	to, ok := b.readEdit(r, e, args, loc, now)
	if !ok {
		return nil
	}
	if to.Title == e.Title && to.Description == e.Description && to.Start.Equal(e.Start) {
		// Also what a message delivered again finds: told once, not twice.
		b.reply(r, b.texts.msg(r.Lang, "event.unchanged", vars{"Ref": bold(e.Ref())}))
		return nil
	}
	got, changed, told, people, err := b.changeEvent(ctx, e, to, now)
	if err != nil {
		return err
	}
	if !changed {
		b.reply(r, b.texts.msg(r.Lang, "event.edit_conflict", vars{"Ref": bold(e.Ref()), "Show": b.cmdWord(r.Lang, "show") + " " + e.Ref()}))
		return nil
	}
	d := b.eventData(r.Lang, got, loc, 0)
	d["Zone"] = b.zoneTime(r.Lang, loc)
	text := b.texts.msg(r.Lang, "event.changed_none", d)
	if told > 0 {
		text = b.texts.plural(r.Lang, "event.changed", told, d)
	}
	if people > 0 {
		text += " " + b.texts.plural(r.Lang, "event.cancelled_people", people, nil)
	}
	b.reply(r, text)
	return nil
}

// readEdit reads what args change in e, and returns e so changed. It
// replies itself, and returns ok false, when args say nothing it can
// read, or a time or text it cannot take.
func (b *Bot) readEdit(r *request, e store.Event, args string, loc *time.Location, now time.Time) (store.Event, bool) {
	to := e
	head, desc, hasDesc := strings.Cut(args, "|")
	if hasDesc {
		if to.Description = strings.TrimSpace(desc); b.tooLong(r, to.Description) {
			return e, false
		}
	}
	head = strings.TrimSpace(head)
	if word, _ := cutWord(head); head != "" && !isWord(titleWords, word) {
		w := parseEventWhen(head, loc, b.sentAt(r))
		if w.Fault == whenUnreadable {
			b.reply(r, b.editUsage(r.Lang, e, now, loc))
			return e, false
		}
		if !b.whenUsable(r, w, loc, now) {
			return e, false
		}
		to.Start, head = w.At, strings.TrimSpace(w.Rest)
	}
	if head != "" {
		word, title := cutWord(head)
		title = strings.Join(strings.Fields(title), " ")
		switch {
		case !isWord(titleWords, word) || title == "":
			b.reply(r, b.editUsage(r.Lang, e, now, loc))
			return e, false
		case utf8.RuneCountInString(title) > maxTitle:
			b.reply(r, b.texts.msg(r.Lang, "event.title_long", nil))
			return e, false
		}
		to.Title = title
	}
	if !hasDesc && args == "" {
		b.reply(r, b.editUsage(r.Lang, e, now, loc))
		return e, false
	}
	return to, true
}

// editUsage shows the three ways to change e, in lang.
func (b *Bot) editUsage(lang string, e store.Event, now time.Time, loc *time.Location) string {
	cmd := b.cmdWord(lang, "event") + " " + e.Ref()
	day := now.In(loc).AddDate(0, 0, 7).Format("2006-01-02")
	return b.texts.msg(lang, "event.edit_usage", vars{"Ref": bold(e.Ref()),
		"Move":     cmd + " " + day + " 15:00",
		"Retitle":  cmd + " " + titleWords[langIndex(lang)] + " " + b.texts.msg(lang, "event.edit_example_title", nil),
		"Describe": cmd + " | " + b.texts.msg(lang, "event.edit_example_description", nil)})
}

// changeEvent changes e as to says and, in the same transaction, queues
// what tells of it the groups told of e (told) and those who said they
// would come (people): each once, keyed by the event's revision, so a
// change is told once however its message comes. Like a cancellation,
// who may still hear is checked again when each message leaves (a member
// who left the private group, or asked to be forgotten, does not). It
// reports changed false when e was cancelled or changed meanwhile.
func (b *Bot) changeEvent(ctx context.Context, e, to store.Event, now time.Time) (got store.Event, changed bool, told, people int, err error) {
	tx, err := b.store.Begin(ctx)
	if err != nil {
		return got, false, 0, 0, err
	}
	defer tx.Rollback()
	if got, changed, err = tx.ChangeEvent(ctx, e, to, now); err != nil || !changed {
		return got, false, 0, 0, err
	}
	attendees, err := tx.Attendees(ctx, e.ID)
	if err != nil {
		return got, false, 0, 0, err
	}
	groups, err := tx.ToldGroups(ctx, e.ID)
	if err != nil {
		return got, false, 0, 0, err
	}
	key := fmt.Sprintf("event:%d:r%d:", got.ID, got.Revision)
	var out []store.Outgoing
	for _, m := range attendees {
		mine, coming, err := b.stillComing(ctx, m, e)
		if err != nil {
			return got, false, 0, 0, err
		}
		if !coming {
			continue
		}
		lang := b.memberLang(m, mine)
		out = append(out, store.Outgoing{Chat: m.UserID, Bulk: true, Batch: got.Batch(), DedupKey: key + fmt.Sprintf("m%d", m.ID),
			DocName: e.Ref() + ".ics", DocMIME: ics.MIME, DocData: eventCalendar(got), Audience: audienceOf(m.ID, e.GroupID),
			Body: b.changeNotice(lang, got, e, b.memberZone(m.UserID, mine), false)})
	}
	people = len(out)
	for _, g := range groups {
		if g.Active {
			out = append(out, store.Outgoing{Chat: g.JID, Bulk: true, Batch: got.Batch(), DedupKey: key + fmt.Sprintf("g%d", g.ID),
				Body: b.changeNotice(g.Lang, got, e, b.groupZone(g), true)})
			told++
		}
	}
	if err := b.stampAll(ctx, now, out); err != nil {
		return got, false, 0, 0, err
	}
	if err := tx.Enqueue(ctx, out, now, time.Time{}); err != nil {
		return got, false, 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return got, false, 0, 0, err
	}
	b.sender.Notify()
	return got, true, told, people, nil
}

// changeNotice tells of e, changed from was, in lang and loc: its new
// time, and the old one when it moved; its description; and, in a group,
// how to come, or, to one who is coming, that she still is.
func (b *Bot) changeNotice(lang string, e, was store.Event, loc *time.Location, group bool) string {
	d := b.eventData(lang, e, loc, 0)
	key := "event.edited_notice"
	if !e.Start.Equal(was.Start) {
		key, d["Was"] = "event.moved_notice", b.when(lang, was.Start, loc)
	}
	text := b.texts.msg(lang, key, d)
	if e.Description != "" {
		text += "\n" + e.Description
	}
	tail := "event.change_kept"
	if group {
		tail = "event.how_rsvp"
	}
	return text + "\n\n" + b.texts.msg(lang, tail, d)
}

// stillComing reports whether m, who said she would come to e, is still
// one to tell of it: in a partner group (or staff), and in e's private
// group when it has one. It returns her groups, for her language and zone.
func (b *Bot) stillComing(ctx context.Context, m store.Member, e store.Event) ([]store.Group, bool, error) {
	mine, err := b.store.MemberGroups(ctx, m.ID)
	if err != nil {
		return nil, false, err
	}
	return mine, (len(mine) > 0 || b.isStaff(m.UserID)) && inGroup(mine, e.GroupID), nil
}
