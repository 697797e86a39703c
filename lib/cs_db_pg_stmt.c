/*
 * cs_db_pg_stmt.c - the statements of the PostgreSQL backend (see
 * cs_db_pg.c for the design): ?N rewritten to $N at prepare, values
 * bound as text, queries read through a server-side cursor FETCH_ROWS
 * rows at a time, and every statement inside a transaction run under a
 * savepoint so that its failure undoes only itself.
 */
#ifdef CS_HAVE_LIBPQ

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_db.h"
#include "cs_db_pg.h"
#include "cs_text.h"

struct cs_stmt *
cs_db_pg_prepare(struct cs_db *pdb, const char *sql)
{
	struct pg_db *db = (struct pg_db *)pdb;
	struct pg_stmt *st;
	int n;
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
	}
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

int
cs_db_pg_bind_int64(struct cs_stmt *pst, int idx, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return bind_value((struct pg_stmt *)pst, idx, cs_xstrdup(buf));
}

int
cs_db_pg_bind_double(struct cs_stmt *pst, int idx, double v)
{
	char buf[64], *comma;

	snprintf(buf, sizeof buf, "%.17g", v);
	if ((comma = strchr(buf, ',')) != NULL)
		*comma = '.';		/* a locale's decimal comma */
	return bind_value((struct pg_stmt *)pst, idx, cs_xstrdup(buf));
}

int
cs_db_pg_bind_null(struct cs_stmt *pst, int idx)
{
	return bind_value((struct pg_stmt *)pst, idx, NULL);
}

/* Runs st's SQL (prefixed by prefix) with its parameters; returns the result or NULL (error kept). */
static PGresult *
exec_params(struct pg_stmt *st, const char *prefix)
{
	struct pg_db *db = st->db;
	char *sql = st->sql;
	PGresult *res;

	if (prefix != NULL) {
		size_t n = strlen(prefix) + strlen(st->sql) + 1;

		sql = cs_xmalloc(n);
		snprintf(sql, n, "%s%s", prefix, st->sql);
	}
	res = PQexecParams(db->c, sql, st->nparams, NULL, (const char *const *)st->vals,
	    NULL, NULL, 0);
	if (sql != st->sql)
		free(sql);
	return cs_db_pg_result_ok(db, res) ? res : NULL;
}

/*
 * Ends the savepoint opened before a statement inside a transaction:
 * released when the statement succeeded, else rolled back to, so that
 * only the statement is undone; the statement's error is kept.
 */
static void
end_savepoint(struct pg_db *db, int ok)
{
	char state[6];
	char *msg;

	if (ok) {
		cs_db_pg_run(db, "RELEASE SAVEPOINT cs_stmt");
		return;
	}
	msg = cs_xstrdup(db->err ? db->err : "");
	memcpy(state, db->sqlstate, sizeof state);
	PQclear(PQexec(db->c, "ROLLBACK TO SAVEPOINT cs_stmt; RELEASE SAVEPOINT cs_stmt"));
	cs_db_pg_set_error(db, msg, state);
	free(msg);
}

/* Fetches the cursor's next rows into st->res; returns 0 on success. */
static int
fetch(struct pg_stmt *st)
{
	char sql[80];

	PQclear(st->res);
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", FETCH_ROWS, st->cursor);
	st->res = PQexec(st->db->c, sql);
	if (!cs_db_pg_result_ok(st->db, st->res)) {
		st->res = NULL;
		return -1;
	}
	st->nrows = PQntuples(st->res);
	st->row = 0;
	st->last = st->nrows < FETCH_ROWS;
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

/* Declares st's cursor and fetches its first rows; returns 0 on success. */
static int
open_cursor(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	char prefix[96];
	PGresult *res;

	st->hold = !cs_db_pg_in_transaction(db);
	st->txgen = db->txgen;
	snprintf(st->cursor, sizeof st->cursor, "cs_c%lu", ++db->ncursors);
	snprintf(prefix, sizeof prefix, "DECLARE %s NO SCROLL CURSOR %s FOR ", st->cursor,
	    st->hold ? "WITH HOLD" : "WITHOUT HOLD");
	if ((res = exec_params(st, prefix)) == NULL) {
		st->cursor[0] = '\0';
		return -1;
	}
	PQclear(res);
	return fetch(st);
}

/* Runs st, not a query: its rows, if any (RETURNING), are kept whole; returns 0 on success. */
static int
run_statement(struct pg_stmt *st)
{
	if ((st->res = exec_params(st, NULL)) == NULL)
		return -1;
	st->db->changes = atoi(PQcmdTuples(st->res));
	st->nrows = PQntuples(st->res);
	st->row = 0;
	st->last = 1;
	return 0;
}

/* Starts st: under a savepoint inside a transaction; returns 0 on success. */
static int
start(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	int guard = PQtransactionStatus(db->c) == PQTRANS_INTRANS, rc;

	if (guard && cs_db_pg_run(db, "SAVEPOINT cs_stmt") != 0)
		return -1;
	rc = st->query ? open_cursor(st) : run_statement(st);
	if (guard)
		end_savepoint(db, rc == 0);
	return rc;
}

int
cs_db_pg_reset(struct cs_stmt *pst)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;

	close_cursor(st);
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	st->started = 0;
	return 0;
}

enum cs_step
cs_db_pg_step(struct cs_stmt *pst)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;
	struct pg_db *db = st->db;

	if (st->bind_error != NULL) {	/* never run with a value missing */
		cs_db_pg_set_error(db, st->bind_error, NULL);
		return CS_STEP_ERROR;
	}
	if (st->started && st->res == NULL)	/* finished: run again, as SQLite does */
		cs_db_pg_reset(pst);
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

const char *
cs_db_pg_column_text(struct cs_stmt *pst, int col)
{
	const char *v = value((struct pg_stmt *)pst, col);

	return v != NULL ? v : "";
}

int
cs_db_pg_column_is_null(struct cs_stmt *pst, int col)
{
	return value((struct pg_stmt *)pst, col) == NULL;
}

void
cs_db_pg_finalize(struct cs_stmt *pst)
{
	struct pg_stmt *st = (struct pg_stmt *)pst;
	int i;

	cs_db_pg_reset(pst);
	for (i = 0; i < st->nparams; i++)
		free(st->vals[i]);
	free(st->vals);
	free(st->sql);
	free(st);
}

#endif
