/*
 * cs_batch.h - batches of parsed rows, handed from a reader thread to
 * the main thread through a bounded queue (cs_work.h).  A batch owns
 * copies of its rows' bytes, so the reader can go on while the main
 * thread works.
 */
#ifndef CS_BATCH_H
#define CS_BATCH_H

#include <stddef.h>

#include "cs_csv.h"
#include "cs_table.h"
#include "cs_text.h"

#define CS_BATCH_ROWS 1024		/* rows per batch */
#define CS_BATCH_BYTES (1 << 20)	/* text per batch before it is passed on */
#define CS_QUEUE_SLOTS 4		/* full batches waiting at most */

/* One row of a batch: where its fields and values are, or why it was rejected. */
struct cs_batch_row {
	long line;
	size_t first_field, nfields;	/* in the batch's fields */
	size_t first_value;		/* in the batch's values (ncols of them) */
	size_t column;			/* when rejected: the first reason's column */
	size_t reason;			/* offset of the first reason in text, or SIZE_MAX */
	size_t nreasons;		/* why it is rejected: as many reasons */
};

struct cs_batch_field {
	size_t off, len;		/* in text */
	int null;
};

/* Where a text value's bytes are once it is in a batch. */
enum cs_text_home {
	CS_TEXT_STATIC,			/* v.s stays valid (a constant string) */
	CS_TEXT_IN_BATCH,		/* at off in the batch's text */
	CS_TEXT_OWN_BUF			/* in v.buf (a canonical date) */
};

/* A parsed value; text that lives in the batch is kept as an offset. */
struct cs_batch_value {
	struct cs_value v;
	size_t off;			/* in text, for CS_TEXT_IN_BATCH */
	enum cs_text_home home;
};

struct cs_batch {
	struct cs_buf text;
	struct cs_batch_field *fields;
	size_t nfields, capfields;
	struct cs_batch_value *values;
	size_t nvalues, capvalues;
	struct cs_batch_row *rows;
	size_t nrows, caprows;
};

/* Returns a new, empty batch. */
struct cs_batch *cs_batch_new(void);

/* Empties a batch, keeping its memory. */
void cs_batch_clear(struct cs_batch *b);

/* Frees a batch's memory. */
void cs_batch_free(struct cs_batch *b);

/* Returns nonzero when the batch should be passed on. */
int cs_batch_full(const struct cs_batch *b);

/* Adds a row with copies of the record's fields; returns the row to fill in. */
struct cs_batch_row *cs_batch_add_row(struct cs_batch *b, const struct cs_record *rec);

/*
 * Marks row as rejected at column (1-based, or 0 for the whole record)
 * with a copy of reason; called again for the same row, it adds a
 * reason (the row's last: its reasons follow each other in text).
 */
void cs_batch_reject(struct cs_batch *b, struct cs_batch_row *row, size_t column,
    const char *reason);

/* Returns the k-th (0-based) reason of a rejected row and sets *column to its column. */
const char *cs_batch_reason(const struct cs_batch *b, const struct cs_batch_row *row, size_t k,
    size_t *column);

/*
 * Stores the row's ncols values, copying text that points into the
 * record's fields (the field is copied already) or into a value's own
 * buffer; text elsewhere (static strings) is kept as a pointer.
 */
void cs_batch_set_values(struct cs_batch *b, struct cs_batch_row *row,
    const struct cs_record *rec, const struct cs_value *vals, int ncols);

/* Rebuilds a row's fields as a record, using fields[] for storage. */
void cs_batch_record(const struct cs_batch *b, const struct cs_batch_row *row,
    struct cs_field *fields, struct cs_record *rec);

/* Copies a row's values out into vals[0..ncols), text pointers made valid. */
void cs_batch_values(const struct cs_batch *b, const struct cs_batch_row *row,
    struct cs_value *vals, int ncols);

#endif
