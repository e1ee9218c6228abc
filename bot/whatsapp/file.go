package whatsapp

import (
	"context"
	"fmt"
	"os"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"labbot/bot/outbox"
	"labbot/internal/filetype"
)

// SendFile uploads a stored file, streamed from disk (whatsmeow encrypts
// it into a temporary file, not memory), and sends it as the kind it came
// as: a voice note as a voice note (PTT) (issue 17).
func (t *Transport) SendFile(ctx context.Context, to outbox.Envelope, f outbox.File) error {
	jid, err := chatJID(to.Chat)
	if err != nil {
		return outbox.Permanent(err) // before an upload for nobody
	}
	if err := t.postable(jid); err != nil {
		return err
	}
	in, err := os.Open(f.Path)
	if err != nil {
		return outbox.Permanent(fmt.Errorf("file to send: %w", err))
	}
	defer in.Close()
	tmp, err := os.CreateTemp("", "labbot-upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	up, err := t.client.UploadReader(ctx, in, tmp, mediaType(f.Kind))
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Kind, err)
	}
	msg := buildFile(f, up, contextInfo(to, t.timers.get(to.Chat)))
	_, err = t.client.SendMessage(ctx, jid, msg, whatsmeow.SendRequestExtra{ID: types.MessageID(to.ID)})
	if err := t.groupRefused(jid, err); err != nil {
		return err
	}
	return sendError(err)
}

func mediaType(kind string) whatsmeow.MediaType {
	switch kind {
	case filetype.Image:
		return whatsmeow.MediaImage
	case filetype.Audio, filetype.Voice:
		return whatsmeow.MediaAudio
	}
	return whatsmeow.MediaDocument
}

// buildFile is the message for an uploaded file, as WhatsApp's apps send
// its kind.
func buildFile(f outbox.File, up whatsmeow.UploadResponse, info *waE2E.ContextInfo) *waE2E.Message {
	switch f.Kind {
	case filetype.Image:
		return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
			Mimetype: proto.String(f.MIME), Caption: proto.String(f.Caption), ContextInfo: info}}
	case filetype.Audio, filetype.Voice:
		return &waE2E.Message{AudioMessage: &waE2E.AudioMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
			Mimetype: proto.String(f.MIME), PTT: proto.Bool(f.Kind == filetype.Voice), ContextInfo: info}}
	}
	name := f.Name
	if name == "" {
		name = "file"
	}
	return buildDocument(outgoing{Text: f.Caption, Doc: &outbox.Document{Name: name, MIME: f.MIME}, Upload: up}, info)
}
