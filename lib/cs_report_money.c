/*
 * cs_report_money.c - the reports on money owed: aging and collection.
 * Both come from one pass over every customer's ledger (invoices and
 * payments allocated as cs-dunning allocates them), kept in the report
 * for the second to use; the dunning counts come from dunning_history.
 */
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_err.h"
#include "cs_ledger_db.h"
#include "cs_i18n.h"
#include "cs_report.h"
#include "cs_text.h"
#include "cs_work.h"

#define MAX_MONTHS 120
#define MAX_BUCKETS 9

/* Sums of one aging group. */
struct aging_group {
	char *label;
	size_t place;			/* cs_report_group_place, set before sorting */
	int64_t amount[MAX_BUCKETS], invoices[MAX_BUCKETS], customers[MAX_BUCKETS];
};

/* Sums of one month (collection). */
struct month_sums {
	int64_t billed, credit_notes, collected, allocated, new_arrears, recovered;
};

/* What the ledger pass found. */
struct pass {
	struct aging_group *group;
	size_t ngroups;
	int64_t invoiced, credit_notes, paid, credit_balances, open;
	int first_month, nmonths;	/* months as year * 12 + month - 1 */
	struct month_sums month[MAX_MONTHS], before;
	/* per customer, during the pass */
	int64_t *paid_by_due;
	size_t cap;
	const struct cs_ledger_invoice *inv;
};

/* Returns the month number (year * 12 + month - 1) of day. */
static int
month_of(long day)
{
	struct cs_date d = cs_days_to_date(day);

	return d.year * 12 + d.month - 1;
}

/* Returns the sums of the month of day: in the window, or the ones before it; NULL after. */
static struct month_sums *
month_sums(struct pass *p, long day)
{
	int m = month_of(day) - p->first_month;

	return m < 0 ? &p->before : m < p->nmonths ? &p->month[m] : NULL;
}

/* Receives one allocation: for receivables, new arrears and recovered arrears. */
static void
on_allocation(void *ctx, size_t k, long day, int64_t amount, int paid)
{
	struct pass *p = ctx;
	struct month_sums *m = month_sums(p, day);
	const struct cs_ledger_invoice *i = &p->inv[k];

	if (m != NULL) {
		m->allocated += amount;
		if (paid && day > i->due)
			m->recovered += amount;
	}
	if (day <= i->due)
		p->paid_by_due[k] += amount;
}

/* Returns the aging bucket of an invoice age days past due (<= 0: current). */
static int
bucket_of(const struct cs_report_opts *o, long age)
{
	int b;

	if (age <= 0)
		return 0;
	for (b = 0; b < o->nbuckets; b++)
		if (age <= o->bucket[b])
			return b + 1;
	return o->nbuckets + 1;
}

/* Returns the aging group labelled label, adding it when new. */
static struct aging_group *
group_of(struct pass *p, const char *label)
{
	size_t k;

	for (k = 0; k < p->ngroups; k++)
		if (strcmp(p->group[k].label, label) == 0)
			return &p->group[k];
	p->group = cs_xrealloc(p->group, (p->ngroups + 1) * sizeof *p->group);
	memset(&p->group[p->ngroups], 0, sizeof p->group[p->ngroups]);
	p->group[p->ngroups].label = cs_xstrdup(label);
	return &p->group[p->ngroups++];
}

