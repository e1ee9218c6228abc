package outbox

import "context"

// Delivery is how the posts of one broadcast fared.
type Delivery struct {
	Settled bool // every post was sent or given up on
	Posts   int
	Sent    int
	Failed  []Failure
}

// Failure is a post given up on.
type Failure struct {
	Chat     string
	Attempts int
	// Exhausted is true when it was tried until labbot gave up; false
	// when WhatsApp refused it outright (labbot is not in the group).
	Exhausted bool
}

// Delivery reads how the posts of batch fared.
func (s *Sender) Delivery(ctx context.Context, batch string) (Delivery, error) {
	rows, err := s.store.BatchRows(ctx, batch)
	if err != nil {
		return Delivery{}, err
	}
	d := Delivery{Posts: len(rows), Settled: true}
	for _, row := range rows {
		switch {
		case row.Sent:
			d.Sent++
		case !row.Failed:
			d.Settled = false
		default:
			d.Failed = append(d.Failed, Failure{Chat: row.Chat, Attempts: row.Attempts, Exhausted: row.Attempts >= MaxAttempts})
		}
	}
	return d, nil
}
