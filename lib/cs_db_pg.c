/*
 * cs_db_pg.c - the PostgreSQL backend of the cs database interface
 * (cs_db.h), through libpq; compiled in when the Makefile finds libpq
 * (CS_HAVE_LIBPQ), else a URL is refused with one message.
 *
 * How SQLite's behaviour is kept on a server:
 *
 * - Schema version: a table, cs_schema_version (cs_schema_pg.h), not
 *   PRAGMA user_version.  An empty database (no table in the current
 *   schema) gets cs_schema_pg_create()'s statements in one transaction
 *   when the open asks for CS_DB_CREATE or CS_DB_MIGRATE; a newer
 *   version, or tables without the version table, are refused and left
 *   untouched.  There are no PostgreSQL migrations yet: an older
 *   version is refused.
 * - Parameters: SQLite's ?N and ? are rewritten to $N at prepare
 *   (cs_db_pg_params); values are sent as text, their types inferred
 *   by the server from where they stand.  Where nothing tells the type
 *   (SELECT ?1 alone, ?1 IS NULL with no other use of ?1), the SQL must
 *   say it: CAST(?1 AS text).  A number bound but never used is sent as
 *   text.  A boolean result reads as 1 or 0 (cs_stmt_int64).
 * - The write lock: cs_db_begin runs BEGIN, SET LOCAL lock_timeout
 *   ($CS_LOCK_TIMEOUT seconds, default 60), then waits for the
 *   transaction-level advisory lock CS_PG_LOCK_KEY, as BEGIN IMMEDIATE
 *   waits for SQLite's.  A wait past the timeout fails with SQLSTATE
 *   55P03, which cs_db_is_busy reports (so does a deadlock, 40P01).
 * - A refused row: a failed statement aborts a PostgreSQL transaction,
 *   so inside one every statement runs under SAVEPOINT cs_stmt, rolled
 *   back to when it fails: the failed statement alone is undone, as on
 *   SQLite, and the importer's row-by-row retry goes on.  SAVEPOINT,
 *   the statement (and a query's first FETCH) and RELEASE go in one
 *   round trip (libpq's pipeline mode, cs_db_pg_stmt.c): about 100 us a
 *   row inserted on a Unix socket, against 650 us in three round trips.
 *   Each savepoint that writes takes a subtransaction id; bulk paths
 *   should be single statements (COPY, INSERT ... SELECT) instead.
 * - Several statements stepping at once: libpq runs one query at a time
 *   on a connection, so a query (SELECT, VALUES, TABLE, WITH without
 *   INSERT/UPDATE/DELETE) is read through a server-side cursor, DECLARE
 *   ... NO SCROLL CURSOR, FETCH FETCH_ROWS rows at a time: an open
 *   statement holds at most FETCH_ROWS rows in memory.  Inside a
 *   transaction the cursor reads as it goes; outside one it is declared
 *   WITH HOLD, which the server materialises when its implicit
 *   transaction ends (spilling to disk past work_mem), so a large read
 *   belongs in a transaction or a snapshot.  DECLARE and the first
 *   FETCH go in one round trip: a one-row query outside a transaction
 *   costs two with the CLOSE, about 110 us on a Unix socket.  Other
 *   statements (and a data-changing one with RETURNING) return their
 *   whole result at once.
 *   A cursor inside a transaction ends with it: a query is stepped to
 *   its end or reset before cs_db_commit.  Only the DECLARE and first
 *   FETCH are under the savepoint: a later FETCH that fails (a division
 *   by zero in row 5000) fails the transaction, which the caller rolls
 *   back.  A statement stepped again after its end runs again, as
 *   SQLite's does.  A worker's stream (cs_db_prepare_stream) runs
 *   instead on a worker connection of its own, its rows coming one at
 *   a time in libpq's single-row mode: a million ledger rows in about
 *   0.6 s, where a cursor's batches of 10,000 take 1.6 to 2.0 s.
 * - Snapshots: cs_db_snapshot begins a REPEATABLE READ READ ONLY
 *   transaction and exports its snapshot (pg_export_snapshot); each
 *   worker opens its own connection and SET TRANSACTION SNAPSHOT to it.
 *   cs_db_begin exports its snapshot too, taken right after the lock,
 *   so the workers of a writing run read the state before its writes.
 * - Foreign keys "off" defer them to commit (SET CONSTRAINTS ALL
 *   DEFERRED, the schema's foreign keys being DEFERRABLE); spill and
 *   cache tuning are no-ops; cs_db_is_memory is 0: a dry run works in
 *   the server's database inside a transaction rolled back at the end.
 * - The session speaks UTF-8 in time zone UTC with ISO dates; notices
 *   are not printed.  A URL's password is masked in every message.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_db.h"
#include "cs_db_impl.h"
#include "cs_i18n.h"

#ifndef CS_HAVE_LIBPQ

struct cs_db *
cs_db_pg_open(const char *url, int flags, char *err, size_t errlen)
{
	(void)url;
	(void)flags;
	snprintf(err, errlen, "%s", _("this cs was built without PostgreSQL support (libpq)"));
	return NULL;
}

#else

#include "cs_db_pg.h"
#include "cs_schema_pg.h"
#include "cs_text.h"

/* The advisory lock of cs's write transactions: "CSdb", CS_APPLICATION_ID. */
#define CS_PG_LOCK_KEY "1129538658"