/* Adds one customer's allocated ledger to the sums. */
static void
add_customer(struct pass *p, const struct cs_report_opts *o, const struct cs_ledger_rows *l,
    const char *label)
{
	long as_of = cs_date_to_days(o->as_of);
	struct aging_group *g = group_of(p, label);
	int64_t net = 0, open = 0;
	int seen[MAX_BUCKETS] = { 0 }, b;
	size_t k;

	for (k = 0; k < l->npay; k++) {
		struct month_sums *m = month_sums(p, l->pay[k].paid);

		p->paid += l->pay[k].amount;
		net -= l->pay[k].amount;
		if (m != NULL)
			m->collected += l->pay[k].amount;
	}
	for (k = 0; k < l->ninv; k++) {
		const struct cs_ledger_invoice *i = &l->inv[k];
		struct month_sums *m = month_sums(p, i->issued);

		net += i->amount;
		if (i->amount < 0) {
			p->credit_notes += i->amount;
			if (m != NULL)
				m->credit_notes += i->amount;
			continue;
		}
		p->invoiced += i->amount;
		if (m != NULL)
			m->billed += i->amount;
		if (i->due + 1 <= as_of && (m = month_sums(p, i->due + 1)) != NULL)
			m->new_arrears += i->amount - p->paid_by_due[k];
		if (i->open <= 0)
			continue;
		b = bucket_of(o, as_of - i->due);
		g->amount[b] += i->open;
		g->invoices[b]++;
		g->customers[b] += !seen[b];
		seen[b] = 1;
		open += i->open;
	}
	p->open += open;
	if (net < 0)
		p->credit_balances -= net;
}

static void pass_clear(struct pass *p);
static int aging_tables(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);

/* One worker of the ledger pass: a range of customers on a connection of its own. */
struct worker {
	struct cs_db *db;		/* the report's connection; the worker reads on its own */
	atomic_ullong *walked;		/* customers walked by every worker, for progress */
	uint64_t customers;		/* how many there are in all */
	const struct cs_report_opts *o;
	struct cs_id_range range;
	struct pass p;
	int failed;
	char err[256];
};

/* Walks the worker's customers, in their --by groups, adding each to its pass; returns 0 or -1. */
static int
walk(struct cs_db *db, struct worker *w)
{
	char as_of[CS_DATE_BUFSZ], sql[1024];
	struct cs_ledger_reader *r;
	struct cs_stmt *st;
	struct pass *p = &w->p;
	enum cs_step step = CS_STEP_ERROR;

	cs_date_format(w->o->as_of, as_of);
	r = cs_ledger_reader_open(db, as_of, as_of, w->range, 0);
	snprintf(sql, sizeof sql, "WITH g(customer_id, label) AS (%s) SELECT customer_id, label"
	    " FROM g WHERE customer_id >= ?2 AND customer_id < ?3 ORDER BY 1",
	    cs_report_group_sql(w->o->by));
	st = cs_db_prepare(db, sql);
	if (r != NULL && st != NULL) {
		cs_stmt_bind_text(st, 1, as_of, 10);
		cs_stmt_bind_text(st, 2, w->range.lo, strlen(w->range.lo));
		cs_stmt_bind_text(st, 3, w->range.hi, strlen(w->range.hi));
		while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
			const struct cs_ledger_rows *l = cs_ledger_reader_next(r, cs_stmt_text(st, 0));

			if (l == NULL)
				break;
			if (l->ninv > p->cap) {
				p->cap = l->ninv;
				p->paid_by_due = cs_xrealloc(p->paid_by_due, p->cap * sizeof *p->paid_by_due);
			}
			if (l->ninv > 0)
				memset(p->paid_by_due, 0, l->ninv * sizeof *p->paid_by_due);
			p->inv = l->inv;
			if (cs_ledger_allocate_events(l->inv, l->ninv, l->pay, l->npay, on_allocation,
			    p) != 0)
				break;
			add_customer(p, w->o, l, cs_stmt_text(st, 1));
			if (atomic_fetch_add(w->walked, 1) % CS_PROGRESS_EVERY == 0)
				cs_progress_report(&w->o->progress, "customers",
				    atomic_load(w->walked), w->customers);
		}
	}
	if (step != CS_STEP_DONE)
		cs_db_fail(db, w->err, sizeof w->err);
	cs_stmt_finalize(st);
	cs_ledger_reader_close(r);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* Runs a worker on a connection of its own (a pthread start routine). */
static void *
work(void *arg)
{
	struct worker *w = arg;
	struct cs_db *db = cs_db_worker(w->db, w->err, sizeof w->err);

	w->p.nmonths = w->o->months;
	w->p.first_month = month_of(cs_date_to_days(w->o->as_of)) - w->o->months + 1;
	w->failed = db == NULL || walk(db, w) != 0;
	cs_db_close(db);
	return NULL;
}

