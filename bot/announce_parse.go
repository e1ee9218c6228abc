package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// blockTagRE marks where an announcement's text in one language begins:
// [en], [ES], [ fr ].
var blockTagRE = regexp.MustCompile(`(?i)\[\s*(en|es|fr)\s*\]`)

// tagLikeRE is what staff mean as a language tag, known or not: two
// letters in brackets, a word of its own ([de] …, [EN ], [xx]). "[1]",
// "[link]" or "word[de]" are text.
var tagLikeRE = regexp.MustCompile(`(?i)\[\s*[a-z]{2}\s*\]`)

// blocksError says what is wrong with an announcement's blocks.
type blocksError struct {
	twice   string // a language given two blocks; "" when there is no text at all
	unknown string // a tag for no language labbot writes, as written
}

func (e blocksError) Error() string {
	switch {
	case e.unknown != "":
		return "unknown tag " + e.unknown
	case e.twice != "":
		return "two [" + e.twice + "] blocks"
	}
	return "no text"
}

// unknownTag is the first tag-like word in text that names no language
// labbot writes, or "": it would be glued to the block before it.
func unknownTag(text string) string {
	for _, m := range tagLikeRE.FindAllStringIndex(text, -1) {
		tag := text[m[0]:m[1]]
		if standsAlone(text, m[0], m[1]) && !blockTagRE.MatchString(tag) {
			return tag
		}
	}
	return ""
}

// standsAlone reports whether text[i:j] is a word of its own: white space
// or the text's ends on both sides ("[en] [de] Hallo" has two).
func standsAlone(text string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[j:])
	return (i == 0 || unicode.IsSpace(before)) && (j == len(text) || unicode.IsSpace(after))
}

// parseBlocks splits an announcement into its text in each language: what
// follows [en] is English, and so on. Text before the first tag (all of
// it, when there is none) is in lang, the staff member's own language,
// unless a block gives that language too. Blocks with no text are left
// out: that language is missing. A tag for another language ([de]) is
// refused, not read as text.
func parseBlocks(text, lang string) (map[string]string, error) {
	if tag := unknownTag(text); tag != "" {
		return nil, blocksError{unknown: tag}
	}
	blocks := map[string]string{}
	tags := blockTagRE.FindAllStringSubmatchIndex(text, -1)
	lead := text
	if len(tags) > 0 {
		lead = text[:tags[0][0]]
	}
	for i, t := range tags {
		end := len(text)
		if i+1 < len(tags) {
			end = tags[i+1][0]
		}
		l := fold(text[t[2]:t[3]])
		if _, dup := blocks[l]; dup {
			return nil, blocksError{twice: l}
		}
		blocks[l] = strings.TrimSpace(text[t[1]:end])
	}
	if lead = strings.TrimSpace(lead); lead != "" {
		if blocks[lang] != "" {
			return nil, blocksError{twice: lang}
		}
		blocks[lang] = lead
	}
	for l, b := range blocks {
		if b == "" {
			delete(blocks, l)
		}
	}
	if len(blocks) == 0 {
		return nil, blocksError{}
	}
	return blocks, nil
}

// blockFor is the text a group in lang gets: its own block, else the
// staff member's language's, else the first of en, es, fr there is.
func blockFor(blocks map[string]string, lang, staffLang string) string {
	for _, l := range []string{lang, staffLang, "en", "es", "fr"} {
		if b, ok := blocks[l]; ok {
			return b
		}
	}
	return ""
}