static const struct cs_db_ops pg_ops;

/*
 * Writes into buf (of len bytes) the message of a connection the server
 * has closed: libpq's several lines ("FATAL:  terminating connection
 * due to administrator command", "server closed the connection
 * unexpectedly", then hints) become one, their first without its
 * severity: "the connection to the server was lost: WHY".
 */
static void
lost_message(const char *libpq, char *buf, size_t len)
{
	static const char *const severities[] = { "FATAL:  ", "ERROR:  ", "PANIC:  " };
	size_t i, n;

	for (i = 0; i < sizeof severities / sizeof severities[0]; i++)
		if (strncmp(libpq, severities[i], strlen(severities[i])) == 0)
			libpq += strlen(severities[i]);
	n = strcspn(libpq, "\n");
	snprintf(buf, len, "the connection to the server was lost: %.*s", (int)n, libpq);
}

/*
 * Sets db's error to msg (NULL: the connection's, in one line when the
 * server has closed it) with sqlstate (NULL: none).
 */
void
cs_db_pg_set_error(struct pg_db *db, const char *msg, const char *sqlstate)
{
	char lost[512];
	size_t n;

	if (msg == NULL && db->c != NULL && PQstatus(db->c) == CONNECTION_BAD) {
		lost_message(PQerrorMessage(db->c), lost, sizeof lost);
		msg = lost;
	}
	free(db->err);
	db->err = cs_xstrdup(msg != NULL ? msg : PQerrorMessage(db->c));
	n = strlen(db->err);
	while (n > 0 && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
		db->err[--n] = '\0';
	snprintf(db->sqlstate, sizeof db->sqlstate, "%s", sqlstate ? sqlstate : "");
}

/* Sets db's error from a failed result (NULL: the connection's) and frees it. */
static void
result_error(struct pg_db *db, PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	cs_db_pg_set_error(db, msg, res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
	PQclear(res);
}

/* Returns nonzero when res succeeded (a command or rows); else keeps its error and frees it. */
int
cs_db_pg_result_ok(struct pg_db *db, PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);

	if (res != NULL && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK))
		return 1;
	result_error(db, res);
	return 0;
}

/* Runs fixed SQL without parameters (one or more statements); returns 0 on success. */
int
cs_db_pg_run(struct pg_db *db, const char *sql)
{
	PGresult *res = PQexec(db->c, sql);

	if (!cs_db_pg_result_ok(db, res))
		return -1;
	PQclear(res);
	return 0;
}

