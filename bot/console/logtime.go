package console

import (
	"context"
	"log/slog"

	"labbot/bot"
)

// simulatedTime stamps each log line with the simulated time, which is
// when, in the console, it happened (issue 18: lines carried the wall
// clock, far from the transcript's time).
type simulatedTime struct {
	slog.Handler
	clock *bot.ManualClock
}

func (h simulatedTime) Handle(ctx context.Context, r slog.Record) error {
	r.Time = h.clock.Now()
	return h.Handler.Handle(ctx, r)
}

func (h simulatedTime) WithAttrs(attrs []slog.Attr) slog.Handler {
	return simulatedTime{h.Handler.WithAttrs(attrs), h.clock}
}

func (h simulatedTime) WithGroup(name string) slog.Handler {
	return simulatedTime{h.Handler.WithGroup(name), h.clock}
}
