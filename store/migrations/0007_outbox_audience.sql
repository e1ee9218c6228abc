-- 0007: who may still receive an outbox row when it leaves: the member it is for, and the private groups whose content it carries.

-- audience_member is the member (members.id) a message to a person is for; NULL for group
-- posts and for replies to a command, which go as they were queued. A row with an audience
-- member leaves only while she is still that member under the row's chat ID (a forgotten
-- member is gone) and, when audience_groups (a JSON array of group IDs, '' for none) names
-- private groups, while she is still in each of them. The sender asks just before sending:
-- someone who left a private group gets nothing more from it.
ALTER TABLE outbox ADD COLUMN audience_member INTEGER;
ALTER TABLE outbox ADD COLUMN audience_groups TEXT NOT NULL DEFAULT '';
