-- Issue 15: the digest asks each group for translations of the week's items that have none in its
-- language. It reads the translations written since the week began (a translation is never older
-- than its item) by this index, instead of looking up each of the week's items in translations.
CREATE INDEX translations_created ON translations (created_at);
