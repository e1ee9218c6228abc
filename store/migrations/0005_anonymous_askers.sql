-- 0005: anonymous askers sealed out of items; drafts of anonymous questions; outbox rows blanked once sent.

-- Who asked an anonymous question, sealed (AES-256-GCM under a key that is not in this
-- file): items.author_id stays NULL for anonymous items. The link lasts until the question
-- is removed or until the date in until, whichever comes first (see docs/PRIVACY.md).
CREATE TABLE anon_askers (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    sealed  BLOB    NOT NULL,
    until   INTEGER NOT NULL
);

-- An anonymous question waiting for its asker to choose where it goes: keyed by labbot's
-- message that asked her, everything else (who, what, which groups) sealed.
CREATE TABLE anon_drafts (
    msg_id TEXT    PRIMARY KEY,
    sealed BLOB    NOT NULL,
    until  INTEGER NOT NULL
) WITHOUT ROWID;

-- A sensitive row (what tells an anonymous asker of her question) loses its chat and body
-- once sent or given up on: the outbox keeps only what pacing needs.
ALTER TABLE outbox ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0;
