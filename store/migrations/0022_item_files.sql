-- 0022: files members share with an item (issue 17). The file itself is
-- kept under data_dir/files by its SHA-256; the row says what it is. One
-- file may serve several items (the same PDF shared twice): it is deleted
-- when the last row naming its hash goes.
CREATE TABLE item_files (
	item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
	name    TEXT NOT NULL,    -- as she sent it; "" for an image or a voice note
	mime    TEXT NOT NULL,
	kind    TEXT NOT NULL,    -- document, image, audio or voice
	size    INTEGER NOT NULL, -- bytes
	sha256  TEXT NOT NULL     -- hex: its name under data_dir/files
);
CREATE INDEX item_files_sha256 ON item_files (sha256);

-- An outbox row that sends a stored file names it by hash (doc_name and
-- doc_mime say its name and type): the file is read from disk when it
-- leaves, never copied into the row.
ALTER TABLE outbox ADD COLUMN file_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN file_kind TEXT NOT NULL DEFAULT '';
