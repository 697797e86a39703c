/*
 * cs_snapshot.h - dated snapshots of segment labels (the segments
 * table), so that movement between segments can be reported.
 */
#ifndef CS_SNAPSHOT_H
#define CS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "cs_db.h"

/* One customer's result in one model. */
struct cs_segment_row {
	const char *customer_id;
	const char *label;
	const char *score;		/* may be NULL */
	int64_t value_cents;		/* CS_NO_VALUE for none */
};

/*
 * Replaces the snapshot of model on as_of (YYYY-MM-DD) with rows[0..n),
 * inside the caller's transaction.  Returns 0, or -1 (see cs_db_errmsg).
 */
int cs_snapshot_save(struct cs_db *db, const char *as_of, const char *model,
    const struct cs_segment_row *rows, size_t n);

#endif
