package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"labbot/internal/place"
	"labbot/store"
)

// privateWords and publicWords set a group's privacy in !setup, in any language.
var (
	privateWords = []string{"private", "privado", "privada", "prive", "privee"}
	publicWords  = []string{"public", "publico", "publica", "publique"}
)

// cmdSetup registers the group it is written in as a partner group, or
// changes its language, zone and privacy. It is the one command staff may
// use in a group that is not a partner group yet.
func (b *Bot) cmdSetup(ctx context.Context, r *request) error {
	if !r.Msg.Group {
		b.reply(r, b.texts.msg(r.Lang, "setup.in_group", nil))
		return nil
	}
	existing, registered := b.groups.lookup(r.Msg.Chat)
	if !registered {
		// A partner group labbot was removed from, and is back in, is not
		// in memory (only active groups are): the store still has it.
		g, err := b.store.GroupByJID(ctx, r.Msg.Chat)
		switch {
		case err == nil:
			existing, registered = g, true
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	lang, tz, private := "", "", existing.Private
	for _, word := range strings.Fields(r.Inv.Args) {
		l, isLang := langNames[fold(word)]
		switch {
		case isLang && lang == "":
			lang = l
		case isWord(privateWords, word):
			private = true
		case isWord(publicWords, word):
			private = false
		case tz == "" && validZone(word):
			tz = word
		default:
			b.reply(r, b.texts.msg(r.Lang, "setup.bad_word", vars{"Word": clip(word, 40), "Usage": b.usage(r.Lang, "setup", true)}))
			return nil
		}
	}
	if lang == "" {
		b.wrongUse(r)
		return nil
	}
	if tz == "" && registered {
		tz = existing.TZ // set up again: the group keeps its zone
	}
	taken := "" // which zone a group set up without one took: setup.zone_yours or setup.zone_lab
	if tz == "" {
		if tz, taken = b.setupZone(r.Msg.Sender); tz == "" {
			b.reply(r, b.texts.msg(r.Lang, "setup.zone_needed", vars{"Example": b.setupExample(r, lang, "")}))
			return nil
		}
	}
	g := store.Group{JID: r.Msg.Chat, Lang: lang, TZ: tz, Private: private, Active: true}
	if registered {
		if _, err := b.store.SetupGroup(ctx, g.JID, lang, tz, private); err != nil {
			return err
		}
		g.Name, g.Key = existing.Name, existing.Key
	} else if err := b.registerGroup(ctx, &g); err != nil {
		return err
	}
	if err := b.groups.load(ctx, b.store); err != nil {
		return err
	}
	b.log.Info("partner group set up", "group", g.Key, "lang", lang, "tz", tz, "private", private)
	words, err := b.setupWords(ctx, r, existing, registered, private, vars{"Lang": b.langName(r.Lang, lang), "Zone": b.placeName(r.Lang, b.groupZone(g))})
	if err != nil {
		return err
	}
	if taken != "" {
		words += "\n" + b.texts.msg(r.Lang, taken, vars{"Zone": b.placeName(r.Lang, b.groupZone(g)), "Example": b.setupExample(r, lang, tz)})
	}
	b.reply(r, words)
	if !registered {
		// The group hears, in its own language, what it can do now.
		r.out = append(r.out, store.Outgoing{Chat: g.JID, Bulk: true,
			Body: b.texts.msg(lang, "setup.hello", vars{"Help": b.cmdWord(lang, "help"), "Tip": b.cmdWord(lang, "tip")})})
	}
	return nil
}

// setupZone is the zone a new group set up without one takes, and the
// text that says whose it is: the staff member's own zone, else the Lab's
// when the Lab named one. UTC is nobody's place: with neither, it is ""
// and labbot asks (a Lima group on UTC would get its digest at 04:00).
func (b *Bot) setupZone(userID string) (string, string) {
	if s, ok := b.cfg.StaffByPhone(userID); ok && s.OwnZone {
		return s.Timezone, "setup.zone_yours"
	}
	if !nobodysZone(b.cfg.Location, b.clock.Now()) {
		return b.cfg.Timezone, "setup.zone_lab"
	}
	return "", ""
}

// nobodysZone reports whether loc is UTC under any of its names (UTC,
// Etc/UTC, GMT, Etc/GMT+0…): a zone that names no place and is UTC's
// time. Africa/Abidjan keeps UTC's time too, but it is somebody's.
func nobodysZone(loc *time.Location, now time.Time) bool {
	_, somewhere := place.Name("en", loc, now)
	_, offset := now.In(loc).Zone()
	return !somewhere && offset == 0
}

// exampleZones are the zones `!setup` shows in its examples, one where
// partner groups of each language live.
var exampleZones = map[string]string{"en": "Africa/Nairobi", "es": "America/Lima", "fr": "Africa/Dakar"}

// setupExample is her `!setup` again with a zone after the language, one
// other than not: *!setup* es America/Lima private.
func (b *Bot) setupExample(r *request, lang, not string) string {
	zone := exampleZones[lang]
	if zone == not {
		zone = map[string]string{"en": "Africa/Kampala", "es": "America/Bogota", "fr": "Africa/Abidjan"}[lang]
	}
	words := strings.Fields(r.Inv.Args)
	i := slices.IndexFunc(words, func(w string) bool { return langNames[fold(w)] == lang })
	words = slices.Insert(words, i+1, zone)
	return b.cmdWord(r.Lang, "setup") + " " + strings.Join(words, " ")
}

// setupWords confirms a setup. Privacy is not retroactive, either way: what
// was shared before a group became private was shared with the whole Lab
// (and may be answered, translated, digested there), and what was shared
// while it was private was shared on that promise. So staff are told from
// when the group's privacy holds, and how many items stay as they were.
func (b *Bot) setupWords(ctx context.Context, r *request, was store.Group, registered, private bool, data vars) (string, error) {
	if !private {
		text := b.texts.msg(r.Lang, "setup.done", data)
		if !registered || !was.Private {
			return text, nil
		}
		_, kept, err := b.store.GroupItems(ctx, was.ID)
		if err != nil || kept == 0 {
			return text, err
		}
		return text + "\n" + b.texts.plural(r.Lang, "setup.earlier_private", kept, nil), nil
	}
	text := b.texts.msg(r.Lang, "setup.done_private", data)
	if !registered {
		return text, nil
	}
	open, _, err := b.store.GroupItems(ctx, was.ID)
	if err != nil || open == 0 {
		return text, err
	}
	return text + "\n" + b.texts.plural(r.Lang, "setup.earlier_lab_wide", open, vars{"Remove": b.cmdWord(r.Lang, "remove")}), nil
}

// registerGroup adds a new partner group, keyed by its WhatsApp name made
// plain ("Bogotá aliadas" is bogota-aliadas), numbered when that is taken.
func (b *Bot) registerGroup(ctx context.Context, g *store.Group) error {
	g.Name = b.groupName(ctx, g.JID)
	base := slug(g.Name)
	if base == "" {
		base = "group"
	}
	for i := 1; ; i++ {
		g.Key = base
		if i > 1 {
			g.Key = fmt.Sprintf("%s-%d", base, i)
		}
		added, err := b.store.AddGroup(ctx, *g, b.clock.Now())
		if err != nil || added {
			return err
		}
		if i > 100 {
			return fmt.Errorf("register group: no free key for %q", base)
		}
	}
}

// groupName is the group's name as the transport knows it, or its key's
// stand-in when it does not say.
func (b *Bot) groupName(ctx context.Context, jid string) string {
	ctx, cancel := context.WithTimeout(ctx, askTransport)
	defer cancel()
	groups, err := b.tr.Groups(ctx)
	if err != nil {
		b.log.Warn("list groups for a name", "error", err)
	}
	for _, g := range groups {
		if g.ID == jid && strings.TrimSpace(g.Name) != "" {
			return strings.TrimSpace(g.Name)
		}
	}
	return "group"
}

// validZone reports whether name is an IANA zone labbot can load.
func validZone(name string) bool {
	if !strings.Contains(name, "/") && name != "UTC" {
		return false // "es" or "private" are not zones, even where the system would take them
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// slug makes a group name into a key: lowercase ASCII letters, digits and dashes.
func slug(name string) string {
	var sb strings.Builder
	dash := false
	for _, c := range fold(name) {
		switch {
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(c)
			dash = false
		default:
			dash = true
		}
	}
	key := sb.String()
	if len(key) > 40 {
		key = strings.TrimRight(key[:40], "-")
	}
	return key
}
