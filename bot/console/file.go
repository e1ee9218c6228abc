package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"labbot/bot"
	"labbot/bot/outbox"
	"labbot/internal/filestore"
	"labbot/internal/filetype"
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

// sendFile is :file PATH [CAPTION]: the current member sends the file at
// PATH, of the kind its extension says, with CAPTION. A file with no
// caption reaches no one, as on WhatsApp, but a :reply may quote it by
// the ID it took.
func (c *Console) sendFile(ctx context.Context, rest string) error {
	path, caption, _ := strings.Cut(rest, " ")
	if path == "" {
		return c.note("usage: :file PATH [CAPTION] (a file to send, e.g. cmd/labbot/testdata/files/budget-guide.pdf)")
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return c.note(":file " + path + ": there is no such file (a path from where labbot runs)")
	case !st.Mode().IsRegular():
		return c.note(":file " + path + ": not a file one could send")
	}
	in := consoleFile(path, st.Size())
	caption = strings.TrimSpace(caption)
	if caption == "" {
		id, err := c.inIDs.next(ctx)
		c.files[id], c.fileFrom[id] = in, c.phone
		return err
	}
	id, err := c.deliver(ctx, caption, "", in)
	c.files[id], c.fileFrom[id] = in, c.phone
	return err
}

// consoleFile describes the file at path as WhatsApp would: a document
// or audio file keeps its name; a photo or a voice note (.ogg, .opus, as
// phones record them) has none.
func consoleFile(path string, size int64) *bot.InFile {
	name := filepath.Base(path)
	t, ok := filetype.ByExt(filepath.Ext(name))
	mime := t.MIME
	if !ok {
		mime = "application/octet-stream"
	}
	kind := filetype.KindOf(name)
	switch {
	case t.Ext == "ogg" || t.Ext == "opus":
		kind, name = filetype.Voice, ""
	case kind == filetype.Image:
		name = ""
	}
	fetch := func(_ context.Context, f filestore.Sink) error {
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(f, src)
		return err
	}
	return &bot.InFile{Kind: kind, MIME: mime, Name: name, Size: size, Fetch: fetch}
}
