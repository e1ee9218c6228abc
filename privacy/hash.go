package privacy

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// NumberHash is the keyed hash a user ID or a number's digits are kept as,
// where labbot must recognise a number it may not keep: a stranger's, or
// a forgotten member's. An unkeyed hash of a phone number is undone by
// trying them all; the key never leaves the database.
func NumberHash(key []byte, s string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(s))
	return hex.EncodeToString(mac.Sum(nil))
}
