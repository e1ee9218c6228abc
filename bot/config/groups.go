package config

import (
	"regexp"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// groupKeyPattern keeps keys safe to print in logs, export file names and
// the console's `:in KEY` directive.
var groupKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

var groupKeys = []string{"jid", "name", "language", "timezone", "private"}

// parseGroups keeps the file's order because the console starts in the
// first group. Repeats are caught here: the mapping is read as a node tree,
// so the YAML library never gets to reject them in its own words.
func (c *Config) parseGroups(n *yaml.Node) error {
	ps, err := pairs(n, "groups")
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(ps))
	owners := make(map[string]string, len(ps)) // jid -> group key
	for _, p := range ps {
		path := child("groups", p.key)
		if seen[p.key] {
			return errorf(path, "duplicate group key")
		}
		seen[p.key] = true
		if !groupKeyPattern.MatchString(p.key) {
			return errorf(path, "group key %q must be lowercase letters, digits, - or _, starting with a letter or digit", p.key)
		}
		g, err := c.parseGroup(p.key, p.value, path)
		if err != nil {
			return err
		}
		if other, dup := owners[g.JID]; dup {
			return errorf(path+".jid", "%q is already the jid of group %q", g.JID, other)
		}
		owners[g.JID] = g.Key
		c.Groups = append(c.Groups, g)
	}
	return nil
}

func (c *Config) parseGroup(key string, n *yaml.Node, path string) (Group, error) {
	f, err := fields(n, path, groupKeys...)
	if err != nil {
		return Group{}, err
	}
	g := Group{Key: key}
	if g.JID, err = text(f["jid"], path+".jid"); err != nil {
		return Group{}, err
	}
	switch {
	case g.JID == "":
		return Group{}, errorf(path+".jid", "required: the group's WhatsApp id, e.g. 120363000000000001@g.us")
	case !isGroupJID(g.JID):
		return Group{}, errorf(path+".jid", "%q is not a group jid (it ends in @g.us, e.g. 120363000000000001@g.us)", g.JID)
	}
	if g.Name, err = textOr(f["name"], path+".name", key); err != nil {
		return Group{}, err
	}
	if g.Language, err = language(f["language"], path+".language", c.DefaultLanguage); err != nil {
		return Group{}, err
	}
	if g.Timezone, g.Location, err = zone(f["timezone"], path+".timezone", c.Timezone, c.Location); err != nil {
		return Group{}, err
	}
	g.Private, err = boolean(f["private"], path+".private")
	return g, err
}

// isGroupJID checks the shape only; whether the group exists is WhatsApp's
// business, and the console uses made-up ids.
func isGroupJID(jid string) bool {
	user, ok := strings.CutSuffix(jid, "@g.us")
	return ok && user != "" && !strings.ContainsFunc(user, func(r rune) bool {
		return r == '@' || unicode.IsSpace(r) || !unicode.IsPrint(r)
	})
}
