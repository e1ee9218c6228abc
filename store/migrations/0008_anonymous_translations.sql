-- 0008: a translation written by the anonymous asker of its item is credited to nobody:
-- it keeps no translator, and says so, so that it reads as "a member", not "a former member".
ALTER TABLE translations ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
