package whatsapp

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// waLogger brings whatsmeow's logs into slog. Its info lines go out at
// debug: they name people by number, and those never appear at info.
type waLogger struct{ log *slog.Logger }

var _ waLog.Logger = waLogger{}

func (l waLogger) Errorf(msg string, args ...any) { l.at(slog.LevelError, msg, args) }
func (l waLogger) Warnf(msg string, args ...any)  { l.at(slog.LevelWarn, msg, args) }
func (l waLogger) Infof(msg string, args ...any)  { l.at(slog.LevelDebug, msg, args) }
func (l waLogger) Debugf(msg string, args ...any) { l.at(slog.LevelDebug-4, msg, args) }
func (l waLogger) Sub(module string) waLog.Logger {
	return waLogger{l.log.With("module", module)}
}

func (l waLogger) at(level slog.Level, msg string, args []any) {
	ctx := context.Background()
	if l.log.Enabled(ctx, level) {
		l.log.Log(ctx, level, redact(fmt.Sprintf(msg, args...)), "component", "whatsmeow")
	}
}

// numberRE matches how whatsmeow writes a person's number: a phone JID
// (with its device part) or a + number.
var numberRE = regexp.MustCompile(`\+?\d{6,}(?:[.:]\d+)*@s\.whatsapp\.net|\+\d{6,}`)

// redact hides phone numbers in whatsmeow's lines.
func redact(s string) string { return numberRE.ReplaceAllString(s, "[number]") }
