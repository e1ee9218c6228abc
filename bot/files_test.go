package bot

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"labbot/bot/config"
	"labbot/internal/filestore"
	"labbot/internal/filetype"
)

// fileFrom is a file as a transport describes it, fetched from data, or
// failing with err (an expired media link).
func fileFrom(kind, mime, name string, data []byte, err error) *InFile {
	return &InFile{Kind: kind, MIME: mime, Name: name, Size: int64(len(data)),
		Fetch: func(_ context.Context, f filestore.Sink) error {
			if err != nil {
				return err
			}
			_, werr := f.Write(data)
			return werr
		}}
}

// TestFileResourceKeptShownAndRemoved follows a PDF shared as a resource
// (its caption the command) and a voice note quoted by !tip: stored 0600
// by hash, marked 📎 in !resources, sent again by !show (the voice note
// as a voice note, after the text), and deleted from disk by !remove.
func TestFileResourceKeptShownAndRemoved(t *testing.T) {
	h := newHarness(t, nil)
	pdf := []byte("%PDF-1.4 a guide")
	m := h.message(t, amina, "nairobi", "!resource Budget guide #funding")
	m.File = fileFrom(filetype.Document, "application/pdf", "budget.pdf", pdf, nil)
	h.deliver(t, m)
	if got := h.lastText(); !strings.Contains(got, "saved as *R1*") {
		t.Fatalf("resource with a file: %q", got)
	}
	it, err := h.store.ItemByRef(context.Background(), "R", 1)
	if err != nil || it.File == nil || it.File.Name != "budget.pdf" || it.File.Size != int64(len(pdf)) || it.URL != "" {
		t.Fatalf("R1 = %+v (%v)", it, err)
	}
	path := h.store.Files().Path(it.File.Hash)
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("stored file: %v %v; want 0600", st, err)
	}
	h.say(t, amina, "nairobi", "!resources")
	if got := h.lastText(); !strings.Contains(got, "📎 *R1*") {
		t.Errorf("!resources marks no file: %q", got)
	}
	h.say(t, "+15550000200", "nairobi", "!show R1")
	last := h.tr.messages()[len(h.tr.messages())-1]
	if last.File == nil || !bytes.Equal(last.FileData, pdf) || last.File.Kind != filetype.Document || !strings.Contains(last.Text, "Budget guide") {
		t.Errorf("!show R1 sent %+v", last)
	}

	voice := []byte("OggS voice")
	m = h.message(t, amina, "nairobi", "!tip ask the council first")
	m.File = fileFrom(filetype.Voice, "audio/ogg; codecs=opus", "", voice, nil)
	h.deliver(t, m)
	h.say(t, "+15550000200", "nairobi", "!show T1")
	sent := h.tr.messages()
	text, audio := sent[len(sent)-2], sent[len(sent)-1]
	if audio.File == nil || audio.File.Kind != filetype.Voice || !bytes.Equal(audio.FileData, voice) || !strings.Contains(text.Text, "council") {
		t.Errorf("!show T1 sent %+v then %+v", text, audio)
	}

	h.say(t, amina, "nairobi", "!remove R1")
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the removed resource's file is still on disk: %v", err)
	}
}

// TestFileRefusals checks the short answers: too big (with the limit), a
// type not allowed (with those that are), and a file WhatsApp no longer
// has; none saves an item. A file without a command says nothing.
func TestFileRefusals(t *testing.T) {
	h := newHarness(t, edits(unlimited, func(c *config.Config) { c.Files.MaxBytes = 10; c.Files.Types = []string{"pdf", "ogg"} }))
	tests := []struct {
		file *InFile
		want string
	}{
		{fileFrom(filetype.Document, "application/pdf", "big.pdf", make([]byte, 11), nil), "up to 0 MB"},
		{&InFile{Kind: filetype.Document, MIME: "application/pdf", Name: "liar.pdf", Size: 1,
			Fetch: func(_ context.Context, f filestore.Sink) error { _, err := f.Write(make([]byte, 11)); return err }}, "up to 0 MB"},
		{fileFrom(filetype.Image, "image/jpeg", "", []byte("jpg"), nil), "I can keep: pdf, ogg."},
		{fileFrom(filetype.Document, "application/x-msdownload", "run.exe", []byte("MZ"), nil), "I can keep: pdf, ogg."},
		{fileFrom(filetype.Document, "application/pdf", "old.pdf", []byte("x"), errors.New("status 410")), "send it again"},
		// Review of issue 17: an empty file; another member's voice note.
		{fileFrom(filetype.Document, "application/pdf", "empty.pdf", nil, nil), "That file is empty"},
		{func() *InFile {
			f := fileFrom(filetype.Voice, "audio/ogg; codecs=opus", "", []byte("OggS"), nil)
			f.FromOther = true
			return f
		}(), "from the person who recorded it"},
	}
	for _, tt := range tests {
		m := h.message(t, amina, "nairobi", "!resource A guide")
		m.File = tt.file
		h.deliver(t, m)
		if got := h.lastText(); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q; want %q", tt.file.Name, got, tt.want)
		}
	}
	if h.hasItem(t, "R", 1) {
		t.Error("a refused file saved a resource")
	}
	if left, _ := os.ReadDir(string(h.store.Files())); len(left) != 0 {
		t.Errorf("refused files left %d entries on disk", len(left))
	}
	n := len(h.tr.messages())
	m := h.message(t, amina, "nairobi", "")
	m.File = fileFrom(filetype.Voice, "audio/ogg", "", []byte("OggS"), nil)
	h.deliver(t, m)
	if len(h.tr.messages()) != n {
		t.Error("a voice note without a command got an answer")
	}
}

