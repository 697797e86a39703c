/*
 * cs_db_pg_stmt.c - the statements of the PostgreSQL backend (see
 * cs_db_pg.c for the design): ?N rewritten to $N at prepare, values
 * bound as text, queries read through a server-side cursor FETCH_ROWS
 * rows at a time, and every statement inside a transaction run under a
 * savepoint so that its failure undoes only itself.  A stream
 * (cs_db_prepare_stream) runs alone on a connection of its own, its
 * rows coming one at a time (libpq's single-row mode).
 */
#ifdef CS_HAVE_LIBPQ

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_db.h"
#include "cs_db_pg.h"
#include "cs_text.h"

/* The type oid of text (pg_type.h), for parameters the SQL does not use. */
#define TEXT_OID 25

/* cs_db_prepare: ?N rewritten to $N; nothing is sent to the server until the first step. */
struct cs_stmt *
cs_db_pg_prepare(struct cs_db *pdb, const char *sql)
{
	struct pg_db *db = (struct pg_db *)pdb;
	struct pg_stmt *st;
	int n, i;
	char *text = cs_db_pg_params(sql, &n);

	if (text == NULL) {
		cs_db_pg_set_error(db, "a parameter number is out of range", NULL);
		return NULL;
	}
	st = cs_xmalloc(sizeof *st);
	memset(st, 0, sizeof *st);
	st->pub.ops = pdb->ops;
	st->db = db;
	st->sql = text;
	st->nparams = n;
	st->query = cs_db_pg_is_query(text);
	if (n > 0) {
		st->vals = cs_xmalloc((size_t)n * sizeof *st->vals);
		memset(st->vals, 0, (size_t)n * sizeof *st->vals);
		st->types = cs_xmalloc((size_t)n * sizeof *st->types);
		for (i = 0; i < n; i++)
			st->types[i] = cs_db_pg_param_used(text, i + 1) ? 0 : TEXT_OID;
	}
	return &st->pub;
}

/*
 * cs_db_prepare_stream: on a worker, the statement prepared on a worker
 * connection of its own (a spare, or a new one reading the same
 * snapshot); anywhere else, where the program's own writes must be
 * seen, a statement as cs_db_prepare's.
 */
struct cs_stmt *
cs_db_pg_prepare_stream(struct cs_db *pdb, const char *sql)
{
	struct pg_db *db = (struct pg_db *)pdb;
	struct cs_db *own;
	struct pg_stmt *st;
	char err[512];

	if (db->parent == NULL || !cs_db_pg_is_query(sql))
		return cs_db_pg_prepare(pdb, sql);
	if ((own = cs_db_worker(pdb, err, sizeof err)) == NULL) {
		cs_db_pg_set_error(db, err, NULL);
		return NULL;
	}
	if ((st = (struct pg_stmt *)cs_db_pg_prepare(own, sql)) == NULL) {
		cs_db_pg_set_error(db, cs_db_errmsg(own), NULL);
		cs_db_close(own);
		return NULL;
	}
	st->owner = db;
	return &st->pub;
}

/* Stores v (owned; NULL for SQL NULL) as parameter idx; returns 0, or -1 (the step will fail). */
static int
bind_value(struct pg_stmt *st, int idx, char *v)
{
	if (idx < 1 || idx > st->nparams) {
		free(v);
		if (st->bind_error == NULL)
			st->bind_error = "column index out of range";
		return -1;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = v;
	return 0;
}

/* cs_stmt_bind_text: a copy of s[0..len), sent as text. */
int
cs_db_pg_bind_text(struct cs_stmt *pst, int idx, const char *s, size_t len)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;
	char *v;

	if (len > (size_t)INT32_MAX) {
		if (st->bind_error == NULL)
			st->bind_error = "string or blob too big";
		return -1;
	}
	v = cs_xmalloc(len + 1);
	memcpy(v, s, len);
	v[len] = '\0';
	return bind_value(st, idx, v);
}

/* cs_stmt_bind_int64: sent as decimal text. */
int
cs_db_pg_bind_int64(struct cs_stmt *pst, int idx, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return bind_value((struct pg_stmt *)pst, idx, cs_xstrdup(buf));
}

/* cs_stmt_bind_double: sent as text with 17 significant digits, a point for decimals. */
int
cs_db_pg_bind_double(struct cs_stmt *pst, int idx, double v)
{
	char buf[64], *comma;

	snprintf(buf, sizeof buf, "%.17g", v);
	if ((comma = strchr(buf, ',')) != NULL)
		*comma = '.';		/* a locale's decimal comma */
	return bind_value((struct pg_stmt *)pst, idx, cs_xstrdup(buf));
}

