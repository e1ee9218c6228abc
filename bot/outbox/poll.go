package outbox

// Poll is a native WhatsApp poll (issue 17). Votes are encrypted with
// Secret and name options by the hash of their text, so a poll is sent
// again with the very same options, in order, and the same secret.
type Poll struct {
	Question   string
	Options    []string
	Selectable int // how many options one may choose; 0 for any
	Secret     []byte
}

// pollOptions are a poll's options as they leave, each through the same
// filter as every text. The bot filters them when the poll is made, so
// what it stores is what is sent and votes match their hashes; this is
// the sender's own guarantee.
func (s *Sender) pollOptions(options []string) []string {
	out := make([]string, len(options))
	for i, o := range options {
		out[i] = s.numbers.Outgoing(o)
	}
	return out
}
