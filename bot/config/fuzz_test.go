package config

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzParse holds Parse to its contract on any input: no panic, and either
// a usable config or a one-line *Error.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		string(example),
		demoYAML,
		"",
		"groups:\n  a:\n    jid: \"1@g.us\"\n  a:\n    jid: \"2@g.us\"\n",
		"log:\n  level: [info\n",
		"a: &x [*x]\n",
		"staff: &s\n  - phone: \"+15550000001\"\ngroups: *s\n",
		"reminders: {before: [1d, -1h, soon]}\n",
		"digest: {schedule: \"TZ=UTC 0 9 * * MON\"}\n",
		"timezone: Local\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err == nil {
			if c == nil || c.Location == nil || len(c.Prefixes) == 0 {
				t.Fatalf("Parse returned an incomplete config %+v", c)
			}
			return
		}
		var ce *Error
		if !errors.As(err, &ce) {
			t.Fatalf("Parse error %T %v is not an *Error", err, err)
		}
		if strings.ContainsAny(err.Error(), "\r\n") {
			t.Fatalf("Error() spans lines: %q", err.Error())
		}
	})
}