/* cs_stmt_bind_null: SQL NULL. */
int
cs_db_pg_bind_null(struct cs_stmt *pst, int idx)
{
	return bind_value((struct pg_stmt *)pst, idx, NULL);
}

/*
 * Rolls back to the savepoint of a statement that failed inside a
 * transaction, so that only the statement is undone; keeps its error.
 */
static void
end_savepoint(struct pg_db *db)
{
	char state[6];
	char *msg = cs_xstrdup(db->err ? db->err : "");

	memcpy(state, db->sqlstate, sizeof state);
	PQclear(PQexec(db->c, "ROLLBACK TO SAVEPOINT cs_stmt; RELEASE SAVEPOINT cs_stmt"));
	cs_db_pg_set_error(db, msg, state);
	free(msg);
}

/* Sends sql, with st's parameters when params, in pipeline mode; returns nonzero when sent. */
static int
send(struct pg_stmt *st, const char *sql, int params)
{
	return PQsendQueryParams(st->db->c, sql, params ? st->nparams : 0,
	    params ? st->types : NULL,
	    params ? (const char *const *)st->vals : NULL, NULL, NULL, 0);
}

/*
 * Reads the results of one query sent in pipeline mode: returns its
 * result when it succeeded, else NULL, keeping the first error as db's
 * (*failed set).
 */
static PGresult *
collect(struct pg_db *db, int *failed)
{
	PGresult *r, *keep = NULL;

	while ((r = PQgetResult(db->c)) != NULL) {
		ExecStatusType s = PQresultStatus(r);

		if ((s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) && keep == NULL)
			keep = r;
		else if (s != PGRES_PIPELINE_ABORTED && s != PGRES_COMMAND_OK &&
		    s != PGRES_TUPLES_OK && !*failed) {
			*failed = 1;
			cs_db_pg_set_error(db, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
			    PQresultErrorField(r, PG_DIAG_SQLSTATE));
			PQclear(r);
		} else
			PQclear(r);
	}
	return keep;
}

/*
 * Runs in one round trip (libpq's pipeline mode) sql with st's
 * parameters, then then (when not NULL, without parameters), and when
 * guard (inside a transaction) SAVEPOINT cs_stmt before them and
 * RELEASE SAVEPOINT cs_stmt after.  Returns 0 with sql's and then's
 * results in res[0] and res[1]; on a failure rolls back to the
 * savepoint, so that only this statement is undone, and returns -1 with
 * the statement's error kept.
 */
static int
pipelined(struct pg_stmt *st, const char *sql, const char *then, int guard, PGresult *res[2])
{
	struct pg_db *db = st->db;
	PGresult *r;
	int failed = 0, ok;

	if (!PQenterPipelineMode(db->c)) {
		cs_db_pg_set_error(db, NULL, NULL);
		return -1;
	}
	ok = (!guard || send(st, "SAVEPOINT cs_stmt", 0)) && send(st, sql, 1) &&
	    (then == NULL || send(st, then, 0)) &&
	    (!guard || send(st, "RELEASE SAVEPOINT cs_stmt", 0)) && PQpipelineSync(db->c);
	if (!ok) {
		cs_db_pg_set_error(db, NULL, NULL);
		failed = 1;
	} else {
		if (guard)
			PQclear(collect(db, &failed));
		res[0] = collect(db, &failed);
		res[1] = then != NULL ? collect(db, &failed) : NULL;
		if (guard)
			PQclear(collect(db, &failed));
		while ((r = PQgetResult(db->c)) != NULL && PQresultStatus(r) != PGRES_PIPELINE_SYNC)
			PQclear(r);
		PQclear(r);
	}
	PQexitPipelineMode(db->c);
	if (!failed)
		return 0;
	PQclear(res[0]);
	PQclear(res[1]);
	res[0] = res[1] = NULL;
	if (guard)
		end_savepoint(db);
	return -1;
}

/* Makes res st's rows in hand: whole (all there are), or a cursor's batch. */
static void
take_rows(struct pg_stmt *st, PGresult *res, int whole)
{
	PQclear(st->res);
	st->res = res;
	st->nrows = PQntuples(res);
	st->row = 0;
	st->last = whole || st->nrows < FETCH_ROWS;
}

/* Fetches the cursor's next rows into st->res; returns 0 on success. */
static int
fetch(struct pg_stmt *st)
{
	char sql[80];
	PGresult *res;

	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", FETCH_ROWS, st->cursor);
	res = PQexec(st->db->c, sql);
	if (!cs_db_pg_result_ok(st->db, res))
		return -1;
	take_rows(st, res, 0);
	return 0;
}

