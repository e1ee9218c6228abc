package store

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

// labbot_stable_conns counts the connections opened with the planner's
// stability guarantee on, for the tests.
static long labbot_stable_conns;

static int labbot_conn_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
	int on = 0;
	int rc = sqlite3_db_config(db, LABBOT_DBCONFIG_ENABLE_QPSG, 1, &on);
	if (rc == 0 && on == 1) {
		__atomic_add_fetch(&labbot_stable_conns, 1, __ATOMIC_SEQ_CST);
	}
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

static long labbot_stable_conns_now(void) {
	return __atomic_load_n(&labbot_stable_conns, __ATOMIC_SEQ_CST);
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

import "fmt"

// sqliteSetupErr is what setting SQLite up for labbot failed with, if it
// did; Open reports it.
var sqliteSetupErr error

// init sets SQLite up once, before any connection is opened:
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
func init() {
	if rc := C.labbot_sqlite_setup(); rc != 0 {
		sqliteSetupErr = fmt.Errorf("set up SQLite: error code %d", int(rc))
	}
}

// stableConns is how many connections have been opened with the planner's
// stability guarantee on.
func stableConns() int64 { return int64(C.labbot_stable_conns_now()) }
