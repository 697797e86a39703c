/*
 * cs_db_sqlite.c - the SQLite backend of the cs database interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cs_db.h"
#include "cs_err.h"
#include "cs_schema.h"
#include "cs_text.h"

struct cs_db {
	sqlite3 *h;
	int memory;
};

const char *
cs_db_path(const char *opt)
{
	const char *env;

	if (opt != NULL)
		return opt;
	env = getenv("CS_DB");
	return env != NULL && *env != '\0' ? env : "cs.db";
}

/* Returns the lock timeout in milliseconds from $CS_LOCK_TIMEOUT (seconds). */
static int
lock_timeout_ms(void)
{
	const char *env = getenv("CS_LOCK_TIMEOUT");
	char *end;
	long s;

	if (env == NULL || *env == '\0')
		return 60000;
	errno = 0;
	s = strtol(env, &end, 10);
	if (errno != 0 || *end != '\0' || s < 0 || s > 86400)
		return 60000;
	return (int)(s * 1000);
}

/*
 * Creates path as an empty file readable only by its owner, so the
 * database never exists with wider permissions.  Returns 1 when it was
 * created, 0 when it existed, -1 on error (errno set).
 */
static int
create_private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 1;
}

/* Runs fixed SQL with no parameters; returns 0 on success. */
static int
exec(struct cs_db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Writes "path: what: sqlite message" into err. */
static void
open_error(char *err, size_t errlen, const char *path, const char *what, sqlite3 *h)
{
	snprintf(err, errlen, "%s: %s: %s", path, what,
	    h ? sqlite3_errmsg(h) : strerror(errno));
}

/*
 * Sets library-wide options once, before the first connection: the cs
 * programs are single-threaded, so SQLite's memory statistics (and
 * their mutex) are turned off.
 */
static void
configure_library(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Opens the SQLite handle for path (or memory); returns 0 on success. */
static int
open_handle(struct cs_db *db, const char *path, int flags, char *err, size_t errlen)
{
	int created = 0;

	if (flags & CS_DB_MEMORY) {
		db->memory = 1;
		path = ":memory:";
	} else if (flags & CS_DB_CREATE) {
		if ((created = create_private_file(path)) < 0) {
			open_error(err, errlen, path, "cannot create", NULL);
			return -1;
		}
	} else if (access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database", path);
		return -1;
	}
	configure_library();
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		open_error(err, errlen, path, "cannot open", db->h);
		return -1;
	}
	sqlite3_busy_timeout(db->h, lock_timeout_ms());
	if (exec(db, "PRAGMA foreign_keys = ON") != 0 ||
	    exec(db, "PRAGMA temp_store = MEMORY") != 0 ||
	    (created && exec(db, "PRAGMA journal_mode = WAL") != 0) ||
	    exec(db, "PRAGMA synchronous = NORMAL") != 0) {
		open_error(err, errlen, path, "cannot set up", db->h);
		return -1;
	}
	return 0;
}

struct cs_db *
cs_db_open(const char *path, int flags, char *err, size_t errlen)
{
	struct cs_db *db = cs_xmalloc(sizeof *db);
	int version;

	memset(db, 0, sizeof *db);
	if (open_handle(db, path, flags, err, errlen) != 0)
		goto fail;
	if ((version = cs_db_schema_version(db)) < 0) {
		open_error(err, errlen, path, "not a database", db->h);
		goto fail;
	}
	if (version > CS_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: schema version %d is newer than this "
		    "program's (%d); upgrade the cs toolkit", path, version,
		    CS_SCHEMA_VERSION);
		goto fail;
	}
	if ((flags & (CS_DB_MIGRATE | CS_DB_MEMORY)) && version < CS_SCHEMA_VERSION &&
	    cs_db_migrate(db) != 0) {
		open_error(err, errlen, path, "cannot upgrade the schema", db->h);
		goto fail;
	}
	return db;
fail:
	cs_db_close(db);
	return NULL;
}

void
cs_db_close(struct cs_db *db)
{
	if (db == NULL)
		return;
	sqlite3_close(db->h);
	free(db);
}

const char *
cs_db_errmsg(const struct cs_db *db)
{
	return sqlite3_errmsg(db->h);
}

int
cs_db_is_memory(const struct cs_db *db)
{
	return db->memory;
}

int
cs_db_schema_version(struct cs_db *db)
{
	int64_t v;

	if (cs_db_query_int64(db, "PRAGMA user_version", &v) != 0)
		return -1;
	return (int)v;
}