/* Closes st's cursor, if it is still open on the server. */
static void
close_cursor(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	char sql[48];

	if (st->cursor[0] == '\0')
		return;
	if (st->hold || (st->txgen == db->txgen &&
	    PQtransactionStatus(db->c) == PQTRANS_INTRANS)) {
		snprintf(sql, sizeof sql, "CLOSE %s", st->cursor);
		PQclear(PQexec(db->c, sql));
	}
	st->cursor[0] = '\0';
}

/*
 * Names a new cursor for st (WITH HOLD outside a transaction) and
 * returns the DECLARE of st's SQL (free it); stores its first FETCH in
 * fetch_sql[0..len).
 */
static char *
declare(struct pg_stmt *st, char *fetch_sql, size_t len)
{
	struct pg_db *db = st->db;
	size_t n = strlen(st->sql) + 96;
	char *sql = cs_xmalloc(n);

	st->hold = !cs_db_pg_in_transaction(db);
	st->txgen = db->txgen;
	snprintf(st->cursor, sizeof st->cursor, "cs_c%lu", ++db->ncursors);
	snprintf(sql, n, "DECLARE %s NO SCROLL CURSOR %s FOR %s", st->cursor,
	    st->hold ? "WITH HOLD" : "WITHOUT HOLD", st->sql);
	snprintf(fetch_sql, len, "FETCH FORWARD %d FROM %s", FETCH_ROWS, st->cursor);
	return sql;
}

/*
 * Starts st: a query declares its cursor and fetches the first rows, any
 * other statement runs and keeps its result whole (RETURNING rows);
 * inside a transaction under a savepoint; in one round trip.  Returns 0
 * on success.
 */
static int
start(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	PGresult *res[2] = { NULL, NULL };
	char fetch_sql[80];
	char *sql = st->query ? declare(st, fetch_sql, sizeof fetch_sql) : st->sql;
	const char *then = st->query ? fetch_sql : NULL;
	int rc;

	rc = pipelined(st, sql, then, PQtransactionStatus(db->c) == PQTRANS_INTRANS, res);
	if (sql != st->sql)
		free(sql);
	if (rc != 0) {
		if (st->hold)
			close_cursor(st);	/* declared, not fetched */
		st->cursor[0] = '\0';
		return -1;
	}
	if (st->query) {
		PQclear(res[0]);
		take_rows(st, res[1], 0);
	} else {
		db->changes = atoi(PQcmdTuples(res[0]));
		take_rows(st, res[0], 1);
	}
	return 0;
}

/* Reads and drops what is left of a stream's results; cancels the query first when cancel. */
static void
drain_stream(struct pg_stmt *st, int cancel)
{
	PGcancel *k;
	PGresult *r;
	char err[256];

	if (!st->streaming)
		return;
	if (cancel && (k = PQgetCancel(st->db->c)) != NULL) {
		PQcancel(k, err, sizeof err);
		PQfreeCancel(k);
	}
	while ((r = PQgetResult(st->db->c)) != NULL)
		PQclear(r);
	st->streaming = 0;
}

/* Passes the stream connection's error to the worker it serves; returns the step's result. */
static enum cs_step
stream_failed(struct pg_stmt *st)
{
	cs_db_pg_set_error(st->owner, st->db->err, st->db->sqlstate);
	return cs_db_pg_step_result(st->db->sqlstate);
}

/* Steps a stream: sends the query the first time, then takes its rows one by one. */
static enum cs_step
step_stream(struct pg_stmt *st)
{
	PGresult *r;
	int ok;

	PQclear(st->res);
	st->res = NULL;
	st->nrows = 0;
	if (!st->started) {
		st->started = 1;
		if (!send(st, st->sql, 1) || !PQsetSingleRowMode(st->db->c)) {
			cs_db_pg_set_error(st->db, NULL, NULL);
			return stream_failed(st);
		}
		st->streaming = 1;
	}
	if (!st->streaming)
		return CS_STEP_DONE;
	r = PQgetResult(st->db->c);
	if (r != NULL && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
		st->res = r;
		st->nrows = 1;
		st->row = 0;
		return CS_STEP_ROW;
	}
	if ((ok = r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK))
		PQclear(r);
	else if (r != NULL)
		cs_db_pg_result_ok(st->db, r);	/* keeps the error, frees r */
	else
		cs_db_pg_set_error(st->db, NULL, NULL);
	drain_stream(st, 0);
	return ok ? CS_STEP_DONE : stream_failed(st);
}

/* cs_stmt_reset: closes the cursor, drops the rows in hand; the values stay bound. */
int
cs_db_pg_reset(struct cs_stmt *pst)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;

	drain_stream(st, 0);
	close_cursor(st);
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	st->started = 0;
	return 0;
}

