-- 0014: an outbox row may be a reaction to the message it answers, instead of a text.

-- reaction is an emoji: the row reacts with it to the message quote_id (sent by
-- quote_sender) in chat, and has no body. '' for every other row (issue 14, point 7).
ALTER TABLE outbox ADD COLUMN reaction TEXT NOT NULL DEFAULT '';
