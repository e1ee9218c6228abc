-- 0011: which members ever wrote labbot a direct message, and which WhatsApp refused a first one to.

-- WhatsApp refuses many first messages to people who never wrote (error 463) and restricts
-- accounts that send many: labbot caps its direct messages a day to members with no
-- wrote_dm, and tells staff whom WhatsApp refused (refused_at), by name. A member who
-- asks to be forgotten takes her row with her. Kept by member, never by number.
-- Whether she wrote, never when: her first direct message may be her anonymous question,
-- and its time would point at her.
CREATE TABLE direct_contacts (
    member_id   INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    wrote_dm    INTEGER NOT NULL DEFAULT 0, -- 1 once she wrote labbot a direct message
    refused_at  INTEGER  -- the last first message to her that WhatsApp refused
);
CREATE INDEX direct_contacts_refused ON direct_contacts(refused_at) WHERE refused_at IS NOT NULL;
