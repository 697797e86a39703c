/*
 * cs_ledger.h - one customer's invoices and payments, with payments
 * allocated to invoices: a payment that names an invoice pays it first,
 * and what is left (or a payment that names none) pays the oldest open
 * invoices; credit notes count as credits on their issue date; what
 * nothing is owed for yet waits for the next invoice.  Money is integer
 * cents, dates are day numbers.
 */
#ifndef CS_LEDGER_H
#define CS_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#define CS_NOT_SETTLED (-2147483647L - 1)

struct cs_ledger_invoice {
	const char *id;
	long issued, due;		/* day numbers */
	int64_t amount;			/* cents; negative: a credit note */
	int64_t open;			/* out: still owed after allocation */
	long settled;			/* out: the day it was paid in full, or CS_NOT_SETTLED */
};

struct cs_ledger_payment {
	const char *invoice_id;		/* or NULL */
	long paid;			/* day number */
	int64_t amount;			/* cents, > 0 */
	long bounced;			/* the day it bounced (pays nothing from then), or CS_NOT_SETTLED */
};

/* Nonzero when payment p counts on day: made by then and not bounced by then. */
int cs_ledger_paid_on(const struct cs_ledger_payment *p, long day);

/*
 * Allocates the payments (in the order given, which must be by day)
 * and the credit notes to the invoices, filling each invoice's open
 * amount and settlement day.  The invoices must be ordered oldest
 * first (by due day, then issue day, then id).  Returns 0, or -1 when
 * memory runs out.
 */
int cs_ledger_allocate(struct cs_ledger_invoice *inv, size_t ninv,
    const struct cs_ledger_payment *pay, size_t npay);

/*
 * Receives one allocation: amount cents of invoice k paid on day, by a
 * payment (paid, nonzero) or by a credit note.
 */
typedef void cs_ledger_event(void *ctx, size_t k, long day, int64_t amount, int paid);

/* As cs_ledger_allocate, reporting every allocation to event(ctx, ...) in day order. */
int cs_ledger_allocate_events(struct cs_ledger_invoice *inv, size_t ninv,
    const struct cs_ledger_payment *pay, size_t npay, cs_ledger_event *event, void *ctx);

/* A customer's payment record over a window, from an allocated ledger. */
struct cs_credit_record {
	int64_t due;			/* invoices due in the window, by as-of */
	int64_t late;			/* of those, paid after their due day or still open */
	int64_t days_late;		/* summed over those due: days past due when paid, or as-of */
	int64_t overdue;		/* cents still open on invoices past due at as-of */
	int64_t bad_debt;		/* cents open more than 180 days past due */
};

/*
 * Summarizes an allocated ledger as of day as_of for invoices due in
 * (from, as_of].
 */
void cs_credit_summarize(const struct cs_ledger_invoice *inv, size_t ninv, long from,
    long as_of, struct cs_credit_record *r);

#endif
