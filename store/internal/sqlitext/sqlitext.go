// Package sqlitext holds the C labbot adds to SQLite: labrank, the search
// ranking (labrank.c), and the auto extension that sets every connection
// up. It is the only cgo in labbot, kept apart so the store reads as Go.
package sqlitext

/*
#cgo LDFLAGS: -lm

// The SQLite functions used here are compiled into the binary by
// github.com/mattn/go-sqlite3; only their declarations are repeated.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_api_routines sqlite3_api_routines;
int sqlite3_config(int, ...);
int sqlite3_db_config(sqlite3*, int, ...);
int sqlite3_auto_extension(void (*)(void));
char *sqlite3_mprintf(const char *, ...);
int labrank_register(sqlite3 *db); // labrank.c

enum {
	LABBOT_CONFIG_MEMSTATUS = 9,         // SQLITE_CONFIG_MEMSTATUS
	LABBOT_DBCONFIG_ENABLE_QPSG = 1007,  // SQLITE_DBCONFIG_ENABLE_QPSG
};

static int labbot_conn_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
	int rc = sqlite3_db_config(db, LABBOT_DBCONFIG_ENABLE_QPSG, 1, (int *)0);
	if (rc != 0) {
		*err = sqlite3_mprintf("labbot: planner stability guarantee: error %d", rc);
		return rc;
	}
	rc = labrank_register(db);
	if (rc != 0) {
		*err = sqlite3_mprintf("labbot: add the labrank search ranking: error %d", rc);
	}
	return rc;
}

// labbot_sqlite_setup fails only if the auto extension cannot be added:
// search needs labrank. Memory statistics are only a cost, and SQLite
// refuses to drop them once it is in use (then they stay).
static int labbot_sqlite_setup(void) {
	sqlite3_config(LABBOT_CONFIG_MEMSTATUS, 0);
	return sqlite3_auto_extension((void (*)(void))labbot_conn_init);
}
*/
import "C"

import (
	"fmt"

	_ "github.com/mattn/go-sqlite3" // the SQLite this package extends
)

// Register sets SQLite up for labbot. Call it before the first connection
// opens: the setup applies to connections opened after it.
//
//   - Every connection plans each statement once (the query planner
//     stability guarantee). Without it, SQLite 3.54 prepares a statement
//     again each time a LIMIT or a compared value is bound anew, and
//     go-sqlite3 clears the bindings of every cached statement: a search
//     compiled its SQL at every call (a seventh of the load test's CPU).
//   - Every connection's FTS5 gets labrank, the search ranking (labrank.c).
//   - SQLite keeps no memory statistics, which labbot never reads: keeping
//     them takes a process-wide lock on every allocation, which two
//     connections at work contend for.
//
// Calling it again is harmless, so every way into the database can call it
// and no flag need remember it was done: SQLite ignores an auto extension
// it already has, and turns memory statistics off only before it starts.
func Register() error {
	if rc := C.labbot_sqlite_setup(); rc != 0 {
		return fmt.Errorf("set up SQLite: error code %d", int(rc))
	}
	return nil
}
