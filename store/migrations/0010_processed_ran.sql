-- 0010: a handled message says whether labbot ran it.

-- ran is 1 when labbot ran the command (it replied, or saved what it shared), and 0 when it set
-- it aside unanswered because it was too old (limits.max_command_age). Only a message labbot ran
-- counts as handled: an edit that turns a message labbot set aside (or never took for a command)
-- into a command is run, once; an edit of a command labbot ran never is. Rows from before this
-- migration were all written with a reply or a saved item: they were run.
ALTER TABLE processed_messages ADD COLUMN ran INTEGER NOT NULL DEFAULT 1;
