package bot

import (
	"context"
	"errors"
	"path"
	"slices"
	"strings"
	"time"

	"labbot/internal/filestore"
	"labbot/internal/filetype"
	"labbot/store"
)

// fetchTimeout bounds the download of a file a member shares.
const fetchTimeout = 2 * time.Minute

// keepFile fetches and stores the file r's message carries or quotes,
// for the item r's command saves (issue 17). ok is false when there is
// none, or when she was told why it cannot be kept: too big, a type not
// allowed, or gone from WhatsApp (media links expire).
func (b *Bot) keepFile(ctx context.Context, r *request) (f *store.File, ok bool, err error) {
	in := r.Msg.File
	if in == nil {
		return nil, false, nil
	}
	max := b.cfg.Files.MaxBytes
	t, known := filetype.Of(in.Name, in.MIME)
	switch {
	case !known || !slices.Contains(b.cfg.Files.Types, t.Ext):
		b.reply(r, b.texts.msg(r.Lang, "file.bad_type", vars{"Types": strings.Join(b.cfg.Files.Types, ", ")}))
		return nil, false, nil
	case in.Size > max:
		b.tooBig(r)
		return nil, false, nil
	case in.FromOther && in.Kind == filetype.Voice:
		// A voice note is her voice: kept only from her, so that her
		// !forget can take it (review of issue 17).
		b.reply(r, b.texts.msg(r.Lang, "file.not_hers", nil))
		return nil, false, nil
	}
	// A download that stalls would hold her chat's turn: it has two minutes.
	fetchCtx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	blob, err := b.store.Files().PutFrom(max, func(f filestore.Sink) error { return in.Fetch(fetchCtx, f) })
	switch {
	case errors.Is(err, filestore.ErrTooBig):
		b.tooBig(r)
		return nil, false, nil
	case err != nil:
		b.log.Warn("cannot fetch a shared file", "kind", in.Kind, "error", err)
		b.reply(r, b.texts.msg(r.Lang, "file.expired", nil))
		return nil, false, nil
	}
	if blob.Size == 0 {
		b.dropFile(ctx, &store.File{Hash: blob.Hash})
		b.reply(r, b.texts.msg(r.Lang, "file.empty", nil))
		return nil, false, nil
	}
	// What it is sent as is the allowed type's, not what the sender
	// declared (a .pdf declared as a program stays a PDF); its name goes
	// through the numbers filter, as any text a member shares does.
	// A name is only a name: no folder of hers travels with it.
	name, mime := b.numbers.Outgoing(path.Base(strings.ReplaceAll(in.Name, "\\", "/"))), t.MIME
	if name == "." || name == "/" {
		name = ""
	}
	if base, _, _ := strings.Cut(in.MIME, ";"); strings.TrimSpace(base) == t.MIME {
		mime = in.MIME // its parameters too: a voice note is "audio/ogg; codecs=opus"
	}
	return &store.File{Name: name, MIME: mime, Kind: in.Kind, Size: blob.Size, Hash: blob.Hash}, true, nil
}

func (b *Bot) tooBig(r *request) {
	b.reply(r, b.texts.msg(r.Lang, "file.too_big", vars{"Max": b.cfg.Files.MaxBytes >> 20}))
}

// dropFile deletes the file f from disk once no item names it (after
// !remove). A failure is logged: the item is gone, the file only takes room.
func (b *Bot) dropFile(ctx context.Context, f *store.File) {
	if f == nil {
		return
	}
	if err := b.store.DropFileIfUnused(ctx, f.Hash); err != nil {
		b.log.Warn("cannot delete a file no item uses", "error", err)
	}
}

// fileMark is 📎 before an item with a file, in lists and the digest.
func fileMark(it store.Item) string {
	if it.File == nil {
		return ""
	}
	return "📎 "
}

// attachFile sends it's file with !show's reply (issue 17): a document or
// an image carries the reply as its caption; audio, which WhatsApp shows
// with no caption, follows it.
func (b *Bot) attachFile(r *request, it store.Item) {
	f := it.File
	if f == nil {
		return
	}
	last := &r.out[len(r.out)-1]
	if f.Kind == filetype.Audio || f.Kind == filetype.Voice {
		r.out = append(r.out, store.Outgoing{Chat: last.Chat, QuoteID: last.QuoteID, QuoteSender: last.QuoteSender,
			QuoteText: last.QuoteText, QuoteAddr: last.QuoteAddr})
		last = &r.out[len(r.out)-1]
	}
	last.FileHash, last.FileKind, last.DocName, last.DocMIME = f.Hash, f.Kind, f.Name, f.MIME
}
