/*
 * cs_db.c - the dispatcher of the database interface (cs_db.h): picks
 * the backend when a database is opened and sends every later call
 * through that backend's function table (cs_db_impl.h).  The calls
 * that need nothing of a backend's own are written here, once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_db.h"
#include "cs_db_impl.h"
#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_text.h"

int
cs_db_is_url(const char *path)
{
	return path != NULL && (strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0);
}

struct cs_db *
cs_db_open(const char *path, int flags, char *err, size_t errlen)
{
	if (cs_db_is_url(path))
		return cs_db_pg_open(path, flags, err, errlen);
	return cs_db_sqlite_open(path, flags, err, errlen);
}

enum cs_dialect
cs_db_dialect(const struct cs_db *db)
{
	return db->dialect;
}

const char *
cs_db_sql(const struct cs_db *db, const char *sqlite_sql, const char *pg_sql)
{
	return db->dialect == CS_DIALECT_PG ? pg_sql : sqlite_sql;
}

void
cs_db_close(struct cs_db *db)
{
	if (db != NULL)
		db->ops->close(db);
}

int
cs_db_snapshot(struct cs_db *db, int n, char *err, size_t errlen)
{
	if (db->snapshot_open) {
		snprintf(err, errlen, _("a snapshot is open already: end it first"));
		return -1;
	}
	if (db->ops->snapshot(db, n, err, errlen) != 0)
		return -1;
	db->snapshot_open = 1;
	return 0;
}

struct cs_db *
cs_db_worker(struct cs_db *db, char *err, size_t errlen)
{
	return db->ops->worker(db, err, errlen);
}

void
cs_db_snapshot_end(struct cs_db *db)
{
	db->ops->snapshot_end(db);
	db->snapshot_open = 0;
}

const char *
cs_db_errmsg(const struct cs_db *db)
{
	return db->ops->errmsg(db);
}

int
cs_db_is_memory(const struct cs_db *db)
{
	return db->ops->is_memory(db);
}

int
cs_db_migrate(struct cs_db *db)
{
	return db->ops->migrate(db);
}

int
cs_db_schema_version(struct cs_db *db)
{
	return db->ops->schema_version(db);
}

int
cs_db_begin(struct cs_db *db)
{
	return db->ops->begin(db);
}

int
cs_db_fail(const struct cs_db *db, char *err, size_t errlen)
{
	snprintf(err, errlen, _("database: %s"), cs_db_errmsg(db));
	return CS_EXIT_DB;
}

int
cs_db_is_busy(const struct cs_db *db)
{
	return db->ops->is_busy(db);
}

int
cs_db_commit(struct cs_db *db)
{
	return db->ops->commit(db);
}

void
cs_db_rollback(struct cs_db *db)
{
	db->ops->rollback(db);
}

int
cs_db_set_foreign_keys(struct cs_db *db, int on)
{
	return db->ops->set_foreign_keys(db, on);
}

int
cs_db_spill_to_disk(struct cs_db *db)
{
	return db->ops->spill_to_disk(db);
}

int
cs_db_tune_for_load(struct cs_db *db, long cache_kib)
{
	return db->ops->tune_for_load(db, cache_kib);
}

struct cs_stmt *
cs_db_prepare(struct cs_db *db, const char *sql)
{
	return db->ops->prepare(db, sql);
}

struct cs_stmt *
cs_db_prepare_stream(struct cs_db *db, const char *sql)
{
	if (db->ops->prepare_stream == NULL)
		return db->ops->prepare(db, sql);
	return db->ops->prepare_stream(db, sql);
}

int
cs_stmt_bind_text(struct cs_stmt *st, int idx, const char *s, size_t len)
{
	return st->ops->bind_text(st, idx, s, len);
}

int
cs_stmt_bind_str(struct cs_stmt *st, int idx, const char *s)
{
	return s == NULL ? cs_stmt_bind_null(st, idx) : cs_stmt_bind_text(st, idx, s, strlen(s));
}

int
cs_stmt_bind_int64(struct cs_stmt *st, int idx, int64_t v)
{
	return st->ops->bind_int64(st, idx, v);
}

int
cs_stmt_bind_double(struct cs_stmt *st, int idx, double v)
{
	return st->ops->bind_double(st, idx, v);
}

int
cs_stmt_bind_null(struct cs_stmt *st, int idx)
{
	return st->ops->bind_null(st, idx);
}

enum cs_step
cs_stmt_step(struct cs_stmt *st)
{
	return st->ops->step(st);
}

int64_t
cs_stmt_int64(struct cs_stmt *st, int col)
{
	return st->ops->column_int64(st, col);
}

const char *
cs_stmt_text(struct cs_stmt *st, int col)
{
	return st->ops->column_text(st, col);
}

int
cs_stmt_is_null(struct cs_stmt *st, int col)
{
	return st->ops->column_is_null(st, col);
}

int
cs_stmt_reset(struct cs_stmt *st)
{
	return st->ops->reset(st);
}

void
cs_stmt_finalize(struct cs_stmt *st)
{
	if (st != NULL)
		st->ops->finalize(st);
}

int
cs_db_changes(struct cs_db *db)
{
	return db->ops->changes(db);
}

int64_t
cs_db_copy(struct cs_db *db, const char *sql, const char *data, size_t len)
{
	if (db->ops->copy == NULL)
		return -1;
	return db->ops->copy(db, sql, data, len);
}

void
cs_db_copy_text(struct cs_buf *out, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *esc = s[i] == '\\' ? "\\\\" : s[i] == '\t' ? "\\t" :
		    s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : NULL;

		if (esc == NULL)
			continue;
		cs_buf_append(out, s + start, i - start);
		cs_buf_puts(out, esc);
		start = i + 1;
	}
	cs_buf_append(out, s + start, len - start);
}

void
cs_db_copy_field(struct cs_buf *out, const char *s)
{
	if (s == NULL)
		cs_buf_puts(out, "\\N");
	else
		cs_db_copy_text(out, s, strlen(s));
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

long
cs_db_lock_timeout_ms(void)
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
	return s * 1000;
}