/* Applies the migrations after 'from', and records the new version. */
static int
apply_migrations(struct cs_db *db, int from)
{
	char sql[64];
	int v;

	for (v = from + 1; v <= CS_SCHEMA_VERSION; v++)
		if (exec(db, cs_schema_migration(v)) != 0)
			return -1;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", CS_SCHEMA_VERSION);
	return exec(db, sql);
}

int
cs_db_migrate(struct cs_db *db)
{
	int own = sqlite3_get_autocommit(db->h), version, rc;

	if (own && cs_db_begin(db) != 0)
		return -1;
	version = cs_db_schema_version(db);
	if (version < 0 || version > CS_SCHEMA_VERSION)
		rc = -1;
	else
		rc = version == CS_SCHEMA_VERSION ? 0 : apply_migrations(db, version);
	if (own) {
		if (rc == 0)
			rc = cs_db_commit(db);
		else
			cs_db_rollback(db);
	}
	return rc;
}

int
cs_db_begin(struct cs_db *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

int
cs_db_fail(const struct cs_db *db, char *err, size_t errlen)
{
	snprintf(err, errlen, "database: %s", cs_db_errmsg(db));
	return CS_EXIT_DB;
}

int
cs_db_is_busy(const struct cs_db *db)
{
	int rc = sqlite3_extended_errcode(db->h) & 0xff;

	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

int
cs_db_commit(struct cs_db *db)
{
	return exec(db, "COMMIT");
}

void
cs_db_rollback(struct cs_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int
cs_db_set_foreign_keys(struct cs_db *db, int on)
{
	return exec(db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
}

int
cs_db_spill_to_disk(struct cs_db *db)
{
	return exec(db, "PRAGMA temp_store = FILE");
}

int
cs_db_tune_for_load(struct cs_db *db, long cache_kib)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", cache_kib);
	return exec(db, sql);
}

struct cs_stmt *
cs_db_prepare(struct cs_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	return (struct cs_stmt *)st;
}

int
cs_stmt_bind_text(struct cs_stmt *st, int idx, const char *s, size_t len)
{
	return sqlite3_bind_text((sqlite3_stmt *)st, idx, s, (int)len, SQLITE_STATIC);
}

int
cs_stmt_bind_int64(struct cs_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64((sqlite3_stmt *)st, idx, v);
}

int
cs_stmt_bind_double(struct cs_stmt *st, int idx, double v)
{
	return sqlite3_bind_double((sqlite3_stmt *)st, idx, v);
}

int
cs_stmt_bind_null(struct cs_stmt *st, int idx)
{
	return sqlite3_bind_null((sqlite3_stmt *)st, idx);
}

enum cs_step
cs_stmt_step(struct cs_stmt *st)
{
	sqlite3_stmt *s = (sqlite3_stmt *)st;
	int ext;

	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		return CS_STEP_ROW;
	case SQLITE_DONE:
		return CS_STEP_DONE;
	case SQLITE_CONSTRAINT:
		ext = sqlite3_extended_errcode(sqlite3_db_handle(s));
		return ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE ?
		    CS_STEP_DUPLICATE : CS_STEP_CONSTRAINT;
	default:
		return CS_STEP_ERROR;
	}
}

int64_t
cs_stmt_int64(struct cs_stmt *st, int col)
{
	return sqlite3_column_int64((sqlite3_stmt *)st, col);
}

const char *
cs_stmt_text(struct cs_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text((sqlite3_stmt *)st, col);

	return t ? (const char *)t : "";
}

int
cs_stmt_is_null(struct cs_stmt *st, int col)
{
	return sqlite3_column_type((sqlite3_stmt *)st, col) == SQLITE_NULL;
}

int
cs_stmt_reset(struct cs_stmt *st)
{
	sqlite3_reset((sqlite3_stmt *)st);
	return 0;
}

void
cs_stmt_finalize(struct cs_stmt *st)
{
	sqlite3_finalize((sqlite3_stmt *)st);
}

int
cs_db_changes(struct cs_db *db)
{
	return sqlite3_changes(db->h);
}

int
cs_db_query_int64(struct cs_db *db, const char *sql, int64_t *out)
{
	struct cs_stmt *st = cs_db_prepare(db, sql);
	int rc = -1;

	if (st != NULL && cs_stmt_step(st) == CS_STEP_ROW) {
		*out = cs_stmt_int64(st, 0);
		rc = 0;
	}
	cs_stmt_finalize(st);
	return rc;
}
