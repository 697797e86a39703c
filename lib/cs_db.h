/*
 * cs_db.h - the small database interface every cs program uses.  All
 * SQL lives in lib/ and programs see only these calls.
 *
 * Two backends sit behind it, chosen when the database is opened: a
 * path that starts with postgresql:// or postgres:// is a PostgreSQL
 * server (cs_db_pg.c, through libpq, in a build that has it); anything
 * else is a SQLite file (cs_db_sqlite.c).  cs_db.c dispatches each call
 * through the backend's function table (cs_db_impl.h).
 *
 * SQL is written once, portable where it can be.  A statement that must
 * differ is written in one place with both texts side by side:
 *
 *	cs_db_prepare(db, cs_db_sql(db, "... strftime('%Y', d) ...",
 *	    "... to_char(d::date, 'YYYY') ..."));
 *
 * Parameters are written as SQLite's ?N (or ?) in both: the PostgreSQL
 * backend rewrites them to $N.  Other differences the backends hide:
 * the schema version (PRAGMA user_version, a cs_schema_version table on
 * PostgreSQL), the write lock (BEGIN IMMEDIATE, an advisory lock), a
 * refused row inside a transaction (a savepoint per data-changing
 * statement on PostgreSQL, so the transaction goes on), several
 * statements stepping at once (server-side cursors on PostgreSQL) and
 * the workers' shared snapshot (pg_export_snapshot).  cs_db_pg.c says
 * what each costs.
 */
#ifndef CS_DB_H
#define CS_DB_H

#include <stddef.h>
#include <stdint.h>

struct cs_db;
struct cs_stmt;

/* The schema version this build writes (PRAGMA user_version). */
#define CS_SCHEMA_VERSION 8

/* PRAGMA application_id of a cs database: "CSdb". */
#define CS_APPLICATION_ID 0x43536462

/* The SQL dialect of a connection (cs_db_dialect). */
enum cs_dialect {
	CS_DIALECT_SQLITE,
	CS_DIALECT_PG
};

