package privacy

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// idRE finds a person's number or WhatsApp ID as programs write them: a
// person's ID (see personIDPattern) or a "+" number. A group's chat ID
// names no one, and stays.
var idRE = regexp.MustCompile(personIDPattern + `|\+\d{6,}`)

// HideNumbers replaces every number and WhatsApp ID idRE finds with
// "[number]". Unlike Redactor it needs no list of whom to hide: a log
// line writes them whole, the way whatsmeow and labbot keep them.
func HideNumbers(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	return idRE.ReplaceAllString(s, "[number]")
}

// logHandler hides numbers in every record before next sees it, so that
// no log line, of labbot or of a library, shows who wrote to labbot.
type logHandler struct{ next slog.Handler }

var _ slog.Handler = logHandler{}

// NewLogHandler wraps next: the message and every attribute that is text
// (strings, errors, Stringers; in groups too) go through HideNumbers.
func NewLogHandler(next slog.Handler) slog.Handler { return logHandler{next} }

func (h logHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, HideNumbers(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(hideAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h logHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return logHandler{h.next.WithAttrs(hideAttrs(as))}
}

func (h logHandler) WithGroup(name string) slog.Handler { return logHandler{h.next.WithGroup(name)} }

func hideAttrs(as []slog.Attr) []slog.Attr {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = hideAttr(a)
	}
	return out
}

// hideAttr hides numbers in a's text. An error or a Stringer becomes the
// text it prints as, which is what both of slog's handlers write for an
// error: a failed send's error names the chat it was for.
func hideAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, HideNumbers(v.String()))
	case slog.KindGroup:
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(hideAttrs(v.Group())...)}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, HideNumbers(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, HideNumbers(x.String()))
		case nil:
		default:
			// A slice, a map or a struct is written as its text, which
			// may hold a number like any string.
			return slog.String(a.Key, HideNumbers(fmt.Sprint(x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
