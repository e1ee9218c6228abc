package config

import (
	"errors"
	"strings"
	"testing"
)

// badCase is a file that must be refused with an *Error naming key, whose
// message contains msg.
type badCase struct {
	name, yaml, key, msg string
}

func checkBad(t *testing.T, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.yaml))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse() = %+v, %v; want an *Error", c, err)
			}
			if ce.Key != tc.key {
				t.Errorf("Key = %q, want %q (error: %v)", ce.Key, tc.key, err)
			}
			if !strings.Contains(ce.Msg, tc.msg) {
				t.Errorf("Msg = %q, want it to contain %q", ce.Msg, tc.msg)
			}
			line := err.Error()
			if strings.ContainsAny(line, "\r\n") || !strings.HasPrefix(line, "config: "+tc.key+": ") {
				t.Errorf("Error() = %q, want one line starting with the key", line)
			}
		})
	}
}

func TestParseRejectsTopLevel(t *testing.T) {
	checkBad(t, []badCase{
		{"unknown top-level key", "datadir: x\n", "datadir", "unknown key"},
		{"unknown nested key", "log:\n  colour: true\n", "log.colour", "unknown key"},
		{"repeated key", "timezone: UTC\ntimezone: UTC\n", "timezone", "duplicate key"},
		{"merge key", "log:\n  <<: {level: info}\n", "log.<<", "merge keys"},
		{"bad default language", "default_language: de\n", "default_language", `"de" is not a supported language (en, es, fr)`},
		{"bad zone", "timezone: Mars/Base\n", "timezone", `unknown time zone "Mars/Base"`},
		{"Local zone", "timezone: Local\n", "timezone", `unknown time zone "Local"`},
		{"prefixes empty list", "prefixes: []\n", "prefixes", "at least one"},
		{"prefix empty", "prefixes: [\"!\", \"\"]\n", "prefixes[1]", "must not be empty"},
		{"prefix with space", "prefixes: [\"! \"]\n", "prefixes[0]", "must not contain spaces"},
		{"bad cron", "digest:\n  schedule: \"0 9 * *\"\n", "digest.schedule", `"0 9 * *" is not a cron schedule: it has 4 fields; a schedule has five fields, minute hour day-of-month month day-of-week, like "0 9 * * MON", or one of @weekly, @daily`},
		{"cron out of range", "digest:\n  schedule: \"0 25 * * MON\"\n", "digest.schedule", `"0 25 * * MON" is not a cron schedule: hour must be 0-23`},
		{"cron day name", "digest:\n  schedule: \"0 9 * * MONDAY\"\n", "digest.schedule", `"0 9 * * MONDAY" is not a cron schedule: day-of-week must be 0-6 or SUN-SAT`},
		{"cron month", "digest:\n  schedule: \"0 9 * 13 MON\"\n", "digest.schedule", "month must be 1-12 or JAN-DEC"},
		{"cron step", "digest:\n  schedule: \"*/0 9 * * *\"\n", "digest.schedule", `minute "*/0": a step (/2) must be a whole number, 1 or more`},
		{"cron backwards", "digest:\n  schedule: \"0 9-3 * * *\"\n", "digest.schedule", `hour "9-3": the range 9-3 goes backwards`},
		{"cron descriptor", "digest:\n  schedule: \"@weekli\"\n", "digest.schedule", "write one of @yearly, @annually, @monthly, @weekly"},
		{"cron every", "digest:\n  schedule: \"@every 1h\"\n", "digest.schedule", "@every is a delay"},
		{"cron empty list", "digest:\n  schedule: \"0 9 * * ,\"\n", "digest.schedule", "is not a cron schedule"},
		{"TZ prefix", "digest:\n  schedule: \"TZ=UTC 0 9 * * MON\"\n", "digest.schedule", "time zone"},
		{"CRON_TZ prefix", "digest:\n  schedule: \"CRON_TZ=UTC 0 9 * * MON\"\n", "digest.schedule", "time zone"},
		{"bad quiet_week", "digest:\n  quiet_week: long\n", "digest.quiet_week", `"long" is not one of short, skip`},
		{"bad before", "reminders:\n  before: [24h, soon]\n", "reminders.before[1]", `bad duration "soon"`},
		{"zero before", "reminders:\n  before: [0s]\n", "reminders.before[0]", "more than 0"},
		{"negative before", "reminders:\n  before: [-1h]\n", "reminders.before[0]", "negative"},
		{"repeated before", "reminders:\n  before: [1h, 60m]\n", "reminders.before[1]", "twice"},
		{"bad grace", "reminders:\n  grace: 6\n", "reminders.grace", `bad duration "6"`},
		{"bad bulk_interval", "sending:\n  bulk_interval: fast\n", "sending.bulk_interval", `bad duration "fast"`},
		{"bad jitter", "sending:\n  jitter: 5x\n", "sending.jitter", `bad duration "5x"`},
		{"negative replies", "sending:\n  replies_per_minute: -1\n", "sending.replies_per_minute", "0 or more"},
		{"negative per_minute", "sending:\n  per_minute: -1\n", "sending.per_minute", "0 or more"},
		{"negative cold DMs", "sending:\n  cold_dms_per_day: -1\n", "sending.cold_dms_per_day", "0 or more"},
		{"no command limit", "limits:\n  commands_per_minute: 0\n", "limits.commands_per_minute", "1 or more"},
		{"negative hour limit", "limits:\n  commands_per_hour: -5\n", "limits.commands_per_hour", "1 or more"},
		{"bad repeat_window", "limits:\n  repeat_window: often\n", "limits.repeat_window", `bad duration "often"`},
		{"bad max_command_age", "limits:\n  max_command_age: old\n", "limits.max_command_age", `bad duration "old"`},
		{"negative max_command_age", "limits:\n  max_command_age: -1h\n", "limits.max_command_age", "negative"},
		{"tiny max_command_age", "limits:\n  max_command_age: 1s\n", "limits.max_command_age", "at least 1m"},
		{"no welcomes", "limits:\n  welcomes_per_day: 0\n", "limits.welcomes_per_day", "1 or more"},
		{"hour under minute", "limits:\n  commands_per_minute: 20\n  commands_per_hour: 10\n", "limits.commands_per_hour", "at least"},
		{"bad log level", "log:\n  level: verbose\n", "log.level", `"verbose" is not one of`},
		{"bad log format", "log:\n  format: xml\n", "log.format", `"xml" is not one of`},
	})
}

