// Package invite reads a WhatsApp group invite link as people paste it,
// for the bot that checks it and the transport that uses it alike.
package invite

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// codeRE is an invite code: WhatsApp's are letters and digits.
var codeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Code finds the code in an invite link: with or without https://, in any
// case, with WhatsApp's ?mode=… or a trailing slash, wrapped in <> or (),
// or with a full stop after it. ok is false for anything else.
func Code(link string) (code string, ok bool) {
	link = strings.TrimFunc(link, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`<>()"'«»“”.,;:!?`, r) })
	if !strings.Contains(link, "://") {
		link = "https://" + link
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.EqualFold(u.Host, "chat.whatsapp.com") {
		return "", false
	}
	code = strings.Trim(u.Path, "/")
	if !codeRE.MatchString(code) {
		return "", false
	}
	return code, true
}

// Link is the canonical invite link for code.
func Link(code string) string { return "https://chat.whatsapp.com/" + code }
