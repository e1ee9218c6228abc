package bot

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"labbot/locales"
	"labbot/store"
)

// The sub-words of announce, in each language (en, es, fr).
var (
	sendWords   = []string{"send", "enviar", "envoyer"}
	cancelWords = []string{"cancel", "cancelar", "annuler"}
	listWords   = []string{"list", "lista", "liste"}
	atWords     = []string{"at", "el", "le"}
)

var announceRefRE = regexp.MustCompile(`^[Nn]([0-9]{1,9})$`)

// isWord reports whether w is one of words, folded.
func isWord(words []string, w string) bool {
	return slices.ContainsFunc(words, func(x string) bool { return fold(x) == fold(w) })
}

// cmdAnnounce broadcasts to every partner group, each in its language; or,
// by its sub-words, sends a held one, schedules, lists or cancels. A
// sub-word counts only where it cannot be the start of a message: "Le
// webinaire…" is a French announcement, "le 2026-12-01 09:00 …" a time.
func (b *Bot) cmdAnnounce(ctx context.Context, r *Request) error {
	args := strings.TrimSpace(r.Inv.Args)
	first, rest := cutWord(args)
	switch {
	case args == "":
		b.wrongUse(r)
		return nil
	case isWord(sendWords, args):
		return b.announceSend(ctx, r)
	case isWord(listWords, args):
		return b.announceList(ctx, r)
	case isWord(cancelWords, first) && (rest == "" || announceRefRE.MatchString(rest)):
		return b.announceCancel(ctx, r, rest)
	case isWord(atWords, first) && rest != "" && unicode.IsDigit([]rune(rest)[0]):
		loc := b.staffZone(r.Msg.Sender)
		at, text, ok := parseWhen(rest, loc)
		if !ok {
			b.reply(r, b.texts.T(r.Lang, "announce.bad_when", Data{"Example": b.announceExample(r.Lang, loc)}))
			return nil
		}
		if !at.After(b.clock.Now()) {
			b.reply(r, b.texts.T(r.Lang, "announce.past", Data{"When": b.when(r.Lang, at, loc), "Example": b.announceExample(r.Lang, loc)}))
			return nil
		}
		return b.announceNew(ctx, r, text, at)
	}
	return b.announceNew(ctx, r, args, time.Time{})
}

// announceNew records an announcement and sends it, schedules it, or, when
// a partner group's language has no text, holds it and asks first.
func (b *Bot) announceNew(ctx context.Context, r *Request, text string, at time.Time) error {
	blocks, err := parseBlocks(text, r.Lang)
	var be blocksError
	switch {
	case errors.As(err, &be) && be.twice != "":
		b.reply(r, b.texts.T(r.Lang, "announce.twice", Data{"Lang": b.langName(r.Lang, be.twice)}))
		return nil
	case err != nil:
		b.wrongUse(r)
		return nil
	}
	for _, block := range blocks {
		if b.tooLong(r, block) {
			return nil
		}
	}
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		b.reply(r, b.texts.T(r.Lang, "announce.no_groups", nil))
		return nil
	}
	now := b.clock.Now()
	m := r.Msg
	a := store.Announcement{Source: m.Chat + "|" + m.Sender + "|" + m.ID, StaffID: r.Member.ID,
		StaffChat: r.Member.UserID, StaffLang: r.Lang, Blocks: blocks, SendAt: at, Status: store.AnnouncementSending}
	missing := missingLangs(blocks, groups)
	switch {
	case len(missing) > 0:
		a.Status = store.AnnouncementHeld
	case !at.IsZero():
		a.Status = store.AnnouncementScheduled
	}
	a, _, err = b.store.AddAnnouncement(ctx, a, now, func(a store.Announcement) ([]store.Outgoing, error) {
		return b.announcementPosts(ctx, a, groups, now)
	})
	if err != nil {
		return err
	}
	b.sender.Notify()
	switch a.Status {
	case store.AnnouncementHeld:
		b.reply(r, b.texts.T(r.Lang, "announce.missing", Data{"Ref": bold(a.Ref()),
			"Missing":  b.langList(r.Lang, missingLangs(a.Blocks, groups)),
			"Fallback": b.langName(r.Lang, fallbackLang(a.Blocks, a.StaffLang)),
			"Send":     b.subUsage(r.Lang, "announce", sendWords), "Cancel": b.subUsage(r.Lang, "announce", cancelWords)}))
	default:
		b.replyPlanned(r, a)
	}
	return nil
}

