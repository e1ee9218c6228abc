package config

import (
	"time"

	"go.yaml.in/yaml/v3"
)

func (c *Config) parseLimits(n *yaml.Node) error {
	f, err := fields(n, "limits", "commands_per_minute", "commands_per_hour", "repeat_window", "welcomes_per_day", "max_command_age")
	if err != nil {
		return err
	}
	l := &c.Limits
	for _, k := range []struct {
		key string
		to  *int
		def int
	}{
		{"commands_per_minute", &l.CommandsPerMinute, 10},
		{"commands_per_hour", &l.CommandsPerHour, 60},
		{"welcomes_per_day", &l.WelcomesPerDay, 5},
	} {
		path := "limits." + k.key
		if *k.to, err = integerOr(f[k.key], path, k.def); err != nil {
			return err
		}
		// No "off": an unlimited labbot is one flood away from a ban.
		if *k.to < 1 {
			return errorf(path, "must be 1 or more")
		}
	}
	if l.RepeatWindow, err = durationOr(f["repeat_window"], "limits.repeat_window", 10*time.Minute); err != nil {
		return err
	}
	// A negative age is refused by ParseDuration, naming the key.
	if l.MaxCommandAge, err = durationOr(f["max_command_age"], "limits.max_command_age", time.Hour); err != nil {
		return err
	}
	if l.MaxCommandAge != 0 && l.MaxCommandAge < time.Minute {
		// WhatsApp's times are whole seconds, and a phone's clock drifts:
		// less than a minute would leave commands unanswered on a good day.
		return errorf("limits.max_command_age", "must be at least 1m (or 0 for no limit)")
	}
	if l.CommandsPerHour < l.CommandsPerMinute {
		return errorf("limits.commands_per_hour", "must be at least limits.commands_per_minute (%d)", l.CommandsPerMinute)
	}
	return nil
}
