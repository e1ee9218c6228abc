// labrank: the search ranking, an FTS5 auxiliary function.
//
// It is FTS5's own bm25() (ext/fts5/fts5_aux.c) with b = 0: each phrase's
// frequency in the row, weighted per column, saturates with k1 and is
// weighed by its IDF, but the row's length is left out. bm25() reads the
// length of every row it ranks from the docsize table, one lookup per
// row, and that took a quarter of the load test's CPU; the Lab's items are
// a few lines long, and how long matters little.
//
// The SQLite and FTS5 interfaces are compiled into the binary by
// github.com/mattn/go-sqlite3 (SQLite 3.54); only the declarations used
// here are repeated, in the order of sqlite3.h, whose layout is stable.

#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef long long sqlite3_int64;

int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
int sqlite3_bind_pointer(sqlite3_stmt *, int, void *, const char *, void (*)(void *));
int sqlite3_step(sqlite3_stmt *);
int sqlite3_finalize(sqlite3_stmt *);
double sqlite3_value_double(sqlite3_value *);
const unsigned char *sqlite3_value_text(sqlite3_value *);
int sqlite3_value_type(sqlite3_value *);
void sqlite3_result_double(sqlite3_context *, double);
void sqlite3_result_error_code(sqlite3_context *, int);
void *sqlite3_malloc64(unsigned long long);
void sqlite3_free(void *);

#define LABRANK_OK 0
#define LABRANK_ERROR 1
#define LABRANK_BUSY 5
#define LABRANK_LOCKED 6
#define LABRANK_NOMEM 7
#define LABRANK_TEXT 3

typedef struct Fts5Context Fts5Context;
typedef struct Fts5PhraseIter Fts5PhraseIter;
typedef struct Fts5ExtensionApi Fts5ExtensionApi;

// Fts5ExtensionApi up to the members labrank uses.
struct Fts5ExtensionApi {
	int iVersion;
	void *(*xUserData)(Fts5Context *);
	int (*xColumnCount)(Fts5Context *);
	int (*xRowCount)(Fts5Context *, sqlite3_int64 *pnRow);
	int (*xColumnTotalSize)(Fts5Context *, int iCol, sqlite3_int64 *pnToken);
	int (*xTokenize)(Fts5Context *, const char *pText, int nText, void *pCtx,
	                 int (*xToken)(void *, int, const char *, int, int, int));
	int (*xPhraseCount)(Fts5Context *);
	int (*xPhraseSize)(Fts5Context *, int iPhrase);
	int (*xInstCount)(Fts5Context *, int *pnInst);
	int (*xInst)(Fts5Context *, int iIdx, int *piPhrase, int *piCol, int *piOff);
	sqlite3_int64 (*xRowid)(Fts5Context *);
	int (*xColumnText)(Fts5Context *, int iCol, const char **pz, int *pn);
	int (*xColumnSize)(Fts5Context *, int iCol, int *pnToken);
	int (*xQueryPhrase)(Fts5Context *, int iPhrase, void *pUserData,
	                    int (*)(const Fts5ExtensionApi *, Fts5Context *, void *));
	int (*xSetAuxdata)(Fts5Context *, void *pAux, void (*xDelete)(void *));
	void *(*xGetAuxdata)(Fts5Context *, int bClear);
};

typedef void (*fts5_extension_function)(const Fts5ExtensionApi *, Fts5Context *,
                                        sqlite3_context *, int, sqlite3_value **);

// fts5_api up to xCreateFunction.
typedef struct fts5_api fts5_api;
struct fts5_api {
	int iVersion;
	void *xCreateTokenizer;
	void *xFindTokenizer;
	int (*xCreateFunction)(fts5_api *, const char *, void *, fts5_extension_function,
	                       void (*)(void *));
};

// labrank_data is worked out once per query, as bm25() does.
typedef struct {
	int nPhrase;
	double *aIDF;  // per phrase, times the phrase's weight
	double *aFreq; // per phrase, for the current row
} labrank_data;

// labrank_weigh multiplies each phrase's IDF by its weight, read from
// text: numbers apart by spaces, the first for phrase 0; a phrase past
// the last number, or a number that does not read as one, weighs 1.
static void labrank_weigh(labrank_data *p, const char *text) {
	for (int i = 0; text != 0 && i < p->nPhrase; i++) {
		char *end = 0;
		double w = strtod(text, &end);
		if (end == text) {
			return;
		}
		if (w >= 0.0) {
			p->aIDF[i] *= w;
		}
		text = end;
	}
}

static int labrank_count(const Fts5ExtensionApi *api, Fts5Context *fts, void *n) {
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)n)++;
	return LABRANK_OK;
}

static int labrank_data_for(const Fts5ExtensionApi *api, Fts5Context *fts, const char *weights,
                            labrank_data **out) {
	labrank_data *p = api->xGetAuxdata(fts, 0);
	int rc = LABRANK_OK;
	if (p == 0) {
		int nPhrase = api->xPhraseCount(fts);
		sqlite3_int64 nRow = 0;
		p = sqlite3_malloc64(sizeof(*p) + (unsigned long long)nPhrase * 2 * sizeof(double));
		if (p == 0) {
			return LABRANK_NOMEM;
		}
		memset(p, 0, sizeof(*p) + (size_t)nPhrase * 2 * sizeof(double));
		p->nPhrase = nPhrase;
		p->aIDF = (double *)&p[1];
		p->aFreq = &p->aIDF[nPhrase];
		rc = api->xRowCount(fts, &nRow);
		for (int i = 0; rc == LABRANK_OK && i < nPhrase; i++) {
			sqlite3_int64 nHit = 0;
			rc = api->xQueryPhrase(fts, i, &nHit, labrank_count);
			if (rc == LABRANK_OK) {
				double idf = log((nRow - nHit + 0.5) / (nHit + 0.5));
				p->aIDF[i] = idf > 0.0 ? idf : 1e-6;
			}
		}
		if (rc == LABRANK_OK) {
			labrank_weigh(p, weights);
			rc = api->xSetAuxdata(fts, p, sqlite3_free);
		} else {
			sqlite3_free(p);
		}
		if (rc != LABRANK_OK) {
			return rc;
		}
	}
	*out = p;
	return rc;
}

// labrank(items_fts, w0, w1, ..., 'p0 p1 ...'): the row's score, lower is
// better (as bm25's), with column i weighted wi (1 when not given) and,
// when the last argument is text, phrase j of the query weighted pj (1
// when not given): a search weighs the words a glossary added below
// those typed.
static void labrank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nVal, sqlite3_value **apVal) {
	const double k1 = 1.2;
	labrank_data *p = 0;
	int nInst = 0;
	const char *weights = 0;
	if (nVal > 0 && sqlite3_value_type(apVal[nVal - 1]) == LABRANK_TEXT) {
		weights = (const char *)sqlite3_value_text(apVal[nVal - 1]);
		nVal--;
	}
	int rc = labrank_data_for(api, fts, weights, &p);
	if (rc == LABRANK_OK) {
		memset(p->aFreq, 0, sizeof(double) * p->nPhrase);
		rc = api->xInstCount(fts, &nInst);
	}
	for (int i = 0; rc == LABRANK_OK && i < nInst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc == LABRANK_OK) {
			p->aFreq[ip] += nVal > ic ? sqlite3_value_double(apVal[ic]) : 1.0;
		}
	}
	if (rc != LABRANK_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double score = 0.0;
	for (int i = 0; i < p->nPhrase; i++) {
		score += p->aIDF[i] * (p->aFreq[i] * (k1 + 1.0)) / (p->aFreq[i] + k1);
	}
	sqlite3_result_double(ctx, -score);
}

// labrank_retry reports whether rc is a passing failure (busy, locked, out
// of memory): the connection had better fail to open, and the next try
// get labrank, than live on without it.
static int labrank_retry(int rc) {
	int base = rc & 0xff;
	return base == LABRANK_BUSY || base == LABRANK_LOCKED || base == LABRANK_NOMEM;
}

// labrank_register adds labrank to db's FTS5. It fails only for a passing
// failure: without FTS5 (no fts5() function), or on a file that is not a
// database, the store says what is wrong when it opens.
int labrank_register(sqlite3 *db) {
	fts5_api *api = 0;
	sqlite3_stmt *stmt = 0;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0);
	if (rc != LABRANK_OK) {
		return labrank_retry(rc) ? rc : LABRANK_OK;
	}
	sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", 0);
	sqlite3_step(stmt);
	rc = sqlite3_finalize(stmt);
	if (rc != LABRANK_OK) {
		return labrank_retry(rc) ? rc : LABRANK_OK;
	}
	if (api == 0 || api->iVersion < 2) {
		return LABRANK_ERROR;
	}
	return api->xCreateFunction(api, "labrank", 0, labrank, 0);
}
