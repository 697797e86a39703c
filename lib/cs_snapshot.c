/*
 * cs_snapshot.c - writing segment snapshots.
 *
 * SQLite: the model's rows of the day deleted, then inserted a row a
 * statement.  PostgreSQL: the rows copied (COPY) into a temporary table,
 * then applied set-based: one INSERT when the day has no snapshot of
 * the model yet, else one DELETE of the customers gone and one upsert
 * that inserts the new and updates only the rows whose values changed,
 * so that a run again on the same day rewrites nothing unchanged (each
 * row written costs a foreign-key check and index upkeep).
 */
#include <string.h>

#include "cs_segment.h"
#include "cs_snapshot.h"
#include "cs_text.h"

/* The COPY data sent at a time to PostgreSQL (bytes, about). */
#define PG_COPY_CHUNK (1 << 20)

/* The temporary table of one model's rows, dropped with the transaction. */
static const char pg_rows_table[] =
    "CREATE TEMPORARY TABLE IF NOT EXISTS cs_segment_rows ("
    "customer_id text COLLATE \"C\" NOT NULL, label text COLLATE \"C\" NOT NULL,"
    " score text COLLATE \"C\", value_cents bigint) ON COMMIT DROP";

static const char pg_rows_copy[] =
    "COPY cs_segment_rows (customer_id, label, score, value_cents) FROM STDIN";

/* Deletes the customers of ?1, ?2 that are not among the rows. */
static const char pg_delete_gone[] =
    "DELETE FROM segments s WHERE s.as_of = ?1 AND s.model = ?2 AND NOT EXISTS"
    " (SELECT 1 FROM cs_segment_rows r WHERE r.customer_id = s.customer_id)";

/* Whether ?1, ?2 has a snapshot already (else a plain INSERT: no conflict can arise). */
static const char pg_exists[] =
    "SELECT EXISTS (SELECT 1 FROM segments WHERE as_of = ?1 AND model = ?2)";

/* Inserts the rows of ?1, ?2 when it has none (cheaper than the upsert's speculative insertion). */
static const char pg_insert[] =
    "INSERT INTO segments (as_of, model, customer_id, label, score, value_cents)"
    " SELECT CAST(?1 AS text), CAST(?2 AS text), customer_id, label, score, value_cents"
    " FROM cs_segment_rows";

/* Inserts the new rows of ?1, ?2 and updates the changed ones. */
static const char pg_upsert[] =
    "INSERT INTO segments (as_of, model, customer_id, label, score, value_cents)"
    " SELECT CAST(?1 AS text), CAST(?2 AS text), customer_id, label, score, value_cents"
    " FROM cs_segment_rows ON CONFLICT (as_of, model, customer_id) DO UPDATE"
    " SET label = excluded.label, score = excluded.score,"
    " value_cents = excluded.value_cents"
    " WHERE (segments.label, segments.score, segments.value_cents) IS DISTINCT FROM"
    " (excluded.label, excluded.score, excluded.value_cents)";

/* Runs sql, which takes no parameter or ?1 the day and ?2 the model; returns 0 or -1. */
static int
run(struct cs_db *db, const char *sql, const char *as_of, const char *model)
{
	struct cs_stmt *st = cs_db_prepare(db, sql);
	int rc = -1;

	if (st == NULL)
		return -1;
	if (as_of != NULL) {
		cs_stmt_bind_str(st, 1, as_of);
		cs_stmt_bind_str(st, 2, model);
	}
	if (cs_stmt_step(st) == CS_STEP_DONE)
		rc = 0;
	cs_stmt_finalize(st);
	return rc;
}

/* PostgreSQL: returns 1 when as_of, model has a snapshot, 0 when not, -1 on error. */
static int
has_snapshot(struct cs_db *db, const char *as_of, const char *model)
{
	struct cs_stmt *st = cs_db_prepare(db, pg_exists);
	int rc = -1;

	if (st == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, as_of);
	cs_stmt_bind_str(st, 2, model);
	if (cs_stmt_step(st) == CS_STEP_ROW)
		rc = cs_stmt_int64(st, 0) != 0;
	cs_stmt_finalize(st);
	return rc;
}

