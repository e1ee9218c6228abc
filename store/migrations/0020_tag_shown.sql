-- 0020: a tag keeps the form she wrote it in (#santé), to show; tag stays
-- folded (sante), to match however it is typed (issue 16). Tags saved
-- before keep only their folded form, and show it.
ALTER TABLE item_tags ADD COLUMN shown TEXT NOT NULL DEFAULT '';
