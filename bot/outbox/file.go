package outbox

import "labbot/store"

// fileOf is the stored file row sends, with caption: its path is looked
// up now, so a file is read from disk when it leaves (issue 17). Its name,
// a member's text, goes through the numbers filter as the caption does.
func (s *Sender) fileOf(row store.Outgoing, caption string) File {
	return File{Name: s.numbers.Outgoing(row.DocName), MIME: row.DocMIME, Kind: row.FileKind, Caption: caption,
		Path: s.store.Files().Path(row.FileHash)}
}
