-- 0004: staff announcements; the message behind each event; hashes of forgotten members' numbers.

-- num gives the N# staff type (N for notice, noticia, nouvelle); from item_numbers (kind 'N').
-- blocks is a JSON object, language -> text. staff_chat is where her delivery report goes.
-- status: held (a language is missing: waiting for `announce send`), scheduled (send_at),
-- sending (queued to the groups, batch 'announce:<id>'), done (reported), cancelled,
-- skipped (found past the grace window).
CREATE TABLE announcements (
    id         INTEGER PRIMARY KEY,
    num        INTEGER NOT NULL UNIQUE,
    source     TEXT    UNIQUE,
    staff_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    staff_chat TEXT    NOT NULL,
    staff_lang TEXT    NOT NULL,
    blocks     TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('held', 'scheduled', 'sending', 'done', 'cancelled', 'skipped')),
    send_at    INTEGER,
    groups     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);

CREATE INDEX announcements_open ON announcements(status, send_at)
    WHERE status IN ('held', 'scheduled', 'sending');

-- The message that created an event (chat, sender, message ID), so that a redelivered
-- !event creates nothing twice.
ALTER TABLE events ADD COLUMN source TEXT;
CREATE UNIQUE INDEX events_source ON events(source) WHERE source IS NOT NULL;

-- Keyed hashes of the phone numbers of members who asked to be forgotten (the whole number
-- and its last 9 and 10 digits), so that an export can still remove them from what others
-- wrote; the numbers themselves are gone.
CREATE TABLE forgotten_numbers (
    hash TEXT PRIMARY KEY
) WITHOUT ROWID;
