package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// cronField is one of the five fields of a cron expression, as the
// operator reads about it in crontab(5).
type cronField struct {
	name     string
	min, max int
	names    []string // the names cron takes for its values, from min
}

var cronFields = []cronField{
	{name: "minute", max: 59},
	{name: "hour", max: 23},
	{name: "day-of-month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: strings.Fields("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC")},
	{name: "day-of-week", max: 6, names: strings.Fields("SUN MON TUE WED THU FRI SAT")},
}

// cronDescriptors are the @words a schedule may be.
var cronDescriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

// cronPartRE is one item of a field's list: *, 5, MON, 1-5, MON-FRI, each with an optional /step.
var cronPartRE = regexp.MustCompile(`^(\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/(.*))?$`)

// cronReason says in the operator's terms why spec is not a schedule,
// where cron's own words would name Go's parsing ("strconv.Atoi: parsing
// "MONDAY""). It is the generic form when it finds nothing more precise.
func cronReason(spec string) string {
	const form = `five fields, minute hour day-of-month month day-of-week, like "0 9 * * MON", or one of `
	fields := strings.Fields(spec)
	switch {
	case len(fields) > 0 && fields[0] == "@every":
		return "@every is a delay, not a time of day; a schedule has " + form + "@weekly, @daily"
	case len(fields) == 1 && strings.HasPrefix(fields[0], "@"):
		return "write one of " + strings.Join(cronDescriptors, ", ")
	case len(fields) == 1:
		return "it has 1 field; a schedule has " + form + "@weekly, @daily"
	case len(fields) != len(cronFields):
		return fmt.Sprintf("it has %d fields; a schedule has %s@weekly, @daily", len(fields), form)
	}
	for i, f := range fields {
		if reason := cronFields[i].check(f); reason != "" {
			return reason
		}
	}
	return "a schedule has " + form + "@weekly, @daily"
}

// check says what is wrong with text as field f, or "".
func (f cronField) check(text string) string {
	for _, part := range strings.Split(text, ",") {
		m := cronPartRE.FindStringSubmatch(part)
		if m == nil {
			return fmt.Sprintf("%s %q is not a value, a range (1-5) or a list (1,3)", f.name, text)
		}
		if m[2] != "" || strings.HasSuffix(part, "/") {
			if n, err := strconv.Atoi(m[2]); err != nil || n < 1 {
				return fmt.Sprintf("%s %q: a step (/2) must be a whole number, 1 or more", f.name, text)
			}
		}
		if m[1] == "*" || m[1] == "?" {
			continue
		}
		lo, hi, isRange := strings.Cut(m[1], "-")
		a, okA := f.value(lo)
		b := a
		okB := true
		if isRange {
			b, okB = f.value(hi)
		}
		switch {
		case !okA || !okB:
			return f.bounds()
		case b < a:
			return fmt.Sprintf("%s %q: the range %s goes backwards", f.name, text, m[1])
		}
	}
	return ""
}

// value reads one value of f, a number or one of its names.
func (f cronField) value(s string) (int, bool) {
	for i, n := range f.names {
		if strings.EqualFold(s, n) {
			return f.min + i, true
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= f.min && n <= f.max
}

// bounds says what f accepts: "day-of-week must be 0-6 or SUN-SAT".
func (f cronField) bounds() string {
	s := fmt.Sprintf("%s must be %d-%d", f.name, f.min, f.max)
	if len(f.names) > 0 {
		s += " or " + f.names[0] + "-" + f.names[len(f.names)-1]
	}
	return s
}
