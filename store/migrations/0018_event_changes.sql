-- 0018: an event's time and text can change after it is announced (issue 15).

-- revision counts the changes: the calendar file's SEQUENCE, so a phone
-- updates the event instead of ignoring the new file, and the key that
-- tells each group and attendee of one change once. changed_at is when it
-- last changed (the file's DTSTAMP); moved_at when its time last changed:
-- reminders due before then are not sent (the change notice said the new
-- time), and those after it are keyed by the new time.
ALTER TABLE events ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN changed_at INTEGER;
ALTER TABLE events ADD COLUMN moved_at INTEGER;
