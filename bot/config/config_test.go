package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"labbot/internal/filetype"
)

func TestParseDefaults(t *testing.T) {
	want := &Config{
		DataDir:         "./data",
		DefaultLanguage: "en",
		Timezone:        "UTC",
		Location:        time.UTC,
		Prefixes:        []string{"!", "/"},
		Digest:          Digest{Schedule: "0 9 * * MON", QuietWeek: "short"},
		Reminders:       Reminders{Before: []time.Duration{24 * time.Hour, time.Hour}, Grace: 6 * time.Hour},
		Sending:         Sending{PerMinute: 10, BulkInterval: 15 * time.Second, Jitter: 5 * time.Second, ColdDMsPerDay: 20},
		Limits:          Limits{CommandsPerMinute: 10, CommandsPerHour: 60, RepeatWindow: 10 * time.Minute, WelcomesPerDay: 5, MaxCommandAge: time.Hour},
		Log:             Log{Level: "info", Format: "text"},
		Files:           Files{MaxBytes: 16 << 20, Types: filetype.Default()},
	}
	// Each of these says "nothing here", so each must give every default.
	inputs := map[string]string{
		"empty file":     "",
		"comments only":  "# nothing yet\n",
		"null document":  "~\n",
		"empty sections": "digest:\nreminders:\nsending:\nlimits:\nlog:\nstaff:\ngroups:\n",
		"empty strings":  "data_dir: \"\"\ntimezone: \"\"\ndefault_language: \"\"\ndigest: {schedule: \"\"}\n",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			c, err := Parse([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c, want) {
				t.Errorf("Parse() =\n%+v\nwant\n%+v", c, want)
			}
		})
	}
}

func TestParseAcceptsEdgeValues(t *testing.T) {
	c, err := Parse([]byte(`
reminders:
  before: []
  grace: 0
sending:
  per_minute: 0
  bulk_interval: 0s
  jitter: "0"
  cold_dms_per_day: 0
digest:
  schedule: "@weekly"
  quiet_week: skip
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Reminders.Before == nil || len(c.Reminders.Before) != 0 {
		t.Errorf("Before = %#v, want an empty list (reminders off)", c.Reminders.Before)
	}
	if c.Reminders.Grace != 0 || c.Sending != (Sending{}) {
		t.Errorf("zeros not kept: grace %v, sending %+v", c.Reminders.Grace, c.Sending)
	}
}

// Issue 14: the older replies_per_minute is read as the one ceiling, with a
// warning to log, not a failed start; both names at once is a mistake.
func TestOlderRepliesPerMinuteIsReadAsPerMinute(t *testing.T) {
	c, err := Parse([]byte("sending:\n  replies_per_minute: 7\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sending.PerMinute != 7 || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "sending.per_minute") {
		t.Errorf("per_minute %d, warnings %q; want 7 and one warning naming sending.per_minute", c.Sending.PerMinute, c.Warnings)
	}
	if c, _ := Parse([]byte("sending:\n  per_minute: 7\n")); len(c.Warnings) != 0 {
		t.Errorf("warnings %q for the current key, want none", c.Warnings)
	}
	// The older example's 20 capped replies alone: read as the ceiling for
	// everything, it is held to the safe default.
	if c, _ := Parse([]byte("sending:\n  replies_per_minute: 20\n")); c.Sending.PerMinute != 10 || !strings.Contains(c.Warnings[0], "at most 10") {
		t.Errorf("replies_per_minute 20 read as %d (%q), want 10 and a warning saying so", c.Sending.PerMinute, c.Warnings)
	}
	if c, _ := Parse([]byte("sending:\n  per_minute: 100\n")); len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "bans") {
		t.Errorf("per_minute 100 gave warnings %q, want one about bans", c.Warnings)
	}
	checkBad(t, []badCase{
		{"both names", "sending:\n  per_minute: 5\n  replies_per_minute: 7\n", "sending.replies_per_minute", "keep per_minute only"},
	})
}

func TestLoadExampleFile(t *testing.T) {
	c, err := Load("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Staff) != 1 || len(c.Groups) != 1 || c.Groups[0].Key != "nairobi" {
		t.Errorf("example config = %+v, want one staff member and group nairobi", c)
	}
}

func TestLoadErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(missing)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want fs.ErrNotExist", err)
	}
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Load(missing) = %v, want the path named", err)
	}
}

func TestDemo(t *testing.T) {
	c := Demo()
	if s, ok := c.StaffByPhone("+15550000001"); !ok || s.Name != "Ana" || s.Location.String() != "America/Bogota" {
		t.Errorf("demo staff = %+v, %v", s, ok)
	}
	want := []Group{
		{Key: "nairobi", JID: "120363000000000001@g.us", Name: "Nairobi partners", Language: "en", Timezone: "Africa/Nairobi"},
		{Key: "bogota", JID: "120363000000000002@g.us", Name: "Bogotá aliadas", Language: "es", Timezone: "America/Bogota"},
		{Key: "dakar", JID: "120363000000000003@g.us", Name: "Partenaires de Dakar", Language: "fr", Timezone: "Africa/Dakar"},
	}
	if len(c.Groups) != len(want) {
		t.Fatalf("demo has %d groups, want %d", len(c.Groups), len(want))
	}
	for i, w := range want {
		g := c.Groups[i]
		w.Location = g.Location
		if g != w || g.Location.String() != w.Timezone {
			t.Errorf("demo group %d = %+v, want %+v", i, g, w)
		}
	}
	if c.DataDir != "./data" || c.Location != time.UTC || !slices.Equal(c.Prefixes, []string{"!", "/"}) {
		t.Errorf("demo basics = %q %v %v", c.DataDir, c.Location, c.Prefixes)
	}
	// Callers change the demo (the console sets DataDir); that must not leak.
	c.DataDir = "elsewhere"
	if Demo().DataDir != "./data" {
		t.Error("Demo() shares state between calls")
	}
}

func TestLanguagesIsACopy(t *testing.T) {
	l := Languages()
	l[0] = "xx"
	if got := Languages(); !slices.Equal(got, []string{"en", "es", "fr"}) {
		t.Errorf("Languages() = %v after a caller changed its copy", got)
	}
}
