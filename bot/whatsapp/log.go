package whatsapp

import (
	"context"
	"fmt"
	"log/slog"

	waLog "go.mau.fi/whatsmeow/util/log"

	"labbot/privacy"
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

// redact hides phone numbers in whatsmeow's lines here, not only in the
// handler main wraps every logger in: whatsmeow names people in nearly
// every line, and a logger handed in unwrapped must not let them out.
func redact(s string) string { return privacy.HideNumbers(s) }
