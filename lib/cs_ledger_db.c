/*
 * cs_ledger_db.c - every customer's invoices and payments, read side by
 * side from two queries ordered by customer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_ledger_db.h"
#include "cs_text.h"
#include "cs_value.h"

/* A cursor over rows ordered by customer id in column 0. */
struct cursor {
	struct cs_stmt *st;
	int row;			/* a row is ready */
};

/* Day numbers of recently seen date texts (dates repeat across a ledger). */
#define DATE_CACHE 4096
struct date_slot {
	char text[CS_DATE_BUFSZ];
	long day;
};

struct cs_ledger_reader {
	struct cursor inv, pay;
	struct date_slot cache[DATE_CACHE];
	struct cs_ledger_rows rows;
	size_t capinv, cappay;
	struct cs_buf ids;		/* invoice ids and periods, NUL-separated */
	size_t *inv_id, *pay_id;	/* offsets in ids, SIZE_MAX for none */
	size_t *period;			/* per invoice: offset of its billing period */
};

/* Steps the cursor; returns -1 on a database error. */
static int
advance(struct cursor *c)
{
	enum cs_step rc = cs_stmt_step(c->st);

	c->row = rc == CS_STEP_ROW;
	return rc == CS_STEP_ROW || rc == CS_STEP_DONE ? 0 : -1;
}

/* Returns <0, 0, >0 as the cursor's customer sorts before, at or after id. */
static int
cursor_at(const struct cursor *c, const char *id)
{
	return c->row ? strcmp(cs_stmt_text(c->st, 0), id) : 1;
}

/* Moves the cursor past the rows of customers before id; returns -1 on error. */
static int
skip_to(struct cursor *c, const char *id)
{
	while (cursor_at(c, id) < 0)
		if (advance(c) != 0)
			return -1;
	return 0;
}

/*
 * Reads text column col of st as a day number, or CS_NOT_SETTLED when
 * it is no date; canonical dates are looked up in the reader's cache
 * first.
 */
static long
day_column(struct cs_ledger_reader *r, struct cs_stmt *st, int col)
{
	const char *t = cs_stmt_text(st, col);
	size_t len = strlen(t), h = 0, k;
	struct date_slot *slot;
	struct cs_date d;

	if (len != CS_DATE_BUFSZ - 1)
		return cs_date_parse(t, len, &d) == NULL ? cs_date_to_days(d) : CS_NOT_SETTLED;
	for (k = 0; k < len; k++)
		h = h * 31 + (unsigned char)t[k];
	slot = &r->cache[h % DATE_CACHE];
	if (memcmp(slot->text, t, len) != 0) {
		slot->day = cs_date_parse(t, len, &d) == NULL ? cs_date_to_days(d) : CS_NOT_SETTLED;
		memcpy(slot->text, t, len + 1);
	}
	return slot->day;
}

/* Keeps a copy of text in the reader's id storage; returns its offset. */
static size_t
keep_text(struct cs_ledger_reader *r, const char *text)
{
	size_t off = r->ids.len;

	cs_buf_append(&r->ids, text, strlen(text) + 1);
	return off;
}

/* Appends the invoice row under the cursor. */
static void
add_invoice(struct cs_ledger_reader *r, struct cs_stmt *st)
{
	size_t n = r->rows.ninv;

	if (n == r->capinv) {
		r->capinv = r->capinv ? 2 * r->capinv : 64;
		r->rows.inv = cs_xrealloc(r->rows.inv, r->capinv * sizeof *r->rows.inv);
		r->rows.period = cs_xrealloc(r->rows.period, r->capinv * sizeof *r->rows.period);
		r->inv_id = cs_xrealloc(r->inv_id, r->capinv * sizeof *r->inv_id);
		r->period = cs_xrealloc(r->period, r->capinv * sizeof *r->period);
	}
	r->inv_id[n] = keep_text(r, cs_stmt_text(st, 1));
	r->period[n] = keep_text(r, cs_stmt_text(st, 5));
	r->rows.inv[n] = (struct cs_ledger_invoice){ NULL, day_column(r, st, 2), day_column(r, st, 3),
	    cs_stmt_int64(st, 4), 0, 0 };
	r->rows.ninv++;
}

/* Appends the payment row under the cursor. */
static void
add_payment(struct cs_ledger_reader *r, struct cs_stmt *st)
{
	const char *named = cs_stmt_text(st, 1);
	size_t n = r->rows.npay;

	if (n == r->cappay) {
		r->cappay = r->cappay ? 2 * r->cappay : 64;
		r->rows.pay = cs_xrealloc(r->rows.pay, r->cappay * sizeof *r->rows.pay);
		r->pay_id = cs_xrealloc(r->pay_id, r->cappay * sizeof *r->pay_id);
	}
	r->pay_id[n] = *named ? keep_text(r, named) : SIZE_MAX;
	r->rows.pay[n] = (struct cs_ledger_payment){ NULL, day_column(r, st, 2),
	    cs_stmt_int64(st, 3), day_column(r, st, 4) };
	r->rows.npay++;
}

/* Points the rows' text at the id storage, which has stopped moving. */
static void
link_text(struct cs_ledger_reader *r)
{
	size_t k;

	for (k = 0; k < r->rows.ninv; k++) {
		r->rows.inv[k].id = r->ids.data + r->inv_id[k];
		r->rows.period[k] = r->ids.data + r->period[k];
	}
	for (k = 0; k < r->rows.npay; k++)
		r->rows.pay[k].invoice_id = r->pay_id[k] == SIZE_MAX ? NULL :
		    r->ids.data + r->pay_id[k];
}

