-- 0021: native WhatsApp polls (issue 17). A poll (P#, from item_numbers kind 'P') is one
-- question; it goes out as one WhatsApp poll per group it is posted in (poll_posts): a member's
-- poll in her group, a staff poll in every partner group, each in its group's language. Options
-- correspond by position across a poll's posts, so a tally adds them up by position.
-- author_id goes NULL when she asks labbot to forget her ("a former member").
CREATE TABLE polls (
    id         INTEGER PRIMARY KEY,
    num        INTEGER NOT NULL UNIQUE,
    author_id  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    group_id   INTEGER REFERENCES groups(id), -- the group a member's poll was asked in; NULL for a Lab-wide poll
    lab_wide   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    closed_at  INTEGER
);
CREATE INDEX polls_created ON polls (created_at);

-- One WhatsApp poll: its chat, language, question and options (JSON, in order, as sent), the
-- message secret votes are encrypted with, and the outbox message ID it went out as.
CREATE TABLE poll_posts (
    id         INTEGER PRIMARY KEY,
    poll_id    INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    chat       TEXT    NOT NULL,
    lang       TEXT    NOT NULL,
    question   TEXT    NOT NULL,
    options    TEXT    NOT NULL,
    selectable INTEGER NOT NULL DEFAULT 1,
    secret     BLOB    NOT NULL,
    msg_id     TEXT    NOT NULL UNIQUE
);
CREATE INDEX poll_posts_poll ON poll_posts (poll_id);

-- A member's vote in one WhatsApp poll: the option positions she chose (comma-separated, from 0;
-- empty when she took her vote back). A new vote replaces the last, as in WhatsApp; !forget
-- deletes her votes with her member row.
CREATE TABLE poll_votes (
    post_id   INTEGER NOT NULL REFERENCES poll_posts(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    choices   TEXT    NOT NULL,
    voted_at  INTEGER NOT NULL,
    PRIMARY KEY (post_id, member_id)
) WITHOUT ROWID;
CREATE INDEX poll_votes_member ON poll_votes (member_id);

-- The outbox row that posts a poll keeps what rebuilds the very same poll on a retry: body is
-- the question, poll_options its options (JSON), poll_secret the message secret.
ALTER TABLE outbox ADD COLUMN poll_options TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN poll_secret BLOB;
ALTER TABLE outbox ADD COLUMN poll_selectable INTEGER NOT NULL DEFAULT 0;
