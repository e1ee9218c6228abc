package bot

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// Inbox hands incoming messages to the bot, in order within each chat
// (with the changes to the chat WhatsApp reports among them) and in
// parallel across chats: a long search in one group does not hold up a
// tip in another. At most workers chats are served at once, and Add waits
// while backlog messages are queued, so a burst cannot grow memory without
// bound.
type Inbox struct {
	bot     *Bot
	workers chan struct{}
	backlog chan struct{}
	observe func(Message, time.Duration)

	mu    sync.Mutex
	chats map[string][]job // queued, per chat; a chat is here while a worker serves it
	wg    sync.WaitGroup
}

// job is a message to handle, or a change to the chat (a member left)
// that must not overtake the messages queued before it.
type job struct {
	msg  *Message
	fn   func(context.Context)
	done chan bool // when set, hears whether the message was handled to its end
}

// NewInbox makes an inbox for b serving up to workers chats at once (0:
// one per CPU; SQLite takes one writer at a time, and more buys nothing);
// observe, when set, hears how long each message took to handle.
func (b *Bot) NewInbox(workers, backlog int, observe func(Message, time.Duration)) *Inbox {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	return &Inbox{bot: b, workers: make(chan struct{}, workers), backlog: make(chan struct{}, max(backlog, 1)),
		observe: observe, chats: map[string][]job{}}
}

// Add queues m behind the messages of its chat, waiting while the backlog
// is full or until ctx ends (then m is not queued and Add reports false).
// A message queued is handled even if ctx ends later: WhatsApp was told it
// arrived.
func (in *Inbox) Add(ctx context.Context, m Message) bool {
	return in.push(ctx, m.Chat, job{msg: &m})
}

// AddHandled queues m like Add, then waits until it is handled (what it
// saved and its replies committed) or ctx ends, and reports whether it
// was: not when ctx ended first, nor when handling it failed (a store
// error), which WhatsApp's next delivery may not meet. WhatsApp is told a message arrived only once it is handled: a crash
// before that loses nothing, for WhatsApp delivers it again (whatsmeow
// keeps its decrypted text until then). A message still queued when ctx
// ends is handled all the same; its redelivery is then recognised.
func (in *Inbox) AddHandled(ctx context.Context, m Message) bool {
	done := make(chan bool, 1)
	if !in.push(ctx, m.Chat, job{msg: &m, done: done}) {
		return false
	}
	select {
	case ok := <-done:
		return ok
	case <-ctx.Done():
		return false
	}
}

// Do runs fn in chat's turn, after the messages queued there before it.
func (in *Inbox) Do(ctx context.Context, chat string, fn func(context.Context)) bool {
	return in.push(ctx, chat, job{fn: fn})
}

func (in *Inbox) push(ctx context.Context, chat string, j job) bool {
	select {
	case in.backlog <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	in.mu.Lock()
	queue, served := in.chats[chat]
	in.chats[chat] = append(queue, j)
	in.mu.Unlock()
	if !served {
		in.wg.Add(1)
		go in.serve(context.WithoutCancel(ctx), chat)
	}
	return true
}

// Wait returns once every message added has been handled.
func (in *Inbox) Wait() { in.wg.Wait() }

// serve handles one chat's jobs, oldest first, until its queue is empty.
// It gives up its worker slot after each one, so that busy chats take
// turns with quiet ones instead of holding the slots until they are done.
func (in *Inbox) serve(ctx context.Context, chat string) {
	defer in.wg.Done()
	for {
		in.mu.Lock()
		queue := in.chats[chat]
		if len(queue) == 0 {
			delete(in.chats, chat)
			in.mu.Unlock()
			return
		}
		j := queue[0]
		in.chats[chat] = queue[1:]
		in.mu.Unlock()
		in.workers <- struct{}{}
		in.handle(ctx, j)
		<-in.workers
		<-in.backlog
	}
}

// handle does one job: a message for the core, or a group change.
func (in *Inbox) handle(ctx context.Context, j job) {
	if j.fn != nil {
		j.fn(ctx)
		return
	}
	start := time.Now()
	ok := in.bot.handleOK(ctx, *j.msg)
	if j.done != nil {
		j.done <- ok
	}
	if in.observe != nil {
		in.observe(*j.msg, time.Since(start))
	}
}