/* Binds the as-of date and the id range to parameters 1, 2 and 3 of st. */
static int
bind_range(struct cs_stmt *st, const char *through, struct cs_id_range range)
{
	return st == NULL || cs_stmt_bind_text(st, 1, through, strlen(through)) != 0 ||
	    cs_stmt_bind_text(st, 2, range.lo, strlen(range.lo)) != 0 ||
	    cs_stmt_bind_text(st, 3, range.hi, strlen(range.hi)) != 0 ? -1 : 0;
}

/*
 * Both queries read their covering index in its order (see cs-data(5)),
 * with no sort and, without periods, no table lookup; on a worker they
 * stream (cs_db_prepare_stream).
 */
struct cs_ledger_reader *
cs_ledger_reader_open(struct cs_db *db, const char *since, const char *through,
    struct cs_id_range range, int want_period)
{
	struct cs_ledger_reader *r = cs_xmalloc(sizeof *r);

	memset(r, 0, sizeof *r);
	r->inv.st = cs_db_prepare_stream(db, want_period ?
	    "SELECT customer_id, invoice_id, issued_on, due_on, amount_cents,"
	    " coalesce(period, substr(issued_on, 1, 7)) FROM invoices"
	    " WHERE issued_on <= ?1 AND customer_id >= ?2 AND customer_id < ?3"
	    " ORDER BY customer_id, due_on, issued_on, invoice_id" :
	    "SELECT customer_id, invoice_id, issued_on, due_on, amount_cents, '' FROM invoices"
	    " WHERE issued_on <= ?1 AND customer_id >= ?2 AND customer_id < ?3"
	    " ORDER BY customer_id, due_on, issued_on, invoice_id");
	r->pay.st = cs_db_prepare_stream(db, "SELECT customer_id, coalesce(invoice_id, ''), paid_on,"
	    " amount_cents, coalesce(bounced_on, '') FROM payments WHERE paid_on <= ?1"
	    " AND customer_id >= ?2 AND customer_id < ?3"
	    " AND (bounced_on IS NULL OR bounced_on > ?4)"
	    " ORDER BY customer_id, paid_on, payment_id");
	if (bind_range(r->inv.st, through, range) != 0 ||
	    bind_range(r->pay.st, through, range) != 0 ||
	    cs_stmt_bind_str(r->pay.st, 4, since) != 0 ||
	    advance(&r->inv) != 0 || advance(&r->pay) != 0) {
		cs_ledger_reader_close(r);
		return NULL;
	}
	return r;
}

const struct cs_ledger_rows *
cs_ledger_reader_next(struct cs_ledger_reader *r, const char *id)
{
	r->rows.ninv = r->rows.npay = 0;
	cs_buf_clear(&r->ids);
	if (skip_to(&r->inv, id) != 0 || skip_to(&r->pay, id) != 0)
		return NULL;
	for (; cursor_at(&r->inv, id) == 0; )
		if (add_invoice(r, r->inv.st), advance(&r->inv) != 0)
			return NULL;
	for (; cursor_at(&r->pay, id) == 0; )
		if (add_payment(r, r->pay.st), advance(&r->pay) != 0)
			return NULL;
	link_text(r);
	return &r->rows;
}

void
cs_ledger_reader_close(struct cs_ledger_reader *r)
{
	if (r == NULL)
		return;
	cs_stmt_finalize(r->inv.st);
	cs_stmt_finalize(r->pay.st);
	free(r->rows.inv);
	free(r->rows.period);
	free(r->rows.pay);
	free(r->inv_id);
	free(r->pay_id);
	free(r->period);
	cs_buf_free(&r->ids);
	free(r);
}

int
cs_id_ranges_max(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus < 2 ? 1 : cpus > CS_MAX_RANGES ? CS_MAX_RANGES : (int)cpus;
}

int
cs_id_ranges_split(struct cs_db *db, int64_t min, struct cs_id_ranges *out)
{
	struct cs_stmt *st;
	int64_t n;
	int k;

	if (cs_db_query_int64(db, "SELECT count(*) FROM customers", &n) != 0)
		return -1;
	out->n = n < min ? 1 : cs_id_ranges_max();
	out->customers = n;
	out->bound[0][0] = '\0';
	snprintf(out->bound[out->n], sizeof out->bound[0], "%s", CS_ID_END);
	if ((st = cs_db_prepare(db, "SELECT customer_id FROM customers ORDER BY customer_id"
	    " LIMIT 1 OFFSET ?1")) == NULL)
		return -1;
	for (k = 1; k < out->n; k++) {
		cs_stmt_bind_int64(st, 1, n * k / out->n);
		if (cs_stmt_step(st) != CS_STEP_ROW) {
			cs_stmt_finalize(st);
			return -1;
		}
		snprintf(out->bound[k], sizeof out->bound[k], "%s", cs_stmt_text(st, 0));
		cs_stmt_reset(st);
	}
	cs_stmt_finalize(st);
	return 0;
}

struct cs_id_range
cs_id_ranges_get(const struct cs_id_ranges *r, int k)
{
	return (struct cs_id_range){ r->bound[k], r->bound[k + 1] };
}
