package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestItemFilesKeptAndShared checks that an item keeps its file's name,
// type, kind, size and hash, read back by every query that reads items,
// and that a file two items share stays in use until both are removed.
func TestItemFilesKeptAndShared(t *testing.T) {
	ctx := context.Background()
	l := newLab(t)
	f := &File{Name: "guía.pdf", MIME: "application/pdf", Kind: "document", Size: 1234, Hash: "ab" + "cd"}
	r1 := l.add(t, Item{Kind: KindResource, Body: "Guía de salud", AuthorID: l.ana.ID, GroupID: l.open.ID, File: f})
	r2 := l.add(t, Item{Kind: KindResource, Body: "La misma guía", AuthorID: l.ana.ID, GroupID: l.open.ID, File: f})
	plain := l.add(t, Item{Kind: KindTip, Body: "sin archivo", AuthorID: l.ana.ID, GroupID: l.open.ID})

	got, err := l.ItemByRef(ctx, KindResource, r1.Num)
	if err != nil || !reflect.DeepEqual(got.File, f) {
		t.Fatalf("ItemByRef(R%d).File = %+v, %v; want %+v", r1.Num, got.File, err, f)
	}
	if got, _ := l.ItemByRef(ctx, KindTip, plain.Num); got.File != nil {
		t.Errorf("a tip without a file has %+v", got.File)
	}
	rd, err := OpenReader(ctx, l.path)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := rd.Snapshot(ctx)
	rd.Close()
	if err != nil || snap.Items[len(snap.Items)-1].File == nil {
		t.Errorf("the export's snapshot reads no file (%v)", err)
	}
	for i, it := range []Item{r1, r2} {
		if used, err := l.FileUsed(ctx, f.Hash); !used || err != nil {
			t.Fatalf("after %d removals: FileUsed = %v, %v; want true", i, used, err)
		}
		if err := l.RemoveItem(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	if used, _ := l.FileUsed(ctx, f.Hash); used {
		t.Error("FileUsed after both items were removed = true")
	}
	if want := filepath.Join(filepath.Dir(l.path), "files"); string(l.Files()) != want {
		t.Errorf("Files() = %s; want %s", l.Files(), want)
	}
}

// Issue 17: !forget takes her voice notes with her (a voice is hers), once
// no item of anyone else's uses the file; the items stay, as text. Her
// documents stay, as her other items do.
func TestForgetTakesHerVoiceNotes(t *testing.T) {
	ctx := context.Background()
	l := newLab(t)
	put := func(data string) *File {
		b, err := l.Files().Put(strings.NewReader(data), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		return &File{MIME: "audio/ogg", Kind: "voice", Size: b.Size, Hash: b.Hash}
	}
	voice, shared := put("her voice"), put("a voice two items use")
	doc := &File{Name: "guía.pdf", MIME: "application/pdf", Kind: "document", Size: 3, Hash: put("pdf").Hash}
	mine := l.add(t, Item{Kind: KindTip, Body: "Ahorramos cada viernes", AuthorID: l.ana.ID, GroupID: l.open.ID, File: voice})
	l.add(t, Item{Kind: KindTip, Body: "otra", AuthorID: l.ana.ID, GroupID: l.open.ID, File: shared})
	l.add(t, Item{Kind: KindTip, Body: "la de Bea", AuthorID: l.bea.ID, GroupID: l.closed.ID, File: shared})
	guide := l.add(t, Item{Kind: KindResource, Body: "Guía", AuthorID: l.ana.ID, GroupID: l.open.ID, File: doc})
	if err := l.ForgetMember(ctx, l.ana.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.Files().Path(voice.Hash)); !os.IsNotExist(err) {
		t.Errorf("her voice note is still on disk (%v)", err)
	}
	if got, err := l.ItemByRef(ctx, KindTip, mine.Num); err != nil || got.File != nil || got.Body != mine.Body {
		t.Errorf("her tip after forget: %+v, %v; want its text, no file", got, err)
	}
	if _, err := os.Stat(l.Files().Path(shared.Hash)); err != nil {
		t.Errorf("a voice note another member's item uses was deleted: %v", err)
	}
	if got, _ := l.ItemByRef(ctx, KindResource, guide.Num); got.File == nil {
		t.Error("her document went with her; her items stay")
	}
}

// Review of issue 17: what a crash leaves among the files (a temporary
// file, a file stored for an item whose save never committed) is swept
// when the store opens; a file an item names stays.
func TestOpenSweepsOrphanFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	l := labOn(t, s)
	kept, err := l.Files().Put(strings.NewReader("a guide"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	l.add(t, Item{Kind: KindResource, Body: "Guía", AuthorID: l.ana.ID, GroupID: l.open.ID,
		File: &File{Name: "g.pdf", MIME: "application/pdf", Kind: "document", Size: kept.Size, Hash: kept.Hash}})
	orphan, err := l.Files().Put(strings.NewReader("never saved"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(string(l.Files()), ".put-123")
	if err := os.WriteFile(tmp, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p, want := range map[string]bool{s.Files().Path(kept.Hash): true, s.Files().Path(orphan.Hash): false, tmp: false} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}
