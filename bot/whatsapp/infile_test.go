package whatsapp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot"
	"labbot/internal/filetype"
)

// DownloadToFile writes what was uploaded under the message's direct path,
// after whatsmeow's own check that the message is a media type it knows
// (a wrapper such as DocumentWithCaptionMessage is not).
func (f *fakeClient) DownloadToFile(_ context.Context, msg whatsmeow.DownloadableMessage, file whatsmeow.File) error {
	if whatsmeow.GetMediaType(msg) == "" {
		return fmt.Errorf("%w %T", whatsmeow.ErrUnknownMediaType, msg)
	}
	if f.downloadErr != nil {
		return f.downloadErr
	}
	data, ok := f.media[msg.GetDirectPath()]
	if !ok {
		return whatsmeow.ErrMediaDownloadFailedWith404
	}
	_, err := file.Write(data)
	return err
}

// received is a whatsmeow message event as the client hands it over: the
// raw message unwrapped (a captioned document arrives wrapped).
func received(id string, raw *waE2E.Message) *events.Message {
	evt := event(group, phone, types.EmptyJID, nil)
	evt.Info.ID, evt.RawMessage = types.MessageID(id), raw
	return evt.UnwrapRaw()
}

// uploaded is a file another phone sent, as WhatsApp hands its keys over.
func uploaded(t *testing.T, f *fakeClient, data string) whatsmeow.UploadResponse {
	t.Helper()
	up, err := f.Upload(context.Background(), []byte(data), whatsmeow.MediaDocument)
	if err != nil {
		t.Fatal(err)
	}
	return up
}

func document(up whatsmeow.UploadResponse, name, caption string) *waE2E.Message {
	doc := &waE2E.DocumentMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		Mimetype: proto.String("application/pdf"), FileName: proto.String(name), Title: proto.String(name)}
	if caption == "" {
		return &waE2E.Message{DocumentMessage: doc}
	}
	doc.Caption = proto.String(caption)
	return &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{DocumentMessage: doc}}}
}

func voiceNote(up whatsmeow.UploadResponse, ptt bool) *waE2E.Message {
	return &waE2E.Message{AudioMessage: &waE2E.AudioMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
		MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		Mimetype: proto.String("audio/ogg; codecs=opus"), PTT: proto.Bool(ptt), Seconds: proto.Uint32(12)}}
}

func photo(up whatsmeow.UploadResponse, caption string) *waE2E.Message {
	return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
		MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		Mimetype: proto.String("image/jpeg"), Caption: proto.String(caption)}}
}

// replyTo is a text quote-reply to msg, which the quote carries whole.
func replyTo(msg *waE2E.Message, text string) *waE2E.Message {
	return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(text), ContextInfo: &waE2E.ContextInfo{
		StanzaID: proto.String("FILE1"), Participant: proto.String(phone.String()), QuotedMessage: msg}}}
}

// A member's document, photo, audio and voice note, captioned or quoted,
// reach the core as a file described and fetched straight into a file.
func TestFileOf(t *testing.T) {
	f := &fakeClient{}
	pdf, jpg, ogg := uploaded(t, f, "%PDF budget"), uploaded(t, f, "JPEG flip chart"), uploaded(t, f, "OggS voice")
	tests := []struct {
		name, kind, mime, fname, data, text string
		msg                                 *waE2E.Message
	}{
		{"captioned document", filetype.Document, "application/pdf", "budget.pdf", "%PDF budget", "!resource Budget #finance",
			document(pdf, "budget.pdf", "!resource Budget #finance")},
		{"document, no caption", filetype.Document, "application/pdf", "budget.pdf", "%PDF budget", "", document(pdf, "budget.pdf", "")},
		{"photo", filetype.Image, "image/jpeg", "", "JPEG flip chart", "!tip our flip chart", photo(jpg, "!tip our flip chart")},
		{"voice note", filetype.Voice, "audio/ogg; codecs=opus", "", "OggS voice", "", voiceNote(ogg, true)},
		{"audio file", filetype.Audio, "audio/ogg; codecs=opus", "", "OggS voice", "", voiceNote(ogg, false)},
		{"quoting a voice note", filetype.Voice, "audio/ogg; codecs=opus", "", "OggS voice", "!tip listen #savings",
			replyTo(voiceNote(ogg, true), "!tip listen #savings")},
		{"quoting a captioned document", filetype.Document, "application/pdf", "budget.pdf", "%PDF budget", "!resource Budget",
			replyTo(document(pdf, "budget.pdf", "see this"), "!resource Budget")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evt := received("M1", tc.msg)
			if m, _ := toMessage(context.Background(), evt, nil); m.Text != tc.text {
				t.Errorf("text = %q, want %q", m.Text, tc.text)
			}
			in := fileOf(evt, f)
			if in == nil || in.Kind != tc.kind || in.MIME != tc.mime || in.Name != tc.fname || in.Size != int64(len(tc.data)) {
				t.Fatalf("fileOf = %+v; want %s %q %q of %d bytes", in, tc.kind, tc.mime, tc.fname, len(tc.data))
			}
			out, err := os.Create(filepath.Join(t.TempDir(), "in"))
			if err != nil {
				t.Fatal(err)
			}
			defer out.Close()
			if err := in.Fetch(context.Background(), out); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(out.Name()); string(got) != tc.data {
				t.Errorf("fetched %q, want %q", got, tc.data)
			}
		})
	}
	for _, msg := range []*waE2E.Message{
		{Conversation: proto.String("!tip hello")},
		replyTo(&waE2E.Message{Conversation: proto.String("a line")}, "!tip hello"),
		{VideoMessage: &waE2E.VideoMessage{Caption: proto.String("!tip a video")}},
	} {
		if in := fileOf(received("M2", msg), f); in != nil {
			t.Errorf("fileOf(%v) = %+v, want no file", msg, in)
		}
	}
}

