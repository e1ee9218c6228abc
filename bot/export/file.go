package export

import (
	"strconv"

	"labbot/internal/filetype"
	"labbot/privacy"
	"labbot/store"
)

// KnowledgeFile is the file an item keeps (issue 17): its name as the
// member sent it (redacted: a name can hold a number), its type, kind and
// size, and its SHA-256, the name labbot keeps it under.
type KnowledgeFile struct {
	Name   string `json:"name,omitempty"` // "" for most images and voice notes
	Type   string `json:"type"`           // MIME type
	Kind   string `json:"kind"`           // document, image, audio or voice
	Size   int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

func knowledgeFile(f *store.File, red privacy.Redactor) *KnowledgeFile {
	if f == nil {
		return nil
	}
	return &KnowledgeFile{Name: red.Text(f.Name), Type: f.MIME, Kind: f.Kind, Size: f.Size, SHA256: f.Hash}
}

// CopyName is the name `labbot export --files` gives item it's file: its
// ID and the extension of its type (R5.pdf), never the name a member
// chose, which could climb out of the directory or hide a number.
func CopyName(it KnowledgeItem) string {
	if it.File == nil {
		return ""
	}
	if t, ok := filetype.Of("", it.File.Type); ok {
		return it.ID + "." + t.Ext
	}
	return it.ID
}

// Items is every item of k, answers included, in the report's order.
func (k Knowledge) Items() []KnowledgeItem {
	var out []KnowledgeItem
	var walk func(its []KnowledgeItem)
	walk = func(its []KnowledgeItem) {
		for _, it := range its {
			out = append(out, it)
			walk(it.Answers)
		}
	}
	for _, g := range k.Groups {
		walk(g.Items)
	}
	return out
}

// fileSize is a size as a report's reader reads it: bytes, KB or MB.
func (w *words) fileSize(n int64) string {
	switch {
	case n < 1<<10:
		return w.count("export.bytes", int(n))
	case n < 1<<20:
		return w.say("export.kb", map[string]any{"N": strconv.FormatInt((n+1<<10-1)>>10, 10)})
	}
	return w.say("export.mb", map[string]any{"N": strconv.FormatInt((n+1<<19)>>20, 10)})
}

// file is an item's file in a report: "📎 guide.pdf (document, 88 bytes)".
func (w *words) file(f *KnowledgeFile) string {
	kind := w.say("export.kind."+f.Kind, nil)
	if f.Name == "" {
		return w.say("export.file_unnamed", map[string]any{"Kind": kind, "Size": w.fileSize(f.Size)})
	}
	return w.say("export.file", map[string]any{"Name": oneLine(f.Name), "Kind": kind, "Size": w.fileSize(f.Size)})
}
