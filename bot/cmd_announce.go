package bot

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"labbot/store"
)

// The sub-words of announce, in each language (en, es, fr).
var (
	sendWords   = []string{"send", "enviar", "envoyer"}
	cancelWords = []string{"cancel", "cancelar", "annuler"}
	listWords   = []string{"list", "lista", "liste"}
	atWords     = []string{"at", "el", "le"}
)

var announceRefRE = refPattern(`[Nn]([0-9]{1,9})`)

// isWord reports whether w is one of words, folded.
func isWord(words []string, w string) bool {
	return slices.ContainsFunc(words, func(x string) bool { return fold(x) == fold(w) })
}

// cmdAnnounce broadcasts to every partner group, each in its language; or,
// by its sub-words, sends a held one, schedules, lists or cancels. A
// message that starts with send, list or cancel is an instruction, never
// a broadcast: a typo after it gets the forms back, not an announcement to
// every group. At/el/le schedule only before what reads as a date or a
// time (whenWords): "At our retreat…" and "El 15 de enero…" are
// announcements; one that reads as a schedule labbot cannot read is held
// (announceAt).
func (b *Bot) cmdAnnounce(ctx context.Context, r *request) error {
	args := strings.TrimSpace(r.Inv.Args)
	first, rest := cutWord(args)
	isRef := announceRefRE.MatchString(rest)
	switch {
	case args == "":
		b.wrongUse(r)
		return nil
	case isWord(sendWords, first) && (rest == "" || isRef):
		return b.announceSend(ctx, r, rest)
	case isWord(listWords, first) && rest == "":
		return b.announceList(ctx, r)
	case isWord(cancelWords, first) && (rest == "" || isRef):
		return b.announceCancel(ctx, r, rest)
	case isWord(atWords, first) && whenWords(first, rest) != "":
		return b.announceAt(ctx, r, args, first, rest)
	case isWord(sendWords, first), isWord(listWords, first), isWord(cancelWords, first):
		b.reply(r, b.texts.msg(r.Lang, "announce.sub_word", vars{"Word": clip(first, 20), "Forms": b.announceForms(r.Lang),
			"Tagged": b.cmdWord(r.Lang, "announce") + " [" + r.Lang + "] " + clip(first, 20) + " …"}))
		return nil
	}
	return b.announceNew(ctx, r, args, time.Time{}, "")
}

// announceForms lists the sub-commands, as she would type them.
func (b *Bot) announceForms(lang string) string {
	return strings.Join([]string{
		b.subUsage(lang, "announce", sendWords) + " [N3]",
		b.subUsage(lang, "announce", listWords),
		b.subUsage(lang, "announce", cancelWords) + " [N3]",
		b.subUsage(lang, "announce", atWords) + " 2026-12-14 09:00 …",
	}, "\n")
}

// anyGroup says there is no partner group to send to, when there is none.
func (b *Bot) anyGroup(r *request, groups []store.Group) bool {
	if len(groups) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "announce.no_groups", nil))
	}
	return len(groups) > 0
}

// readBlocks reads staff's [en] … [es] … [fr] … blocks, or answers why not
// (a tag for another language, a language twice, or no block): announcements and Lab-wide polls alike.
func (b *Bot) readBlocks(r *request, text string) (map[string]string, bool) {
	blocks, err := parseBlocks(text, r.Lang)
	var be blocksError
	switch {
	case errors.As(err, &be) && be.unknown != "":
		b.reply(r, b.texts.msg(r.Lang, "announce.unknown_tag", vars{"Tag": clip(be.unknown, 12)}))
		return nil, false
	case errors.As(err, &be) && be.twice != "":
		b.reply(r, b.texts.msg(r.Lang, "announce.twice", vars{"Lang": b.langName(r.Lang, be.twice)}))
		return nil, false
	case err != nil:
		b.wrongUse(r)
		return nil, false
	}
	return blocks, true
}

