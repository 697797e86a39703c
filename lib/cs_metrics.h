/*
 * cs_metrics.h - per-customer metrics for segmentation, computed from
 * the database over a time window ending on the as-of date.
 */
#ifndef CS_METRICS_H
#define CS_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "cs_db.h"
#include "cs_ledger.h"
#include "cs_progress.h"
#include "cs_segment.h"
#include "cs_shown.h"
#include "cs_value.h"

/* A window (start, end] and the same window a year before. */
struct cs_window {
	struct cs_date as_of;		/* the window's end, included */
	int months;			/* its length in months, or 0 */
	int days;			/* its length in days, when months is 0 */
	const char *attitude_item;	/* responses item for CS_METRIC_ATTITUDE */
};

/* Returns the date a window of w's length before d: the window ending on d is (start, d]. */
struct cs_date cs_window_start(const struct cs_window *w, struct cs_date d);

/* The longest window: ten years. */
#define CS_WINDOW_MAX_MONTHS 120
#define CS_WINDOW_MAX_DAYS 3660

/*
 * Parses a window length, the same in every program: N months ("12"),
 * or N followed by m (months), y (years) or d (days), e.g. "12m", at
 * most CS_WINDOW_MAX_MONTHS or CS_WINDOW_MAX_DAYS; sets months or days
 * of *w.  Returns NULL or what was expected.
 */
const char *cs_window_parse(const char *s, struct cs_window *w);

/* One customer's metrics; money in cents. */
struct cs_customer_metrics {
	const char *id;
	const char *attr[5];		/* kind, region, industry, manager, status; "" if none */
	const char *parent;		/* parent_id (its group, 集团), "" if none */
	int64_t revenue;		/* net: invoices minus credit notes in the window */
	int64_t prior_revenue;		/* the same over the window a year before */
	int64_t invoices;		/* invoices with a positive amount in the window */
	int64_t recency_days;		/* as-of minus the last payment, or CS_NO_VALUE */
	int64_t months_active;		/* months of the window with a positive invoice */
	int64_t attitude;		/* latest answer to the attitude item, in
					   hundredths, or CS_NO_VALUE */
	struct cs_credit_record credit;	/* payment record of invoices due in the window */
	int64_t paid_periods;		/* billing periods of the window's invoices paid in full */
	int64_t credit_limit;		/* cents, or CS_NO_VALUE */
};

/* The customer attributes in cs_customer_metrics.attr, in order. */
#define CS_CUSTOMER_ATTRS { "kind", "region", "industry", "manager", "status" }
#define CS_NATTRS 5

/* Metrics of every customer, ordered by customer id. */
struct cs_metrics {
	struct cs_customer_metrics *c;
	size_t n;
	char *ids;			/* storage of the ids */
	int nwith;			/* values kept per customer (cs_metrics_with): the
					   columns and the level, CS_WITH_VALUES */
	const char **with;		/* customer i's values: with[i * nwith + k], as
					   stored, NULL when empty or not a customer */
	char *with_text;		/* their storage */
};

/* Metrics that cost a query of their own, asked for by cs_metrics_load's want. */
#define CS_METRIC_PRIOR 0x1		/* prior_revenue */
#define CS_METRIC_MONTHS 0x2		/* months_active */
#define CS_METRIC_ATTITUDE 0x4		/* attitude (the item named in the window) */
#define CS_METRIC_CREDIT 0x8		/* credit, credit_limit and paid_periods */

/* What cs_metrics_load computes. */
struct cs_metrics_request {
	const struct cs_window *window;
	int want;			/* CS_METRIC_* */
	const struct cs_with *with;	/* customers columns to keep too, or NULL */
	struct cs_progress progress;	/* told how many customers are read */
};

/*
 * Computes the metrics of every customer of db for the request's
 * window; prior_revenue only when want has CS_METRIC_PRIOR (else 0),
 * and so on.  Each aggregate runs on a worker connection and thread of
 * its own, all reading one snapshot with db (cs_db_snapshot), which db
 * must be free to begin; the --with columns come from that snapshot
 * too.  Returns 0, or -1 with a message in err.  Free with
 * cs_metrics_free.
 */
int cs_metrics_load(struct cs_db *db, const struct cs_metrics_request *rq,
    struct cs_metrics *m, char *err, size_t errlen);

/*
 * Keeps the customers columns w of every customer of m as stored in db
 * (m->with; a customer db does not have gets NULLs): for metrics read
 * with cs_metrics_read_csv.  Returns 0, or -1 with a message in err.
 */
int cs_metrics_with(struct cs_db *db, const struct cs_with *w, struct cs_metrics *m, char *err,
    size_t errlen);

/*
 * Reads the metrics from CSV on fd instead (--from-csv): a header with
 * customer_id and any of revenue, prior_revenue (amounts), invoices,
 * recency_days, months_active, due_invoices, late_invoices (whole
 * numbers, into the credit record's due and late; an empty recency_days
 * is a customer who never paid; late_invoices may not exceed
 * due_invoices) and attitude (a number, empty when unknown), in any
 * order; other columns are ignored, absent ones are 0 (recency and
 * attitude: missing).  Customers come out ordered by id.
 * Returns 0, or -1 with "name:line:column: ..." in err.
 */
int cs_metrics_read_csv(int fd, const char *name, struct cs_metrics *m,
    char *err, size_t errlen);

/* Frees what cs_metrics_load allocated. */
void cs_metrics_free(struct cs_metrics *m);

#endif
