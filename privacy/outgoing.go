package privacy

import (
	"regexp"
	"strings"
)

// personJIDRE finds a person's WhatsApp chat ID, by phone or by LID, with
// its device part, as whatsmeow writes it: digits first, so that an
// address such as info@lid.example.org is left alone. userLIDRE finds
// labbot's own "lid:" user IDs, which are long runs of digits.
var (
	personJIDRE = regexp.MustCompile(`\b\d+(?:[.:]\d+)*@(?i:s\.whatsapp\.net|c\.us|lid)\b`)
	userLIDRE   = regexp.MustCompile(`\blid:\d{6,}`)
)

// Outgoing is text as labbot may send it to WhatsApp: a person's chat ID
// (…@s.whatsapp.net, …@lid) or labbot's "lid:" user ID, which no reply
// means to show, becomes "[removed]". Everything else stays as it was
// written: the numbers members share in tips (an office's phone) are
// theirs to share, and a delivery report may name a group by its chat ID
// when the group has no name.
func Outgoing(text string) string {
	// Every message labbot sends passes here: the regexps run only on the
	// few texts that hold what they look for.
	if strings.Contains(text, "@") {
		text = personJIDRE.ReplaceAllString(text, removed)
	}
	if strings.Contains(text, "lid:") {
		text = userLIDRE.ReplaceAllString(text, removed)
	}
	return text
}
