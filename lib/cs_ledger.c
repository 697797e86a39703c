/*
 * cs_ledger.c - payment allocation and the credit grade.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_ledger.h"
#include "cs_segment.h"

/* A credit to allocate: a payment, or a credit note on its issue day. */
struct credit {
	long day;
	int64_t amount;
	const char *invoice_id;
	size_t order;			/* payments first, in their order, then credit notes */
};

/* Orders credits by day, then by their order. */
static int
credit_order(const void *pa, const void *pb)
{
	const struct credit *a = pa, *b = pb;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Where the allocations are reported (cs_ledger_allocate_events), if anywhere. */
struct sink {
	cs_ledger_event *event;
	void *ctx;
	const struct cs_ledger_invoice *base;	/* the invoices, for the index */
	size_t npay;			/* credits ordered before this are payments */
	int payment;			/* the credit at hand is a payment */
};

/* Pays up to *rem of invoice k on day; settles it when nothing is left. */
static void
pay_invoice(struct cs_ledger_invoice *k, int64_t *rem, long day, const struct sink *s)
{
	int64_t take = *rem < k->open ? *rem : k->open;

	k->open -= take;
	*rem -= take;
	if (take > 0 && k->open == 0)
		k->settled = day;
	if (take > 0 && s->event != NULL)
		s->event(s->ctx, (size_t)(k - s->base), day, take, s->payment);
}

/* Applies one credit: to its named invoice first, then to the oldest open ones. */
static void
apply_credit(struct cs_ledger_invoice *inv, size_t ninv, const char *issued,
    const struct credit *c, int64_t *balance, struct sink *s)
{
	int64_t rem = c->amount;
	size_t k;

	s->payment = c->order < s->npay;
	for (k = 0; k < ninv && c->invoice_id != NULL; k++)
		if (issued[k] && inv[k].open > 0 && strcmp(inv[k].id, c->invoice_id) == 0)
			pay_invoice(&inv[k], &rem, c->day, s);
	for (k = 0; k < ninv && rem > 0; k++)
		if (issued[k] && inv[k].open > 0)
			pay_invoice(&inv[k], &rem, c->day, s);
	*balance += rem;		/* paid ahead: waits for the next invoice */
}

/* Issues invoice k: it is owed from now on, less any credit waiting. */
static void
issue_invoice(struct cs_ledger_invoice *k, char *issued, int64_t *balance, struct sink *s)
{
	*issued = 1;
	k->open = k->amount;
	s->payment = 1;			/* what waits is counted as paid ahead */
	pay_invoice(k, balance, k->issued, s);
}

/*
 * Fills order with the indexes of the invoices with a positive amount,
 * by issue day (ties in their given order); returns how many.
 */
static size_t
order_by_issue(const struct cs_ledger_invoice *inv, size_t ninv, size_t *order)
{
	size_t k, n = 0, j;

	for (k = 0; k < ninv; k++)
		if (inv[k].amount > 0)
			order[n++] = k;
	for (k = 1; k < n; k++) {	/* insertion sort: nearly sorted already */
		size_t v = order[k];

		for (j = k; j > 0 && inv[order[j - 1]].issued > inv[v].issued; j--)
			order[j] = order[j - 1];	/* ties keep their order */
		order[j] = v;
	}
	return n;
}

int
cs_ledger_allocate(struct cs_ledger_invoice *inv, size_t ninv,
    const struct cs_ledger_payment *pay, size_t npay)
{
	return cs_ledger_allocate_events(inv, ninv, pay, npay, NULL, NULL);
}

int
cs_ledger_allocate_events(struct cs_ledger_invoice *inv, size_t ninv,
    const struct cs_ledger_payment *pay, size_t npay, cs_ledger_event *event, void *ctx)
{
	struct sink s = { event, ctx, inv, npay, 0 };
	struct credit *c = malloc((ninv + npay + 1) * sizeof *c);
	char *issued = calloc(ninv + 1, 1);
	size_t *order = malloc((ninv + 1) * sizeof *order);
	size_t nc = 0, k, i = 0, nissue, at = 0;
	int64_t balance = 0;

	if (c == NULL || issued == NULL || order == NULL) {
		free(c);
		free(issued);
		free(order);
		return -1;
	}
	for (k = 0; k < npay; k++)
		c[nc++] = (struct credit){ pay[k].paid, pay[k].amount, pay[k].invoice_id, k };
	for (k = 0; k < ninv; k++) {
		inv[k].open = 0;
		inv[k].settled = CS_NOT_SETTLED;
		if (inv[k].amount < 0)
			c[nc++] = (struct credit){ inv[k].issued, -inv[k].amount, NULL, npay + k };
	}
	qsort(c, nc, sizeof *c, credit_order);
	nissue = order_by_issue(inv, ninv, order);
	/* Walk the days: an invoice issued on a day comes before that day's credits. */
	while (at < nissue || i < nc) {
		if (at < nissue && (i == nc || inv[order[at]].issued <= c[i].day)) {
			issue_invoice(&inv[order[at]], &issued[order[at]], &balance, &s);
			at++;
		} else
			apply_credit(inv, ninv, issued, &c[i++], &balance, &s);
	}
	free(c);
	free(issued);
	free(order);
	return 0;
}

void
cs_credit_summarize(const struct cs_ledger_invoice *inv, size_t ninv, long from,
    long as_of, struct cs_credit_record *r)
{
	size_t k;

	memset(r, 0, sizeof *r);
	for (k = 0; k < ninv; k++) {
		const struct cs_ledger_invoice *v = &inv[k];
		int open_late = v->settled == CS_NOT_SETTLED && as_of > v->due;

		if (v->amount <= 0 || v->issued > as_of)
			continue;
		if (v->open > 0 && as_of > v->due) {
			r->overdue += v->open;
			if (as_of - v->due > 180)
				r->bad_debt += v->open;
		}
		if (v->due <= from || v->due > as_of)
			continue;
		r->due++;
		if (open_late || (v->settled != CS_NOT_SETTLED && v->settled > v->due)) {
			r->late++;
			r->days_late += (open_late ? as_of : v->settled) - v->due;
		}
	}
}

int
cs_ledger_paid_on(const struct cs_ledger_payment *p, long day)
{
	return p->paid <= day && (p->bounced == CS_NOT_SETTLED || p->bounced > day);
}
