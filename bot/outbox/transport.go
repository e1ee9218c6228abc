package outbox

import (
	"context"
	"time"
)

// Transport is what the sender needs of WhatsApp, or of the console that
// stands in for it. A send error may ask for more than a retry: see
// Permanent and Pause.
type Transport interface {
	SendText(ctx context.Context, to Envelope, text string) error
	SendDocument(ctx context.Context, to Envelope, doc Document) error
	// SendReaction reacts with emoji to the message to.QuoteID, sent by
	// to.QuoteSender in to.Chat: a confirmation that needs no words.
	SendReaction(ctx context.Context, to Envelope, emoji string) error
	// SendFile uploads a file a member shared, read from disk now, and
	// sends it as the kind it came as (issue 17).
	SendFile(ctx context.Context, to Envelope, f File) error
	// SendPoll posts a native poll (issue 17): the same options and
	// secret on every retry, so votes read the same.
	SendPoll(ctx context.Context, to Envelope, poll Poll) error
}

// Clock tells the time; the console and tests move theirs by hand.
type Clock interface {
	Now() time.Time
}

// Envelope addresses one outgoing message.
type Envelope struct {
	Chat        string
	ID          string    // fixed when queued, reused on every retry
	QuoteID     string    // the message this one answers, if any
	QuoteSender string    // its sender's user ID
	QuoteAddr   string    // its sender's address as the message arrived, when the transport gave one
	QuoteText   string    // its text, which WhatsApp shows in the quote
	Queued      time.Time // when the row was queued: the same on every retry
}

// Document is a file sent as a WhatsApp document (an .ics, an export).
type Document struct {
	Name    string
	MIME    string
	Caption string
	Data    []byte
}

// File is a stored file sent again: read from Path as it leaves, never
// kept in the outbox row (issue 17).
type File struct {
	Name    string // "" for most images and voice notes
	MIME    string
	Kind    string // document, image, audio or voice (see internal/filetype)
	Caption string // its title and credit; none for audio (WhatsApp shows none)
	Path    string
}
