package config

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

func (c *Config) parseBasics(top map[string]*yaml.Node) error {
	var err error
	if c.DataDir, err = textOr(top["data_dir"], "data_dir", "./data"); err != nil {
		return err
	}
	if c.DefaultLanguage, err = language(top["default_language"], "default_language", "en"); err != nil {
		return err
	}
	if c.Timezone, c.Location, err = zone(top["timezone"], "timezone", "UTC", time.UTC); err != nil {
		return err
	}
	c.Prefixes, err = prefixes(top["prefixes"])
	return err
}

// language reads one of Languages(), def when missing or empty.
func language(n *yaml.Node, path, def string) (string, error) {
	s, err := textOr(n, path, def)
	if err == nil && !slices.Contains(Languages(), s) {
		err = errorf(path, "%q is not a supported language (%s)", s, strings.Join(Languages(), ", "))
	}
	return s, err
}

// zone reads an IANA zone name. "Local" is refused: it would make the bot's
// behaviour depend on the machine it happens to run on.
func zone(n *yaml.Node, path, defName string, defLoc *time.Location) (string, *time.Location, error) {
	s, err := text(n, path)
	if err != nil || s == "" {
		return defName, defLoc, err
	}
	loc, err := time.LoadLocation(s)
	if err != nil || s == "Local" {
		return "", nil, errorf(path, "unknown time zone %q (use an IANA name like Africa/Nairobi)", s)
	}
	return s, loc, nil
}

// prefixes reads the command prefixes. A prefix with a space could never be
// typed as part of one command word, and an empty one would make every
// message a command.
func prefixes(n *yaml.Node) ([]string, error) {
	list, set, err := items(n, "prefixes", `["!", "/"]`)
	if err != nil {
		return nil, err
	}
	if !set {
		return []string{"!", "/"}, nil
	}
	if len(list) == 0 {
		return nil, errorf("prefixes", "needs at least one prefix, like \"!\"")
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		path := index("prefixes", i)
		p, err := text(item, path)
		switch {
		case err != nil:
			return nil, err
		case p == "":
			return nil, errorf(path, "must not be empty")
		case strings.ContainsFunc(p, unicode.IsSpace):
			return nil, errorf(path, "%q must not contain spaces", p)
		}
		out = append(out, p)
	}
	return out, nil
}
