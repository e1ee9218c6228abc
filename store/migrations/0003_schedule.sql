-- 0003: events and RSVPs, weekly digest subscriptions, and the record of every scheduled send.

-- num gives the E# members type; it comes from item_numbers (kind 'E'), so it is never reused.
-- group_id is set for an event created in a private group: only that group hears of it.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    num          INTEGER NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    starts_at    INTEGER NOT NULL,
    group_id     INTEGER REFERENCES groups(id),
    created_by   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER
);

CREATE INDEX events_upcoming ON events(starts_at) WHERE cancelled_at IS NULL;

-- Who said she will attend; forgetting a member forgets her RSVPs.
CREATE TABLE rsvps (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id)
) WITHOUT ROWID;

CREATE INDEX rsvps_member ON rsvps(member_id);

-- The groups told of an event (when it was created, or by a reminder): told again if it is cancelled.
CREATE TABLE event_groups (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, group_id)
) WITHOUT ROWID;

-- Members who get the weekly digest by direct message.
CREATE TABLE subscriptions (
    member_id  INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);

-- Every scheduled send, keyed by job, target and period, written in the transaction that
-- queues it, so a restart neither repeats it nor loses it.
-- outcome: queued; quiet (nothing to say and the config says skip); skipped (found past the grace window).
CREATE TABLE schedule_runs (
    key     TEXT    PRIMARY KEY,
    due_at  INTEGER NOT NULL,
    ran_at  INTEGER NOT NULL,
    outcome TEXT    NOT NULL
) WITHOUT ROWID;
