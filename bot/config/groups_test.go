package config

import (
	"slices"
	"testing"
)

func TestParseRejectsGroups(t *testing.T) {
	const ok = "    jid: \"120363000000000001@g.us\"\n"
	checkBad(t, []badCase{
		{"unknown key in group", "groups:\n  a:\n" + ok + "    lang: en\n", "groups.a.lang", "unknown key"},
		{"duplicate group key", "groups:\n  a:\n" + ok + "  a:\n    jid: \"2@g.us\"\n", "groups.a", "duplicate group key"},
		{"uppercase key", "groups:\n  Nairobi:\n" + ok, "groups.Nairobi", "lowercase"},
		{"key with space", "groups:\n  nairobi team:\n" + ok, "groups.nairobi team", "lowercase"},
		{"key starting with dash", "groups:\n  -a:\n" + ok, "groups.-a", "lowercase"},
		{"missing jid", "groups:\n  a:\n    name: A\n", "groups.a.jid", "required"},
		{"no value at all", "groups:\n  a:\n", "groups.a.jid", "required"},
		{"jid not a group", "groups:\n  a:\n    jid: \"15550000001@s.whatsapp.net\"\n", "groups.a.jid", "not a group jid"},
		{"jid only suffix", "groups:\n  a:\n    jid: \"@g.us\"\n", "groups.a.jid", "not a group jid"},
		{"duplicate jid", "groups:\n  a:\n" + ok + "  b:\n" + ok, "groups.b.jid", `already the jid of group "a"`},
		{"bad language", "groups:\n  a:\n" + ok + "    language: de\n", "groups.a.language", `"de" is not a supported language`},
		{"bad zone", "groups:\n  a:\n" + ok + "    timezone: Mars/Base\n", "groups.a.timezone", `unknown time zone "Mars/Base"`},
		{"group as list", "groups:\n  a: [x]\n", "groups.a", "must be a mapping"},
	})
}

func TestGroupsKeepFileOrderAndDefaults(t *testing.T) {
	c, err := Parse([]byte(`
default_language: fr
timezone: Africa/Dakar
groups:
  zeta:
    jid: "3@g.us"
  alpha:
    jid: "1@g.us"
    name: ""
    language: es
    timezone: America/Bogota
    private: true
  mid:
    jid: "2@g.us"
`))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range c.Groups {
		keys = append(keys, g.Key)
	}
	if want := []string{"zeta", "alpha", "mid"}; !slices.Equal(keys, want) {
		t.Fatalf("group order = %v, want %v", keys, want)
	}
	tests := []struct {
		key, name, lang, zone string
		private               bool
	}{
		{"zeta", "zeta", "fr", "Africa/Dakar", false},
		{"alpha", "alpha", "es", "America/Bogota", true},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			g, ok := c.GroupByKey(tt.key)
			if !ok {
				t.Fatalf("GroupByKey(%q) not found", tt.key)
			}
			if g.Name != tt.name || g.Language != tt.lang || g.Timezone != tt.zone || g.Private != tt.private {
				t.Errorf("group = %+v, want name %q, language %q, zone %q, private %v", g, tt.name, tt.lang, tt.zone, tt.private)
			}
			if g.Location == nil || g.Location.String() != tt.zone {
				t.Errorf("Location = %v, want %s", g.Location, tt.zone)
			}
		})
	}
	if _, ok := c.GroupByKey("nope"); ok {
		t.Error("GroupByKey(nope) found a group")
	}
}