func TestParseRejectsWrongTypes(t *testing.T) {
	checkBad(t, []badCase{
		{"not a mapping", "- a\n- b\n", "yaml", "must be a mapping"},
		{"prefixes as string", "prefixes: \"!\"\n", "prefixes", "must be a list"},
		{"list for a string", "data_dir: [a, b]\n", "data_dir", "must be a single value"},
		{"digest as string", "digest: weekly\n", "digest", "must be a mapping"},
		{"staff as mapping", "staff:\n  phone: \"+15550000001\"\n", "staff", "must be a list"},
		{"groups as list", "groups: [nairobi]\n", "groups", "must be a mapping"},
		{"before as string", "reminders:\n  before: 24h\n", "reminders.before", "must be a list"},
		{"replies as word", "sending:\n  replies_per_minute: lots\n", "sending.replies_per_minute", "whole number"},
		{"limit as word", "limits:\n  commands_per_hour: many\n", "limits.commands_per_hour", "whole number"},
		{"replies as fraction", "sending:\n  replies_per_minute: 2.5\n", "sending.replies_per_minute", "whole number"},
		{"per_minute as word", "sending:\n  per_minute: lots\n", "sending.per_minute", "whole number"},
		{"cold DMs as word", "sending:\n  cold_dms_per_day: some\n", "sending.cold_dms_per_day", "whole number"},
		{"private maybe", "groups:\n  a:\n    jid: \"1@g.us\"\n    private: maybe\n", "groups.a.private", `"maybe" is not true or false`},
		{"mapping as key", "? [a]\n: b\n", "yaml", "plain names"},
		{"syntax", "log:\n  level: [info\n", "yaml", "line"},
		{"tab indent", "log:\n\tlevel: info\n", "yaml", "line"},
		{"two documents", "log: {}\n---\ndata_dir: x\n", "yaml", "more than one"},
	})
}

// TestCronErrorsSpeakCrontab: whatever cron refuses is told in crontab's
// terms, never in Go's (strconv.Atoi, "parse schedule").
func TestCronErrorsSpeakCrontab(t *testing.T) {
	for _, spec := range []string{"0 9 * * MONDAY", "0 9 * *", "hello", "61 9 * * MON", "0 9 * * 7", "0 9 0 * *",
		"*/x 9 * * *", "0 9 * * MON-", "0 9 * * ,", ",", "@weekli", "@every 1h", "0 9 * * MON extra", "0 9-3 * * *", "0 9 * JANUARY *"} {
		_, err := Parse([]byte("digest:\n  schedule: \"" + spec + "\"\n"))
		if err == nil {
			t.Errorf("%q was taken as a schedule", spec)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "strconv") || strings.Contains(msg, "parse schedule") || strings.Contains(msg, "failed to parse") ||
			!strings.Contains(msg, "is not a cron schedule: ") {
			t.Errorf("%q: %s", spec, msg)
		}
	}
}
