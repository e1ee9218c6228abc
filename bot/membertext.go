package bot

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"labbot/locales"
	"labbot/privacy"
	"labbot/store"
)

// What members write is shown inside labbot's own layout (an item's ID
// line, a credit, a digest line). It must never pass for that layout nor
// for another person's name, so it is set apart: see DESIGN-NOTES.md,
// "Member text inside labbot's layout".

// personName is a member's display name as labbot shows it to a reader in
// lang: on one line, as inline does, or "a member" in lang when the name
// is a phone number or nothing (privacy.NameIsNumber, the rule exports
// keep too). Every name labbot shows passes here.
func (b *Bot) personName(lang, name string) string {
	if privacy.NameIsNumber(name) {
		return b.texts.msg(lang, "name.member", nil)
	}
	return inline(name)
}

// creditName is who wrote something, as a credit shows her: staff (by
// their user ID, from the config) marked as the Lab team; anyone else as
// personName shows her, or "a member" when her name claims the Lab team:
// a display name is hers to choose, the mark is not.
func (b *Bot) creditName(lang, name, user string) string {
	if user != "" && b.isStaff(user) {
		return b.texts.msg(lang, "name.staff", vars{"Name": b.personName(lang, name)})
	}
	if b.claimsStaff(name) {
		return b.texts.msg(lang, "name.member", nil)
	}
	return b.personName(lang, name)
}

// claimsStaff reports whether a display name holds the Lab team's mark in
// any of the three languages ("Ana (Lab team)", "equipo del lab"), as the
// eye reads it: see markSkeleton.
func (b *Bot) claimsStaff(name string) bool {
	seen := markSkeleton(name)
	return slices.ContainsFunc(b.staffMarks, func(mark string) bool { return strings.Contains(seen, mark) })
}

// markSkeletons are the Lab team's mark in each language as markSkeleton
// reads it, rendered once.
func (b *Bot) markSkeletons() []string {
	var marks []string
	for _, lang := range locales.Languages() {
		marks = append(marks, markSkeleton(b.texts.msg(lang, "name.staff", vars{"Name": ""})))
	}
	return marks
}

// markSkeleton is s reduced to the letters a reader sees: fullwidth and
// fancy fonts as plain letters (NFKC), case and accents aside, invisible
// and other non-letters (a zero-width space, a soft hyphen, a dash)
// dropped, and the Cyrillic and Greek letters, the "I" and the "1" that
// look like Latin ones read as those. "Lаb‑team" is "Lab team" to the eye.
func markSkeleton(s string) string {
	return strings.Map(func(r rune) rune {
		if l, ok := lookalikes[r]; ok {
			return l
		}
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, fold(norm.NFKC.String(s)))
}

// lookalikes maps, after folding (so lowercase), a letter that looks like
// a Latin one in WhatsApp's sans-serif to that letter; "i" and "l" are one.
var lookalikes = map[rune]rune{
	'i': 'l', '1': 'l', '|': 'l', 'і': 'l', 'ӏ': 'l', 'ι': 'l',
	'а': 'a', 'α': 'a', 'в': 'b', 'β': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'ε': 'e',
	'н': 'h', 'к': 'k', 'κ': 'k', 'м': 'm', 'μ': 'm', 'о': 'o', 'ο': 'o', 'р': 'p', 'ρ': 'p',
	'ԛ': 'q', 'ѕ': 's', 'т': 't', 'τ': 't', 'υ': 'u', 'ν': 'v', 'х': 'x', 'у': 'y',
}

// translatorName is who wrote a translation, as creditName shows her, or
// "a former member" when she asked to be forgotten.
func (b *Bot) translatorName(lang string, t store.Translation) string {
	if t.TranslatorID == 0 && !t.Anonymous {
		return b.texts.msg(lang, "name.former", nil)
	}
	return b.creditName(lang, t.Translator, t.TranslatorUser)
}

// inline is member text set inside one of labbot's lines (a name, a list's
// excerpt): one line, no direction controls, and no asterisk WhatsApp
// would read as bold, such as the bold of labbot's IDs (*T12*): "∗"
// reads the same and formats nothing.
func inline(text string) string {
	text = strings.Join(strings.Fields(privacy.StripBidi(text)), " ")
	return strings.ReplaceAll(text, "*", "∗")
}

// memberExcerpt is inline text clipped to n characters.
func memberExcerpt(text string, n int) string { return clip(inline(text), n) }

// quoted is a member's text in full, below one of labbot's lines: a
// WhatsApp quote, every line behind "> ", so that none of her lines can
// pass for one of labbot's, whatever it holds (a fake ID line, a fake
// credit). Her line breaks and formatting stay; direction controls go.
func quoted(text string) string {
	text = lineBreaks.Replace(strings.TrimSpace(privacy.StripBidi(text)))
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l = strings.TrimRightFunc(l, isSpace); l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// lineBreaks turns every way of starting a new line into "\n": a line
// WhatsApp breaks is a line quoted gets to mark.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n",
	"\u0085", "\n", "\v", "\n", "\f", "\n")

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }
