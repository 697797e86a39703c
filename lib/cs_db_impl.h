/*
 * cs_db_impl.h - what the backends of the database interface share
 * with its dispatcher (cs_db.c); programs and the rest of lib/ include
 * only cs_db.h.  A backend's connection and statement structures begin
 * with struct cs_db and struct cs_stmt, whose ops table cs_db.c calls.
 */
#ifndef CS_DB_IMPL_H
#define CS_DB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "cs_db.h"

/* One backend: each entry has the contract of the cs_db.h call of the same name. */
struct cs_db_ops {
	void (*close)(struct cs_db *db);
	int (*snapshot)(struct cs_db *db, int n, char *err, size_t errlen);
	struct cs_db *(*worker)(struct cs_db *db, char *err, size_t errlen);
	void (*snapshot_end)(struct cs_db *db);
	const char *(*errmsg)(const struct cs_db *db);
	int (*is_memory)(const struct cs_db *db);
	int (*migrate)(struct cs_db *db);
	int (*schema_version)(struct cs_db *db);
	int (*begin)(struct cs_db *db);
	int (*is_busy)(const struct cs_db *db);
	int (*commit)(struct cs_db *db);
	void (*rollback)(struct cs_db *db);
	int (*set_foreign_keys)(struct cs_db *db, int on);
	int (*spill_to_disk)(struct cs_db *db);
	int (*tune_for_load)(struct cs_db *db, long cache_kib);
	struct cs_stmt *(*prepare)(struct cs_db *db, const char *sql);
	struct cs_stmt *(*prepare_stream)(struct cs_db *db, const char *sql);
					/* NULL: prepare (SQLite) */
	int (*bind_text)(struct cs_stmt *st, int idx, const char *s, size_t len);
	int (*bind_int64)(struct cs_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct cs_stmt *st, int idx, double v);
	int (*bind_null)(struct cs_stmt *st, int idx);
	enum cs_step (*step)(struct cs_stmt *st);
	int64_t (*column_int64)(struct cs_stmt *st, int col);
	const char *(*column_text)(struct cs_stmt *st, int col);
	int (*column_is_null)(struct cs_stmt *st, int col);
	int (*reset)(struct cs_stmt *st);
	void (*finalize)(struct cs_stmt *st);
	int (*changes)(struct cs_db *db);
	int64_t (*copy)(struct cs_db *db, const char *sql, const char *data, size_t len);
					/* NULL: not supported (SQLite) */
};

/* The head of every backend's connection. */
struct cs_db {
	const struct cs_db_ops *ops;
	enum cs_dialect dialect;
	int snapshot_open;	/* cs_db_snapshot until cs_db_snapshot_end (the dispatcher's) */
};

/* The head of every backend's statement. */
struct cs_stmt {
	const struct cs_db_ops *ops;
};

/* cs_db_sqlite.c: opens a SQLite file (the contract of cs_db.h's open). */
/*
 * Returns how long a writer waits for another's lock, in milliseconds:
 * $CS_LOCK_TIMEOUT seconds (0 to 86400), else 60 s.  Both backends.
 */
long cs_db_lock_timeout_ms(void);

struct cs_db *cs_db_sqlite_open(const char *path, int flags, char *err, size_t errlen);

/*
 * cs_db_pg.c: opens a PostgreSQL URL (same contract); without libpq
 * it only says that this build has no PostgreSQL support.
 */
struct cs_db *cs_db_pg_open(const char *url, int flags, char *err, size_t errlen);

/* cs_db_pgsql.c: the parts of the PostgreSQL backend that need no server. */

/*
 * Rewrites SQLite's parameters in sql for PostgreSQL: ?N becomes $N and
 * a bare ? the number after the highest so far, as SQLite numbers them;
 * nothing inside '...' or E'...' literals, "..." identifiers,
 * $tag$...$tag$ strings or comments is touched.  Returns a new string
 * (free it) and stores the highest parameter number in *nparams; NULL
 * when a number is out of range (1..65535).
 */
char *cs_db_pg_params(const char *sql, int *nparams);

/*
 * Returns nonzero when the rewritten sql uses parameter $n (outside
 * literals, identifiers and comments).  A parameter bound but not used
 * is sent as text, as the server cannot tell its type.
 */
int cs_db_pg_param_used(const char *sql, int n);

/* Maps a SQLSTATE to the result of a step that failed with it. */
enum cs_step cs_db_pg_step_result(const char *sqlstate);

/* Returns nonzero when a SQLSTATE means another session holds a lock (busy). */
int cs_db_pg_state_is_busy(const char *sqlstate);

/*
 * Copies url into out[0..outlen) with its password (user:PASSWORD@ and
 * password=PASSWORD in the query) replaced by "***", for messages.
 */
void cs_db_pg_mask_url(const char *url, char *out, size_t outlen);

/*
 * Copies libpq's message msg about connecting to url into out[0..outlen)
 * as one line: where it quotes url, url masked (cs_db_pg_mask_url);
 * where it quotes one of url's passwords alone ("PASSWORD", as a token
 * it could not decode), "***"; its line breaks, with the indent after
 * them, as "; " (none at the end).
 */
void cs_db_pg_connect_message(const char *msg, const char *url, char *out, size_t outlen);

/*
 * Returns nonzero when sql's first keyword (after spaces, comments and
 * opening parentheses) makes it a query for a cursor: SELECT, VALUES,
 * TABLE, or WITH without INSERT, UPDATE or DELETE.
 */
int cs_db_pg_is_query(const char *sql);

#endif
