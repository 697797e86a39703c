/*
 * cs_snapshot.c - writing segment snapshots.
 *
 * The rows go in by INSERTs of several rows each (VALUES lists, with
 * parameters): on PostgreSQL each statement is a round trip and a
 * savepoint, so one a row would cost ten times the segmentation.  On
 * SQLite a row a statement is as fast and stays as it was.
 */
#include <string.h>

#include "cs_segment.h"
#include "cs_snapshot.h"
#include "cs_text.h"

/* Rows a statement on PostgreSQL: 4 parameters each, 2 shared (802 in all). */
#define PG_BATCH 200

/*
 * Prepares the INSERT of n rows: ?1 the day and ?2 the model of every
 * row, then each row's customer, label, score and value in turn.
 */
static struct cs_stmt *
prepare_insert(struct cs_db *db, size_t n)
{
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;
	size_t k;

	cs_buf_puts(&sql, "INSERT INTO segments (as_of, model, customer_id, label, score,"
	    " value_cents) VALUES ");
	for (k = 0; k < n; k++)
		cs_buf_printf(&sql, "%s(?1, ?2, ?%zu, ?%zu, ?%zu, ?%zu)", k ? ", " : "",
		    3 + 4 * k, 4 + 4 * k, 5 + 4 * k, 6 + 4 * k);
	st = cs_db_prepare(db, sql.data);
	cs_buf_free(&sql);
	return st;
}

/* Binds row r as the k-th row of st. */
static void
bind_row(struct cs_stmt *st, size_t k, const struct cs_segment_row *r)
{
	int at = 3 + 4 * (int)k;

	cs_stmt_bind_str(st, at, r->customer_id);
	cs_stmt_bind_str(st, at + 1, r->label);
	cs_stmt_bind_str(st, at + 2, r->score);
	if (r->value_cents == CS_NO_VALUE)
		cs_stmt_bind_null(st, at + 3);
	else
		cs_stmt_bind_int64(st, at + 3, r->value_cents);
}

/*
 * Inserts rows[0..n) on as_of for model, batch rows a statement (the
 * last statement takes what is left).  Returns 0 or -1.
 */
static int
insert_rows(struct cs_db *db, const char *as_of, const char *model,
    const struct cs_segment_row *rows, size_t n, size_t batch)
{
	struct cs_stmt *st = NULL;
	size_t i = 0, k, len = 0;
	int rc = 0;

	while (rc == 0 && i < n) {
		if (st == NULL || len > n - i) {	/* the first, or the tail */
			cs_stmt_finalize(st);
			len = n - i < batch ? n - i : batch;
			if ((st = prepare_insert(db, len)) == NULL)
				return -1;
			cs_stmt_bind_str(st, 1, as_of);
			cs_stmt_bind_str(st, 2, model);
		}
		for (k = 0; k < len; k++)
			bind_row(st, k, &rows[i + k]);
		rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
		cs_stmt_reset(st);
		i += len;
	}
	cs_stmt_finalize(st);
	return rc;
}

int
cs_snapshot_save(struct cs_db *db, const char *as_of, const char *model,
    const struct cs_segment_row *rows, size_t n)
{
	struct cs_stmt *del = cs_db_prepare(db,
	    "DELETE FROM segments WHERE as_of = ?1 AND model = ?2");
	int rc = -1;

	if (del == NULL)
		return -1;
	cs_stmt_bind_str(del, 1, as_of);
	cs_stmt_bind_str(del, 2, model);
	if (cs_stmt_step(del) == CS_STEP_DONE)
		rc = insert_rows(db, as_of, model, rows, n,
		    cs_db_dialect(db) == CS_DIALECT_PG ? PG_BATCH : 1);
	cs_stmt_finalize(del);
	return rc;
}
