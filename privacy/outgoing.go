package privacy

import (
	"regexp"
	"strings"
)

// personIDPattern is how a person's WhatsApp ID is written by whatsmeow
// and labbot: a chat ID by phone or by LID, with its device part, digits
// first (so that an address such as info@lid.example.org is left alone),
// or labbot's own "lid:" user ID, a long run of digits. Every server
// whatsmeow writes after a user's digits is here, with the agent and
// device parts ("2547….0:12@s.whatsapp.net"): a person's phone, LID,
// hosted (business) account, old-style c.us ID, and the broadcast and
// newsletter IDs made of the same digits. Messages and logs hide the same
// IDs.
const personIDPattern = `\+?\b\d+(?:[.:]\d+)*@(?i:s\.whatsapp\.net|c\.us|hosted\.lid|hosted|lid|broadcast|newsletter)\b|\blid:\d{6,}`

var personIDRE = regexp.MustCompile(personIDPattern)

// Outgoing is text as labbot may send it to WhatsApp: a person's chat ID
// (…@s.whatsapp.net, …@lid) or labbot's "lid:" user ID, which no reply
// means to show, becomes "[removed]". Everything else stays as it was
// written: the numbers members share in tips (an office's phone) are
// theirs to share, and a delivery report may name a group by its chat ID
// when the group has no name.
func Outgoing(text string) string {
	// Every message labbot sends passes here: the regexp runs only on the
	// few texts that hold what it looks for.
	if !strings.Contains(text, "@") && !strings.Contains(text, "lid:") {
		return text
	}
	return personIDRE.ReplaceAllString(text, removed)
}
