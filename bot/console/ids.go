package console

import (
	"context"
	"errors"
	"strconv"
	"time"

	"labbot/store"
)

const (
	inReservedKey = "console.in_reserved"
	inReserveStep = 1000
)

// inIDs numbers the console's incoming messages past every number a run on
// this data directory gave out, a killed one's included: a number given
// again would pass for a redelivery. Handled messages are kept as hashes,
// so their IDs cannot be read back; numbers are reserved instead, a block
// at a time, in the data directory before they are given.
type inIDs struct {
	store          *store.Store
	last, reserved int64
}

func loadInIDs(ctx context.Context, st *store.Store) (*inIDs, error) {
	ids := &inIDs{store: st}
	v, err := st.State(ctx, inReservedKey)
	switch {
	case err == nil:
		ids.reserved, err = strconv.ParseInt(v, 10, 64)
		ids.last = ids.reserved
		return ids, err
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	// A directory used before numbers were reserved: start past any
	// number it can have given, by counting from the wall clock's seconds.
	if used, err := st.MaxMessageNumber(ctx, outPrefix); err != nil || used > 0 {
		ids.last, ids.reserved = time.Now().Unix(), time.Now().Unix()
		return ids, err
	}
	return ids, nil
}

// next is the next incoming message's ID.
func (ids *inIDs) next(ctx context.Context) (string, error) {
	ids.last++
	if ids.last > ids.reserved {
		ids.reserved = ids.last + inReserveStep
		if err := ids.store.SetState(ctx, inReservedKey, strconv.FormatInt(ids.reserved, 10)); err != nil {
			return "", err
		}
	}
	return inPrefix + strconv.FormatInt(ids.last, 10), nil
}
