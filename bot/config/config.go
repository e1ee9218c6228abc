// Package config loads labbot's YAML configuration and checks it whole, so a
// mistake stops the start with one line naming the key instead of surfacing
// later as a message posted at the wrong hour or in the wrong language.
package config

import (
	"slices"
	"strings"
	"time"

	"labbot/locales"

	// Zones must load in the small Docker image, which has no zoneinfo.
	_ "time/tzdata"
)

// Config is a checked configuration: every default is filled in and every
// zone is loaded, so callers never repeat a fallback.
type Config struct {
	DataDir         string
	DefaultLanguage string // en, es or fr
	Timezone        string // IANA name
	Location        *time.Location
	Prefixes        []string
	Staff           []Staff
	Groups          []Group // in file order: the first is the console's starting group
	Digest          Digest
	Reminders       Reminders
	Sending         Sending
	Limits          Limits
	Log             Log
	Search          Search
	Files           Files
	// Warnings are what the file does that still works but should change
	// (an older key's name): logged once the logger is built.
	Warnings []string
}

// Staff is a staff member. Timezone and Location fall back to the config's,
// so her `!event` times always have a zone; OwnZone says she has one of
// her own (`!setup` without a zone takes it, not the Lab's).
type Staff struct {
	Phone    string // +international form
	Name     string
	Timezone string
	Location *time.Location
	OwnZone  bool
}

// Group is a partner group seeded from config. Key is its name under groups:.
type Group struct {
	Key      string
	JID      string
	Name     string
	Language string
	Timezone string
	Location *time.Location
	Private  bool
}

// Digest says when the weekly digest is posted, in each group's own zone.
type Digest struct {
	Schedule  string // standard five-field cron expression
	QuietWeek string // short or skip
}

// Reminders holds the event reminder offsets and how late missed work may run.
type Reminders struct {
	Before []time.Duration
	Grace  time.Duration
}

// Sending paces the outbox so that labbot stays under WhatsApp's spam limits.
type Sending struct {
	PerMinute     int // everything labbot sends in any rolling minute; 0 means no ceiling
	BulkInterval  time.Duration
	Jitter        time.Duration
	ColdDMsPerDay int // direct messages to people who never wrote labbot one; 0 means no cap
}

// Limits bound what one member, or the world, may make labbot send, so
// that a flood (or a bug in someone's phone) cannot get the number banned.
// Staff get three times a member's command limits.
type Limits struct {
	CommandsPerMinute int // a member's, at most
	CommandsPerHour   int
	// RepeatWindow is how long the same command, sent again by the same
	// member in the same chat, counts as answered already; 0 answers all.
	RepeatWindow   time.Duration
	WelcomesPerDay int // welcomes to groups that are not partner groups yet
	// MaxCommandAge is how old a command may be and still be answered:
	// after an outage, hours-old commands get no reply (what they share is
	// still saved). 0 answers every one.
	MaxCommandAge time.Duration
}

// Log configures the slog handler built in main.
type Log struct {
	Level  string // debug, info, warn or error
	Format string // text or json
}

// Languages returns the languages labbot speaks, as a new slice the caller may change.
func Languages() []string { return locales.Languages() }

// StaffByPhone finds a staff member by phone. WhatsApp JIDs carry the number
// without its "+", so both forms are accepted.
func (c *Config) StaffByPhone(phone string) (Staff, bool) {
	if phone != "" && !strings.HasPrefix(phone, "+") {
		phone = "+" + phone
	}
	i := slices.IndexFunc(c.Staff, func(s Staff) bool { return s.Phone == phone })
	if i < 0 {
		return Staff{}, false
	}
	return c.Staff[i], true
}

// GroupByKey finds a group by its key under groups:.
func (c *Config) GroupByKey(key string) (Group, bool) {
	i := slices.IndexFunc(c.Groups, func(g Group) bool { return g.Key == key })
	if i < 0 {
		return Group{}, false
	}
	return c.Groups[i], true
}
