//go:build !sqlite_fts5

package sqlitext

// Built without the tag, labbot would build and start, then fail on its
// first search: stop the build instead, with the fix as the compiler's
// message (a string where a bool belongs is the readable way to fail).
const _ bool = "labbot needs SQLite's FTS5: add -tags sqlite_fts5 (go run -tags sqlite_fts5 ./cmd/labbot console)"