/* Adds month sums b to a. */
static void
add_month(struct month_sums *a, const struct month_sums *b)
{
	a->billed += b->billed;
	a->credit_notes += b->credit_notes;
	a->collected += b->collected;
	a->allocated += b->allocated;
	a->new_arrears += b->new_arrears;
	a->recovered += b->recovered;
}

/* Adds the sums of pass b to pass a. */
static void
merge(struct pass *a, const struct pass *b)
{
	size_t k;
	int m;

	for (k = 0; k < b->ngroups; k++) {
		struct aging_group *g = group_of(a, b->group[k].label);

		for (m = 0; m < MAX_BUCKETS; m++) {
			g->amount[m] += b->group[k].amount[m];
			g->invoices[m] += b->group[k].invoices[m];
			g->customers[m] += b->group[k].customers[m];
		}
	}
	a->invoiced += b->invoiced;
	a->credit_notes += b->credit_notes;
	a->paid += b->paid;
	a->credit_balances += b->credit_balances;
	a->open += b->open;
	for (m = 0; m < a->nmonths; m++)
		add_month(&a->month[m], &b->month[m]);
	add_month(&a->before, &b->before);
}

/*
 * Runs the ledger pass into p, the customers split among workers on
 * threads; returns a CS_EXIT_* status.
 */
static int
run_pass(struct cs_db *db, const struct cs_report_opts *o, struct pass *p, char *err,
    size_t errlen)
{
	struct cs_id_ranges ranges;
	struct cs_tasks tasks;
	struct worker *w;
	atomic_ullong walked = 0;
	int k, rc = CS_EXIT_OK;

	if (cs_id_ranges_split(db, 20000, &ranges) != 0)
		return cs_db_fail(db, err, errlen);
	w = cs_xmalloc((size_t)ranges.n * sizeof *w);
	memset(w, 0, (size_t)ranges.n * sizeof *w);
	cs_tasks_init(&tasks);
	for (k = 0; k < ranges.n; k++) {
		w[k].db = db;
		w[k].walked = &walked;
		w[k].customers = (uint64_t)ranges.customers;
		w[k].o = o;
		w[k].range = cs_id_ranges_get(&ranges, k);
		cs_tasks_start(&tasks, work, &w[k]);
	}
	cs_tasks_wait(&tasks);
	p->nmonths = o->months;
	p->first_month = month_of(cs_date_to_days(o->as_of)) - o->months + 1;
	for (k = 0; k < ranges.n; k++) {
		if (w[k].failed && rc == CS_EXIT_OK) {
			snprintf(err, errlen, "%s", w[k].err);
			rc = CS_EXIT_DB;
		}
		merge(p, &w[k].p);
	}
	for (k = 0; k < ranges.n; k++)
		pass_clear(&w[k].p);
	free(w);
	return rc;
}

/* Frees what a pass holds. */
static void
pass_clear(struct pass *p)
{
	size_t k;

	for (k = 0; k < p->ngroups; k++)
		free(p->group[k].label);
	free(p->group);
	free(p->paid_by_due);
}

/* Frees a pass (the report's cache). */
static void
pass_free(void *ptr)
{
	pass_clear(ptr);
	free(ptr);
}

/* Returns the report's ledger pass, running it the first time; NULL with rc set on error. */
static struct pass *
the_pass(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r, int *rc,
    char *err, size_t errlen)
{
	struct pass *p;

	if (r->cache != NULL)
		return r->cache;
	p = cs_xmalloc(sizeof *p);
	memset(p, 0, sizeof *p);
	if ((*rc = run_pass(db, o, p, err, errlen)) != CS_EXIT_OK) {
		pass_free(p);
		return NULL;
	}
	r->cache = p;
	r->cache_free = pass_free;
	return p;
}

