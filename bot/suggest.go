package bot

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"labbot/locales"

	"labbot/textfold"
)

// What a near miss gets (issue 18): a command word typed a little wrong
// is never run (a typo must not save an item or run a staff command), but
// it gets a pointer to the word she meant.
const (
	// minNearLen is the shortest word labbot guesses at: "!ok" is chat.
	minNearLen = 3
	// nearWide is the length from which, in a direct message, a word two
	// edits away is suggested too; shorter words have too many neighbours.
	nearWide = 5
	// maxNear is how many commands a direct message suggests at most.
	maxNear = 3
	// nudgeEvery is how often a group tells one member about one typo.
	nudgeEvery = 24 * time.Hour
	// maxNudges bounds the memory of nudges given; past it, old ones go.
	maxNudges = 10000
)

// parse reads text as a command. In a group, a loose word (a space after
// the prefix, punctuation after the word) is a command only when it is
// exactly a command word, and, for a command that takes no words after
// it, stands alone: "! great news", "!wow!" and "! forget it, we'll see
// tomorrow" are chat there. In a direct message everything after the
// prefix is meant for labbot: "!tpi?" gets the closest commands.
func (b *Bot) parse(text string, group bool) (invocation, bool) {
	inv, ok := parseCommand(text, b.cfg.Prefixes)
	if !ok || !inv.Loose {
		return inv, ok
	}
	entry, known := b.commands.lookup(inv.Word)
	if !known {
		return inv, !group
	}
	return inv, !group || entry.cmd.Args || inv.Args == ""
}

// nearCommand is a command close to a word she typed, and the word of it
// that was close, in its language.
type nearCommand struct {
	cmd  *command
	lang string
	dist int
}

// near lists the commands within max edits of the folded word, closest
// first and then in the table's order, staff commands only for staff.
// Of two words of one command as close, the one in a language of prefer
// is shown: !evento is nearer *!eventos* than *!events* for her.
func (idx *commandIndex) near(word string, max int, staff bool, prefer []string) []nearCommand {
	if utf8.RuneCountInString(word) < minNearLen {
		return nil
	}
	var out []nearCommand
	for _, c := range idx.list {
		if c.Role == roleStaff && !staff {
			continue
		}
		n := nearCommand{cmd: c, dist: max + 1}
		for _, lang := range locales.Languages() {
			for _, w := range []string{fold(c.Words[lang]), fold(c.Also[lang])} {
				d := textfold.Distance(word, w)
				if w != "" && (d < n.dist || d == n.dist && slices.Contains(prefer, lang)) {
					n.lang, n.dist = lang, d
				}
			}
		}
		if n.dist > 0 && n.dist <= max {
			out = append(out, n)
		}
	}
	slices.SortStableFunc(out, func(a, b nearCommand) int { return cmp.Compare(a.dist, b.dist) })
	return out
}

// shownWord is c's word in lang as help shows it: a near miss of
// "resuelto" points to *!resuelta*.
func (b *Bot) shownWord(n nearCommand) string { return b.usage(n.lang, n.cmd.Key, false) }

// unknownWord answers a word that is no command. In a group, one small
// edit from exactly one command, she is asked once a day whether she
// meant it; anything else there is chat. In a direct message, the closest
// commands are suggested, or help.
func (b *Bot) unknownWord(ctx context.Context, r *request) {
	if r.Group != nil {
		b.nudgeInGroup(ctx, r)
		return
	}
	r.Lang = b.replyLang(r, nil)
	if !b.withinLimits(ctx, r) {
		return
	}
	max := 1
	if utf8.RuneCountInString(r.Inv.Word) >= nearWide {
		max = 2
	}
	near := b.commands.near(r.Inv.Word, max, r.Staff, []string{r.Lang})
	if len(near) == 0 {
		b.reply(r, b.texts.msg(r.Lang, "command.unknown", vars{"Word": r.Inv.Typed, "Help": b.usage(r.Lang, "help", false)}))
		return
	}
	near = near[:min(len(near), maxNear)]
	var shown []string
	for _, n := range near {
		shown = append(shown, b.shownWord(n))
	}
	// In the language of the words she was near, when they share one.
	if !slices.ContainsFunc(near, func(n nearCommand) bool { return n.lang != near[0].lang }) {
		r.Lang = b.replyLang(r, []string{near[0].lang})
	}
	b.reply(r, b.texts.msg(r.Lang, "command.unknown_near", vars{"Word": r.Inv.Typed, "Words": b.orList(r.Lang, shown)}))
}

