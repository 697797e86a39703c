/*
 * cs_db_pg.h - what the two files of the PostgreSQL backend share
 * (cs_db_pg.c: connections, schema, transactions, snapshots;
 * cs_db_pg_stmt.c: statements).  Private to them; built with libpq only.
 */
#ifndef CS_DB_PG_H
#define CS_DB_PG_H

#include <pthread.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "cs_db_impl.h"

/* The rows a cursor fetches at a time: the memory bound of an open query. */
#define FETCH_ROWS 10000

struct pg_db {
	struct cs_db pub;		/* first: what cs_db.c dispatches on */
	PGconn *c;
	char *url;			/* as given, password and all: for workers only */
	char *shown;			/* the URL with its password masked, for messages */
	char *err;			/* the last failure's message */
	char sqlstate[6];		/* and its SQLSTATE, or "" */
	int version;			/* the schema version, as recognised */
	int writing;			/* holds the write lock (cs_db_begin) */
	int defer_fk;			/* foreign keys "off": deferred to commit */
	int changes;			/* rows the last data-changing statement changed */
	unsigned long txgen;		/* bumped when a transaction ends: its cursors are gone */
	unsigned long ncursors;		/* names the next cursor */

	/* The snapshot a run's workers read (cs_db_snapshot, cs_db_worker). */
	struct pg_db *parent;		/* a worker: the connection it came from */
	pthread_mutex_t mu;		/* guards what follows */
	char snap[64];			/* the exported snapshot's id, or "" */
	int have_snapshot;
	struct pg_db *spare[CS_DB_MAX_WORKERS];
	int nspare;
};

struct pg_stmt {
	struct cs_stmt pub;		/* first: what cs_db.c dispatches on */
	struct pg_db *db;
	char *sql;			/* with $N parameters */
	int nparams;
	char **vals;			/* the bound values as text; NULL: SQL NULL */
	Oid *types;			/* text for a number the SQL never uses, else unknown */
	const char *bind_error;		/* why the next step must fail, or NULL */
	int query;			/* read through a cursor */
	PGresult *res;			/* the rows in hand */
	int row, nrows;			/* the current row of res, and how many it has */
	int started;			/* ran since the last reset */
	int last;			/* res holds the last rows there are */
	char cursor[32];		/* the open cursor's name, or "" */
	int hold;			/* declared WITH HOLD (outside a transaction) */
	unsigned long txgen;		/* the transaction the cursor lives in */
	struct pg_db *owner;		/* a stream (cs_db_prepare_stream): the worker it
					   was prepared on, which gets its errors; db is the
					   stream's own connection, closed with it */
	int streaming;			/* a stream's rows are coming (single-row mode) */
};

/* Sets db's error to msg (NULL: the connection's) with sqlstate (NULL: none). */
void cs_db_pg_set_error(struct pg_db *db, const char *msg, const char *sqlstate);

/* Returns nonzero when res succeeded (a command or rows); else keeps its error and frees it. */
int cs_db_pg_result_ok(struct pg_db *db, PGresult *res);

/* Runs fixed SQL without parameters (one or more statements); returns 0 on success. */
int cs_db_pg_run(struct pg_db *db, const char *sql);

/* Returns nonzero when db is inside a transaction (even a failed one). */
int cs_db_pg_in_transaction(const struct pg_db *db);

/* cs_db_pg_stmt.c: the statement entries of the function table, each with its cs_db.h contract. */
struct cs_stmt *cs_db_pg_prepare(struct cs_db *pdb, const char *sql);
struct cs_stmt *cs_db_pg_prepare_stream(struct cs_db *pdb, const char *sql);
int cs_db_pg_bind_text(struct cs_stmt *pst, int idx, const char *s, size_t len);
int cs_db_pg_bind_int64(struct cs_stmt *pst, int idx, int64_t v);
int cs_db_pg_bind_double(struct cs_stmt *pst, int idx, double v);
int cs_db_pg_bind_null(struct cs_stmt *pst, int idx);
enum cs_step cs_db_pg_step(struct cs_stmt *pst);
int64_t cs_db_pg_column_int64(struct cs_stmt *pst, int col);
const char *cs_db_pg_column_text(struct cs_stmt *pst, int col);
int cs_db_pg_column_is_null(struct cs_stmt *pst, int col);
int cs_db_pg_reset(struct cs_stmt *pst);
void cs_db_pg_finalize(struct cs_stmt *pst);
int64_t cs_db_pg_copy(struct cs_db *pdb, const char *sql, const char *data, size_t len);

#endif
