-- 0012: one person under her two WhatsApp identities; quotes addressed as the message arrived.

-- alt_id is a member's other user ID: her LID ("lid:…") when her row is keyed by her phone
-- number, learned when WhatsApp showed both. Rows first seen under either form are merged
-- into one (store/merge.go); forgetting her keeps the hash of both forms.
ALTER TABLE members ADD COLUMN alt_id TEXT;

-- quote_addr is the transport's address of the quoted message's sender, exactly as the
-- message arrived (on WhatsApp her @lid JID in a group that hides numbers): the quote shows
-- what the group already saw. quote_sender stays her user ID, which forgetting her matches.
ALTER TABLE outbox ADD COLUMN quote_addr TEXT NOT NULL DEFAULT '';
