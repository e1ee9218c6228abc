package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration is time.ParseDuration plus a "d" unit for days ("7d",
// "1d12h"), because reminders and the console's :advance think in days. A day
// is 24 hours: calendar days belong to the caller's zone, not to a duration.
// Negative durations are rejected; nothing in labbot waits backwards.
func ParseDuration(s string) (time.Duration, error) {
	if strings.HasPrefix(strings.TrimSpace(s), "-") {
		return 0, durationError(s, "must not be negative")
	}
	expanded, ok := expandDays(s)
	if !ok {
		return 0, durationError(s, "")
	}
	d, err := time.ParseDuration(expanded)
	if err != nil || d < 0 {
		return 0, durationError(s, "")
	}
	return d, nil
}

// durationError keeps the value as the user wrote it: time.ParseDuration
// would quote the rewritten form.
func durationError(s, reason string) error {
	if reason == "" {
		reason = "use a number and a unit: 90m, 6h, 2d, 1d12h"
	}
	return fmt.Errorf("bad duration %q (%s)", s, reason)
}

// expandDays rewrites every "Nd" as hours and leaves the rest to
// time.ParseDuration; ok is false for a "d" with no number before it.
func expandDays(s string) (string, bool) {
	isNum := func(r rune) bool { return r >= '0' && r <= '9' || r == '.' }
	var b strings.Builder
	for s != "" {
		n := strings.IndexFunc(s, func(r rune) bool { return !isNum(r) })
		if n < 0 {
			b.WriteString(s)
			break
		}
		num, rest := s[:n], s[n:]
		u := strings.IndexFunc(rest, isNum)
		if u < 0 {
			u = len(rest)
		}
		unit := rest[:u]
		s = rest[u:]
		if unit != "d" {
			b.WriteString(num + unit)
			continue
		}
		days, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return "", false
		}
		b.WriteString(strconv.FormatFloat(days*24, 'f', -1, 64) + "h")
	}
	return b.String(), true
}