/*
 * PostgreSQL: replaces the snapshot of as_of, model with the copied
 * rows: a plain INSERT when there is none, else the customers gone
 * deleted and only new or changed rows written.  Returns 0 or -1.
 */
static int
apply_rows(struct cs_db *db, const char *as_of, const char *model)
{
	int has = has_snapshot(db, as_of, model);

	if (has < 0)
		return -1;
	if (has == 0)
		return run(db, pg_insert, as_of, model);
	return run(db, pg_delete_gone, as_of, model) == 0 &&
	    run(db, pg_upsert, as_of, model) == 0 ? 0 : -1;
}

/* SQLite: inserts rows[0..n) on as_of for model, a row a statement.  Returns 0 or -1. */
static int
insert_rows(struct cs_db *db, const char *as_of, const char *model,
    const struct cs_segment_row *rows, size_t n)
{
	struct cs_stmt *st = cs_db_prepare(db, "INSERT INTO segments (as_of, model,"
	    " customer_id, label, score, value_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	size_t i;
	int rc = st != NULL ? 0 : -1;

	for (i = 0; rc == 0 && i < n; i++) {
		cs_stmt_bind_str(st, 1, as_of);
		cs_stmt_bind_str(st, 2, model);
		cs_stmt_bind_str(st, 3, rows[i].customer_id);
		cs_stmt_bind_str(st, 4, rows[i].label);
		cs_stmt_bind_str(st, 5, rows[i].score);
		if (rows[i].value_cents == CS_NO_VALUE)
			cs_stmt_bind_null(st, 6);
		else
			cs_stmt_bind_int64(st, 6, rows[i].value_cents);
		rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
		cs_stmt_reset(st);
	}
	cs_stmt_finalize(st);
	return rc;
}

/* Appends row r to b as a line of COPY's text format. */
static void
copy_row(struct cs_buf *b, const struct cs_segment_row *r)
{
	cs_db_copy_field(b, r->customer_id);
	cs_buf_puts(b, "\t");
	cs_db_copy_field(b, r->label);
	cs_buf_puts(b, "\t");
	cs_db_copy_field(b, r->score);
	if (r->value_cents == CS_NO_VALUE)
		cs_buf_puts(b, "\t\\N\n");
	else
		cs_buf_printf(b, "\t%lld\n", (long long)r->value_cents);
}

/* PostgreSQL: copies rows[0..n) into the (emptied) temporary table.  Returns 0 or -1. */
static int
copy_rows(struct cs_db *db, const struct cs_segment_row *rows, size_t n)
{
	struct cs_buf b = { 0 };
	size_t i;
	int rc = run(db, pg_rows_table, NULL, NULL) == 0 &&
	    run(db, "TRUNCATE cs_segment_rows", NULL, NULL) == 0 ? 0 : -1;

	for (i = 0; rc == 0 && i < n; i++) {
		copy_row(&b, &rows[i]);
		if (b.len >= PG_COPY_CHUNK || i + 1 == n) {
			rc = cs_db_copy(db, pg_rows_copy, b.data, b.len) >= 0 ? 0 : -1;
			b.len = 0;
		}
	}
	cs_buf_free(&b);
	return rc;
}

int
cs_snapshot_save(struct cs_db *db, const char *as_of, const char *model,
    const struct cs_segment_row *rows, size_t n)
{
	if (cs_db_dialect(db) == CS_DIALECT_PG)
		return copy_rows(db, rows, n) == 0 ? apply_rows(db, as_of, model) : -1;
	if (run(db, "DELETE FROM segments WHERE as_of = ?1 AND model = ?2", as_of, model) != 0)
		return -1;
	return insert_rows(db, as_of, model, rows, n);
}
