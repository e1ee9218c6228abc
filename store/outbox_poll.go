package store

import "encoding/json"

// OutPoll is what an outbox row keeps of the poll it posts, so that a
// retry builds the very same WhatsApp poll: the same options, in order,
// and the same message secret, which votes are encrypted with.
type OutPoll struct {
	Options    []string
	Selectable int
	Secret     []byte
}

func (p *OutPoll) options() string {
	if p == nil {
		return ""
	}
	b, _ := json.Marshal(p.Options) // a []string always marshals
	return string(b)
}

func (p *OutPoll) secret() []byte {
	if p == nil {
		return nil
	}
	return p.Secret
}

func (p *OutPoll) selectable() int {
	if p == nil {
		return 0
	}
	return p.Selectable
}

// readOutPoll is the poll a row keeps, or nil for a row that posts none.
func readOutPoll(options string, secret []byte, selectable int) (*OutPoll, error) {
	if options == "" {
		return nil, nil
	}
	p := &OutPoll{Secret: secret, Selectable: selectable}
	if err := json.Unmarshal([]byte(options), &p.Options); err != nil {
		return nil, err
	}
	return p, nil
}