/* Writes the name of bucket b ("current", "1-30", ..., ">180") into buf. */
static const char *
bucket_name(const struct cs_report_opts *o, int b, char buf[32])
{
	if (b == 0)
		snprintf(buf, 32, "current");
	else if (b <= o->nbuckets)
		snprintf(buf, 32, "%ld-%ld", b == 1 ? 1 : o->bucket[b - 2] + 1, o->bucket[b - 1]);
	else
		snprintf(buf, 32, ">%ld", o->bucket[o->nbuckets - 1]);
	return buf;
}

/* Orders aging groups by place, then label. */
static int
by_label(const void *a, const void *b)
{
	const struct aging_group *x = a, *y = b;

	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* Adds an aging row: group, bucket, customers, invoices, amount, share of all open. */
static void
aging_row(struct cs_report_table *t, const char *group, const char *bucket, int64_t customers,
    int64_t invoices, int64_t amount, int64_t open)
{
	char c[24], i[24], a[CS_MONEY_BUFSZ], s[32];

	snprintf(c, sizeof c, "%lld", (long long)customers);
	snprintf(i, sizeof i, "%lld", (long long)invoices);
	cs_report_row(t, (const char *[]){ group, bucket, c, i, cs_money_format(amount, a),
	    cs_report_pct(amount, open, s) });
}

/* The reconciliation table: the open receivable against the tables' totals. */
static void
reconcile_table(struct cs_report *r, const struct pass *p)
{
	static const char *const cols[] = { "measure", "amount:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "aging_reconcile", _("Receivables reconciled "
	    "with the invoices and payments tables"), cols);
	int64_t net = p->invoiced + p->credit_notes - p->paid;
	char b[CS_MONEY_BUFSZ];

	cs_report_row(t, (const char *[]){ "invoiced", cs_money_format(p->invoiced, b) });
	cs_report_row(t, (const char *[]){ "credit_notes", cs_money_format(p->credit_notes, b) });
	cs_report_row(t, (const char *[]){ "paid", cs_money_format(p->paid, b) });
	cs_report_row(t, (const char *[]){ "net_balance", cs_money_format(net, b) });
	cs_report_row(t, (const char *[]){ "open_receivable", cs_money_format(p->open, b) });
	cs_report_row(t, (const char *[]){ "credit_balances", cs_money_format(p->credit_balances,
	    b) });
	cs_report_row(t, (const char *[]){ "difference",
	    cs_money_format(p->open - p->credit_balances - net, b) });
}

int
cs_report_aging(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	int rc = cs_report_group_check("aging", o->by, err, errlen);

	return rc != CS_EXIT_OK ? rc : aging_tables(db, o, r, err, errlen);
}

/* The aging tables, --by checked. */
static int
aging_tables(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	static const char *const cols[] = { "group", "bucket", "customers:r", "invoices:r",
		"amount:r", "share:r", NULL };
	struct cs_report_table *t;
	struct pass *p;
	char name[32];
	int rc = CS_EXIT_OK, b;
	size_t k;

	if ((p = the_pass(db, o, r, &rc, err, errlen)) == NULL)
		return rc;
	t = cs_report_add(r, "aging", o->by ? _("Receivables by age of the invoice (days past due),"
	    " by group") : _("Receivables by age of the invoice (days past due)"), cols);
	t->chart = CS_CHART_BARS;
	t->chart_label = 1;
	t->chart_value = 4;
	t->chart_filter = 0;
	snprintf(t->chart_match, sizeof t->chart_match, "%s", o->by ? "total" : "all");
	snprintf(t->chart_title, sizeof t->chart_title, _("Receivables by age (yuan)"));
	for (k = 0; k < p->ngroups; k++)
		p->group[k].place = cs_report_group_place(o->by, p->group[k].label);
	qsort(p->group, p->ngroups, sizeof *p->group, by_label);
	for (k = 0; k < p->ngroups; k++)
		for (b = 0; b <= o->nbuckets + 1; b++)
			aging_row(t, p->group[k].label, bucket_name(o, b, name), p->group[k].customers[b],
			    p->group[k].invoices[b], p->group[k].amount[b], p->open);
	for (b = 0; o->by && b <= o->nbuckets + 1; b++) {
		int64_t c = 0, i = 0, a = 0;

		for (k = 0; k < p->ngroups; k++) {
			c += p->group[k].customers[b];
			i += p->group[k].invoices[b];
			a += p->group[k].amount[b];
		}
		aging_row(t, "total", bucket_name(o, b, name), c, i, a, p->open);
	}
	reconcile_table(r, p);
	return CS_EXIT_OK;
}

