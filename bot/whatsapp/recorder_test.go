package whatsapp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"labbot/bot"
)

// recorder stands in for the core and its inbox: it notes what the
// session asks of them, and runs each change in a chat's turn at once.
type recorder struct {
	mu       sync.Mutex
	calls    []string // the core's methods called, with their arguments
	turns    []string // the chats changes were made in the turn of
	messages []bot.Message
	lidOnly  []string // the members known by LID only
	staff    []string
}

var (
	_ core  = (*recorder)(nil)
	_ inbox = (*recorder)(nil)
)

func (r *recorder) note(method string, args ...string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, strings.Join(append([]string{method}, args...), " "))
	return nil
}

func (r *recorder) AddHandled(_ context.Context, m bot.Message) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, m)
	return true
}

func (r *recorder) Do(ctx context.Context, chat string, fn func(context.Context)) bool {
	r.mu.Lock()
	r.turns = append(r.turns, chat)
	r.mu.Unlock()
	fn(ctx)
	return true
}

func (r *recorder) Wait() {}

func (r *recorder) GroupsSynced(_ context.Context, groups []bot.GroupInfo) error {
	return r.note("GroupsSynced", fmt.Sprint(len(groups)))
}

func (r *recorder) GroupJoined(_ context.Context, g bot.GroupInfo) error {
	return r.note("GroupJoined", append([]string{g.ID, g.Name}, g.Participants...)...)
}

func (r *recorder) GroupLeft(_ context.Context, jid string) error { return r.note("GroupLeft", jid) }

func (r *recorder) GroupRenamed(_ context.Context, jid, name string) error {
	return r.note("GroupRenamed", jid, name)
}

func (r *recorder) MembersJoined(_ context.Context, jid string, users []string) error {
	return r.note("MembersJoined", append([]string{jid}, users...)...)
}

func (r *recorder) MembersLeft(_ context.Context, jid string, users []string) error {
	return r.note("MembersLeft", append([]string{jid}, users...)...)
}

func (r *recorder) SameMember(_ context.Context, a, b string) error {
	return r.note("SameMember", a, b)
}

func (r *recorder) LIDOnlyMembers(context.Context) ([]string, error) { return r.lidOnly, nil }

func (r *recorder) StaffUsers() []string { return r.staff }

func (r *recorder) GroupPostable(_ context.Context, jid string, state bot.GroupState) error {
	return r.note("GroupPostable", jid, string(state))
}

func (r *recorder) PhoneSeen(_ context.Context, at time.Time) error {
	return r.note("PhoneSeen", at.UTC().Format(time.RFC3339))
}

func (r *recorder) WatchPhone(_ context.Context, now time.Time) error {
	return r.note("WatchPhone", now.UTC().Format(time.RFC3339))
}