// announceNew records an announcement and sends it, schedules it, or, when
// a partner group's language has no text or unread is the date and time
// it begins with that labbot could not read, holds it and asks first.
func (b *Bot) announceNew(ctx context.Context, r *request, text string, at time.Time, unread string) error {
	blocks, ok := b.readBlocks(r, text)
	if !ok {
		return nil
	}
	for _, block := range blocks {
		if b.tooLong(r, block) {
			return nil
		}
	}
	groups, err := b.store.Groups(ctx)
	if err != nil || !b.anyGroup(r, groups) {
		return err
	}
	now := b.clock.Now()
	m := r.Msg
	a := store.Announcement{Source: m.Chat + "|" + m.Sender + "|" + m.ID, StaffID: r.Member.ID,
		StaffChat: r.Member.UserID, StaffLang: r.Lang, Blocks: blocks, SendAt: at, Status: store.AnnouncementSending}
	missing := missingLangs(blocks, groups)
	switch {
	case len(missing) > 0, unread != "":
		a.Status = store.AnnouncementHeld
	case !at.IsZero():
		a.Status = store.AnnouncementScheduled
	}
	dropped, err := b.dropHeld(ctx, r.Member.ID, at)
	if err != nil {
		return err
	}
	if err := b.addAnnouncement(ctx, &a, groups, now); err != nil {
		return err
	}
	if a.Status == store.AnnouncementHeld {
		b.replyHeld(r, a, unread, missing)
	} else {
		b.replyPlanned(r, a)
	}
	if len(dropped) > 0 { // said in the same message: she sees what went
		r.out[len(r.out)-1].Body += "\n\n" + b.texts.plural(r.Lang, "announce.replaced", len(dropped), vars{"Refs": b.joinLast(r.Lang, "list.and", dropped), "Ref": bold(a.Ref())})
	}
	return nil
}

// replyPlanned tells the staff member what happens to a: it goes now, or at its time.
func (b *Bot) replyPlanned(r *request, a store.Announcement) {
	if a.Status == store.AnnouncementScheduled {
		loc := b.staffZone(r.Msg.Sender)
		b.reply(r, b.texts.msg(r.Lang, "announce.scheduled", vars{"Ref": bold(a.Ref()), "When": b.when(r.Lang, a.SendAt, loc),
			"Zone": b.zoneTime(r.Lang, loc), "List": b.subUsage(r.Lang, "announce", listWords),
			"Cancel": b.subUsage(r.Lang, "announce", cancelWords) + " " + a.Ref()}))
		return
	}
	b.reply(r, b.texts.plural(r.Lang, "announce.sending", a.Groups, vars{"Ref": bold(a.Ref())}))
}

