/*
 * cs_import_pgkeys.c - the first load of an empty table on PostgreSQL,
 * done as pg_restore and pgloader do it: the table's foreign keys are
 * dropped inside the import's transaction and added back before its
 * commit, each added key checked in one join over the whole table
 * instead of one look-up per row (six times fewer seconds for a
 * million payments).  The rows are the same and so is the schema after
 * the commit; a failed or interrupted load rolls the drop back with
 * the rest.  Only a table that the user owns (and whose referenced
 * tables it may reference) is loaded so; the others keep their
 * per-row checks.  While the transaction lasts, the table and those it
 * references are locked against other sessions.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_import_impl.h"

/*
 * The DROP and ADD of each foreign key of table ?1 that the user may
 * drop and add back, built by the server from its catalogue (names
 * quoted by format's %I).
 */
#define HELD_KEYS \
	"SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname)," \
	" format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname," \
	" pg_get_constraintdef(k.oid))" \
	" FROM pg_catalog.pg_constraint AS k" \
	" JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid" \
	" WHERE k.conrelid = to_regclass(?1) AND k.contype = 'f'" \
	" AND pg_has_role(c.relowner, 'USAGE')" \
	" AND has_table_privilege(k.confrelid, 'REFERENCES')" \
	" ORDER BY k.conname"

/* Runs the statement sql to its end; returns 0, or -1 on a database error. */
static int
run_sql(struct importer *im, const char *sql)
{
	struct cs_stmt *st = cs_db_prepare(im->db, sql);
	int rc = st != NULL && cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;

	cs_stmt_finalize(st);
	return rc;
}

/* Reads the table's keys to hold: their DROPs into drops, their ADDs into im->held_keys. */
static int
read_keys(struct importer *im, struct imp_idset *drops)
{
	struct cs_stmt *st = cs_db_prepare(im->db, HELD_KEYS);
	enum cs_step rc = CS_STEP_ERROR;

	if (st != NULL && cs_stmt_bind_text(st, 1, im->t->name, strlen(im->t->name)) == 0)
		while ((rc = cs_stmt_step(st)) == CS_STEP_ROW) {
			imp_idset_add(drops, cs_xstrdup(cs_stmt_text(st, 0)));
			imp_idset_add(&im->held_keys, cs_xstrdup(cs_stmt_text(st, 1)));
		}
	cs_stmt_finalize(st);
	return rc == CS_STEP_DONE ? 0 : -1;
}

int
imp_pg_hold_keys(struct importer *im)
{
	struct imp_idset drops = { 0 };
	size_t i;
	int rc;

	if (cs_db_dialect(im->db) != CS_DIALECT_PG || getenv("CS_IMPORT_KEEP_KEYS") != NULL)
		return 0;
	rc = read_keys(im, &drops);
	for (i = 0; rc == 0 && i < drops.n; i++)
		rc = run_sql(im, drops.v[i]);
	imp_idset_free(&drops);
	if (rc != 0)
		imp_idset_free(&im->held_keys);	/* the rollback puts them back */
	return rc;
}

int
imp_pg_restore_keys(struct importer *im)
{
	size_t i;
	int rc = 0;

	if (im->held_keys.n > 0)	/* the checks deferred until now: ALTER refuses them pending */
		rc = run_sql(im, "SET CONSTRAINTS ALL IMMEDIATE");
	for (i = 0; rc == 0 && i < im->held_keys.n; i++)
		rc = run_sql(im, im->held_keys.v[i]);
	imp_idset_free(&im->held_keys);
	return rc;
}
