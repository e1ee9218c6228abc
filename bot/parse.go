package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"labbot/privacy"
)

// maxWordLen bounds a command word; anything longer is chat, not a command.
const maxWordLen = 32

// invocation is a command as typed: the word (folded for lookup, and as
// typed for messages back) and its arguments, kept exactly as typed.
type invocation struct {
	Word  string // folded: lowercase, no accents
	Typed string // as typed, without the prefix
	Args  string
	// Loose is set when the word was written loosely: a space after the
	// prefix ("! tip") or punctuation glued to its end ("!tip:",
	// "!ayuda."). Only an exact command word makes a loose word a
	// command: "! great news" and "!wow!" stay chat (issue 18).
	Loose bool
}

// parseCommand reads "!word args" or "/word args". ok is false for text
// that is not a command: no prefix, or a prefix not followed by a word.
func parseCommand(text string, prefixes []string) (inv invocation, ok bool) {
	// Direction controls go before anything reads it: in a title or an
	// announcement they would turn labbot's own words around them.
	text = privacy.StripBidi(strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD")))
	rest, ok := cutPrefix(text, prefixes)
	if !ok {
		return invocation{}, false
	}
	spaced := strings.TrimLeft(rest, " \t")
	end := strings.IndexFunc(spaced, unicode.IsSpace)
	if end < 0 {
		end = len(spaced)
	}
	word := spaced[:end]
	typed, glued := splitGlued(word)
	first, _ := utf8.DecodeRuneInString(typed)
	if typed == "" || !unicode.IsLetter(first) || utf8.RuneCountInString(typed) > maxWordLen {
		return invocation{}, false
	}
	loose := len(spaced) < len(rest) || len(typed) < end
	return invocation{Word: fold(typed), Typed: typed, Args: cutLead(glued + spaced[end:]), Loose: loose}, true
}

// separators end a command word glued to what follows it: "!tip:Ask…",
// "!ask?what", "!ayuda…". endMarks end it only at the word's end: a full
// stop ("!ayuda."), WhatsApp's bold or italics left on ("!tip*"), a
// closing quote; "!ask.com" and "!tip-off", like "!e-mail", are one word.
const (
	separators = ":;,!?¡¿…"
	endMarks   = `.*_~"'”’)»`
)

// splitGlued splits word into the command word and the text glued to it
// after a separator, which loses its separators and keeps anything else
// ("!tip:#budget" keeps the tag).
func splitGlued(word string) (typed, glued string) {
	p := strings.IndexAny(word, separators+endMarks)
	if p < 0 {
		return word, ""
	}
	glued = strings.TrimLeft(word[p:], separators+endMarks)
	if glued != "" && !strings.ContainsAny(word[p:len(word)-len(glued)], separators) {
		return word, "" // only end marks before more of the word: it is one word
	}
	return word[:p], glued
}

// leadMarks are what may stand alone between a command word and its
// text: "!astuce : Gardez…" as French spaces its colon, "!tip - Ask…".
const leadMarks = ":-–—"

// cutLead trims args, and drops a colon or dash standing alone before
// them: it belongs to the command, not to the tip.
func cutLead(args string) string {
	args = strings.TrimSpace(args)
	rest := strings.TrimLeft(args, leadMarks)
	if len(rest) < len(args) && (rest == "" || unicode.IsSpace([]rune(rest)[0])) {
		return strings.TrimSpace(rest)
	}
	return args
}

// cutPrefix removes the longest configured prefix that text starts with.
func cutPrefix(text string, prefixes []string) (string, bool) {
	best := ""
	for _, p := range prefixes {
		if p != "" && len(p) > len(best) && strings.HasPrefix(text, p) {
			best = p
		}
	}
	if best == "" {
		return "", false
	}
	return text[len(best):], true
}

// saysNothing reports whether text has no letter and no digit: "?", ".",
// "#" or "🙂" is no tip, question, answer or title, and is not kept.
func saysNothing(text string) bool {
	return !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// clip shortens s to at most n characters, marking the cut: what a member
// typed is quoted back, but never at length.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := []rune(s)[:n-1]
	// At a word's end when one ends in the last third: "bank accoun…"
	// reads as a typo, "bank…" as a clip.
	for i := len(cut) - 1; i > len(cut)*2/3; i-- {
		if unicode.IsSpace(cut[i]) {
			return strings.TrimRightFunc(string(cut[:i]), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
		}
	}
	return string(cut) + "…"
}
