package whatsapp

import (
	"context"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"labbot/internal/filestore"

	"labbot/bot"
	"labbot/internal/filetype"
)

// downloader fetches a media message's file from WhatsApp, decrypted
// straight into a file: whatsmeow's DownloadToFile (issue 17).
type downloader interface {
	DownloadToFile(ctx context.Context, msg whatsmeow.DownloadableMessage, file whatsmeow.File) error
}

// fileOf is the file evt carries, or else the one it quote-replies (the
// quote holds the quoted message's media keys, so labbot keeps no copy of
// media it was not asked to keep); nil for none. Nothing is downloaded
// until the core asks: most files in a group are no command's.
func fileOf(evt *events.Message, dl downloader) *bot.InFile {
	msg, _, _ := unwrapEdit(evt)
	if f := mediaOf(msg, dl); f != nil {
		return f
	}
	ci := contextOf(msg)
	f := mediaOf(ci.GetQuotedMessage(), dl)
	if f != nil {
		f.FromOther = !sentBy(ci.GetParticipant(), evt.Info.MessageSource)
	}
	return f
}

// sentBy reports whether participant (a quoted message's sender, as
// WhatsApp writes it) is who sent src, in either of her forms (phone
// number or LID). Unsure is "no": another's voice note is not kept.
func sentBy(participant string, src types.MessageSource) bool {
	p, err := types.ParseJID(participant)
	if err != nil || participant == "" {
		return false
	}
	for _, j := range []types.JID{src.Sender, src.SenderAlt} {
		if !j.IsEmpty() && j.User == p.User {
			return true
		}
	}
	return false
}

// mediaOf describes msg's document, image or audio; nil for anything else
// (a video or sticker is no file labbot keeps).
func mediaOf(msg *waE2E.Message, dl downloader) *bot.InFile {
	if inner := msg.GetDocumentWithCaptionMessage().GetMessage(); inner != nil {
		msg = inner // as WhatsApp's apps send a captioned document
	}
	var f bot.InFile
	var media whatsmeow.DownloadableMessage
	switch {
	case msg.GetDocumentMessage() != nil:
		d := msg.GetDocumentMessage()
		f = bot.InFile{Kind: filetype.Document, MIME: d.GetMimetype(), Name: d.GetFileName(), Size: int64(d.GetFileLength())}
		media = d
	case msg.GetImageMessage() != nil:
		i := msg.GetImageMessage()
		f = bot.InFile{Kind: filetype.Image, MIME: i.GetMimetype(), Size: int64(i.GetFileLength())}
		media = i
	case msg.GetAudioMessage() != nil:
		a := msg.GetAudioMessage()
		f = bot.InFile{Kind: filetype.Audio, MIME: a.GetMimetype(), Size: int64(a.GetFileLength())}
		if a.GetPTT() {
			f.Kind = filetype.Voice
		}
		media = a
	default:
		return nil
	}
	f.Fetch = func(ctx context.Context, out filestore.Sink) error { return dl.DownloadToFile(ctx, media, out) }
	return &f
}
