/*
 * cs_ledger_db.h - reads every customer's ledger (invoices and
 * payments) from the database in one pass: two queries ordered by
 * customer, walked side by side, one customer at a time.
 */
#ifndef CS_LEDGER_DB_H
#define CS_LEDGER_DB_H

#include <stddef.h>

#include "cs_db.h"
#include "cs_ledger.h"

/* One customer's ledger, as cs_ledger_allocate wants it. */
struct cs_ledger_rows {
	struct cs_ledger_invoice *inv;	/* oldest first: by due day, issue day, id */
	const char **period;		/* per invoice: its billing period (YYYY-MM) */
	struct cs_ledger_payment *pay;	/* by day, then payment id */
	size_t ninv, npay;
};

struct cs_ledger_reader;

/* The customers a reader covers: ids in [lo, hi). */
struct cs_id_range {
	const char *lo, *hi;
};

/*
 * The upper bound of every id: U+10FFFF, the last code point, in UTF-8.
 * No id sorts at or after it (byte order: SQLite's BINARY, PostgreSQL's
 * COLLATE "C"): an id is valid UTF-8 and holds no noncharacter
 * (cs-import refuses one), and U+10FFFF is one.  Unlike "\xff" it is
 * valid UTF-8, which PostgreSQL requires of every text parameter.
 */
#define CS_ID_END "\xf4\x8f\xbf\xbf"

/* All customers. */
#define CS_ALL_IDS ((struct cs_id_range){ "", CS_ID_END })

/* Customers split into id ranges of about equal size, for readers working at once. */
#define CS_MAX_RANGES 8
struct cs_id_ranges {
	int n;
	int64_t customers;			/* how many there are in all */
	char bound[CS_MAX_RANGES + 1][80];	/* range k is [bound[k], bound[k + 1]) */
};

/*
 * Splits the customers of db into as many ranges as there are
 * processors (at most CS_MAX_RANGES), or one when there are fewer than
 * min customers.  Returns 0, or -1 on a database error.
 */
int cs_id_ranges_split(struct cs_db *db, int64_t min, struct cs_id_ranges *out);

/* Returns the most ranges cs_id_ranges_split makes on this machine. */
int cs_id_ranges_max(void);

/* Returns range k of r. */
struct cs_id_range cs_id_ranges_get(const struct cs_id_ranges *r, int k);

/*
 * Starts reading the invoices issued and the payments made on or
 * before through (YYYY-MM-DD) from db, for the customers in range,
 * less the payments that bounced on or before since (YYYY-MM-DD, at
 * most through): a reader of one day passes that day twice; a reader
 * of the days since..through gets the payments that bounced within
 * them with their bounce day (cs_ledger_paid_on).  The billing periods
 * come only when want_period (they cost a table lookup per invoice;
 * else they are "").  The strings must stay unchanged until the reader
 * is closed.  Returns NULL on a database error (see cs_db_errmsg).
 */
struct cs_ledger_reader *cs_ledger_reader_open(struct cs_db *db, const char *since,
    const char *through, struct cs_id_range range, int want_period);

/*
 * Reads the ledger of customer id, skipping the rows of customers that
 * sort before it; customers must be asked for in increasing id order.
 * Returns the rows (valid until the next call), or NULL on a database
 * error.
 */
const struct cs_ledger_rows *cs_ledger_reader_next(struct cs_ledger_reader *r, const char *id);

/* Finalizes the queries and frees the reader; NULL is allowed. */
void cs_ledger_reader_close(struct cs_ledger_reader *r);

#endif
