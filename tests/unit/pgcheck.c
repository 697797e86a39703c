/*
 * pgcheck.c - bin/cs-pgcheck, the checks of the database interface that
 * need a server, run by tests/55-pg-backend.t against a throwaway
 * PostgreSQL (they run on a SQLite file as well):
 *
 *	cs-pgcheck DB CHECK
 *
 * Each CHECK prints what it saw on standard output (the test compares
 * it) and exits 0, or 1 after a message on standard error.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_db.h"

/* Prints "pgcheck: what: message" for db and returns 1. */
static int
fail(struct cs_db *db, const char *what)
{
	fprintf(stderr, "pgcheck: %s: %s\n", what, db ? cs_db_errmsg(db) : "");
	return 1;
}

/* Runs fixed SQL through a statement to its end; returns its last step. */
static enum cs_step
exec1(struct cs_db *db, const char *sql)
{
	struct cs_stmt *st = cs_db_prepare(db, sql);
	enum cs_step r;

	if (st == NULL)
		return CS_STEP_ERROR;
	while ((r = cs_stmt_step(st)) == CS_STEP_ROW)
		;
	cs_stmt_finalize(st);
	return r;
}

/* Prints the count of rows of table t (fixed name) as "label N"; returns 0 on success. */
static int
print_count(struct cs_db *db, const char *label, const char *sql)
{
	int64_t n;

	if (cs_db_query_int64(db, sql, &n) != 0)
		return fail(db, label);
	printf("%s %lld\n", label, (long long)n);
	return 0;
}

/* Opens path with flags, printing the version or the refusal. */
static int
check_open(const char *path, int flags)
{
	char err[512];
	struct cs_db *db = cs_db_open(path, flags, err, sizeof err);

	if (db == NULL) {
		printf("refused: %s\n", err);
		return 0;
	}
	printf("version %d dialect %s\n", cs_db_schema_version(db),
	    cs_db_dialect(db) == CS_DIALECT_PG ? "pg" : "sqlite");
	cs_db_close(db);
	return 0;
}

/* Inserts key k into t inside the open transaction; prints the step's result. */
static void
insert_key(struct cs_db *db, struct cs_stmt *st, const char *k, int v)
{
	static const char *const names[] = { "row", "done", "duplicate", "constraint", "error" };
	enum cs_step r;

	cs_stmt_bind_str(st, 1, k);
	cs_stmt_bind_int64(st, 2, v);
	r = cs_stmt_step(st);
	cs_stmt_reset(st);
	printf("insert %s %d: %s changes %d\n", k, v, names[r],
	    r == CS_STEP_DONE ? cs_db_changes(db) : 0);
}

/* A refused row inside a transaction: duplicate, constraint, and the transaction goes on. */
static int
check_refused(struct cs_db *db)
{
	struct cs_stmt *st;

	if (exec1(db, "CREATE TABLE t (k text PRIMARY KEY, v integer CHECK (v >= 0))") !=
	    CS_STEP_DONE || cs_db_begin(db) != 0)
		return fail(db, "create");
	if ((st = cs_db_prepare(db, "INSERT INTO t (k, v) VALUES (?1, ?2)")) == NULL)
		return fail(db, "prepare");
	insert_key(db, st, "a", 1);
	insert_key(db, st, "a", 2);
	insert_key(db, st, "b", -1);
	insert_key(db, st, "b", 2);
	cs_stmt_finalize(st);
	if (cs_db_commit(db) != 0)
		return fail(db, "commit");
	return print_count(db, "committed", "SELECT count(*) FROM t");
}

/*
 * Two queries of 2500 rows stepped in turn on one connection, a write
 * between their steps, inside a transaction (in_tx) or not.
 */
static int
check_interleave(struct cs_db *db, int in_tx)
{
	const char *q = "SELECT x FROM generate_series(1, 2500) AS g(x) ORDER BY x";
	struct cs_stmt *a, *b, *w;
	int64_t sum = 0, n = 0;
	enum cs_step ra = CS_STEP_ROW, rb = CS_STEP_ROW;

	if (exec1(db, "CREATE TABLE IF NOT EXISTS w (x integer)") != CS_STEP_DONE ||
	    (in_tx && cs_db_begin(db) != 0))
		return fail(db, "setup");
	a = cs_db_prepare(db, q);
	b = cs_db_prepare(db, "SELECT x * 2 FROM generate_series(1, 2500) AS g(x) ORDER BY x");
	w = cs_db_prepare(db, "INSERT INTO w (x) VALUES (?)");
	if (a == NULL || b == NULL || w == NULL)
		return fail(db, "prepare");
	while (ra == CS_STEP_ROW && rb == CS_STEP_ROW) {
		if ((ra = cs_stmt_step(a)) != CS_STEP_ROW || (rb = cs_stmt_step(b)) != CS_STEP_ROW)
			break;
		if (cs_stmt_int64(b, 0) != 2 * cs_stmt_int64(a, 0))
			return fail(db, "rows out of step");
		sum += cs_stmt_int64(a, 0);
		n++;
		if (n % 500 == 0) {
			cs_stmt_bind_int64(w, 1, n);
			if (cs_stmt_step(w) != CS_STEP_DONE)
				return fail(db, "write between steps");
			cs_stmt_reset(w);
		}
	}
	printf("rows %lld sum %lld ends %d %d\n", (long long)n, (long long)sum, ra, cs_stmt_step(b));
	cs_stmt_finalize(a);
	cs_stmt_finalize(b);
	cs_stmt_finalize(w);
	if (in_tx && cs_db_commit(db) != 0)
		return fail(db, "commit");
	return 0;
}

