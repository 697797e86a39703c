/*
 * cs_snapshot.c - writing segment snapshots.
 */
#include <string.h>

#include "cs_segment.h"
#include "cs_snapshot.h"

int
cs_snapshot_save(struct cs_db *db, const char *as_of, const char *model,
    const struct cs_segment_row *rows, size_t n)
{
	struct cs_stmt *del = cs_db_prepare(db,
	    "DELETE FROM segments WHERE as_of = ?1 AND model = ?2");
	struct cs_stmt *ins = cs_db_prepare(db,
	    "INSERT INTO segments (as_of, model, customer_id, label, score, value_cents)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	int rc = -1;
	size_t i;

	if (del == NULL || ins == NULL)
		goto done;
	cs_stmt_bind_str(del, 1, as_of);
	cs_stmt_bind_str(del, 2, model);
	if (cs_stmt_step(del) != CS_STEP_DONE)
		goto done;
	cs_stmt_bind_str(ins, 1, as_of);
	cs_stmt_bind_str(ins, 2, model);
	for (i = 0; i < n; i++) {
		cs_stmt_bind_str(ins, 3, rows[i].customer_id);
		cs_stmt_bind_str(ins, 4, rows[i].label);
		cs_stmt_bind_str(ins, 5, rows[i].score);
		if (rows[i].value_cents == CS_NO_VALUE)
			cs_stmt_bind_null(ins, 6);
		else
			cs_stmt_bind_int64(ins, 6, rows[i].value_cents);
		if (cs_stmt_step(ins) != CS_STEP_DONE)
			goto done;
		cs_stmt_reset(ins);
	}
	rc = 0;
done:
	cs_stmt_finalize(del);
	cs_stmt_finalize(ins);
	return rc;
}
