-- 0009: a sensitive outbox row waits sealed, not only blanked once sent.

-- A row that ties an anonymous asker to her question, or names someone who asked to be
-- forgotten, keeps its chat, body, quoted sender and text, and audience member only in
-- sealed (AES-256-GCM under a key that is not in this file, bound to the row's msg_id):
-- those columns stay empty, so a copy of the file taken while the row waits names nobody.
-- The sender opens it as it claims the row; once sent or given up on, sealed is NULL.
ALTER TABLE outbox ADD COLUMN sealed BLOB;