// Review of issue 17: a file's name goes through the numbers filter, as any
// text she shares does, and it is kept as the allowed type it is, not as
// what the sender declared.
func TestFileNameAndTypeAsKept(t *testing.T) {
	h := newHarness(t, unlimited)
	m := h.message(t, amina, "nairobi", "!resource Budget plan #funding")
	m.File = fileFrom(filetype.Document, "application/x-msdownload", "plan "+amina+".pdf", []byte("%PDF-1.4"), nil)
	h.deliver(t, m)
	it, err := h.store.ItemByRef(context.Background(), "R", 1)
	if err != nil || it.File == nil {
		t.Fatalf("R1: %+v, %v", it, err)
	}
	if strings.Contains(it.File.Name, strings.TrimPrefix(amina, "+")) || it.File.MIME != "application/pdf" {
		t.Errorf("kept as %q, %q; want her number removed and application/pdf", it.File.Name, it.File.MIME)
	}
}

// TestDigestMarksFiles: the week's digest marks a file with 📎 and credits
// whoever shared it (a file resource has no link to show instead).
func TestDigestMarksFiles(t *testing.T) {
	h := newHarness(t, nil)
	m := h.message(t, amina, "nairobi", "!resource Budget guide #funding")
	m.File = fileFrom(filetype.Document, "application/pdf", "budget.pdf", []byte("%PDF"), nil)
	h.deliver(t, m)
	h.say(t, amina, "nairobi", "!resource https://example.org/plan A plan")
	h.say(t, amina, "nairobi", "!digest")
	got := h.lastText()
	if !strings.Contains(got, "• 📎 *R1*") || !strings.Contains(got, "• *R2*") || strings.Contains(got, "Budget guide #funding — \n") {
		t.Errorf("digest:\n%s\nwant R1 marked 📎 and credited, R2 unmarked", got)
	}
	if line := got[strings.Index(got, "*R1*"):]; !strings.Contains(line[:strings.Index(line, "\n")], "—") {
		t.Errorf("R1's line credits no one: %q", line)
	}
}

// TestPrivateFileStaysWithWhoMaySeeIt: a file shared in a private group
// (bogota here) is sent by !show to its members, in the group or by direct
// message, and to nobody outside: Amina, in nairobi only, is told it cannot
// be found, in her group and in her direct messages, and no file is queued.
func TestPrivateFileStaysWithWhoMaySeeIt(t *testing.T) {
	h := audienceHarness(t)
	m := h.message(t, uwase, "bogota", "!recurso Plan del refugio")
	m.File = fileFrom(filetype.Document, "application/pdf", "refugio.pdf", []byte("%PDF shelter"), nil)
	h.deliver(t, m)
	before := len(h.tr.messages())
	h.say(t, amina, "nairobi", "!show R1")
	h.say(t, amina, "", "!show R1")
	if n := len(h.tr.messages()) - before; n != 2 {
		t.Fatalf("Amina's two !show R1 got %d answers; want two refusals", n)
	}
	for _, sent := range h.tr.messages()[before:] {
		if sent.File != nil || !strings.Contains(sent.Text, h.bot.texts.msg("en", "item.not_found", vars{"Ref": "R1"})) {
			t.Errorf("Amina, outside the private group, was sent %+v", sent)
		}
	}
	h.say(t, grace, "", "!show R1") // a member of bogota, by direct message
	h.say(t, uwase, "bogota", "!show R1")
	for _, sent := range h.tr.messages()[len(h.tr.messages())-2:] {
		if sent.File == nil || !bytes.Equal(sent.FileData, []byte("%PDF shelter")) {
			t.Errorf("a member of the private group was sent %+v; want the file", sent)
		}
	}
}