/* Returns nonzero when db is inside a transaction (even a failed one). */
int
cs_db_pg_in_transaction(const struct pg_db *db)
{
	PGTransactionStatusType t = PQtransactionStatus(db->c);

	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

/* Prints nothing: the server's notices are not the programs' output. */
static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Returns a new connection structure for url, not connected. */
static struct pg_db *
new_db(const char *url)
{
	struct pg_db *db = cs_xmalloc(sizeof *db);
	char shown[1024];

	memset(db, 0, sizeof *db);
	db->pub.ops = &pg_ops;
	db->pub.dialect = CS_DIALECT_PG;
	pthread_mutex_init(&db->mu, NULL);
	db->url = cs_xstrdup(url);
	cs_db_pg_mask_url(url, shown, sizeof shown);
	db->shown = cs_xstrdup(shown);
	return db;
}

/*
 * The session's settings: UTC, ISO dates, and for the sorts and hashes
 * of reports over many customers SESSION_WORK_MEM of memory each,
 * unless the server or the connection (PGOPTIONS) set work_mem.
 */
#define SESSION_WORK_MEM "64MB"
static const char session_sql[] = "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD';"
    " SELECT set_config('work_mem', '" SESSION_WORK_MEM "', false) FROM pg_settings"
    " WHERE name = 'work_mem' AND source = 'default'";

/*
 * Connects db to its URL in UTF-8, time zone UTC and ISO dates, the
 * server's notices silenced, with session_sql's settings.  Returns 0,
 * or -1 with "URL: cannot connect: why" in err (URL and why with its
 * passwords masked).
 */
static int
pg_connect(struct pg_db *db, char *err, size_t errlen)
{
	static const char *const keys[] = { "dbname", "fallback_application_name",
	    "client_encoding", NULL };
	const char *vals[] = { db->url, "cs", "UTF8", NULL };
	char why[1024];

	db->c = PQconnectdbParams(keys, vals, 1);
	if (db->c == NULL || PQstatus(db->c) != CONNECTION_OK) {
		/* libpq's words, on one line, without the URL's passwords */
		cs_db_pg_connect_message(db->c ? PQerrorMessage(db->c) : "out of memory", db->url,
		    why, sizeof why);
		cs_db_pg_set_error(db, why, NULL);
		snprintf(err, errlen, _("%s: cannot connect: %s"), db->shown, db->err);
		return -1;
	}
	PQsetNoticeProcessor(db->c, quiet, NULL);
	if (cs_db_pg_run(db, session_sql) != 0) {
		snprintf(err, errlen, _("%s: cannot connect: %s"), db->shown, db->err);
		return -1;
	}
	return 0;
}

/*
 * Reads db's schema version into db->version: the version table's, 0
 * for an empty database.  Returns 0; 1 when the database holds tables
 * but no cs schema; -1 on an error (db's message).
 */
static int
read_version(struct pg_db *db)
{
	int64_t tables, has_version, v = 0;

	if (cs_db_query_int64(&db->pub, "SELECT count(*) FROM pg_catalog.pg_tables"
	    " WHERE schemaname = current_schema()", &tables) != 0 ||
	    cs_db_query_int64(&db->pub, "SELECT count(*) FROM pg_catalog.pg_tables"
	    " WHERE schemaname = current_schema() AND tablename = '" CS_PG_VERSION_TABLE "'",
	    &has_version) != 0)
		return -1;
	if (has_version && cs_db_query_int64(&db->pub, "SELECT coalesce(max(version), 0)"
	    " FROM " CS_PG_VERSION_TABLE, &v) != 0)
		return -1;
	db->version = (int)v;
	return tables > 0 && v == 0 ? 1 : 0;
}

/* Reads the version and refuses a database that is not cs's or is newer; 0, or -1 with err. */
static int
recognise(struct pg_db *db, char *err, size_t errlen)
{
	int rc = read_version(db);

	if (rc < 0) {
		snprintf(err, errlen, _("%s: cannot read the schema: %s"), db->shown, db->err);
		return -1;
	}
	if (rc > 0) {
		snprintf(err, errlen, _("%s: not a cs database (it holds other tables); not touched"),
		    db->shown);
		return -1;
	}
	if (db->version > CS_SCHEMA_VERSION) {
		snprintf(err, errlen, _("%s: schema version %d is newer than this "
		    "program's (%d); upgrade the cs toolkit"), db->shown, db->version,
		    CS_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

struct cs_db *
cs_db_pg_open(const char *url, int flags, char *err, size_t errlen)
{
	struct pg_db *db = new_db(url);

	if (pg_connect(db, err, errlen) != 0 || recognise(db, err, errlen) != 0)
		goto fail;
	if (!(flags & CS_DB_MEMORY) && (flags & (CS_DB_CREATE | CS_DB_MIGRATE)) &&
	    cs_db_migrate(&db->pub) != 0) {
		snprintf(err, errlen, _("%s: cannot upgrade the schema: %s"), db->shown, db->err);
		goto fail;
	}
	return &db->pub;
fail:
	cs_db_close(&db->pub);
	return NULL;
}

/* Closes the workers lined up and not taken. */
static void
close_spare(struct pg_db *db)
{
	while (db->nspare > 0)
		cs_db_close(&db->spare[--db->nspare]->pub);
}

/* cs_db_close: ends the snapshot and its spare workers, then the connection. */
static void
pg_close(struct cs_db *pdb)
{
	struct pg_db *db = (struct pg_db *)pdb;

	cs_db_snapshot_end(pdb);
	PQfinish(db->c);
	pthread_mutex_destroy(&db->mu);
	free(db->url);
	free(db->shown);
	free(db->err);
	free(db);
}

/* Returns nonzero when id looks like an exported snapshot's (hex digits and dashes). */
static int
snapshot_id_ok(const char *id)
{
	return *id != '\0' && strspn(id, "0123456789ABCDEFabcdef-") == strlen(id);
}

/*
 * Runs sql, statements that begin a transaction and end with SELECT
 * pg_export_snapshot(), in one round trip, and keeps the snapshot's id
 * in db->snap.  Returns 0 on success.
 */
static int
export_snapshot(struct pg_db *db, const char *sql)
{
	PGresult *res = PQexec(db->c, sql);

	if (!cs_db_pg_result_ok(db, res))
		return -1;
	snprintf(db->snap, sizeof db->snap, "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	if (!snapshot_id_ok(db->snap)) {
		cs_db_pg_set_error(db, "the server exported no snapshot", NULL);
		return -1;
	}
	return 0;
}

/*
 * Opens a worker connection reading root's exported snapshot, in a
 * read-only REPEATABLE READ transaction.  Returns it, or NULL with a
 * message in err.
 */
static struct pg_db *
open_worker(struct pg_db *root, char *err, size_t errlen)
{
	struct pg_db *w = new_db(root->url);
	char sql[192];

	w->parent = root;
	w->version = root->version;
	snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	    " SET TRANSACTION SNAPSHOT '%s'", root->snap);
	if (pg_connect(w, err, errlen) != 0)
		goto fail;
	if (cs_db_pg_run(w, sql) != 0) {
		snprintf(err, errlen, _("%s: cannot open a worker connection: %s"), w->shown, w->err);
		goto fail;
	}
	return w;
fail:
	cs_db_close(&w->pub);
	return NULL;
}

/* cs_db_snapshot: a REPEATABLE READ transaction whose exported snapshot n workers import. */
static int
pg_snapshot(struct cs_db *pdb, int n, char *err, size_t errlen)
{
	struct pg_db *db = (struct pg_db *)pdb;
	int rc = 0;

	if (n > CS_DB_MAX_WORKERS)
		n = CS_DB_MAX_WORKERS;
	if (export_snapshot(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	    " SELECT pg_export_snapshot()") != 0) {
		snprintf(err, errlen, _("%s: cannot begin reading: %s"), db->shown, db->err);
		cs_db_snapshot_end(pdb);
		return -1;
	}
	pthread_mutex_lock(&db->mu);
	db->have_snapshot = 1;
	while (rc == 0 && db->nspare < n) {
		struct pg_db *w = open_worker(db, err, errlen);

		if (w == NULL)
			rc = -1;
		else
			db->spare[db->nspare++] = w;
	}
	pthread_mutex_unlock(&db->mu);
	if (rc != 0)
		cs_db_snapshot_end(pdb);
	return rc;
}

/* cs_db_worker: a spare, else a new connection importing the run's (or writer's) snapshot. */
static struct cs_db *
pg_worker(struct cs_db *pdb, char *err, size_t errlen)
{
	struct pg_db *db = (struct pg_db *)pdb;
	struct pg_db *root = db->parent != NULL ? db->parent : db, *w = NULL;

	pthread_mutex_lock(&root->mu);
	if (root->nspare > 0)
		w = root->spare[--root->nspare];
	else if ((!root->writing && !root->have_snapshot) || root->snap[0] == '\0')
		snprintf(err, errlen, _("%s: a worker needs a snapshot (cs_db_snapshot) or the write"
		    " lock"), root->shown);
	else
		w = open_worker(root, err, errlen);
	pthread_mutex_unlock(&root->mu);
	return w != NULL ? &w->pub : NULL;
}

/* Marks the end of db's transaction: its cursors and its snapshot are gone. */
static void
ended(struct pg_db *db)
{
	db->writing = 0;
	db->txgen++;
	db->snap[0] = '\0';
}

/* cs_db_snapshot_end: closes the spare workers, ends the read transaction. */
static void
pg_snapshot_end(struct cs_db *pdb)
{
	struct pg_db *db = (struct pg_db *)pdb;

	pthread_mutex_lock(&db->mu);
	close_spare(db);
	db->have_snapshot = 0;
	pthread_mutex_unlock(&db->mu);
	if (!db->writing)
		cs_db_rollback(pdb);
}

/* cs_db_errmsg: the server's primary message of the last failure, or ours. */
static const char *
pg_errmsg(const struct cs_db *pdb)
{
	const struct pg_db *db = (const struct pg_db *)pdb;

	return db->err != NULL ? db->err : "not an error";
}

/* cs_db_is_memory: never (a dry run rolls back in the server's database). */
static int
pg_is_memory(const struct cs_db *pdb)
{
	(void)pdb;
	return 0;
}

/* cs_db_schema_version: the version read at open (or made since). */
static int
pg_schema_version(struct cs_db *pdb)
{
	return ((struct pg_db *)pdb)->version;
}

/* Creates the whole schema in an empty database and records its version; 0 on success. */
static int
create_schema(struct pg_db *db)
{
	const char *const *sql;
	struct cs_stmt *st;
	int rc;

	for (sql = cs_schema_pg_create(); *sql != NULL; sql++)
		if (cs_db_pg_run(db, *sql) != 0)
			return -1;
	st = cs_db_prepare(&db->pub, "INSERT INTO " CS_PG_VERSION_TABLE " (version) VALUES (?1)");
	if (st == NULL)
		return -1;
	cs_stmt_bind_int64(st, 1, CS_SCHEMA_VERSION);
	rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
	cs_stmt_finalize(st);
	return rc;
}

/* Brings the schema up to date inside the open transaction; 0 on success. */
static int
migrate_locked(struct pg_db *db)
{
	char err[256];
	int rc = read_version(db);

	if (rc != 0) {
		if (rc > 0)
			cs_db_pg_set_error(db, "not a cs database (it holds other tables)", NULL);
		return -1;
	}
	if (db->version == CS_SCHEMA_VERSION)
		return 0;
	if (db->version == 0)
		return create_schema(db);
	snprintf(err, sizeof err, "schema version %d cannot be upgraded on PostgreSQL yet",
	    db->version);
	cs_db_pg_set_error(db, err, NULL);
	return -1;
}

/* cs_db_migrate: creates the schema in an empty database, under the write lock. */
static int
pg_migrate(struct cs_db *pdb)
{
	struct pg_db *db = (struct pg_db *)pdb;
	int own = !cs_db_pg_in_transaction(db), rc;

	if (db->version == CS_SCHEMA_VERSION)
		return 0;
	if (own && cs_db_begin(pdb) != 0)
		return -1;
	/* Under the write lock, as another process may have created it meanwhile. */
	rc = migrate_locked(db);
	if (own) {
		if (rc == 0)
			rc = cs_db_commit(pdb);
		else
			cs_db_rollback(pdb);
	}
	if (rc == 0)
		db->version = CS_SCHEMA_VERSION;
	return rc;
}

/* cs_db_begin: BEGIN, lock_timeout, the advisory lock, the snapshot exported: one round trip. */
static int
pg_begin(struct cs_db *pdb)
{
	struct pg_db *db = (struct pg_db *)pdb;
	char sql[256];

	if (cs_db_pg_in_transaction(db)) {
		cs_db_pg_set_error(db, "cannot start a transaction within a transaction", NULL);
		return -1;
	}
	snprintf(sql, sizeof sql, "BEGIN; SET LOCAL lock_timeout = %ld;%s"
	    " SELECT pg_advisory_xact_lock(" CS_PG_LOCK_KEY "); SELECT pg_export_snapshot()",
	    cs_db_lock_timeout_ms() > 0 ? cs_db_lock_timeout_ms() : 1,	/* 0: no timeout */
	    db->defer_fk ? " SET CONSTRAINTS ALL DEFERRED;" : "");
	if (export_snapshot(db, sql) != 0) {
		char state[6];
		char *msg = cs_xstrdup(db->err);

		memcpy(state, db->sqlstate, sizeof state);
		PQclear(PQexec(db->c, "ROLLBACK"));
		ended(db);
		cs_db_pg_set_error(db, msg, state);	/* the failure, not the rollback's */
		free(msg);
		return -1;
	}
	db->writing = 1;
	return 0;
}

/* cs_db_is_busy: the last failure's SQLSTATE was a lock timeout or a deadlock. */
static int
pg_is_busy(const struct cs_db *pdb)
{
	return cs_db_pg_state_is_busy(((const struct pg_db *)pdb)->sqlstate);
}

/* cs_db_commit: COMMIT, refused when the server rolled the transaction back instead. */
static int
pg_commit(struct cs_db *pdb)
{
	struct pg_db *db = (struct pg_db *)pdb;
	PGresult *res = PQexec(db->c, "COMMIT");
	int committed;

	if (!cs_db_pg_result_ok(db, res)) {
		ended(db);
		return -1;
	}
	/* A transaction that failed answers COMMIT with ROLLBACK. */
	committed = strcmp(PQcmdStatus(res), "COMMIT") == 0;
	PQclear(res);
	ended(db);
	if (!committed) {
		cs_db_pg_set_error(db, "the transaction was rolled back: a statement in it failed", NULL);
		return -1;
	}
	return 0;
}

/* cs_db_rollback: ROLLBACK if a transaction is open; the version is read again. */
static void
pg_rollback(struct cs_db *pdb)
{
	struct pg_db *db = (struct pg_db *)pdb;

	if (db->c == NULL || PQstatus(db->c) != CONNECTION_OK || !cs_db_pg_in_transaction(db)) {
		db->writing = 0;
		return;
	}
	PQclear(PQexec(db->c, "ROLLBACK"));
	ended(db);
	if (db->parent == NULL && read_version(db) < 0)
		db->version = 0;		/* a schema creation may have been undone */
}

/* cs_db_set_foreign_keys: "off" defers the checks to commit (DEFERRABLE keys). */
static int
pg_set_foreign_keys(struct cs_db *pdb, int on)
{
	struct pg_db *db = (struct pg_db *)pdb;

	db->defer_fk = !on;
	if (!cs_db_pg_in_transaction(db))
		return 0;
	return cs_db_pg_run(db, on ? "SET CONSTRAINTS ALL IMMEDIATE" : "SET CONSTRAINTS ALL DEFERRED");
}

/* cs_db_spill_to_disk: nothing to do, the server spills past work_mem. */
static int
pg_spill_to_disk(struct cs_db *pdb)
{
	(void)pdb;
	return 0;
}

/* cs_db_tune_for_load: nothing to do, the cache is the server's. */
static int
pg_tune_for_load(struct cs_db *pdb, long cache_kib)
{
	(void)pdb;
	(void)cache_kib;
	return 0;
}

/* cs_db_changes: the row count of the last data-changing statement (PQcmdTuples). */
static int
pg_changes(struct cs_db *pdb)
{
	return ((struct pg_db *)pdb)->changes;
}

static const struct cs_db_ops pg_ops = {
	.close = pg_close,
	.snapshot = pg_snapshot,
	.worker = pg_worker,
	.snapshot_end = pg_snapshot_end,
	.errmsg = pg_errmsg,
	.is_memory = pg_is_memory,
	.migrate = pg_migrate,
	.schema_version = pg_schema_version,
	.begin = pg_begin,
	.is_busy = pg_is_busy,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.set_foreign_keys = pg_set_foreign_keys,
	.spill_to_disk = pg_spill_to_disk,
	.tune_for_load = pg_tune_for_load,
	.prepare = cs_db_pg_prepare,
	.prepare_stream = cs_db_pg_prepare_stream,
	.bind_text = cs_db_pg_bind_text,
	.bind_int64 = cs_db_pg_bind_int64,
	.bind_double = cs_db_pg_bind_double,
	.bind_null = cs_db_pg_bind_null,
	.step = cs_db_pg_step,
	.column_int64 = cs_db_pg_column_int64,
	.column_text = cs_db_pg_column_text,
	.column_is_null = cs_db_pg_column_is_null,
	.reset = cs_db_pg_reset,
	.finalize = cs_db_pg_finalize,
	.changes = pg_changes,
	.copy = cs_db_pg_copy,
};

#endif
