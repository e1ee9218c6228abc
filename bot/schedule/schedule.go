// Package schedule decides when a cron-scheduled job falls due in a group's own
// time zone. It evaluates the expression on the local wall clock and maps each
// wall time back to an instant with explicit daylight-saving rules, because
// cron's own Next silently drops a job whose time falls in a spring-forward gap.
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// periodLayout has no seconds because standard cron expressions fire on the minute.
const periodLayout = "2006-01-02T15:04"

// Schedule is a parsed cron expression evaluated on local wall clocks.
type Schedule struct {
	// spec runs in UTC, where no clock ever jumps, so its Next walks wall times
	// that the zone may skip or repeat; instant settles those afterwards.
	spec cron.SpecSchedule
}

// Occurrence is one time the job falls due in one zone.
type Occurrence struct {
	At     time.Time // the instant it falls due (in loc)
	Period string    // its local wall time "2006-01-02T15:04": the same for both passes of a repeated hour, so it can key exactly-once work
}

// Parse reads a standard five-field cron expression or a descriptor such as
// "@weekly". The zone comes from each group, so an expression naming its own
// (TZ= or CRON_TZ=) is refused, and so is "@every", which is a delay rather
// than a time of day.
func Parse(expr string) (*Schedule, error) {
	trimmed := strings.TrimSpace(expr)
	// Checked before cron sees it: besides overriding the group's zone,
	// cron.ParseStandard panics on "TZ=UTC" with no fields after it.
	if strings.HasPrefix(trimmed, "TZ=") || strings.HasPrefix(trimmed, "CRON_TZ=") {
		return nil, fmt.Errorf("parse schedule %q: the time zone comes from the group, not the expression", expr)
	}
	parsed, err := cron.ParseStandard(trimmed)
	if err != nil {
		return nil, fmt.Errorf("parse schedule %q: %w", expr, err)
	}
	spec, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("parse schedule %q: not a time of day", expr)
	}
	// cron accepts an empty list such as "," as a field that matches nothing:
	// surely a typo, and it makes cron's Next walk every minute of five years
	// before giving up.
	for _, bits := range []uint64{spec.Minute, spec.Hour, spec.Dom, spec.Month, spec.Dow} {
		if bits&^(1<<63) == 0 { // the top bit only records a "*"
			return nil, fmt.Errorf("parse schedule %q: a field matches nothing", expr)
		}
	}
	s := &Schedule{spec: *spec}
	// cron leaves time.Local here; pin UTC so the host's zone can never leak in.
	s.spec.Location = time.UTC
	return s, nil
}

// Next returns the first occurrence strictly after after, or the zero
// Occurrence if the schedule never matches (such as "0 0 30 2 *").
func (s *Schedule) Next(loc *time.Location, after time.Time) Occurrence {
	// A later instant can read an earlier wall time (the clock went back), so
	// start a margin early and let the instants decide.
	for w := s.nextWall(wallOf(after, loc).Add(-margin)); !w.IsZero(); w = s.nextWall(w) {
		if o := occurrenceAt(loc, w); o.At.After(after) {
			return o
		}
	}
	return Occurrence{}
}

// nextWall returns the first wall time after w that the expression matches, or
// the zero time if there is none. cron gives up after five years, which would
// lose "0 0 29 2 *" across 2100 (not a leap year), so it looks once more beyond.
func (s *Schedule) nextWall(w time.Time) time.Time {
	if next := s.spec.Next(w); !next.IsZero() {
		return next
	}
	return s.spec.Next(w.AddDate(5, 0, 0))
}
