/*
 * cs_db_sqlite.c - the SQLite backend of the cs database interface
 * (cs_db.h): its function table, sq_ops, is what cs_db_sqlite_open
 * hands the dispatcher (cs_db.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cs_i18n.h"
#include "cs_db.h"
#include "cs_db_impl.h"
#include "cs_err.h"
#include "cs_schema.h"
#include "cs_text.h"

struct sq_db {
	struct cs_db pub;		/* first: what cs_db.c dispatches on */
	sqlite3 *h;
	char *path;
	int memory;
	int version;			/* the schema version, as recognised */
	int marked;			/* application_id says it is a cs database */
	const char *bind_error;		/* why the last step refused to run, or NULL */
	int writing;			/* holds the write lock (cs_db_begin) */

	/* The snapshot a run's workers read (cs_db_snapshot, cs_db_worker). */
	struct sq_db *parent;		/* a worker: the connection it came from */
	pthread_mutex_t mu;		/* guards what follows */
	sqlite3 *probe;			/* asks PRAGMA data_version, nothing else */
	int64_t data_version;		/* the probe's answer when the snapshot was taken */
	int have_snapshot;
	struct sq_db *spare[CS_DB_MAX_WORKERS];	/* workers lined up, not yet taken */
	int nspare;
};

/* A prepared statement, and whether a value could not be bound to it. */
struct sq_stmt {
	struct cs_stmt pub;		/* first: what cs_db.c dispatches on */
	sqlite3_stmt *st;
	struct sq_db *db;
	int bind_rc;			/* the first failed bind's result, or SQLITE_OK */
};

static const struct cs_db_ops sq_ops;

/* Returns a new connection structure, zeroed, its head set, its mutex ready. */
static struct sq_db *
new_db(void)
{
	struct sq_db *db = cs_xmalloc(sizeof *db);

	memset(db, 0, sizeof *db);
	db->pub.ops = &sq_ops;
	db->pub.dialect = CS_DIALECT_SQLITE;
	pthread_mutex_init(&db->mu, NULL);
	return db;
}

/*
 * Creates path as an empty file readable only by its owner, so the
 * database never exists with wider permissions.  A link to nothing is
 * refused: SQLite would create its target with the umask's mode.
 * Returns 1 when it was created, 0 when it existed, -2 for a link to
 * nothing, -1 on another error (errno set).
 */
static int
create_private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	struct stat sb;

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (errno != EEXIST)
		return -1;
	if (stat(path, &sb) != 0)	/* it exists, yet leads nowhere */
		return -2;
	return 0;
}

/* Runs fixed SQL with no parameters; returns 0 on success. */
static int
exec(struct sq_db *db, const char *sql)
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

