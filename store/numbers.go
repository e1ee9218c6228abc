package store

import "labbot/privacy"

// A number the store may not keep (a stranger's, a forgotten member's) is
// kept as privacy's keyed hashes of it, in the forms privacy looks for:
// an export, which reads them back, must find the same ones.

func numberHash(key []byte, s string) string { return privacy.NumberHash(key, s) }

func phoneForms(id string) []string { return privacy.PhoneForms(id) }