// replyPlanned tells the staff member what happens to a: it goes now, or at its time.
func (b *Bot) replyPlanned(r *Request, a store.Announcement) {
	if a.Status == store.AnnouncementScheduled {
		loc := b.staffZone(r.Msg.Sender)
		b.reply(r, b.texts.T(r.Lang, "announce.scheduled", Data{"Ref": bold(a.Ref()), "When": b.when(r.Lang, a.SendAt, loc),
			"Zone": loc.String(), "List": b.subUsage(r.Lang, "announce", listWords),
			"Cancel": b.subUsage(r.Lang, "announce", cancelWords) + " " + a.Ref()}))
		return
	}
	b.reply(r, b.texts.N(r.Lang, "announce.sending", a.Groups, Data{"Ref": bold(a.Ref())}))
}

// announceSend sends (or schedules, when it has a time still to come) the
// announcement she was asked about, as it is.
func (b *Bot) announceSend(ctx context.Context, r *Request) error {
	a, err := b.store.HeldAnnouncement(ctx, r.Member.ID)
	if errors.Is(err, store.ErrNotFound) {
		b.reply(r, b.texts.T(r.Lang, "announce.none_held", nil))
		return nil
	}
	if err != nil {
		return err
	}
	now := b.clock.Now()
	if a.SendAt.After(now) {
		if _, err := b.store.SetAnnouncementStatus(ctx, a.ID, store.AnnouncementScheduled, store.AnnouncementHeld); err != nil {
			return err
		}
		a.Status = store.AnnouncementScheduled
		b.replyPlanned(r, a)
		return nil
	}
	if err := b.startAnnouncement(ctx, &a, now); err != nil {
		return err
	}
	b.replyPlanned(r, a)
	return nil
}

// startAnnouncement queues a held or scheduled announcement to every
// partner group, once.
func (b *Bot) startAnnouncement(ctx context.Context, a *store.Announcement, now time.Time) error {
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return err
	}
	_, err = b.store.StartAnnouncement(ctx, *a, now, func(x store.Announcement) ([]store.Outgoing, error) {
		out, err := b.announcementPosts(ctx, x, groups, now)
		a.Groups = len(out)
		return out, err
	})
	b.sender.Notify()
	return err
}

// announceCancel drops her held announcement, or the one ref names.
func (b *Bot) announceCancel(ctx context.Context, r *Request, ref string) error {
	var a store.Announcement
	var err error
	if ref == "" {
		a, err = b.store.HeldAnnouncement(ctx, r.Member.ID)
		if errors.Is(err, store.ErrNotFound) {
			b.reply(r, b.texts.T(r.Lang, "announce.none_held", nil))
			return nil
		}
	} else {
		num, _ := strconv.ParseInt(ref[1:], 10, 64)
		a, err = b.store.AnnouncementByNum(ctx, num)
		if errors.Is(err, store.ErrNotFound) {
			b.reply(r, b.texts.T(r.Lang, "announce.not_found", Data{"Ref": "N" + ref[1:], "List": b.subUsage(r.Lang, "announce", listWords)}))
			return nil
		}
	}
	if err != nil {
		return err
	}
	dropped, err := b.store.SetAnnouncementStatus(ctx, a.ID, store.AnnouncementCancelled, store.AnnouncementHeld, store.AnnouncementScheduled)
	if err != nil {
		return err
	}
	key := "announce.cancelled"
	switch {
	case dropped:
	case a.Status == store.AnnouncementCancelled:
		key = "announce.already_cancelled"
	default:
		key = "announce.already_sent"
	}
	b.reply(r, b.texts.T(r.Lang, key, Data{"Ref": bold(a.Ref())}))
	return nil
}

