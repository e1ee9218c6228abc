-- 0002: the Lab's knowledge: items (tips, questions, answers, resources), their tags,
-- human translations, the messages that carry them, and full-text search.

-- kind: T tip, Q question, A answer, R resource. num counts per kind, so IDs read T12, Q7.
-- body is the text (for a resource, its title). lang is the author's reply language then.
-- private items stay in their group (group_id); others are Lab-wide.
-- author_id goes NULL when she asks labbot to forget her ("a former member").
CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('T', 'Q', 'A', 'R')),
    num         INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    url         TEXT    NOT NULL DEFAULT '',
    lang        TEXT    NOT NULL,
    author_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    anonymous   INTEGER NOT NULL DEFAULT 0,
    group_id    INTEGER REFERENCES groups(id),
    private     INTEGER NOT NULL DEFAULT 0,
    question_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    answers     INTEGER NOT NULL DEFAULT 0, -- a question's answer count
    created_at  INTEGER NOT NULL,
    UNIQUE (kind, num)
);

-- The last number given to each kind: a removed item's number is never given again.
CREATE TABLE item_numbers (
    kind TEXT    PRIMARY KEY,
    last INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX items_question ON items(question_id) WHERE question_id IS NOT NULL;
-- Open questions, newest first, without walking every question ever asked.
CREATE INDEX items_open ON items(num) WHERE kind = 'Q' AND answers = 0;
CREATE INDEX items_author ON items(author_id) WHERE author_id IS NOT NULL;
CREATE INDEX items_created ON items(created_at);

-- Tags are kept folded (lowercase, no accents), as typed after #.
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag     TEXT    NOT NULL,
    PRIMARY KEY (item_id, tag)
) WITHOUT ROWID;

CREATE INDEX item_tags_tag ON item_tags(tag);

-- Human translations, one per item and language.
CREATE TABLE translations (
    item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    lang          TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    translator_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (item_id, lang)
) WITHOUT ROWID;

-- labbot's messages that posted or confirmed an item: a quote-reply to one, in the
-- same chat, names the item.
CREATE TABLE item_messages (
    msg_id  TEXT    PRIMARY KEY,
    chat    TEXT    NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX item_messages_item ON item_messages(item_id);

-- Full-text search over items, their tags and translations, folding accents
-- (educacion finds educación). Contentless: the text lives in items; rowid is items.id.
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, body, tags, translations,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
