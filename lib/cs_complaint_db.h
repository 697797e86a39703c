/*
 * cs_complaint_db.h - complaints as read from the database, one at a
 * time in complaint id order: each with its row (through the view
 * complaint_status, which says what valid, closed and owner mean), its
 * customer's name and big-customer class, and its events in time order
 * (cs_complaint.h).
 */
#ifndef CS_COMPLAINT_DB_H
#define CS_COMPLAINT_DB_H

#include <stddef.h>

#include "cs_complaint.h"
#include "cs_db.h"

/* Which complaints to read. */
struct cs_complaint_query {
	const char *class_as_of;	/* YYYY-MM-DD: the class is the latest bigcustomer
					   snapshot on or before it */
	int open_only;			/* only the complaints not closed */
	const char *customer;		/* only this customer's, or NULL for all */
};

struct cs_complaint_reader;

/*
 * Starts reading the complaints q asks for from db.  Returns the
 * reader, or NULL with "database: why" in err.
 */
struct cs_complaint_reader *cs_complaint_reader_open(struct cs_db *db,
    const struct cs_complaint_query *q, char *err, size_t errlen);

/*
 * Returns the next complaint, valid until the next call, or NULL at the
 * end or on an error (cs_complaint_reader_failed tells which).
 */
const struct cs_complaint *cs_complaint_reader_next(struct cs_complaint_reader *rd);

/* Returns nonzero, with "database: why" in err, when reading failed. */
int cs_complaint_reader_failed(struct cs_complaint_reader *rd, char *err, size_t errlen);

/* Ends reading. */
void cs_complaint_reader_close(struct cs_complaint_reader *rd);

#endif
