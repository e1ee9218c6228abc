package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"labbot/locales"
)

// cmdHelp lists the commands the reader may use, or explains one. Words
// that name no command ("!ayuda por favor", "!help me") get the list: she
// asked for help, not for a command called "me".
func (b *Bot) cmdHelp(ctx context.Context, r *request) error {
	c := b.helpTopic(r)
	switch {
	case c == nil:
		b.reply(r, b.helpList(r))
	case c.Role == roleStaff && !r.Staff:
		// What running it would say: staff commands are explained to staff.
		b.reply(r, b.texts.msg(r.Lang, "command.staff_only", nil))
	default:
		b.reply(r, b.helpCommand(r.Lang, c))
	}
	return nil
}

// helpTopic is the command r asks about: her first word when it is a
// command's (with or without the prefix, in labbot's bold as copied:
// *!tip*), else the one command it is a slip away from ("!help tpi").
// Anything else (nil) is her asking for help: "!help, my event is tomorrow".
func (b *Bot) helpTopic(r *request) *command {
	w, _ := cutWord(r.Inv.Args)
	w = strings.Trim(w, "*_")
	if rest, ok := cutPrefix(w, b.cfg.Prefixes); ok {
		w = rest
	}
	w = fold(strings.TrimRightFunc(w, unicode.IsPunct))
	if entry, ok := b.commands.lookup(w); ok {
		return entry.cmd
	}
	if near := b.commands.near(w, 1, r.Staff, []string{r.Lang}); len(near) == 1 {
		return near[0].cmd
	}
	return nil
}

// helpList is the list of commands in the reader's language. It never
// changes while labbot runs, so each language's (and staff's) is made once.
func (b *Bot) helpList(r *request) string {
	key := r.Lang
	if r.Staff {
		key += "+staff"
	}
	if s, ok := b.helpCache.Load(key); ok {
		return s.(string)
	}
	s := b.renderHelpList(r)
	b.helpCache.Store(key, s)
	return s
}

func (b *Bot) renderHelpList(r *request) string {
	var sb strings.Builder
	sb.WriteString(b.texts.msg(r.Lang, "help.intro", nil))
	sb.WriteString("\n")
	b.helpLines(&sb, r.Lang, roleMember)
	if r.Staff && b.hasRole(roleStaff) {
		sb.WriteString("\n" + b.texts.msg(r.Lang, "help.staff", nil) + "\n")
		b.helpLines(&sb, r.Lang, roleStaff)
	}
	example := "*" + b.cfg.Prefixes[0] + b.commands.byKey("help").Words[r.Lang] + " " + b.commands.byKey("lang").Words[r.Lang] + "*"
	sb.WriteString("\n" + b.texts.msg(r.Lang, "help.ids", nil) + "\n")
	sb.WriteString("\n" + b.texts.msg(r.Lang, "help.footer", vars{"Help": b.usage(r.Lang, "help", false), "Example": example}))
	return sb.String()
}

func (b *Bot) helpLines(sb *strings.Builder, lang string, role role) {
	for _, c := range b.commands.list {
		if c.Role != role {
			continue
		}
		sb.WriteString("• " + b.usage(lang, c.Key, true) + " — " + b.texts.msg(lang, "cmd."+c.Key+".summary", nil) + "\n")
	}
}

func (b *Bot) hasRole(role role) bool {
	for _, c := range b.commands.list {
		if c.Role == role {
			return true
		}
	}
	return false
}

// helpCommand explains one command, and names its words in the other languages.
func (b *Bot) helpCommand(lang string, c *command) string {
	var others []string
	for _, l := range locales.Languages() {
		w := "*" + b.cfg.Prefixes[0] + c.Words[l] + "*"
		if l != lang && c.Words[l] != c.Words[lang] && !slices.Contains(others, w) {
			others = append(others, w)
		}
	}
	text := b.usage(lang, c.Key, true) + " — " + b.texts.msg(lang, "cmd."+c.Key+".summary", nil) +
		"\n\n" + b.texts.msg(lang, "cmd."+c.Key+".details", nil)
	if len(others) > 0 {
		text += "\n\n" + b.texts.msg(lang, "help.also", vars{"Others": b.orList(lang, others)})
	}
	return text
}
