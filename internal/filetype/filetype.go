// Package filetype names the files labbot keeps: each allowed type by its
// extension (what staff write in files.types), with the MIME type it is
// sent as and the kind of message it came in.
package filetype

import (
	"path"
	"strings"
)

// Kinds of file, as WhatsApp sends them.
const (
	Document = "document"
	Image    = "image"
	Audio    = "audio"
	Voice    = "voice" // a voice note: audio recorded in the chat (PTT)
)

// Type is one type labbot knows.
type Type struct {
	Ext  string // without the dot: pdf
	MIME string
}

// Known lists every type files.types may name, in the order the default
// shows them.
var Known = []Type{
	{"pdf", "application/pdf"},
	{"doc", "application/msword"},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"xls", "application/vnd.ms-excel"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"ppt", "application/vnd.ms-powerpoint"},
	{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	{"odt", "application/vnd.oasis.opendocument.text"},
	{"ods", "application/vnd.oasis.opendocument.spreadsheet"},
	{"odp", "application/vnd.oasis.opendocument.presentation"},
	{"jpg", "image/jpeg"},
	{"png", "image/png"},
	{"webp", "image/webp"},
	{"ogg", "audio/ogg"},
	{"opus", "audio/opus"},
	{"m4a", "audio/mp4"},
	{"mp3", "audio/mpeg"},
}

// Default is every known type's extension: files.types when left out.
func Default() []string {
	out := make([]string, len(Known))
	for i, t := range Known {
		out[i] = t.Ext
	}
	return out
}

// ByExt finds a known type by its extension (any case, with or without
// its dot; jpeg reads as jpg).
func ByExt(ext string) (Type, bool) {
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	if ext == "jpeg" {
		ext = "jpg"
	}
	for _, t := range Known {
		if t.Ext == ext {
			return t, true
		}
	}
	return Type{}, false
}

// ByMIME finds a known type by its MIME type, parameters left out
// (WhatsApp's voice notes are "audio/ogg; codecs=opus").
func ByMIME(mime string) (Type, bool) {
	mime, _, _ = strings.Cut(mime, ";")
	mime = strings.ToLower(strings.TrimSpace(mime))
	for _, t := range Known {
		if t.MIME == mime {
			return t, true
		}
	}
	return Type{}, false
}

// Of finds a file's type: by its name's extension first (a phone may send
// a .docx as application/octet-stream), then by its MIME type.
func Of(name, mime string) (Type, bool) {
	if t, ok := ByExt(path.Ext(name)); ok && path.Ext(name) != "" {
		return t, true
	}
	return ByMIME(mime)
}

// KindOf is the kind a file named name is sent as when nothing else says:
// images as images, audio as audio, the rest as documents.
func KindOf(name string) string {
	t, _ := ByExt(path.Ext(name))
	switch {
	case strings.HasPrefix(t.MIME, "image/"):
		return Image
	case strings.HasPrefix(t.MIME, "audio/"):
		return Audio
	}
	return Document
}