/* Writes the month m (year * 12 + month - 1) as YYYY-MM into buf. */
static const char *
month_name(int m, char buf[16])
{
	snprintf(buf, 16, "%04d-%02d", m / 12, m % 12 + 1);
	return buf;
}

/* Returns the last day of month k of the window, or as-of when that is earlier. */
static long
month_end(const struct pass *p, const struct cs_report_opts *o, int k)
{
	struct cs_date first = { (p->first_month + k) / 12, (p->first_month + k) % 12 + 1, 1 };
	long end = cs_date_to_days(cs_date_add_months(first, 1)) - 1, as_of = cs_date_to_days(o->as_of);

	return end > as_of ? as_of : end;
}

/* Adds the collection table: per month billed, collected, rate, receivable, DSO, arrears. */
static void
collection_table(struct cs_report *r, const struct cs_report_opts *o, const struct pass *p)
{
	static const char *const cols[] = { "month", "billed:r", "credit_notes:r", "collected:r",
		"collection_rate:r", "receivable_end:r", "dso_days:r", "new_arrears:r",
		"recovered_arrears:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "collection", _("Billing and collection by month"),
	    cols);
	int64_t billed = p->before.billed, allocated = p->before.allocated;
	char b[6][CS_MONEY_BUFSZ], mn[16], rate[32], dso[32];
	int k;

	t->chart = CS_CHART_LINE;
	t->chart_label = 0;
	t->chart_value = 4;
	snprintf(t->chart_title, sizeof t->chart_title, _("Collection rate by month (%%)"));
	for (k = 0; k < p->nmonths; k++) {
		const struct month_sums *m = &p->month[k];
		struct cs_date first = { (p->first_month + k) / 12, (p->first_month + k) % 12 + 1, 1 };
		long days = month_end(p, o, k) - cs_date_to_days(first) + 1;
		int64_t receivable;

		billed += m->billed;
		allocated += m->allocated;
		receivable = billed - allocated;	/* open on invoices at the month's end */
		if (m->billed > 0 && days > 0)	/* receivable / billed * days, in tenths */
			cs_format_tenths(cs_ratio(receivable, m->billed, 10 * (int64_t)days), dso);
		else
			dso[0] = '\0';
		cs_report_row(t, (const char *[]){ month_name(p->first_month + k, mn),
		    cs_money_format(m->billed, b[0]), cs_money_format(m->credit_notes, b[1]),
		    cs_money_format(m->collected, b[2]), cs_report_pct(m->collected, m->billed, rate),
		    cs_money_format(receivable, b[3]), dso, cs_money_format(m->new_arrears, b[4]),
		    cs_money_format(m->recovered, b[5]) });
	}
}

/* Dunning counts per month and stage. */
struct dunning_counts {
	int64_t (*entered)[5], (*restored)[5], (*at_end)[5];
	long *end;			/* each month's last day (or as-of) */
};

/* Counts a customer in stage s on [from, to) at the month ends within. */
static void
stood(const struct pass *p, struct dunning_counts *c, int s, long from, long to)
{
	int m;

	for (m = 0; s >= 0 && m < p->nmonths; m++)
		c->at_end[m][s] += c->end[m] >= from && c->end[m] < to;
}

/* Adds one history row (of the customer at hand) to the counts. */
static void
count_event(const struct pass *p, struct dunning_counts *c, const char *day, int s,
    int restore, int *stage, long *since, char last[CS_DATE_BUFSZ])
{
	long d = cs_day_parse(day, 0);
	int m = month_of(d) - p->first_month, in = m >= 0 && m < p->nmonths;

	if (restore) {
		stood(p, c, *stage, *since, d);
		c->restored[in ? m : 0][s] += in;
		*stage = -1;
		return;
	}
	if (s == *stage && strcmp(day, last) == 0)
		return;			/* another action of the same entry */
	stood(p, c, *stage, *since, d);
	c->entered[in ? m : 0][s] += in;
	*stage = s;
	*since = d;
	snprintf(last, CS_DATE_BUFSZ, "%s", day);
}