// nudgeInGroup asks "did you mean *!tip*?" in a group, for a word one
// edit from exactly one command, once a day per member and command and
// once per message, within her limits. The command is not run.
func (b *Bot) nudgeInGroup(ctx context.Context, r *request) {
	near := b.commands.near(r.Inv.Word, 1, r.Staff, []string{r.Lang})
	if len(near) != 1 || r.Member.ID == 0 { // 0: forgotten, and chatting
		return
	}
	if !b.nudges.first(r.Member.ID, near[0].cmd.Key, r.Msg.ID, b.clock.Now()) {
		return
	}
	r.Lang = b.replyLang(r, []string{near[0].lang})
	if !b.withinLimits(ctx, r) {
		return
	}
	// Queued on its own, not as a reply that marks her message handled:
	// her natural fix is to edit the typo, and the edit must then run.
	out := replyTo(r, b.texts.msg(r.Lang, "command.did_you_mean", vars{"Usage": b.shownWord(near[0])}))
	if err := b.queue(ctx, out); err != nil {
		b.log.Error("queue a did-you-mean", "chat", b.chatLabel(r), slog.Any("error", err))
	}
}

// nearMemberCommand is the member command one edit from a staff-only word
// a member typed (!evento for !eventos), if there is exactly one.
func (b *Bot) nearMemberCommand(r *request) (nearCommand, bool) {
	near := b.commands.near(r.Inv.Word, 1, false, r.WordLangs)
	if len(near) != 1 {
		return nearCommand{}, false
	}
	return near[0], true
}

// nudges remembers, for this run only, which member was told about which
// command and when, and which of her messages were answered: a group
// hears "did you mean" once a day per member and command, however she
// misspells it, and once per message, however often she edits it (an
// edit keeps the message's ID, which the limits take for a redelivery;
// found by the outside review).
type nudges struct {
	mu sync.Mutex
	m  map[nudgeKey]time.Time
}

// nudgeKey is a member and a command's key, or her message's ID.
type nudgeKey struct {
	member int64
	what   string
}

// first reports whether member may be told about command cmd now, for
// her message msgID, and records that she is.
func (n *nudges) first(member int64, cmd, msgID string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	keys := []nudgeKey{{member, "cmd:" + cmd}, {member, "msg:" + msgID}}
	for _, k := range keys {
		if at, ok := n.m[k]; ok && now.Sub(at) < nudgeEvery {
			return false
		}
	}
	if n.m == nil {
		n.m = map[nudgeKey]time.Time{}
	}
	if len(n.m) >= maxNudges {
		for k, at := range n.m {
			if now.Sub(at) >= nudgeEvery {
				delete(n.m, k)
			}
		}
		if len(n.m) >= maxNudges {
			clear(n.m)
		}
	}
	for _, k := range keys {
		n.m[k] = now
	}
	return true
}

// refuseStaffWord tells a member that r's command is the Lab team's; when
// its word is one edit from a member command (!evento, !eventos), it
// points her to that one, in the language of the word she typed.
func (b *Bot) refuseStaffWord(r *request) {
	n, ok := b.nearMemberCommand(r)
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "command.staff_only", nil))
		return
	}
	r.Lang = b.replyLang(r, []string{n.lang})
	b.reply(r, b.texts.msg(r.Lang, "command.staff_only_near", vars{
		"Word": b.usage(n.lang, r.Cmd.Key, false), "Usage": b.shownWord(n),
		"Summary": b.texts.msg(r.Lang, "cmd."+n.cmd.Key+".summary", nil),
	}))
}
