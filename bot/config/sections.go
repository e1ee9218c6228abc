package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"labbot/bot/schedule"
)

func (c *Config) parseDigest(n *yaml.Node) error {
	f, err := fields(n, "digest", "schedule", "quiet_week")
	if err != nil {
		return err
	}
	if c.Digest.Schedule, err = textOr(f["schedule"], "digest.schedule", "0 9 * * MON"); err != nil {
		return err
	}
	if err := checkSchedule(c.Digest.Schedule); err != nil {
		return err
	}
	c.Digest.QuietWeek, err = oneOf(f["quiet_week"], "digest.quiet_week", "short", "short", "skip")
	return err
}

// checkSchedule refuses a zone inside the expression: the digest runs in
// each group's own zone, and a fixed one would silently override them all.
func checkSchedule(spec string) error {
	trimmed := strings.TrimSpace(spec)
	if strings.HasPrefix(trimmed, "TZ=") || strings.HasPrefix(trimmed, "CRON_TZ=") {
		return errorf("digest.schedule", "%q names a time zone; leave it out, the digest runs in each group's own zone", spec)
	}
	// The bot reads the expression with schedule.Parse: what it refuses
	// must stop the start here, naming the key.
	if _, err := schedule.Parse(spec); err != nil {
		return errorf("digest.schedule", "%q is not a cron schedule: %s", spec, cronReason(spec))
	}
	return nil
}

func (c *Config) parseReminders(n *yaml.Node) error {
	f, err := fields(n, "reminders", "before", "grace")
	if err != nil {
		return err
	}
	list, set, err := items(f["before"], "reminders.before", "[24h, 1h]")
	if err != nil {
		return err
	}
	c.Reminders.Before = []time.Duration{24 * time.Hour, time.Hour}
	if set {
		// An explicit empty list turns reminders off.
		c.Reminders.Before = make([]time.Duration, 0, len(list))
	}
	for i, item := range list {
		path := index("reminders.before", i)
		d, err := durationOr(item, path, 0)
		switch {
		case err != nil:
			return err
		case d <= 0:
			return errorf(path, "must be more than 0, like 1h")
		case slices.Contains(c.Reminders.Before, d):
			// Reminder sends are keyed by offset; a repeat would collide.
			return errorf(path, "%v is listed twice", d)
		}
		c.Reminders.Before = append(c.Reminders.Before, d)
	}
	c.Reminders.Grace, err = durationOr(f["grace"], "reminders.grace", 6*time.Hour)
	return err
}

func (c *Config) parseSending(n *yaml.Node) error {
	f, err := fields(n, "sending", "per_minute", "replies_per_minute", "bulk_interval", "jitter", "cold_dms_per_day")
	if err != nil {
		return err
	}
	if err := c.parsePerMinute(f); err != nil {
		return err
	}
	if c.Sending.BulkInterval, err = durationOr(f["bulk_interval"], "sending.bulk_interval", 15*time.Second); err != nil {
		return err
	}
	if c.Sending.Jitter, err = durationOr(f["jitter"], "sending.jitter", 5*time.Second); err != nil {
		return err
	}
	if c.Sending.ColdDMsPerDay, err = integerOr(f["cold_dms_per_day"], "sending.cold_dms_per_day", 20); err != nil {
		return err
	}
	if c.Sending.ColdDMsPerDay < 0 {
		return errorf("sending.cold_dms_per_day", "must be 0 or more (0 means no cap)")
	}
	return nil
}

// safePerMinute is the default ceiling, and the most an older config's
// replies_per_minute is read as: that key capped replies alone (its
// example said 20), and read as the ceiling for everything it would let
// labbot send twice as much as before.
const safePerMinute = 10

// parsePerMinute reads the one ceiling on everything labbot sends. Its
// older name, replies_per_minute, is read as it (at most safePerMinute),
// with a warning: a config that ran yesterday still starts today.
func (c *Config) parsePerMinute(f map[string]*yaml.Node) error {
	key, n := "sending.per_minute", f["per_minute"]
	old := f["replies_per_minute"]
	switch {
	case old != nil && n != nil:
		return errorf("sending.replies_per_minute", "is the older name of sending.per_minute; keep per_minute only")
	case old != nil:
		key, n = "sending.replies_per_minute", old
	}
	var err error
	if c.Sending.PerMinute, err = integerOr(n, key, safePerMinute); err != nil {
		return err
	}
	if c.Sending.PerMinute < 0 {
		return errorf(key, "must be 0 or more (0 means no ceiling)")
	}
	if old != nil {
		if c.Sending.PerMinute == 0 || c.Sending.PerMinute > safePerMinute {
			c.Sending.PerMinute = safePerMinute
		}
		c.Warnings = append(c.Warnings, fmt.Sprintf("sending.replies_per_minute is now sending.per_minute, one ceiling for everything labbot sends; read as per_minute: %d (at most %d); rename it", c.Sending.PerMinute, safePerMinute))
	}
	if c.Sending.PerMinute > 2*safePerMinute {
		c.Warnings = append(c.Warnings, fmt.Sprintf("sending.per_minute is %d: WhatsApp bans unofficial clients that send much above %d a minute", c.Sending.PerMinute, safePerMinute))
	}
	return nil
}

func (c *Config) parseLog(n *yaml.Node) error {
	f, err := fields(n, "log", "level", "format")
	if err != nil {
		return err
	}
	if c.Log.Level, err = oneOf(f["level"], "log.level", "info", "debug", "info", "warn", "error"); err != nil {
		return err
	}
	c.Log.Format, err = oneOf(f["format"], "log.format", "text", "text", "json")
	return err
}