/*
 * The dunning table: per month and stage, the customers who entered
 * the stage, who left it restored, and who stood in it at the month's
 * end, from dunning_history.
 */
static int
dunning_table(struct cs_db *db, struct cs_report *r, const struct cs_report_opts *o,
    const struct pass *p)
{
	static const char *const cols[] = { "month", "stage", "entered:r", "restored:r",
		"at_month_end:r", NULL };
	static const char *const stages[] = { "prevent", "remind", "guide", "pursue", "sue" };
	struct cs_report_table *t = cs_report_add(r, "dunning", _("Dunning stages by month"), cols);
	struct cs_stmt *st = cs_db_prepare(db, "SELECT customer_id, run_date, coalesce(stage, ''),"
	    " action FROM dunning_history WHERE run_date <= ?1 AND action NOT IN ('warning', 'hold',"
	    " 'promise-broken') ORDER BY customer_id, seq");
	size_t size = (size_t)p->nmonths * sizeof *((struct dunning_counts *)0)->entered;
	struct dunning_counts c = { cs_xmalloc(size), cs_xmalloc(size), cs_xmalloc(size),
		cs_xmalloc((size_t)p->nmonths * sizeof (long)) };
	char as_of[CS_DATE_BUFSZ], last[CS_DATE_BUFSZ] = "", cust[128] = "", mn[16], n[3][24];
	int stage = -1, k, s;
	long since = 0;
	enum cs_step step = CS_STEP_ERROR;

	memset(c.entered, 0, size);
	memset(c.restored, 0, size);
	memset(c.at_end, 0, size);
	for (k = 0; k < p->nmonths; k++)
		c.end[k] = month_end(p, o, k);
	if (st != NULL) {
		cs_date_format(o->as_of, as_of);
		cs_stmt_bind_text(st, 1, as_of, 10);
		while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
			const char *sname = cs_stmt_text(st, 2);

			if (strcmp(cs_stmt_text(st, 0), cust) != 0) {
				stood(p, &c, stage, since, LONG_MAX);	/* the customer before */
				snprintf(cust, sizeof cust, "%s", cs_stmt_text(st, 0));
				stage = -1;
				last[0] = '\0';
			}
			for (s = 0; s < 5 && strcmp(stages[s], sname) != 0; s++)
				;
			if (s < 5)
				count_event(p, &c, cs_stmt_text(st, 1), s,
				    strcmp(cs_stmt_text(st, 3), "restore") == 0, &stage, &since, last);
		}
		stood(p, &c, stage, since, LONG_MAX);
	}
	cs_stmt_finalize(st);
	for (k = 0; k < p->nmonths && step == CS_STEP_DONE; k++)
		for (s = 0; s < 5; s++) {
			snprintf(n[0], sizeof n[0], "%lld", (long long)c.entered[k][s]);
			snprintf(n[1], sizeof n[1], "%lld", (long long)c.restored[k][s]);
			snprintf(n[2], sizeof n[2], "%lld", (long long)c.at_end[k][s]);
			cs_report_row(t, (const char *[]){ month_name(p->first_month + k, mn), stages[s],
			    n[0], n[1], n[2] });
		}
	free(c.entered);
	free(c.restored);
	free(c.at_end);
	free(c.end);
	return step == CS_STEP_DONE ? 0 : -1;
}

int
cs_report_collection(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	struct pass *p;
	int rc = CS_EXIT_OK;

	if ((p = the_pass(db, o, r, &rc, err, errlen)) == NULL)
		return rc;
	collection_table(r, o, p);
	if (dunning_table(db, r, o, p) != 0)
		return cs_db_fail(db, err, errlen);
	return CS_EXIT_OK;
}
