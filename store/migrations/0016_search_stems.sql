-- 0016: search by meaning across the three languages (issue 15). items_fts
-- now holds the stems of each item's words (store/stems.go), written by Go:
-- the Go step of this migration (reindexAll, store/search_events.go)
-- writes every item's and event's entry again.

-- Events, found by !find as items are: the stems of the title and the
-- description. Contentless: the text lives in events; rowid is events.id.
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
