package store

import "labbot/privacy"

// numberHash and phoneForms are privacy's: a number the store may not keep
// (a stranger's, a forgotten member's) is kept as the keyed hashes of the
// forms an export, reading them back, looks for.
func numberHash(key []byte, s string) string { return privacy.NumberHash(key, s) }

func phoneForms(id string) []string { return privacy.PhoneForms(id) }
