package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Error is a configuration problem. Key is the dotted path of the offending
// key ("groups.nairobi.timezone", "staff[0].phone", "digest.schedule"), or
// "yaml" when the file is not valid YAML at all, or "" when it cannot be
// read (Load).
type Error struct {
	Key string
	Msg string
	err error // why the file could not be read, for errors.Is
}

// Unwrap is why the file could not be read, or nil.
func (e *Error) Unwrap() error { return e.err }

// Error is a single line, because it is what stops the start. With no
// Key it is about the file itself (it does not exist): Msg names it.
func (e *Error) Error() string {
	if e.Key == "" {
		return e.Msg
	}
	return "config: " + e.Key + ": " + e.Msg
}

// errorf builds an *Error whose message is folded onto one line: parser
// messages and user values can carry newlines.
func errorf(key, format string, args ...any) *Error {
	return &Error{Key: key, Msg: oneLine(fmt.Sprintf(format, args...))}
}

func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	return strings.Join(lines, "; ")
}

// child names key under parent. A key YAML allows but a terminal would
// mangle (empty, or with control characters) is quoted to keep one line.
func child(parent, key string) string {
	if key == "" || strings.ContainsFunc(key, func(r rune) bool { return !unicode.IsPrint(r) }) {
		key = strconv.Quote(key)
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func index(parent string, i int) string {
	return fmt.Sprintf("%s[%d]", parent, i)
}

// orYAML names the whole file when a problem has no key of its own.
func orYAML(path string) string {
	if path == "" {
		return "yaml"
	}
	return path
}
