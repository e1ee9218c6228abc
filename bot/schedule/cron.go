package schedule

import (
	"log/slog"

	"github.com/robfig/cron/v3"
)

// Start calls job on the cron spec (in UTC) until the returned stop is
// called; stop waits for a job in flight. A job still running when the
// next is due is skipped, not stacked. labbot's job asks the bot what
// fell due, so cron here only decides when to ask.
func Start(spec string, logger *slog.Logger, job func()) (stop func(), err error) {
	l := cronLogger{logger}
	// Recover goes inside: cron v3.0.1's SkipIfStillRunning keeps its
	// token when the job panics, and would skip every run after.
	c := cron.New(cron.WithLogger(l), cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)))
	if _, err := c.AddFunc(spec, job); err != nil {
		return nil, err
	}
	c.Start()
	return func() { <-c.Stop().Done() }, nil
}

// cronLogger brings cron's logging into slog. Cron reports every wake-up
// at info level; that is debug detail here.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, keysAndValues ...any) { l.log.Debug(msg, keysAndValues...) }

func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error(msg, append(keysAndValues, slog.Any("error", err))...)
}