// announceSend sends (or schedules, when it has a time still to come) a
// held announcement as it is: the one ref names, or her newest.
func (b *Bot) announceSend(ctx context.Context, r *request, ref string) error {
	a, ok, err := b.findAnnouncement(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	if a.Status != store.AnnouncementHeld {
		b.replyStatus(r, a)
		return nil
	}
	now := b.clock.Now()
	if a.SendAt.After(now) {
		scheduled, err := b.store.SetAnnouncementStatus(ctx, a.ID, store.AnnouncementScheduled, store.AnnouncementHeld)
		if err != nil || !scheduled {
			return b.replyCurrent(ctx, r, a, err)
		}
		a.Status = store.AnnouncementScheduled
		b.replyPlanned(r, a)
		return nil
	}
	started, err := b.startAnnouncement(ctx, &a, now)
	if err != nil || !started {
		return b.replyCurrent(ctx, r, a, err)
	}
	if a.Groups == 0 {
		b.reply(r, b.texts.msg(r.Lang, "announce.no_groups", nil))
		return nil
	}
	a.Status = store.AnnouncementSending
	b.replyPlanned(r, a)
	return nil
}

// replyCurrent answers with a's status as it is now, after another hand
// (the scheduler, another staff member) changed it first.
func (b *Bot) replyCurrent(ctx context.Context, r *request, a store.Announcement, err error) error {
	if err != nil {
		return err
	}
	now, err := b.store.AnnouncementByNum(ctx, a.Num)
	if err != nil {
		return err
	}
	b.replyStatus(r, now)
	return nil
}

// replyStatus says what became of an announcement that cannot be sent or
// dropped any more.
func (b *Bot) replyStatus(r *request, a store.Announcement) {
	switch a.Status {
	case store.AnnouncementScheduled:
		b.replyPlanned(r, a)
	case store.AnnouncementCancelled, store.AnnouncementSkipped:
		b.reply(r, b.texts.msg(r.Lang, "announce.already_cancelled", vars{"Ref": bold(a.Ref())}))
	default:
		b.reply(r, b.texts.msg(r.Lang, "announce.already_sent", vars{"Ref": bold(a.Ref())}))
	}
}

// findAnnouncement loads the announcement ref names (N3), or with no ref
// her newest held one. It replies itself, and returns ok false, when there
// is none.
func (b *Bot) findAnnouncement(ctx context.Context, r *request, ref string) (store.Announcement, bool, error) {
	var a store.Announcement
	var err error
	if ref == "" {
		a, err = b.store.HeldAnnouncement(ctx, r.Member.ID)
		if errors.Is(err, store.ErrNotFound) {
			b.reply(r, b.texts.msg(r.Lang, "announce.none_held", nil))
			return a, false, nil
		}
		return a, err == nil, err
	}
	num, _ := strconv.ParseInt(refNum(announceRefRE, ref), 10, 64)
	a, err = b.store.AnnouncementByNum(ctx, num)
	if errors.Is(err, store.ErrNotFound) {
		b.reply(r, b.texts.msg(r.Lang, "announce.not_found", vars{"Ref": "N" + strconv.FormatInt(num, 10), "List": b.subUsage(r.Lang, "announce", listWords)}))
		return a, false, nil
	}
	return a, err == nil, err
}

// announceCancel drops her held announcement, or the one ref names.
func (b *Bot) announceCancel(ctx context.Context, r *request, ref string) error {
	a, ok, err := b.findAnnouncement(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	dropped, err := b.store.SetAnnouncementStatus(ctx, a.ID, store.AnnouncementCancelled, store.AnnouncementHeld, store.AnnouncementScheduled)
	if err != nil || !dropped {
		return b.replyCurrent(ctx, r, a, err)
	}
	b.reply(r, b.texts.msg(r.Lang, "announce.cancelled", vars{"Ref": bold(a.Ref())}))
	return nil
}

// announceList shows what is held or scheduled, on her clock.
func (b *Bot) announceList(ctx context.Context, r *request) error {
	planned, err := b.store.PlannedAnnouncements(ctx)
	if err != nil {
		return err
	}
	if len(planned) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "announce.list_none", nil))
		return nil
	}
	loc := b.staffZone(r.Msg.Sender)
	lines := []string{b.texts.msg(r.Lang, "announce.list_title", nil)}
	for _, a := range planned {
		when := b.texts.msg(r.Lang, "announce.list_held", vars{"Send": b.subUsage(r.Lang, "announce", sendWords)})
		if a.Status == store.AnnouncementScheduled {
			when = b.when(r.Lang, a.SendAt, loc)
		}
		lines = append(lines, "• "+bold(a.Ref())+" "+when+" — "+excerpt(blockFor(a.Blocks, r.Lang, a.StaffLang), 60))
	}
	return b.replyPrivately(ctx, r, strings.Join(lines, "\n"))
}

// langList names languages in lang for a sentence that says they are
// missing: "Spanish or French", "inglés ni en francés", "anglais ni en espagnol".
func (b *Bot) langList(lang string, langs []string) string {
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = b.langName(lang, l)
	}
	return b.joinLast(lang, "list.nor", names)
}

// orList joins alternatives as lang does: "*!resumen* or *!résumé*",
// "*!digest* o *!résumé*", "a, b ou c".
func (b *Bot) orList(lang string, items []string) string {
	return b.joinLast(lang, "list.or", items)
}

// joinLast joins items with commas, and the last with the word key names.
func (b *Bot) joinLast(lang, key string, items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + b.texts.msg(lang, key, nil) + " " + items[len(items)-1]
}

// subUsage is a command with a sub-word, as she would type it in lang: *!anunciar* enviar.
func (b *Bot) subUsage(lang, key string, words []string) string {
	return b.cmdWord(lang, key) + " " + words[langIndex(lang)]
}

// announceExample shows how to schedule an announcement, a week from now.
func (b *Bot) announceExample(lang string, loc *time.Location) string {
	day := b.clock.Now().In(loc).AddDate(0, 0, 7).Format("2006-01-02")
	return b.subUsage(lang, "announce", atWords) + " " + day + " 09:00 " + b.texts.msg(lang, "announce.example", nil)
}
