-- 0001: the foundation: groups, members, processed messages, outbox, strangers, key/value state.

-- Partner groups: seeded from config at start, and later registered with !setup.
CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    jid        TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    lang       TEXT    NOT NULL,
    tz         TEXT    NOT NULL,
    private    INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

-- Members are keyed by the transport's user ID (a phone number in + form when known).
-- lang is NULL until the member chooses one with !lang.
CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    user_id    TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL DEFAULT '',
    lang       TEXT,
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL
);

-- The rowid keeps the order she joined in, even within one millisecond.
CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
);

CREATE INDEX group_members_member ON group_members(member_id);

-- Incoming messages already handled, so a redelivery runs nothing twice.
-- No index on at: pruning is rare, and every index costs each message.
CREATE TABLE processed_messages (
    chat   TEXT    NOT NULL,
    sender TEXT    NOT NULL,
    msg_id TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    PRIMARY KEY (chat, sender, msg_id)
) WITHOUT ROWID;

-- Strangers are remembered only by a hash of their ID, to refuse them once a day.
CREATE TABLE stranger_refusals (
    user_hash TEXT    PRIMARY KEY,
    at        INTEGER NOT NULL
) WITHOUT ROWID;

-- Every outgoing message is a row here before it is sent.
-- bulk: 0 for answers to commands (sent first), 1 for broadcasts, digests, reminders.
-- msg_id is unique by construction (the transport makes it) and has no
-- index: every index costs each send, and what needs to find a message by
-- its ID (a question labbot posted) keeps the ID itself.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    msg_id          TEXT    NOT NULL,
    chat            TEXT    NOT NULL,
    bulk            INTEGER NOT NULL DEFAULT 0,
    body            TEXT    NOT NULL DEFAULT '',
    quote_id        TEXT    NOT NULL DEFAULT '',
    quote_sender    TEXT    NOT NULL DEFAULT '', -- who wrote the quoted message, and what:
    quote_text      TEXT    NOT NULL DEFAULT '', -- WhatsApp shows a quote from both
    doc_name        TEXT    NOT NULL DEFAULT '',
    doc_mime        TEXT    NOT NULL DEFAULT '',
    doc_data        BLOB,
    dedup_key       TEXT,
    batch           TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    lease_until     INTEGER,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT    NOT NULL DEFAULT ''
);

-- One logical message (a digest for a group and week) is queued once.
CREATE UNIQUE INDEX outbox_dedup ON outbox(dedup_key) WHERE dedup_key IS NOT NULL;
-- The sender's work list: rows neither sent, given up on, nor claimed. A
-- claimed row is the sender's until its send ends (or a restart takes all
-- claims back), so it needs no place here; leaving it out spares the index
-- two writes for every reply.
CREATE INDEX outbox_pending ON outbox(bulk, next_attempt_at, id)
    WHERE sent_at IS NULL AND failed_at IS NULL AND lease_until IS NULL;

-- Small named values: the console's simulated clock and counters.
CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