/* Flags for cs_db_open. */
#define CS_DB_CREATE	0x1	/* create the file (mode 0600) if missing */
#define CS_DB_MEMORY	0x2	/* a private in-memory database (dry runs); on
				   PostgreSQL: the server's, not brought up to
				   date at open (the run's rollback undoes all) */
#define CS_DB_MIGRATE	0x4	/* bring an older schema up to date at once */

/* Results of cs_stmt_step. */
enum cs_step {
	CS_STEP_ROW,		/* a result row is ready */
	CS_STEP_DONE,		/* the statement finished */
	CS_STEP_DUPLICATE,	/* a primary key or unique constraint refused the row */
	CS_STEP_CONSTRAINT,	/* another constraint refused the row */
	CS_STEP_ERROR		/* anything else: see cs_db_errmsg */
};

/*
 * Opens the database at path with the CS_DB_* flags, turns on foreign
 * keys and a lock timeout ($CS_LOCK_TIMEOUT seconds, default 60), puts
 * it in write-ahead-log mode, and refuses a schema newer than this
 * build and a database that is not a cs database: one that holds
 * tables but no cs schema, or another application's id.  Nothing is
 * written to a refused database.  On failure returns NULL and
 * writes a message to err[0..errlen).  Close with cs_db_close.
 *
 * A path starting with postgresql:// or postgres:// (cs_db_is_url)
 * opens a PostgreSQL database instead, with the same contract: the
 * schema is created on an empty database when CS_DB_CREATE or
 * CS_DB_MIGRATE asks, the version kept in a table, and a URL's password
 * never appears in a message.  A build without libpq refuses URLs.
 */
struct cs_db *cs_db_open(const char *path, int flags, char *err, size_t errlen);

/* Returns nonzero when path names a PostgreSQL server (postgresql:// or postgres://). */
int cs_db_is_url(const char *path);

/* Returns the SQL dialect db speaks. */
enum cs_dialect cs_db_dialect(const struct cs_db *db);

/*
 * Returns sqlite_sql or pg_sql, whichever db's dialect reads: the one
 * place where a statement that differs by dialect is written.
 */
const char *cs_db_sql(const struct cs_db *db, const char *sqlite_sql, const char *pg_sql);

/* Closes the database, finalizing nothing: statements must be finalized first. */
void cs_db_close(struct cs_db *db);

/* The most workers cs_db_snapshot lines up. */
#define CS_DB_MAX_WORKERS 32

/*
 * Begins a read transaction on db and lines up n workers (cs_db_worker)
 * reading the same snapshot: what was last committed when the call
 * began.  A commit by another process while they are lined up starts it
 * again (nothing is checked against a moving database).  For a run that
 * reads while others may write; a run that holds the write lock needs
 * none (its workers read the state before it).  End it with
 * cs_db_snapshot_end before db writes.  Returns 0, or -1 with a message
 * in err; a second call before cs_db_snapshot_end is refused and leaves
 * the first snapshot as it was.
 */
int cs_db_snapshot(struct cs_db *db, int n, char *err, size_t errlen);

/*
 * Returns a connection of its own for a worker thread, reading exactly
 * what db reads: one that cs_db_snapshot lined up, else a new one,
 * which is refused when something was committed since the snapshot
 * (while db holds the write lock nothing can be).  db may be a worker:
 * the new one then comes from the same run.  Safe to call from several
 * threads at once.  Close it with cs_db_close; it only reads.  Returns
 * NULL with a message in err.
 */
struct cs_db *cs_db_worker(struct cs_db *db, char *err, size_t errlen);

/* Ends db's snapshot: the workers not taken are closed, the read transaction ended. */
void cs_db_snapshot_end(struct cs_db *db);

/* Returns the message of the last failed call on db. */
const char *cs_db_errmsg(const struct cs_db *db);

/*
 * Returns nonzero when the database has no file yet (dry run on a
 * missing file).  Always 0 on PostgreSQL: a dry run there works in the
 * server's database and rolls its transaction back.
 */
int cs_db_is_memory(const struct cs_db *db);

/*
 * Brings the schema up to CS_SCHEMA_VERSION.  Inside an open
 * transaction the changes join it; otherwise they run in their own.
 * Returns 0 on success.
 */
int cs_db_migrate(struct cs_db *db);

/*
 * Returns the database's schema version as recognised when it was
 * opened (0 for an empty database; a cs database restored from a dump
 * without its version is recognised by its tables).
 */
int cs_db_schema_version(struct cs_db *db);

/* Starts a write transaction, waiting for the lock.  Returns 0 on success. */
int cs_db_begin(struct cs_db *db);

/*
 * Writes "database: MESSAGE" of the last failed call on db into err
 * and returns CS_EXIT_DB: the database error of every report.
 */
int cs_db_fail(const struct cs_db *db, char *err, size_t errlen);

/* Returns nonzero when the last failed call failed because another process holds the lock. */
int cs_db_is_busy(const struct cs_db *db);

/* Commits the open transaction.  Returns 0 on success. */
int cs_db_commit(struct cs_db *db);

/* Rolls the open transaction back, if any. */
void cs_db_rollback(struct cs_db *db);

/*
 * Turns the database's own foreign key enforcement on or off (outside a
 * transaction).  Only a caller that checks every reference itself, as
 * the importer does, may turn it off.  On PostgreSQL "off" defers the
 * checks to commit (SET CONSTRAINTS ALL DEFERRED in each transaction:
 * the schema declares its foreign keys DEFERRABLE), as a session cannot
 * turn them off without superuser rights.  Returns 0 on success.
 */
int cs_db_set_foreign_keys(struct cs_db *db, int on);

/*
 * Lets large sorts and groupings spill to temporary files instead of
 * memory (a report over millions of rows).  Returns 0 on success.  A
 * no-op on PostgreSQL, which spills past work_mem by itself.
 */
int cs_db_spill_to_disk(struct cs_db *db);

/* Sets the page cache for a bulk load (kibibytes).  Returns 0; a no-op on PostgreSQL. */
int cs_db_tune_for_load(struct cs_db *db, long cache_kib);

/*
 * Prepares one SQL statement; returns NULL on error (see cs_db_errmsg).
 * Parameters are numbered from 1.  Finalize with cs_stmt_finalize.
 */
struct cs_stmt *cs_db_prepare(struct cs_db *db, const char *sql);

/*
 * Prepares a query to be read once, from its first row to its last,
 * while the program goes on using db for other statements: a worker's
 * long read (every customer's ledger of an id range).  On PostgreSQL,
 * when db is a worker (cs_db_worker), its rows stream one at a time on
 * a connection of its own reading the same snapshot, which is several
 * times cheaper than a cursor's batches; otherwise, and on SQLite, it
 * is cs_db_prepare.  Errors are db's.  Returns NULL on error.
 */
struct cs_stmt *cs_db_prepare_stream(struct cs_db *db, const char *sql);

/* Binds text s[0..len), which must stay unchanged until the next step or reset. */
int cs_stmt_bind_text(struct cs_stmt *st, int idx, const char *s, size_t len);
/* Binds the NUL-terminated s (kept unchanged as for cs_stmt_bind_text), or NULL when s is NULL. */
int cs_stmt_bind_str(struct cs_stmt *st, int idx, const char *s);
int cs_stmt_bind_int64(struct cs_stmt *st, int idx, int64_t v);
int cs_stmt_bind_double(struct cs_stmt *st, int idx, double v);
int cs_stmt_bind_null(struct cs_stmt *st, int idx);

/*
 * Runs the statement one step.  Several statements of one connection
 * may be stepped in turn, on both backends.  On PostgreSQL a failed
 * data-changing statement inside a transaction undoes only itself.
 */
enum cs_step cs_stmt_step(struct cs_stmt *st);

/* Column accessors of the current row (columns numbered from 0). */
int64_t cs_stmt_int64(struct cs_stmt *st, int col);
const char *cs_stmt_text(struct cs_stmt *st, int col);
int cs_stmt_is_null(struct cs_stmt *st, int col);

/* Resets a statement for new bindings; returns 0. */
int cs_stmt_reset(struct cs_stmt *st);

/* Frees a statement; NULL is allowed. */
void cs_stmt_finalize(struct cs_stmt *st);

/* Returns the number of rows the last INSERT/UPDATE changed. */
int cs_db_changes(struct cs_db *db);

/*
 * Bulk load (PostgreSQL only): runs sql, a "COPY table (columns) FROM
 * STDIN" written by the caller (names from its own definitions, never
 * user text), with data[0..len) as its input, in PostgreSQL's text
 * format (tab-separated, \N for NULL, backslash escapes, one row a
 * line).  Inside a transaction a failure undoes only itself, as a
 * step's does.  Returns the rows copied, or -1 (see cs_db_errmsg).
 * SQLite has no COPY: -1 at once, with nothing done.
 */
int64_t cs_db_copy(struct cs_db *db, const char *sql, const char *data, size_t len);

struct cs_buf;

/*
 * Appends s (NULL: SQL NULL, written \N) to out as one field of COPY's
 * text format: backslash, tab, newline and carriage return escaped.
 */
void cs_db_copy_field(struct cs_buf *out, const char *s);

/* Appends s[0..len) to out as cs_db_copy_field does a string (no NULL). */
void cs_db_copy_text(struct cs_buf *out, const char *s, size_t len);

/*
 * Runs a query that returns one integer (e.g. a count); returns 0 and
 * stores it in *out, or -1 on error.
 */
int cs_db_query_int64(struct cs_db *db, const char *sql, int64_t *out);

#endif