/* Parameters among literals, identifiers and comments. */
static int
check_params(struct cs_db *db)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT ?2 || '?1 ''?''' || \"x?\" || ?1 -- ?3\n"
	    " FROM (SELECT '-' AS \"x?\") AS s WHERE CAST(? AS text) IS NULL");

	if (st == NULL)
		return fail(db, "prepare");
	cs_stmt_bind_str(st, 1, "one");
	cs_stmt_bind_str(st, 2, "two");
	cs_stmt_bind_null(st, 3);
	if (cs_stmt_step(st) != CS_STEP_ROW)
		return fail(db, "step");
	printf("%s\n", cs_stmt_text(st, 0));
	cs_stmt_finalize(st);
	/* A number bound but never used (SQLite allows it). */
	if ((st = cs_db_prepare(db, "SELECT ?1 || ?3")) == NULL)
		return fail(db, "prepare");
	cs_stmt_bind_str(st, 1, "a");
	cs_stmt_bind_int64(st, 2, 2);
	cs_stmt_bind_str(st, 3, "c");
	if (cs_stmt_step(st) != CS_STEP_ROW)
		return fail(db, "step");
	printf("%s\n", cs_stmt_text(st, 0));
	cs_stmt_finalize(st);
	return 0;
}

/* Holds the write lock in one connection and asks for it in another: busy after the timeout. */
static int
check_busy(const char *path)
{
	char err[512];
	struct cs_db *a = cs_db_open(path, 0, err, sizeof err), *b;
	struct timespec t0, t1;
	int rc;

	if (a == NULL || (b = cs_db_open(path, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "pgcheck: %s\n", err);
		return 1;
	}
	if (cs_db_begin(a) != 0)
		return fail(a, "begin");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = cs_db_begin(b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("second begin %s busy %d after %s1s\n", rc == 0 ? "succeeded" : "failed",
	    cs_db_is_busy(b), t1.tv_sec - t0.tv_sec >= 1 ? ">=" : "<");
	cs_db_rollback(a);
	printf("after release %s\n", cs_db_begin(b) == 0 ? "begins" : cs_db_errmsg(b));
	cs_db_rollback(b);
	cs_db_close(b);
	cs_db_close(a);
	return 0;
}

/* A worker thread: counts t's rows on a connection of its own. */
struct worker {
	struct cs_db *db;
	int64_t n;
	char err[256];
};

/* The worker thread's body: w->n, or -1 with w->err. */
static void *
count_rows(void *arg)
{
	struct worker *w = arg;
	struct cs_db *c = cs_db_worker(w->db, w->err, sizeof w->err);

	w->n = -1;
	if (c != NULL && cs_db_query_int64(c, "SELECT count(*) FROM t", &w->n) != 0)
		snprintf(w->err, sizeof w->err, "%s", cs_db_errmsg(c));
	cs_db_close(c);
	return NULL;
}

/*
 * A worker thread whose stream (cs_db_prepare_stream) counts t's rows,
 * while its own connection answers a query in the middle: w->n is
 * "rows" only when both agree, else -1.
 */
static void *
count_streamed(void *arg)
{
	struct worker *w = arg;
	struct cs_db *c = cs_db_worker(w->db, w->err, sizeof w->err);
	struct cs_stmt *st = c != NULL ? cs_db_prepare_stream(c, "SELECT k FROM t ORDER BY k") : NULL;
	int64_t rows = 0, n = -1;
	enum cs_step rc = CS_STEP_ERROR;

	w->n = -1;
	while (st != NULL && (rc = cs_stmt_step(st)) == CS_STEP_ROW)
		if (rows++ == 0 && cs_db_query_int64(c, "SELECT count(*) FROM t", &n) != 0)
			break;
	if (rc == CS_STEP_DONE && n == rows)
		w->n = rows;
	else if (c != NULL)
		snprintf(w->err, sizeof w->err, "%s (rows %lld, count %lld)", cs_db_errmsg(c),
		    (long long)rows, (long long)n);
	cs_stmt_finalize(st);
	cs_db_close(c);
	return NULL;
}

/* Runs n workers of db at once, each body(arg), and prints their counts. */
static void
run_workers_of(struct cs_db *db, const char *label, int n, void *(*body)(void *))
{
	struct worker w[3];
	pthread_t th[3];
	int i;

	for (i = 0; i < n; i++) {
		w[i].db = db;
		w[i].err[0] = '\0';
		pthread_create(&th[i], NULL, body, &w[i]);
	}
	printf("%s:", label);
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		printf(" %lld%s%s", (long long)w[i].n, w[i].err[0] ? " " : "", w[i].err);
	}
	printf("\n");
}

/* Runs n workers of db counting rows at once and prints their counts. */
static void
run_workers(struct cs_db *db, const char *label, int n)
{
	run_workers_of(db, label, n, count_rows);
}

/*
 * Workers read the snapshot of their leader: a row committed by another
 * connection after cs_db_snapshot, or written by the leader under the
 * write lock, is not seen; nor by their streams.
 */
static int
check_snapshot(const char *path)
{
	char err[512];
	struct cs_db *db = cs_db_open(path, 0, err, sizeof err), *other;

	if (db == NULL || (other = cs_db_open(path, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "pgcheck: %s\n", err);
		return 1;
	}
	if (cs_db_snapshot(db, 2, err, sizeof err) != 0) {
		fprintf(stderr, "pgcheck: %s\n", err);
		return 1;
	}
	if (exec1(other, "INSERT INTO t (k, v) VALUES ('s1', 1)") != CS_STEP_DONE)
		return fail(other, "insert");
	run_workers(db, "snapshot workers", 3);
	run_workers_of(db, "snapshot streams", 2, count_streamed);
	print_count(db, "leader", "SELECT count(*) FROM t");
	cs_db_snapshot_end(db);
	if (cs_db_begin(db) != 0 || exec1(db, "INSERT INTO t (k, v) VALUES ('s2', 1)") != CS_STEP_DONE)
		return fail(db, "write");
	run_workers(db, "writing workers", 2);
	run_workers_of(db, "writing streams", 2, count_streamed);
	print_count(db, "writer", "SELECT count(*) FROM t");
	cs_db_rollback(db);
	cs_db_close(other);
	cs_db_close(db);
	return 0;
}

/* Returns the milliseconds from a to b. */
static double
ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * A measure, not a test: n rows inserted one statement each in one
 * transaction, then read back by one query; prints the times.
 */
static int
check_bench(struct cs_db *db, int n)
{
	struct timespec t0, t1, t2;
	struct cs_stmt *st;
	char key[32];
	int64_t sum = 0;
	int i;

	if (exec1(db, "CREATE TABLE bench (k text PRIMARY KEY, v bigint)") != CS_STEP_DONE ||
	    cs_db_begin(db) != 0 || (st = cs_db_prepare(db, "INSERT INTO bench (k, v) VALUES (?1, ?2)")) == NULL)
		return fail(db, "setup");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "K%08d", i);
		cs_stmt_bind_str(st, 1, key);
		cs_stmt_bind_int64(st, 2, i);
		if (cs_stmt_step(st) != CS_STEP_DONE)
			return fail(db, "insert");
		cs_stmt_reset(st);
	}
	cs_stmt_finalize(st);
	if (cs_db_commit(db) != 0 || cs_db_begin(db) != 0 ||
	    (st = cs_db_prepare(db, "SELECT k, v FROM bench ORDER BY k")) == NULL)
		return fail(db, "commit");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	while (cs_stmt_step(st) == CS_STEP_ROW)
		sum += cs_stmt_int64(st, 1) + (int64_t)strlen(cs_stmt_text(st, 0));
	clock_gettime(CLOCK_MONOTONIC, &t2);
	cs_stmt_finalize(st);
	cs_db_rollback(db);
	printf("%d rows: insert %.0f ms (%.1f us a row), read %.0f ms (sum %lld)\n", n, ms(&t0, &t1),
	    ms(&t0, &t1) * 1e3 / n, ms(&t1, &t2), (long long)sum);
	for (i = 0; i < 1000; i++)
		if (cs_db_query_int64(db, "SELECT v FROM bench WHERE k = 'K00000001'", &sum) != 0)
			return fail(db, "query");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("1000 one-row queries outside a transaction: %.1f us each\n", ms(&t2, &t0));
	return 0;
}

int
main(int argc, char **argv)
{
	char err[512];
	struct cs_db *db;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: cs-pgcheck DB open|create|refused|interleave|params|busy|snapshot|bench\n");
		return 2;
	}
	if (strcmp(argv[2], "open") == 0)
		return check_open(argv[1], 0);
	if (strcmp(argv[2], "create") == 0)
		return check_open(argv[1], CS_DB_CREATE);
	if (strcmp(argv[2], "busy") == 0)
		return check_busy(argv[1]);
	if (strcmp(argv[2], "snapshot") == 0)
		return check_snapshot(argv[1]);
	if ((db = cs_db_open(argv[1], 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "pgcheck: %s\n", err);
		return 1;
	}
	if (strcmp(argv[2], "refused") == 0)
		rc = check_refused(db);
	else if (strcmp(argv[2], "interleave") == 0)
		rc = check_interleave(db, 0) || check_interleave(db, 1) ||
		    print_count(db, "written", "SELECT count(*) FROM w");
	else if (strcmp(argv[2], "params") == 0)
		rc = check_params(db);
	else if (strcmp(argv[2], "bench") == 0)
		rc = check_bench(db, 20000);
	else
		rc = 2;
	cs_db_close(db);
	return rc;
}
