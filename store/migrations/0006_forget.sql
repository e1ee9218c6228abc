-- 0006: handled messages kept only as keyed hashes of (chat, sender, message ID): the table
-- no longer names who wrote what, nor where.

-- The clear table is renamed, not dropped: labbot hashes its rows with the key in labbot.key
-- (which SQL cannot reach) when it opens the file, then drops it.
ALTER TABLE processed_messages RENAME TO processed_messages_clear;

-- hash: the first 16 bytes of HMAC-SHA256(key, chat NUL sender NUL message ID).
CREATE TABLE processed_messages (
    hash BLOB    PRIMARY KEY,
    at   INTEGER NOT NULL
) WITHOUT ROWID;

-- Who asked to be forgotten, by a keyed hash of her user ID (phone or LID): plain chat and
-- participant lists do not bring her back; her own next command does, as a new member.
CREATE TABLE forgotten_members (
    user_hash TEXT PRIMARY KEY
) WITHOUT ROWID;