/* cs_stmt_step: starts the statement, then reads its rows, fetching the next batch as needed. */
enum cs_step
cs_db_pg_step(struct cs_stmt *pst)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;
	struct pg_db *db = st->db;

	if (st->bind_error != NULL) {	/* never run with a value missing */
		cs_db_pg_set_error(st->owner != NULL ? st->owner : db, st->bind_error, NULL);
		return CS_STEP_ERROR;
	}
	if (st->started && st->res == NULL)	/* finished: run again, as SQLite does */
		cs_db_pg_reset(pst);
	if (st->owner != NULL)
		return step_stream(st);
	if (!st->started) {
		st->started = 1;
		if (start(st) != 0)
			return cs_db_pg_step_result(db->sqlstate);
		st->row = -1;
	}
	if (++st->row >= st->nrows && !st->last && fetch(st) != 0)
		return CS_STEP_ERROR;
	if (st->row < st->nrows)
		return CS_STEP_ROW;
	close_cursor(st);
	PQclear(st->res);
	st->res = NULL;
	return CS_STEP_DONE;
}

/* Returns the current row's column col, or NULL (SQL NULL, no row, no such column). */
static const char *
value(struct pg_stmt *st, int col)
{
	if (st->res == NULL || st->row < 0 || st->row >= st->nrows || col < 0 ||
	    col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

/* cs_stmt_int64: the value as a number (a boolean as 1 or 0; 0 for NULL). */
int64_t
cs_db_pg_column_int64(struct cs_stmt *pst, int col)
{
	const char *v = value((struct pg_stmt *)pst, col);

	if (v == NULL)
		return 0;
	if (strcmp(v, "t") == 0 || strcmp(v, "f") == 0)	/* a boolean */
		return *v == 't';
	return strtoll(v, NULL, 10);
}

/* cs_stmt_text: the value as text, "" for NULL. */
const char *
cs_db_pg_column_text(struct cs_stmt *pst, int col)
{
	const char *v = value((struct pg_stmt *)pst, col);

	return v != NULL ? v : "";
}

/* cs_stmt_is_null: the value is NULL (or there is no such column or row). */
int
cs_db_pg_column_is_null(struct cs_stmt *pst, int col)
{
	return value((struct pg_stmt *)pst, col) == NULL;
}

/* cs_stmt_finalize: resets and frees the statement. */
void
cs_db_pg_finalize(struct cs_stmt *pst)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;
	int i;

	drain_stream(st, 1);	/* its connection goes: no need to read it all */
	cs_db_pg_reset(pst);
	for (i = 0; i < st->nparams; i++)
		free(st->vals[i]);
	free(st->vals);
	free(st->types);
	free(st->sql);
	if (st->owner != NULL)
		cs_db_close(&st->db->pub);
	free(st);
}

/*
 * cs_db_copy: COPY ... FROM STDIN with data as its input, under a
 * savepoint inside a transaction (a failure undoes only the copy).
 */
int64_t
cs_db_pg_copy(struct cs_db *pdb, const char *sql, const char *data, size_t len)
{
	struct pg_db *db = (struct pg_db *)pdb;
	int guard = PQtransactionStatus(db->c) == PQTRANS_INTRANS, ok;
	PGresult *res;
	int64_t n = -1;

	if (guard && cs_db_pg_run(db, "SAVEPOINT cs_copy") != 0)
		return -1;
	res = PQexec(db->c, sql);
	if ((ok = PQresultStatus(res) == PGRES_COPY_IN))
		PQclear(res);
	else
		cs_db_pg_result_ok(db, res);	/* keeps the error, frees res */
	if (ok) {
		ok = (len == 0 || PQputCopyData(db->c, data, (int)len) == 1) &&
		    PQputCopyEnd(db->c, NULL) == 1;
		if (!ok)
			PQputCopyEnd(db->c, "cs: could not send the rows");
		while ((res = PQgetResult(db->c)) != NULL) {
			if (PQresultStatus(res) == PGRES_COMMAND_OK) {
				n = strtoll(PQcmdTuples(res), NULL, 10);
				PQclear(res);
			} else {
				cs_db_pg_result_ok(db, res);	/* frees res */
				n = -1;
			}
		}
		if (!ok)
			n = -1;
	}
	if (guard)
		cs_db_pg_run(db, n >= 0 ? "RELEASE SAVEPOINT cs_copy" :
		    "ROLLBACK TO SAVEPOINT cs_copy; RELEASE SAVEPOINT cs_copy");
	return n;
}

#endif
