package privacy

import (
	"regexp"
	"strings"
)

// personJIDRE finds a person's WhatsApp chat ID, by phone or by LID, the
// way jidRE does for an export.
var personJIDRE = regexp.MustCompile(`(?i)[^\s()<>\[\]{}"'«»,;]+@(?:s\.whatsapp\.net|c\.us|lid)\b`)

// Outgoing is text as labbot may send it to WhatsApp: a person's chat ID
// (…@s.whatsapp.net, …@lid) or labbot's "lid:" user ID, which no reply
// means to show, becomes "[removed]". Everything else stays as it was
// written: the numbers members share in tips (an office's phone) are
// theirs to share, and a delivery report may name a group by its chat ID
// when the group has no name.
func Outgoing(text string) string {
	if !strings.ContainsAny(text, "@:") {
		return text // nearly every message: no regexp to run
	}
	text = personJIDRE.ReplaceAllString(text, removed)
	return lidRE.ReplaceAllString(text, removed)
}
