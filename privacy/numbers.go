package privacy

import "sync"

// Numbers is what no message labbot sends may show: people's WhatsApp IDs
// (see Outgoing), and the numbers of the Lab's members, present and
// forgotten, and of its staff, however written. Other numbers stay: a
// clinic's hotline is a member's to share. It grows while labbot runs (a
// member seen a minute ago is covered) and is safe for concurrent use;
// a text is checked with a map lookup per run of digits, no query.
type Numbers struct {
	mu  sync.RWMutex
	r   Redactor
	ids map[string]bool // the IDs given, as given: most messages come from one of them
}

// NewNumbers knows the numbers of ids (user IDs, staff phones) and the
// forgotten numbers kept as keyed hashes (see NumberHash) under key.
func NewNumbers(ids []string, key []byte, forgotten []string) *Numbers {
	n := &Numbers{r: NewRedactor(ids), ids: make(map[string]bool, len(ids))}
	for _, id := range ids {
		n.ids[id] = true
	}
	if len(forgotten) > 0 {
		n.r.Forget(key, forgotten)
	}
	return n
}

// Add has n know the numbers of ids too. An ID given before costs a read
// lock and one lookup: Add runs for every message.
func (n *Numbers) Add(ids ...string) {
	n.mu.RLock()
	todo := ids[:0:0]
	for _, id := range ids {
		if !n.ids[id] && !n.r.knows(id) {
			todo = append(todo, id)
		}
	}
	n.mu.RUnlock()
	if len(todo) == 0 {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, id := range todo {
		n.r.add(id)
		n.ids[id] = true
	}
}

// Outgoing is text as labbot may send it: Outgoing's, with every known
// number "[removed]". Text with no known number comes back as it was.
// A nil Numbers knows no number.
func (n *Numbers) Outgoing(text string) string {
	// Known numbers first: an ID written with spaces in its number
	// ("+254 700 000 020@s.whatsapp.net") is one to the number filter,
	// while the ID pattern would see only its last group of digits.
	if n != nil && mayHoldNumber(text) {
		n.mu.RLock()
		if out, found := n.r.known(text); found {
			text = out
		}
		n.mu.RUnlock()
	}
	return Outgoing(text)
}

// Error is err's text as labbot may keep it, in a log or the database:
// every ID and "+" number (HideNumbers), and every known number, hidden.
func (n *Numbers) Error(err error) string {
	return n.Outgoing(HideNumbers(err.Error()))
}

// mayHoldNumber reports whether s may hold a number as known looks for
// one: a run of minNumber digits or more, of any script, with at most
// three separators between two of them, once plainDigits has dropped the
// invisible characters (here they are skipped wherever they are, which
// can only make a run longer). It never says no to a text that holds one.
// Most replies hold none: a help, a confirmation with an ID, a date.
func mayHoldNumber(s string) bool {
	run, gap := 0, 0
	for _, r := range s {
		switch {
		case anyDigit(r):
			if run++; run >= minNumber {
				return true
			}
			gap = 0
		case invisible(r), mark(r):
		case run > 0 && gap < 3 && separatorRE.MatchString(string(r)):
			gap++
		default:
			run, gap = 0, 0
		}
	}
	return false
}

// hasDigit reports whether s holds a decimal digit of any script.
func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 0x80 && asciiDigit(r) != r {
			return true
		}
	}
	return false
}
