-- 0017: questions stay open until solved (issue 15).

-- solved_by is the answer its asker (or staff) marked as what solved a question;
-- NULL while it is open. Removing that answer opens the question again.
ALTER TABLE items ADD COLUMN solved_by INTEGER REFERENCES items(id) ON DELETE SET NULL;

-- Open questions, those still waiting for an answer first, newest first.
CREATE INDEX items_unsolved ON items(answers > 0, num DESC) WHERE kind = 'Q' AND solved_by IS NULL;

-- Members who want to know a question's answer too ("+1", "me too"), once each. No
-- time is kept. A row links a member to a question: !forget deletes hers (store/forget.go),
-- which the foreign key, with no ON DELETE action, makes sure of.
CREATE TABLE question_wants (
    item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (item_id, member_id)
) WITHOUT ROWID;

CREATE INDEX question_wants_member ON question_wants(member_id);