// announceList shows what is held or scheduled, on her clock.
func (b *Bot) announceList(ctx context.Context, r *Request) error {
	planned, err := b.store.PlannedAnnouncements(ctx)
	if err != nil {
		return err
	}
	if len(planned) == 0 {
		b.reply(r, b.texts.T(r.Lang, "announce.list_none", nil))
		return nil
	}
	loc := b.staffZone(r.Msg.Sender)
	lines := []string{b.texts.T(r.Lang, "announce.list_title", nil)}
	for _, a := range planned {
		when := b.texts.T(r.Lang, "announce.list_held", Data{"Send": b.subUsage(r.Lang, "announce", sendWords)})
		if a.Status == store.AnnouncementScheduled {
			when = b.when(r.Lang, a.SendAt, loc)
		}
		lines = append(lines, "• "+bold(a.Ref())+" "+when+" — "+excerpt(blockFor(a.Blocks, r.Lang, a.StaffLang), 60))
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// announcementPosts are a's posts, one for each group in its language,
// under a line that says they come from the Lab team.
func (b *Bot) announcementPosts(ctx context.Context, a store.Announcement, groups []store.Group, now time.Time) ([]store.Outgoing, error) {
	out := make([]store.Outgoing, len(groups))
	for i, g := range groups {
		body := b.texts.T(g.Lang, "announce.header", nil) + "\n\n" + blockFor(a.Blocks, g.Lang, a.StaffLang)
		out[i] = store.Outgoing{Chat: g.JID, Bulk: true, Body: body}
		if err := b.stamp(ctx, &out[i], now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// missingLangs lists the languages of groups that blocks has no text for.
func missingLangs(blocks map[string]string, groups []store.Group) []string {
	var missing []string
	for _, lang := range locales.Languages() {
		_, have := blocks[lang]
		if !have && slices.ContainsFunc(groups, func(g store.Group) bool { return g.Lang == lang }) {
			missing = append(missing, lang)
		}
	}
	return missing
}

// fallbackLang is the language groups without their own block read.
func fallbackLang(blocks map[string]string, staffLang string) string {
	for _, l := range append([]string{staffLang}, locales.Languages()...) {
		if _, ok := blocks[l]; ok {
			return l
		}
	}
	return staffLang
}

// langList names languages in lang, joined as that language joins a list.
func (b *Bot) langList(lang string, langs []string) string {
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = b.langName(lang, l)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	and := b.texts.T(lang, "list.and", nil)
	if lang == "es" && strings.HasPrefix(names[len(names)-1], "i") {
		and = "e" // Spanish writes "y" as "e" before an i sound: "francés e inglés"
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}

// subUsage is a command with a sub-word, as she would type it in lang: *!anunciar* enviar.
func (b *Bot) subUsage(lang, key string, words []string) string {
	return b.cmdWord(lang, key) + " " + words[langIndex(lang)]
}

// announceExample shows how to schedule an announcement, a week from now.
func (b *Bot) announceExample(lang string, loc *time.Location) string {
	day := b.clock.Now().In(loc).AddDate(0, 0, 7).Format("2006-01-02")
	return b.subUsage(lang, "announce", atWords) + " " + day + " 09:00 " + b.texts.T(lang, "announce.example", nil)
}

// staffZone is the zone a staff member's times are read in.
func (b *Bot) staffZone(userID string) *time.Location {
	if s, ok := b.cfg.StaffByPhone(userID); ok && s.Location != nil {
		return s.Location
	}
	return b.cfg.Location
}
