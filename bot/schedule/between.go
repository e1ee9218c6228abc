package schedule

import (
	"slices"
	"time"
)

// firstWindow is the first span of wall time Between looks at before upTo;
// a daily or weekly job usually needs one or two doublings at most.
const firstWindow = 2 * margin

// found is an occurrence with the wall time it came from, which Between needs
// to know how far into its window it lies.
type found struct {
	wall time.Time
	Occurrence
}

// Between returns, in order of At, every occurrence with after < At <= upTo.
// When there are more than limit, only the latest limit are kept: a catch-up
// after months of downtime runs the most recent jobs instead of replaying every
// missed one. It scans back from upTo in doubling windows of wall time, so its
// cost follows limit and the schedule's density, not the length of the
// downtime, and it terminates for a schedule that never matches.
func (s *Schedule) Between(loc *time.Location, after, upTo time.Time, limit int) []Occurrence {
	if limit <= 0 || !upTo.After(after) {
		return nil
	}
	first := wallOf(after, loc).Add(-margin)
	last := wallOf(upTo, loc).Add(margin)
	total := last.Sub(first) // saturates rather than overflows
	for span := firstWindow; ; {
		from := first
		if span < total {
			from = last.Add(-span)
		}
		got := s.scan(loc, from, last, after, upTo)
		// An occurrence a margin inside the window is later than anything
		// before the window, so once limit of them are in, nothing earlier
		// can be among the latest.
		if from.Equal(first) || countSince(got, from.Add(margin)) >= limit {
			return latest(got, limit)
		}
		if span > total/2 {
			span = total
		} else {
			span *= 2
		}
	}
}

// scan returns the occurrences with after < At <= upTo among the wall times
// after from and up to to.
func (s *Schedule) scan(loc *time.Location, from, to, after, upTo time.Time) []found {
	var got []found
	for w := s.nextWall(from); !w.IsZero() && !w.After(to); w = s.nextWall(w) {
		o := occurrenceAt(loc, w)
		if o.At.After(after) && !o.At.After(upTo) {
			got = append(got, found{wall: w, Occurrence: o})
		}
	}
	return got
}

func countSince(got []found, cutoff time.Time) int {
	n := 0
	for _, f := range got {
		if !f.wall.Before(cutoff) {
			n++
		}
	}
	return n
}

// latest orders by At and keeps the last limit. Several wall times in one gap
// share an At, so ties fall back to wall order.
func latest(got []found, limit int) []Occurrence {
	slices.SortFunc(got, func(a, b found) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return a.wall.Compare(b.wall)
	})
	if len(got) > limit {
		got = got[len(got)-limit:]
	}
	out := make([]Occurrence, len(got))
	for i, f := range got {
		out[i] = f.Occurrence
	}
	return out
}
