/*
 * cs_import_pgkeys.c - the first load of an empty table on PostgreSQL,
 * done as pg_restore and pgloader do it: the table's foreign keys are
 * dropped inside the import's transaction and added back before its
 * commit, each added key checked in one join over the whole table
 * instead of one look-up per row (the checks of 1.8 million payments:
 * 3 s instead of 21).  The rows are the same and so is the schema after
 * the commit; a failed or interrupted load rolls the drop back with
 * the rest.  Only a table that the user owns (and whose referenced
 * tables it may reference) is loaded so, and only when their locks are
 * free at once; the others keep their per-row checks.  While the
 * transaction lasts, the table and those it references are locked
 * against other sessions.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_import_impl.h"

/*
 * One ALTER dropping every foreign key of table ?1 that the user may
 * drop and add back, and one adding them back, built by the server from
 * its catalogue (names quoted by format's %I); no row when there are
 * none.
 */
#define HELD_KEYS \
	"SELECT format('ALTER TABLE %s ', k.conrelid::regclass) ||" \
	" string_agg(format('DROP CONSTRAINT %I', k.conname), ', ' ORDER BY k.conname)," \
	" format('ALTER TABLE %s ', k.conrelid::regclass) ||" \
	" string_agg(format('ADD CONSTRAINT %I %s', k.conname, pg_get_constraintdef(k.oid))," \
	" ', ' ORDER BY k.conname)" \
	" FROM pg_catalog.pg_constraint AS k" \
	" JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid" \
	" WHERE k.conrelid = to_regclass(?1) AND k.contype = 'f'" \
	" AND pg_has_role(c.relowner, 'USAGE')" \
	" AND has_table_privilege(k.confrelid, 'REFERENCES')" \
	" GROUP BY k.conrelid"

/*
 * How long the drop waits for the locks it needs (the table's and those
 * of the tables it references): a program reading them holds it off,
 * and waiting longer while holding the table's lock could deadlock with
 * a reader that takes the tables in the other order.
 */
#define DROP_WAIT_MS "100"

/* Runs the statement sql to its end; returns 0, or -1 on a database error. */
static int
run_sql(struct importer *im, const char *sql)
{
	struct cs_stmt *st = cs_db_prepare(im->db, sql);
	int rc = st != NULL && cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;

	cs_stmt_finalize(st);
	return rc;
}

/* Runs the one-row query sql (with ?1 bound to arg when not NULL) and keeps its columns in out. */
static int
read_row(struct importer *im, const char *sql, const char *arg, struct imp_idset *out)
{
	struct cs_stmt *st = cs_db_prepare(im->db, sql);
	enum cs_step rc = CS_STEP_ERROR;
	int i;

	if (st != NULL && (arg == NULL || cs_stmt_bind_str(st, 1, arg) == 0) &&
	    (rc = cs_stmt_step(st)) == CS_STEP_ROW)
		for (i = 0; i < 2 && !cs_stmt_is_null(st, i); i++)
			imp_idset_add(out, cs_xstrdup(cs_stmt_text(st, i)));
	cs_stmt_finalize(st);
	return rc == CS_STEP_ROW || rc == CS_STEP_DONE ? 0 : -1;
}

/*
 * Drops the keys by the statement drop, waiting DROP_WAIT_MS at most for
 * the locks; returns 1 dropped, 0 the locks were busy (nothing
 * dropped), -1 on a database error.
 */
static int
drop_keys(struct importer *im, const char *drop)
{
	struct imp_idset wait = { 0 };
	int rc;

	if (read_row(im, "SELECT current_setting('lock_timeout')", NULL, &wait) != 0 ||
	    wait.n != 1 || run_sql(im, "SET LOCAL lock_timeout = " DROP_WAIT_MS) != 0) {
		imp_idset_free(&wait);
		return -1;
	}
	rc = run_sql(im, drop) == 0 ? 1 : cs_db_is_busy(im->db) ? 0 : -1;
	if (read_row(im, "SELECT set_config('lock_timeout', ?1, true)", wait.v[0], &wait) != 0)
		rc = -1;
	imp_idset_free(&wait);
	return rc;
}

int
imp_pg_hold_keys(struct importer *im)
{
	struct imp_idset alters = { 0 };
	int rc;

	if (cs_db_dialect(im->db) != CS_DIALECT_PG || getenv("CS_IMPORT_KEEP_KEYS") != NULL)
		return 0;
	rc = read_row(im, HELD_KEYS, im->t->name, &alters);
	if (rc == 0 && alters.n == 2 && (rc = drop_keys(im, alters.v[0])) == 1) {
		im->held_keys = alters.v[1];	/* the ADD, kept for the end */
		alters.v[1] = NULL;
		alters.n = 1;
		rc = 0;
	}
	imp_idset_free(&alters);
	return rc;
}

int
imp_pg_restore_keys(struct importer *im)
{
	int rc;

	if (im->held_keys == NULL)
		return 0;
	/* the checks deferred until now first: ALTER refuses them pending */
	rc = run_sql(im, "SET CONSTRAINTS ALL IMMEDIATE") == 0 && run_sql(im, im->held_keys) == 0 ?
	    0 : -1;
	free(im->held_keys);
	im->held_keys = NULL;
	return rc;
}