/* Opens a connection to path with the options every connection has; returns 0 on success. */
static int
connect(sqlite3 **h, const char *path)
{
	if (sqlite3_open_v2(path, h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(*h, (int)cs_db_lock_timeout_ms());
	return sqlite3_exec(*h, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
	    " PRAGMA synchronous = NORMAL", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Opens the SQLite handle for path (or memory); returns 0 on success. */
static int
open_handle(struct sq_db *db, const char *path, int flags, char *err, size_t errlen)
{
	int created = 0;

	if (flags & CS_DB_MEMORY) {
		db->memory = 1;
		path = ":memory:";
	} else if (flags & CS_DB_CREATE) {
		if ((created = create_private_file(path)) == -2) {
			snprintf(err, errlen, _("%s: is a symbolic link to nothing; not followed"), path);
			return -1;
		}
		if (created < 0) {
			open_error(err, errlen, path, "cannot create", NULL);
			return -1;
		}
	} else if (access(path, F_OK) != 0) {
		snprintf(err, errlen, _("%s: no such database"), path);
		return -1;
	}
	configure_library();
	db->path = cs_xstrdup(path);
	if (connect(&db->h, path) != 0) {
		open_error(err, errlen, path, "cannot open", db->h);
		return -1;
	}
	return 0;
}

/*
 * Returns the highest schema version whose marks (cs_schema_marks) the
 * database holds all of, 0 when it holds no cs schema, -1 on error.
 */
static int
detect_version(struct sq_db *db)
{
	const struct cs_schema_mark *m;
	struct cs_stmt *st = cs_db_prepare(&db->pub,
	    "SELECT 1 FROM sqlite_schema WHERE type = ?1 AND name = ?2 UNION ALL"
	    " SELECT 1 FROM pragma_table_info(?3) WHERE ?1 = 'column' AND name = ?4");
	int found = 0, missing = 0, v = 0;
	enum cs_step step;

	if (st == NULL)
		return -1;
	for (m = cs_schema_marks(); !missing && m->version != 0; m++) {
		const char *dot = strchr(m->name, '.');

		cs_stmt_bind_text(st, 1, m->type, strlen(m->type));
		cs_stmt_bind_text(st, 2, m->name, strlen(m->name));
		cs_stmt_bind_text(st, 3, m->name, dot ? (size_t)(dot - m->name) : 0);
		cs_stmt_bind_str(st, 4, dot ? dot + 1 : "");
		step = cs_stmt_step(st);
		cs_stmt_reset(st);
		if (step != CS_STEP_ROW && step != CS_STEP_DONE) {
			cs_stmt_finalize(st);
			return -1;
		}
		missing = step == CS_STEP_DONE;
		if (m->version != v)	/* the versions before m's are complete */
			found = v;
		v = m->version;
	}
	cs_stmt_finalize(st);
	return missing ? found : v;
}

/*
 * Tells a cs database (marked by its application_id, or holding the cs
 * tables: one made before the mark, or restored from a dump that lost
 * its version) and an empty one from anything else, which is refused.
 * Sets db->version and db->marked.  Returns 0, or -1 with a message.
 */
static int
recognise(struct sq_db *db, const char *path, char *err, size_t errlen)
{
	int64_t app, version, tables;
	int found;

	if (cs_db_query_int64(&db->pub, "PRAGMA application_id", &app) != 0 ||
	    cs_db_query_int64(&db->pub, "PRAGMA user_version", &version) != 0 ||
	    cs_db_query_int64(&db->pub, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
	    &tables) != 0) {
		open_error(err, errlen, path, "not a database", db->h);
		return -1;
	}
	db->version = (int)version;
	db->marked = app == CS_APPLICATION_ID;
	if (db->marked || (app == 0 && tables == 0))
		return 0;
	if (app != 0) {
		snprintf(err, errlen, _("%s: not a cs database (application_id %#llx); not touched"),
		    path, (unsigned long long)app);
		return -1;
	}
	if ((found = detect_version(db)) < 0) {
		open_error(err, errlen, path, "cannot read the schema", db->h);
		return -1;
	}
	if (found == 0) {
		snprintf(err, errlen, _("%s: not a cs database (it holds other tables); not touched"),
		    path);
		return -1;
	}
	if (version == 0)
		db->version = found;	/* restored from a dump without its version */
	return 0;
}

/*
 * Puts the database in write-ahead-log mode, in which readers and the
 * writer never wait for each other, so that a lock timeout always
 * ends a wait.  A database that can only be read is left as it is.
 * Returns 0, or -1 when a writable database cannot be switched.
 */
static int
use_wal(struct sq_db *db)
{
	struct cs_stmt *st;
	int wal;

	if (db->memory || sqlite3_db_readonly(db->h, "main") == 1)
		return 0;
	if ((st = cs_db_prepare(&db->pub, "PRAGMA journal_mode = WAL")) == NULL)
		return -1;
	wal = cs_stmt_step(st) == CS_STEP_ROW && strcmp(cs_stmt_text(st, 0), "wal") == 0;
	cs_stmt_finalize(st);
	return wal ? 0 : -1;
}

struct cs_db *
cs_db_sqlite_open(const char *path, int flags, char *err, size_t errlen)
{
	struct sq_db *db = new_db();

	pthread_mutex_init(&db->mu, NULL);
	if (open_handle(db, path, flags, err, errlen) != 0 ||
	    recognise(db, path, err, errlen) != 0)
		goto fail;
	if (db->version > CS_SCHEMA_VERSION) {
		snprintf(err, errlen, _("%s: schema version %d is newer than this "
		    "program's (%d); upgrade the cs toolkit"), path, db->version,
		    CS_SCHEMA_VERSION);
		goto fail;
	}
	if (use_wal(db) != 0) {
		open_error(err, errlen, path, "cannot use write-ahead logging", db->h);
		goto fail;
	}
	if ((flags & (CS_DB_MIGRATE | CS_DB_MEMORY)) && cs_db_migrate(&db->pub) != 0) {
		open_error(err, errlen, path, "cannot upgrade the schema", db->h);
		goto fail;
	}
	return &db->pub;
fail:
	cs_db_close(&db->pub);
	return NULL;
}

static void
sq_db_close(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	if (db == NULL)
		return;
	cs_db_snapshot_end(&db->pub);
	sqlite3_close(db->probe);
	sqlite3_close(db->h);
	pthread_mutex_destroy(&db->mu);
	free(db->path);
	free(db);
}

/* Reads the probe's PRAGMA data_version into *v, opening the probe first; returns 0 on success. */
static int
probe_version(struct sq_db *db, int64_t *v)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (db->probe == NULL && connect(&db->probe, db->path) != 0)
		return -1;
	if (sqlite3_prepare_v2(db->probe, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Opens a worker connection to root's database and begins a read
 * transaction on it, its snapshot taken by the read.  Returns it, or
 * NULL with a message in err.
 */
static struct sq_db *
open_pinned(struct sq_db *root, char *err, size_t errlen)
{
	struct sq_db *w = new_db();

	w->path = cs_xstrdup(root->path);
	w->parent = root;
	w->version = root->version;
	w->marked = root->marked;
	if (connect(&w->h, root->path) != 0 ||
	    exec(w, "BEGIN; SELECT count(*) FROM sqlite_schema") != 0) {
		open_error(err, errlen, root->path, "cannot open a worker connection", w->h);
		cs_db_close(&w->pub);
		return NULL;
	}
	return w;
}

/* Begins db's own read transaction, its snapshot taken by the read; returns 0 on success. */
static int
pin(struct sq_db *db)
{
	return exec(db, "BEGIN; SELECT count(*) FROM sqlite_schema");
}

/* Closes the workers lined up and not taken. */
static void
close_spare(struct sq_db *db)
{
	while (db->nspare > 0)
		cs_db_close(&db->spare[--db->nspare]->pub);
}

/*
 * Lines up db's read transaction and n workers' once: 0 when no commit
 * came between the first read and the last, 1 when one did (all is
 * undone), -1 on an error (with a message).
 */
static int
line_up(struct sq_db *db, int n, char *err, size_t errlen)
{
	int64_t before, after;

	if (probe_version(db, &before) != 0 || pin(db) != 0) {
		open_error(err, errlen, db->path, "cannot begin reading", db->probe ? db->probe : db->h);
		return -1;
	}
	while (db->nspare < n) {
		struct sq_db *w = open_pinned(db, err, errlen);

		if (w == NULL)
			return -1;
		db->spare[db->nspare++] = w;
	}
	if (probe_version(db, &after) != 0) {
		open_error(err, errlen, db->path, "cannot begin reading", db->probe);
		return -1;
	}
	if (after == before) {
		db->data_version = after;
		db->have_snapshot = 1;
		return 0;
	}
	close_spare(db);
	cs_db_rollback(&db->pub);
	return 1;
}

static int
sq_db_snapshot(struct cs_db *pdb, int n, char *err, size_t errlen)
{
	struct sq_db *db = (struct sq_db *)pdb;
	int tries, rc = 1;

	if (n > CS_DB_MAX_WORKERS)
		n = CS_DB_MAX_WORKERS;
	if (db->memory) {
		snprintf(err, errlen, _("an in-memory database has no workers"));
		return -1;
	}
	pthread_mutex_lock(&db->mu);
	for (tries = 0; tries < 20 && rc == 1; tries++)
		rc = line_up(db, n, err, errlen);
	pthread_mutex_unlock(&db->mu);
	if (rc == 1)
		snprintf(err, errlen, _("%s: the database kept changing while the run began;"
		    " try again"), db->path);
	if (rc != 0) {
		cs_db_snapshot_end(&db->pub);
		return -1;
	}
	return 0;
}

static struct cs_db *
sq_db_worker(struct cs_db *pdb, char *err, size_t errlen)
{
	struct sq_db *db = (struct sq_db *)pdb;
	struct sq_db *root = db->parent != NULL ? db->parent : db, *w = NULL;
	int64_t now;

	pthread_mutex_lock(&root->mu);
	if (root->nspare > 0)
		w = root->spare[--root->nspare];
	else if (!root->writing && !root->have_snapshot)
		snprintf(err, errlen, _("%s: a worker needs a snapshot (cs_db_snapshot) or the write"
		    " lock"), root->path);
	else if ((w = open_pinned(root, err, errlen)) != NULL && !root->writing &&
	    (probe_version(root, &now) != 0 || now != root->data_version)) {
		snprintf(err, errlen, _("%s: the database changed while the run began; try again"),
		    root->path);
		cs_db_close(&w->pub);
		w = NULL;
	}
	pthread_mutex_unlock(&root->mu);
	return w != NULL ? &w->pub : NULL;
}

static void
sq_db_snapshot_end(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	pthread_mutex_lock(&db->mu);
	close_spare(db);
	db->have_snapshot = 0;
	pthread_mutex_unlock(&db->mu);
	if (!db->writing)
		cs_db_rollback(&db->pub);
}

static const char *
sq_db_errmsg(const struct cs_db *pdb)
{
	const struct sq_db *db = (const struct sq_db *)pdb;
	return db->bind_error != NULL ? db->bind_error : sqlite3_errmsg(db->h);
}

static int
sq_db_is_memory(const struct cs_db *pdb)
{
	const struct sq_db *db = (const struct sq_db *)pdb;
	return db->memory;
}

static int
sq_db_schema_version(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	return db->version;
}

/* Applies the migrations after 'from', and marks the database with the new version. */
static int
apply_migrations(struct sq_db *db, int from)
{
	char sql[96];
	int v;

	for (v = from + 1; v <= CS_SCHEMA_VERSION; v++)
		if (exec(db, cs_schema_migration(v)) != 0)
			return -1;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
	    CS_SCHEMA_VERSION, CS_APPLICATION_ID);
	return exec(db, sql);
}

static int
sq_db_migrate(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	int own, rc;
	char err[256];

	if (db->version == CS_SCHEMA_VERSION && db->marked)
		return 0;
	own = sqlite3_get_autocommit(db->h);
	if (own && cs_db_begin(&db->pub) != 0)
		return -1;
	/* Under the write lock, as another process may have upgraded it meanwhile. */
	if (recognise(db, "", err, sizeof err) != 0 || db->version > CS_SCHEMA_VERSION)
		rc = -1;
	else if (db->version == CS_SCHEMA_VERSION && db->marked)
		rc = 0;
	else
		rc = apply_migrations(db, db->version);
	if (own) {
		if (rc == 0)
			rc = cs_db_commit(&db->pub);
		else
			cs_db_rollback(&db->pub);
	}
	if (rc == 0) {
		db->version = CS_SCHEMA_VERSION;
		db->marked = 1;
	}
	return rc;
}

static int
sq_db_begin(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	if (exec(db, "BEGIN IMMEDIATE") != 0)
		return -1;
	db->writing = 1;
	return 0;
}


static int
sq_db_is_busy(const struct cs_db *pdb)
{
	const struct sq_db *db = (const struct sq_db *)pdb;
	int rc = sqlite3_extended_errcode(db->h) & 0xff;

	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

static int
sq_db_commit(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	if (exec(db, "COMMIT") != 0)
		return -1;
	db->writing = 0;
	return 0;
}

static void
sq_db_rollback(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	char err[256];

	db->writing = 0;
	if (db->h == NULL || sqlite3_get_autocommit(db->h))
		return;
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (db->parent == NULL)
		recognise(db, "", err, sizeof err);	/* a migration may have been undone */
}

static int
sq_db_set_foreign_keys(struct cs_db *pdb, int on)
{
	struct sq_db *db = (struct sq_db *)pdb;
	return exec(db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
}

static int
sq_db_spill_to_disk(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	return exec(db, "PRAGMA temp_store = FILE");
}

static int
sq_db_tune_for_load(struct cs_db *pdb, long cache_kib)
{
	struct sq_db *db = (struct sq_db *)pdb;
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", cache_kib);
	return exec(db, sql);
}

static struct cs_stmt *
sq_db_prepare(struct cs_db *pdb, const char *sql)
{
	struct sq_db *db = (struct sq_db *)pdb;
	sqlite3_stmt *st = NULL;
	struct sq_stmt *s;

	db->bind_error = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	s = cs_xmalloc(sizeof *s);
	s->st = st;
	s->db = db;
	s->bind_rc = SQLITE_OK;
	s->pub.ops = &sq_ops;
	return &s->pub;
}

/* Keeps the first failed bind's result, so that the statement's next step fails. */
static int
bound(struct sq_stmt *st, int rc)
{
	if (rc != SQLITE_OK && st->bind_rc == SQLITE_OK)
		st->bind_rc = rc;
	return rc == SQLITE_OK ? 0 : -1;
}

static int
sq_stmt_bind_text(struct cs_stmt *pst, int idx, const char *s, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	if (len > (size_t)INT32_MAX)
		return bound(st, SQLITE_TOOBIG);
	return bound(st, sqlite3_bind_text(st->st, idx, s, (int)len, SQLITE_STATIC));
}


static int
sq_stmt_bind_int64(struct cs_stmt *pst, int idx, int64_t v)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	return bound(st, sqlite3_bind_int64(st->st, idx, v));
}

static int
sq_stmt_bind_double(struct cs_stmt *pst, int idx, double v)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	return bound(st, sqlite3_bind_double(st->st, idx, v));
}

static int
sq_stmt_bind_null(struct cs_stmt *pst, int idx)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	return bound(st, sqlite3_bind_null(st->st, idx));
}

static enum cs_step
sq_stmt_step(struct cs_stmt *pst)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	int ext;

	st->db->bind_error = NULL;
	if (st->bind_rc != SQLITE_OK) {	/* never run with a value missing */
		st->db->bind_error = sqlite3_errstr(st->bind_rc);
		return CS_STEP_ERROR;
	}
	switch (sqlite3_step(st->st)) {
	case SQLITE_ROW:
		return CS_STEP_ROW;
	case SQLITE_DONE:
		return CS_STEP_DONE;
	case SQLITE_CONSTRAINT:
		ext = sqlite3_extended_errcode(st->db->h);
		return ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE ?
		    CS_STEP_DUPLICATE : CS_STEP_CONSTRAINT;
	default:
		return CS_STEP_ERROR;
	}
}

static int64_t
sq_stmt_int64(struct cs_stmt *pst, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	return sqlite3_column_int64(st->st, col);
}

static const char *
sq_stmt_text(struct cs_stmt *pst, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	const unsigned char *t = sqlite3_column_text(st->st, col);

	return t ? (const char *)t : "";
}

static int
sq_stmt_is_null(struct cs_stmt *pst, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int
sq_stmt_reset(struct cs_stmt *pst)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	sqlite3_reset(st->st);
	return 0;
}

static void
sq_stmt_finalize(struct cs_stmt *pst)
{
	struct sq_stmt *st = (struct sq_stmt *)pst;
	if (st == NULL)
		return;
	sqlite3_finalize(st->st);
	free(st);
}

static int
sq_db_changes(struct cs_db *pdb)
{
	struct sq_db *db = (struct sq_db *)pdb;
	return sqlite3_changes(db->h);
}

static const struct cs_db_ops sq_ops = {
	.close = sq_db_close,
	.snapshot = sq_db_snapshot,
	.worker = sq_db_worker,
	.snapshot_end = sq_db_snapshot_end,
	.errmsg = sq_db_errmsg,
	.is_memory = sq_db_is_memory,
	.migrate = sq_db_migrate,
	.schema_version = sq_db_schema_version,
	.begin = sq_db_begin,
	.is_busy = sq_db_is_busy,
	.commit = sq_db_commit,
	.rollback = sq_db_rollback,
	.set_foreign_keys = sq_db_set_foreign_keys,
	.spill_to_disk = sq_db_spill_to_disk,
	.tune_for_load = sq_db_tune_for_load,
	.prepare = sq_db_prepare,
	.bind_text = sq_stmt_bind_text,
	.bind_int64 = sq_stmt_bind_int64,
	.bind_double = sq_stmt_bind_double,
	.bind_null = sq_stmt_bind_null,
	.step = sq_stmt_step,
	.column_int64 = sq_stmt_int64,
	.column_text = sq_stmt_text,
	.column_is_null = sq_stmt_is_null,
	.reset = sq_stmt_reset,
	.finalize = sq_stmt_finalize,
	.changes = sq_db_changes,
};
