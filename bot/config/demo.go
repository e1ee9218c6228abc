package config

// demoYAML is what `labbot console` runs without --config: one group per
// language so a newcomer sees all three, and one staff member to `:as`.
const demoYAML = `
data_dir: ./data
default_language: en
timezone: UTC
prefixes: ["!", "/"]
staff:
  - phone: "+15550000001"
    name: Ana
    timezone: America/Bogota
groups:
  nairobi:
    jid: "120363000000000001@g.us"
    name: Nairobi partners
    language: en
    timezone: Africa/Nairobi
  bogota:
    jid: "120363000000000002@g.us"
    name: Bogotá aliadas
    language: es
    timezone: America/Bogota
  dakar:
    jid: "120363000000000003@g.us"
    name: Partenaires de Dakar
    language: fr
    timezone: Africa/Dakar
log:
  level: warn
`

// Demo returns the built-in demo configuration. It goes through Parse like
// any file, so it cannot drift from the rules; a failure is a bug in this
// package, caught by its tests, hence the panic.
func Demo() *Config {
	c, err := Parse([]byte(demoYAML))
	if err != nil {
		panic("config: built-in demo config: " + err.Error())
	}
	return c
}
