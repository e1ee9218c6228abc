package config

// IsPhone reports whether s is a phone number as labbot writes one: E.164
// with its "+" (+15550000001). Staff rights and membership hang on this
// string, so config, the console and the command line all take this one
// spelling per person, and a look-up cannot miss her.
func IsPhone(s string) bool {
	// E.164: a country code that does not start with 0, at most 15 digits;
	// fewer than 7 is no one's number.
	if len(s) < 1+7 || len(s) > 1+15 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
