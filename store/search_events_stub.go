package store

import "context"

// reindexEvent is provided by the search helper's branch (issue 15); this
// stub keeps the events branch building on its own. The lead deletes it at merge.
func reindexEvent(ctx context.Context, tx querier, eventID int64) error { return nil }