// From a member's captioned PDF and a quote-reply to her voice note to
// what WhatsApp is asked to send on !show: the same bytes, as the kind
// they came as.
func TestSharedFileShownAgain(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b := testBot(t, f, bot.NewManualClock(at))
	deliver := func(evt *events.Message) {
		t.Helper()
		m, ok := toMessage(ctx, evt, nil)
		if !ok {
			t.Fatalf("%v was not handed to the core", evt.Message)
		}
		m.File = fileOf(evt, &lockedClient{f: f})
		b.Handle(ctx, m)
		if _, _, err := b.Sender().SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	deliver(received("DOC1", document(uploaded(t, f, "%PDF budget guide"), "budget.pdf", "!resource Budget guide #finance")))
	deliver(received("VOICE1", replyTo(voiceNote(uploaded(t, f, "OggS from the field"), true), "!tip Listen to Amina #savings")))
	f.sent = nil
	deliver(received("SHOW1", &waE2E.Message{Conversation: proto.String("!show R1")}))
	deliver(received("SHOW2", &waE2E.Message{Conversation: proto.String("!show T1")}))
	var doc *waE2E.DocumentMessage
	var voice *waE2E.AudioMessage
	for _, s := range f.sent {
		if d := s.msg.GetDocumentWithCaptionMessage().GetMessage().GetDocumentMessage(); d != nil {
			doc = d
		}
		if a := s.msg.GetAudioMessage(); a != nil {
			voice = a
		}
	}
	if doc == nil || doc.GetFileName() != "budget.pdf" || !strings.Contains(doc.GetCaption(), "Budget guide") ||
		!bytes.Equal(f.media[doc.GetDirectPath()], []byte("%PDF budget guide")) {
		t.Errorf("!show R1 sent %v; want budget.pdf again, captioned with its title", doc)
	}
	if voice == nil || !voice.GetPTT() || !bytes.Equal(f.media[voice.GetDirectPath()], []byte("OggS from the field")) {
		t.Errorf("!show T1 sent %v; want the voice note again, as a voice note", voice)
	}
}

// An expired link: she is asked to send the file again, nothing is kept.
func TestSharedFileExpired(t *testing.T) {
	ctx := context.Background()
	f := &fakeClient{}
	b, st := testBotStore(t, f, bot.NewManualClock(at))
	evt := received("DOC1", document(uploaded(t, f, "%PDF"), "budget.pdf", "!resource Budget guide"))
	f.downloadErr = whatsmeow.ErrMediaDownloadFailedWith410
	m, _ := toMessage(ctx, evt, nil)
	m.File = fileOf(evt, f)
	b.Handle(ctx, m)
	if _, _, err := b.Sender().SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 1 || !strings.Contains(f.sent[0].msg.GetExtendedTextMessage().GetText(), "again") {
		t.Errorf("sent %v; want her asked to send it again", f.sent)
	}
	if it, err := st.ItemByRef(ctx, "R", 1); err == nil {
		t.Errorf("kept %+v; want nothing", it)
	}
}
