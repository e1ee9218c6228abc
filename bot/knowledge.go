package bot

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"labbot/privacy"
	"labbot/store"
	"labbot/textlang"
)

const (
	// maxText is the most a tip, question, answer or translation may hold:
	// a long WhatsApp message, still readable on a phone.
	maxText = 4000
	// excerptLen is how much of an item a list shows.
	excerptLen = 90
	// listLen is how many items a list shows, and show shows answers.
	listLen = 10
	// maxURL is the longest link a resource takes.
	maxURL = 2000
)

var (
	tagRE = regexp.MustCompile(`#([\p{L}\p{N}\p{Mn}_-]+)`)
	refRE = refPattern(`([TtQqAaRr])([0-9]{1,9})`)
)

// refPattern matches an ID as members type it, wrapped in what a phone
// puts around it: *T1* copied from labbot's bold, #T1 or (T1), "Q1:"
// before an answer, "T1." at a sentence's end. Only the ID is captured.
func refPattern(id string) *regexp.Regexp {
	return regexp.MustCompile(`^[*_#(]*` + id + `[*_).,:;!?]*$`)
}

// tagsIn returns the #words of text as she wrote them, once each however
// they are typed (#Educación and #educacion are one tag; the first is kept).
func tagsIn(text string) []string {
	var tags, folded []string
	for _, m := range tagRE.FindAllStringSubmatch(text, -1) {
		if f := fold(m[1]); !slices.Contains(folded, f) {
			tags, folded = append(tags, m[1]), append(folded, f)
		}
	}
	return tags
}

// refNum is the number in ref, which re (a refPattern of one letter)
// matched: "7" in "*P7*".
func refNum(re *regexp.Regexp, ref string) string {
	if m := re.FindStringSubmatch(strings.TrimSpace(ref)); m != nil {
		return m[1]
	}
	return ""
}

// parseRef reads an item ID as members type it: T12, q7.
func parseRef(s string) (kind string, num int64, ok bool) {
	m := refRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.ParseInt(m[2], 10, 64)
	return strings.ToUpper(m[1]), n, err == nil
}

// viewer is who looks at the knowledge base in r, and from where.
func viewer(r *request) store.Viewer {
	v := store.Viewer{MemberID: r.Member.ID}
	if r.Group != nil {
		v.GroupID = r.Group.ID
	}
	return v
}

// findItem loads the item ref names, as the reader may see it. It replies
// itself, and returns ok false, when the ref is malformed or the item
// cannot be seen from here.
func (b *Bot) findItem(ctx context.Context, r *request, ref string) (store.Item, bool, error) {
	return b.findItemFor(ctx, r, ref, false)
}

// findItemFor is findItem; with anywhere, it finds items the chat may not
// show (staff removing what a private group shared).
func (b *Bot) findItemFor(ctx context.Context, r *request, ref string, anywhere bool) (store.Item, bool, error) {
	kind, num, ok := parseRef(ref)
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "item.bad_ref", vars{"Ref": clip(ref, 12)}))
		return store.Item{}, false, nil
	}
	it, err := b.store.ItemByRef(ctx, kind, num)
	if err == nil && !anywhere && !b.visible(r, it) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		b.reply(r, b.texts.msg(r.Lang, "item.not_found", vars{"Ref": kind + strconv.FormatInt(num, 10)}))
		return store.Item{}, false, nil
	}
	return it, err == nil, err
}

// visible reports whether r's reader may see it from r's chat.
func (b *Bot) visible(r *request, it store.Item) bool {
	var groups []int64
	for _, g := range r.Groups {
		groups = append(groups, g.ID)
	}
	return viewer(r).Visible(it, groups)
}

// refusesText answers, and reports true, when text cannot be an item's:
// it says nothing (she gets the usage) or is over maxText.
func (b *Bot) refusesText(r *request, text string) bool {
	if saysNothing(text) {
		b.wrongUse(r)
		return true
	}
	return b.tooLong(r, text)
}

// tooLong replies, and reports true, when text is over maxText.
func (b *Bot) tooLong(r *request, text string) bool {
	if utf8.RuneCountInString(text) <= maxText {
		return false
	}
	b.reply(r, b.texts.msg(r.Lang, "item.too_long", nil)) // which says 4,000, as each language writes it
	return true
}

// textLang is the language text is written in: as textlang detects it,
// the command word's language (when only one language has the word), then
// the group's, then the reply language deciding when the text is too
// short to tell or leans to two languages alike (docs/LANGUAGE.md).
func textLang(r *request, text string) string {
	var hints []string
	if len(r.WordLangs) == 1 {
		hints = append(hints, r.WordLangs[0])
	}
	if g := r.homeGroup(); g != nil {
		hints = append(hints, g.Lang)
	}
	return textlang.Pick(text, append(hints, r.Lang)...)
}

// newItem is an item shared in r: in its text's language, with her
// chat's privacy.
func newItem(r *request, kind, body string) store.Item {
	body = privacy.StripBidi(body) // see membertext.go
	it := store.Item{Kind: kind, Body: body, Lang: textLang(r, body), AuthorID: r.Member.ID, Tags: tagsIn(body)}
	if r.Group != nil {
		it.GroupID, it.Private = r.Group.ID, r.Group.Private
	}
	return it
}

// cutWord splits off the first word of s, at any white space (a member on
// a phone may well start a new line after it).
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// bold is how IDs and commands stand out in WhatsApp.
func bold(s string) string { return "*" + s + "*" }

// kindName is an item's kind in lang: tip, consejo, astuce.
func (b *Bot) kindName(lang, kind string) string {
	return b.texts.msg(lang, "kind."+kind, nil)
}

// inReader returns the item's text in the reader's language when a human
// translated it, else the original; translated says which.
func (b *Bot) inReader(ctx context.Context, it store.Item, lang string) (text string, translated bool, err error) {
	if it.Lang == lang {
		return it.Body, false, nil
	}
	tr, err := b.store.Translations(ctx, it.ID)
	if err != nil {
		return "", false, err
	}
	if t, ok := tr[lang]; ok {
		return t, true, nil
	}
	return it.Body, false, nil
}

// itemLine is one item in a list, in the reader's language when someone
// translated it, credited: "• *T12* tip (Spanish) — La educación de…",
// "• *T12* tip (Spanish, translated by Beth) — Education of…".
func (b *Bot) itemLine(ctx context.Context, lang string, it store.Item) (string, error) {
	text, about := it.Body, b.langName(lang, it.Lang)
	if it.Lang != lang {
		trs, err := b.store.TranslationsBy(ctx, it.ID)
		if err != nil {
			return "", err
		}
		if t, ok := trs[lang]; ok {
			text = t.Body
			about = b.texts.msg(lang, "item_lang.translated_by", vars{"Lang": about, "Name": b.translatorName(lang, t)})
		}
	}
	return "• " + fileMark(it) + bold(it.Ref()) + " " + b.kindName(lang, it.Kind) + " (" + about + ") — " +
		memberExcerpt(text, excerptLen), nil
}

// itemList renders a titled list of items.
func (b *Bot) itemList(ctx context.Context, lang, title string, items []store.Item) (string, error) {
	lines := []string{title}
	for _, it := range items {
		line, err := b.itemLine(ctx, lang, it)
		if err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), nil
}

// cmdWord is a command's word in lang, bold, with its prefix: *!consejo*.
func (b *Bot) cmdWord(lang, key string) string { return b.usage(lang, key, false) }
