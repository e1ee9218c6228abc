package console

import (
	"context"
	"fmt"
	"os"

	"labbot/bot/outbox"
)

// SendFile prints a file as DESIGN.md's console protocol says: "📎 NAME
// (MIME, N bytes)", then its caption. A voice note or image without a
// name prints its kind instead.
func (t *transport) SendFile(ctx context.Context, to outbox.Envelope, f outbox.File) error {
	st, err := os.Stat(f.Path)
	if err != nil {
		return outbox.Permanent(fmt.Errorf("file to send: %w", err))
	}
	name := f.Name
	if name == "" {
		name = "(" + f.Kind + ")"
	}
	text := fmt.Sprintf("📎 %s (%s, %d bytes)", name, f.MIME, st.Size())
	if f.Caption != "" {
		text += "\n" + f.Caption
	}
	return t.SendText(ctx, to, text)
}
