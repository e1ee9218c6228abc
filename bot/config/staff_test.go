package config

import "testing"

func TestParseRejectsStaff(t *testing.T) {
	checkBad(t, []badCase{
		{"unknown key", "staff:\n  - phone: \"+15550000001\"\n    role: admin\n", "staff[0].role", "unknown key"},
		{"missing phone", "staff:\n  - name: Ana\n", "staff[0].phone", "required"},
		{"no plus", "staff:\n  - phone: \"15550000001\"\n", "staff[0].phone", `"15550000001" is not in +international form (e.g. +15550000001)`},
		{"spaces", "staff:\n  - phone: \"+1 555 000\"\n", "staff[0].phone", "+international"},
		{"leading zero", "staff:\n  - phone: \"+0123456789\"\n", "staff[0].phone", "+international"},
		{"too short", "staff:\n  - phone: \"+12345\"\n", "staff[0].phone", "+international"},
		{"too long", "staff:\n  - phone: \"+1234567890123456\"\n", "staff[0].phone", "+international"},
		{"dashes", "staff:\n  - phone: \"+1-555-000-0001\"\n", "staff[0].phone", "+international"},
		{"duplicate phone", "staff:\n  - phone: \"+15550000001\"\n  - phone: \"+15550000002\"\n  - phone: \"+15550000001\"\n", "staff[2].phone", "listed twice (also staff[0])"},
		{"bad zone", "staff:\n  - phone: \"+15550000001\"\n    timezone: Mars/Base\n", "staff[0].timezone", `unknown time zone "Mars/Base"`},
		{"entry as string", "staff:\n  - \"+15550000001\"\n", "staff[0]", "must be a mapping"},
	})
}

func TestStaffDefaultsAndLookup(t *testing.T) {
	c, err := Parse([]byte(`
timezone: Africa/Nairobi
staff:
  - phone: +15550000001
  - phone: "+15550000002"
    name: Ana
    timezone: America/Bogota
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		phone, name, zone string
		found, own        bool
	}{
		{"+15550000001", "Staff", "Africa/Nairobi", true, false},
		{"+15550000002", "Ana", "America/Bogota", true, true},
		{"15550000002", "Ana", "America/Bogota", true, true}, // as WhatsApp JIDs carry it
		{"+15550000003", "", "", false, false},
		{"", "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.phone, func(t *testing.T) {
			s, ok := c.StaffByPhone(tt.phone)
			if ok != tt.found {
				t.Fatalf("StaffByPhone(%q) found = %v, want %v", tt.phone, ok, tt.found)
			}
			if !ok {
				return
			}
			if s.Name != tt.name || s.Timezone != tt.zone || s.Location == nil || s.Location.String() != tt.zone || s.OwnZone != tt.own {
				t.Errorf("staff = %+v, want name %q in %s", s, tt.name, tt.zone)
			}
		})
	}
}
