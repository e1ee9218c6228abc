-- 0015: find a member by her other user ID (her LID), as a message under it is handled.

-- A message can reach the core under a LID that labbot has already merged into a member
-- known by number (the adapter converted it just before the merge): it is handled as hers.
-- One LID is one person's: a merge takes it from any other row first (a number she left).
CREATE UNIQUE INDEX members_alt ON members(alt_id) WHERE alt_id IS NOT NULL;
