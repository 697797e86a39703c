/*
 * cs_metrics.c - per-customer revenue, invoice count and recency from
 * the database.  Each aggregate is one GROUP BY query read from a
 * covering index; the aggregates run at once on worker connections
 * that read one snapshot with the caller's (cs_db_snapshot), so that
 * every figure of a customer comes from the same moment, and the
 * results are merged by customer id.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_csv.h"
#include "cs_db.h"
#include "cs_ledger_db.h"
#include "cs_metrics.h"
#include "cs_text.h"
#include "cs_work.h"

const char *
cs_window_parse(const char *s, struct cs_window *w)
{
	static const char *const expected = N_("expected a length such as 12 (months), 12m, 1y"
	    " or 90d, at most 120 months or 3660 days");
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *s == '-' || *s == '+' || n <= 0 || n > 3660 ||
	    (end[0] != '\0' && end[1] != '\0'))
		return expected;
	w->months = w->days = 0;
	switch (*end) {
	case 'd':
		w->days = (int)n;
		break;
	case '\0':
	case 'm':
		w->months = (int)n;
		break;
	case 'y':
		w->months = (int)n * 12;
		break;
	default:
		return expected;
	}
	return w->months > CS_WINDOW_MAX_MONTHS || w->days > CS_WINDOW_MAX_DAYS ? expected : NULL;
}

struct cs_date
cs_window_start(const struct cs_window *w, struct cs_date d)
{
	return w->months ? cs_date_add_months(d, -w->months) :
	    cs_days_to_date(cs_date_to_days(d) - w->days);
}

/* One row of an aggregate: a customer and up to three numbers. */
struct agg_row {
	size_t id;			/* offset of the id in the ids buffer */
	int64_t v[3];
};

/* An aggregate query run on a worker connection and thread of its own (or on db). */
struct agg {
	struct cs_db *db;		/* the run's connection */
	int on_worker;			/* run on a worker of db, else on db itself */
	const char *sql;
	const char *params[4];		/* bound as text to ?1..?4 */
	int ntext;			/* text columns after the id, kept after it in ids */
	int ncols;			/* numbers after those */
	int date_col;			/* a column holding a date to turn into days, or -1 */
	const struct cs_progress *progress;	/* told the rows read, or NULL */
	struct cs_buf ids;
	struct agg_row *rows;
	size_t n, cap;
	int rc;
	char err[256];
};

/* Reads column col of the current row as a number (a date as its day number). */
static int64_t
column_value(struct cs_stmt *st, int col, int is_date)
{
	struct cs_date d;
	const char *t;

	if (!is_date)
		return cs_stmt_int64(st, col);
	t = cs_stmt_text(st, col);
	if (*t == '\0' || cs_date_parse(t, strlen(t), &d) != NULL)
		return CS_NO_VALUE;
	return cs_date_to_days(d);
}

/* Thread body: runs the aggregate and keeps its rows. */
static void *
run_agg(void *arg)
{
	struct agg *a = arg;
	struct cs_db *db = a->on_worker ? cs_db_worker(a->db, a->err, sizeof a->err) : a->db;
	struct cs_stmt *st;
	enum cs_step rc;
	int i;

	a->rc = -1;
	if (db == NULL)
		return NULL;
	if ((st = cs_db_prepare(db, a->sql)) == NULL) {
		cs_db_fail(db, a->err, sizeof a->err);
		if (a->on_worker)
			cs_db_close(db);
		return NULL;
	}
	for (i = 0; i < 4 && a->params[i] != NULL; i++)
		cs_stmt_bind_text(st, i + 1, a->params[i], strlen(a->params[i]));
	while ((rc = cs_stmt_step(st)) == CS_STEP_ROW) {
		const char *id = cs_stmt_text(st, 0);
		struct agg_row *r;

		if (a->n == a->cap) {
			a->cap = a->cap ? 2 * a->cap : 1024;
			a->rows = cs_xrealloc(a->rows, a->cap * sizeof *a->rows);
		}
		r = &a->rows[a->n++];
		r->id = a->ids.len;
		cs_buf_append(&a->ids, id, strlen(id) + 1);
		for (i = 1; i <= a->ntext; i++) {
			const char *t = cs_stmt_text(st, i);
			cs_buf_append(&a->ids, t, strlen(t) + 1);
		}
		for (i = 0; i < a->ncols; i++)
			r->v[i] = column_value(st, a->ntext + i + 1, a->ntext + i + 1 == a->date_col);
		if (a->n % CS_PROGRESS_EVERY == 0)
			cs_progress_report(a->progress, "customers read", a->n, 0);
	}
	if (rc == CS_STEP_DONE)
		a->rc = 0;
	else
		cs_db_fail(db, a->err, sizeof a->err);
	cs_stmt_finalize(st);
	if (a->on_worker)
		cs_db_close(db);
	return NULL;
}

/* Frees an aggregate's rows. */
static void
agg_free(struct agg *a)
{
	cs_buf_free(&a->ids);
	free(a->rows);
}

/*
 * Moves *pos past aggregate rows whose id sorts before id and returns
 * the row for id, or NULL.  Both lists are in ascending byte order.
 */
static const struct agg_row *
find_row(const struct agg *a, size_t *pos, const char *id)
{
	int cmp = 1;

	while (*pos < a->n && (cmp = strcmp(a->ids.data + a->rows[*pos].id, id)) < 0)
		(*pos)++;
	return *pos < a->n && cmp == 0 ? &a->rows[*pos] : NULL;
}

/* The aggregates that cs_metrics_load runs; those not asked for have no rows. */
enum { AGG_REVENUE, AGG_PAYMENTS, AGG_PRIOR, AGG_MONTHS, AGG_ATTITUDE, NAGGS };

/* Fills m from the customer list and the aggregates. */
static void
merge(struct cs_metrics *m, struct agg *const *aggs, long as_of)
{
	size_t i, pos[NAGGS] = { 0 };

	for (i = 0; i < m->n; i++) {
		struct cs_customer_metrics *c = &m->c[i];
		const struct agg_row *r;

		c->revenue = c->prior_revenue = c->invoices = c->months_active = 0;
		c->recency_days = c->attitude = CS_NO_VALUE;
		if ((r = find_row(aggs[AGG_REVENUE], &pos[AGG_REVENUE], c->id)) != NULL) {
			c->revenue = r->v[0];
			c->invoices = r->v[1];
		}
		if ((r = find_row(aggs[AGG_PRIOR], &pos[AGG_PRIOR], c->id)) != NULL)
			c->prior_revenue = r->v[0];
		if ((r = find_row(aggs[AGG_PAYMENTS], &pos[AGG_PAYMENTS], c->id)) != NULL &&
		    r->v[0] != CS_NO_VALUE)
			c->recency_days = as_of - r->v[0];
		if ((r = find_row(aggs[AGG_MONTHS], &pos[AGG_MONTHS], c->id)) != NULL)
			c->months_active = r->v[0];
		if ((r = find_row(aggs[AGG_ATTITUDE], &pos[AGG_ATTITUDE], c->id)) != NULL)
			c->attitude = r->v[0];
	}
}

/*
 * Loads every customer id, in order, into m with its attributes and
 * parent (on the caller's connection).
 */
static int
load_customers(struct cs_db *db, struct cs_metrics *m, char *err, size_t errlen)
{
	struct agg all = { .db = db, .ntext = CS_NATTRS + 1, .ncols = 0, .date_col = -1,
	    .sql = "SELECT customer_id, coalesce(kind, ''), coalesce(region, ''),"
	    " coalesce(industry, ''), coalesce(manager, ''), status, coalesce(parent_id, '')"
	    " FROM customers ORDER BY customer_id" };
	size_t i;
	int a;

	run_agg(&all);
	if (all.rc != 0) {
		snprintf(err, errlen, "%s", all.err);
		agg_free(&all);
		return -1;
	}
	m->n = all.n;
	m->c = cs_xmalloc((all.n ? all.n : 1) * sizeof *m->c);
	m->ids = all.ids.data;		/* the metrics keep the id storage */
	for (i = 0; i < all.n; i++) {
		memset(&m->c[i], 0, sizeof m->c[i]);
		m->c[i].credit_limit = CS_NO_VALUE;
		m->c[i].id = m->ids + all.rows[i].id;
		for (a = 0; a < CS_NATTRS; a++)	/* each follows the one before */
			m->c[i].attr[a] = (a ? m->c[i].attr[a - 1] : m->c[i].id) +
			    strlen(a ? m->c[i].attr[a - 1] : m->c[i].id) + 1;
		m->c[i].parent = m->c[i].attr[CS_NATTRS - 1] + strlen(m->c[i].attr[CS_NATTRS - 1]) + 1;
	}
	free(all.rows);
	return 0;
}

/*
 * Counts the distinct billing periods of the invoices issued after
 * from (and by as-of, as read) that are paid in full.
 */
static int64_t
paid_periods(const struct cs_ledger_rows *l, long from)
{
	int64_t n = 0;
	size_t k, j;

	for (k = 0; k < l->ninv; k++) {
		if (l->inv[k].amount <= 0 || l->inv[k].issued <= from || l->inv[k].open > 0)
			continue;
		for (j = 0; j < k; j++)		/* counted already? (a customer has few) */
			if (l->inv[j].amount > 0 && l->inv[j].issued > from && l->inv[j].open == 0 &&
			    strcmp(l->period[j], l->period[k]) == 0)
				break;
		n += j == k;
	}
	return n;
}

/*
 * Fills every customer's credit record and limit (CS_METRIC_CREDIT):
 * walks the invoices and the payments up to as-of, both ordered by
 * customer, allocating one customer's at a time.  Returns 0 or -1.
 */
static int
load_credit(struct cs_db *db, struct cs_metrics *m, long from, const char *end,
    long as_of, const struct cs_progress *progress, char *err, size_t errlen)
{
	struct cs_ledger_reader *r = NULL;
	struct cs_stmt *lim = NULL;
	const struct cs_ledger_rows *l;
	enum cs_step step = CS_STEP_DONE;
	size_t i;
	int rc = -1;

	r = cs_ledger_reader_open(db, end, end, CS_ALL_IDS, 1);
	lim = cs_db_prepare(db, "SELECT customer_id, credit_limit_cents FROM customers"
	    " ORDER BY customer_id");
	if (r == NULL || lim == NULL)
		goto done;
	step = cs_stmt_step(lim);
	for (i = 0; i < m->n; i++) {
		struct cs_customer_metrics *c = &m->c[i];

		while (step == CS_STEP_ROW && strcmp(cs_stmt_text(lim, 0), c->id) < 0)
			step = cs_stmt_step(lim);	/* customers gone since the list was read */
		if (step != CS_STEP_ROW && step != CS_STEP_DONE)
			goto done;
		c->credit_limit = step == CS_STEP_ROW && strcmp(cs_stmt_text(lim, 0), c->id) == 0 &&
		    !cs_stmt_is_null(lim, 1) ? cs_stmt_int64(lim, 1) : CS_NO_VALUE;
		if ((l = cs_ledger_reader_next(r, c->id)) == NULL ||
		    cs_ledger_allocate(l->inv, l->ninv, l->pay, l->npay) != 0)
			goto done;
		cs_credit_summarize(l->inv, l->ninv, from, as_of, &c->credit);
		c->paid_periods = paid_periods(l, from);
		if (i % CS_PROGRESS_EVERY == 0)
			cs_progress_report(progress, "payment records", i, m->n);
	}
	rc = 0;
done:
	if (rc != 0)
		cs_db_fail(db, err, errlen);
	cs_ledger_reader_close(r);
	cs_stmt_finalize(lim);
	return rc;
}

/* Returns 0 when aggregate a ran, else -1 with its message in err. */
static int
agg_status(const struct agg *a, char *err, size_t errlen)
{
	if (a->rc == 0)
		return 0;
	snprintf(err, errlen, "%s", a->err);
	return -1;
}

/*
 * Prepares the query of the customers columns w, in customer order:
 * the id, then each column and the level (cs_with_select).
 */
static struct cs_stmt *
with_query(struct cs_db *db, const struct cs_with *w)
{
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;

	cs_buf_puts(&sql, "SELECT c.customer_id");
	cs_with_select(&sql, w);
	cs_buf_puts(&sql, " FROM customers c ORDER BY c.customer_id");
	st = cs_db_prepare(db, sql.data);
	cs_buf_free(&sql);
	return st;
}

/* Points m->with into m->with_text at the offsets at[] (SIZE_MAX: NULL), which it frees. */
static void
with_pointers(struct cs_metrics *m, size_t *at, size_t n)
{
	size_t i;

	m->with = cs_xmalloc((n ? n : 1) * sizeof *m->with);
	for (i = 0; i < n; i++)
		m->with[i] = at[i] == SIZE_MAX ? NULL : m->with_text + at[i];
	free(at);
}

int
cs_metrics_with(struct cs_db *db, const struct cs_with *w, struct cs_metrics *m, char *err,
    size_t errlen)
{
	struct cs_stmt *st = with_query(db, w);
	struct cs_buf text = { 0 };
	int nv = CS_WITH_VALUES(w), k, found;
	size_t n = m->n * (size_t)nv, *at, i;
	enum cs_step step;

	if (st == NULL)
		return cs_db_fail(db, err, errlen), -1;
	at = cs_xmalloc((n ? n : 1) * sizeof *at);
	step = cs_stmt_step(st);
	for (i = 0; i < m->n; i++) {
		while (step == CS_STEP_ROW && strcmp(cs_stmt_text(st, 0), m->c[i].id) < 0)
			step = cs_stmt_step(st);
		found = step == CS_STEP_ROW && strcmp(cs_stmt_text(st, 0), m->c[i].id) == 0;
		for (k = 0; k < nv; k++) {
			const char *t = found && !cs_stmt_is_null(st, k + 1) ?
			    cs_stmt_text(st, k + 1) : NULL;

			at[i * (size_t)nv + (size_t)k] = t != NULL && *t != '\0' ? text.len : SIZE_MAX;
			if (t != NULL && *t != '\0')
				cs_buf_append(&text, t, strlen(t) + 1);
		}
	}
	if (step != CS_STEP_ROW && step != CS_STEP_DONE) {
		cs_db_fail(db, err, errlen);
		cs_stmt_finalize(st);
		cs_buf_free(&text);
		free(at);
		return -1;
	}
	cs_stmt_finalize(st);
	free(m->with_text);
	free(m->with);
	m->with_text = text.data;
	m->nwith = nv;
	with_pointers(m, at, n);
	return 0;
}

/* Revenue and invoices per customer over one window (start, end]. */
static const char revenue_sql[] =
    "SELECT customer_id, sum(amount_cents),"
    " count(CASE WHEN amount_cents > 0 THEN 1 END)"
    " FROM invoices WHERE issued_on > ?1 AND issued_on <= ?2"
    " GROUP BY customer_id ORDER BY customer_id";

/*
 * Each customer's latest answer to item ?1 by ?2 (the latest day, then
 * the greatest response id), in hundredths rounded half away from zero.
 * SQLite takes the bare column from the max() row; PostgreSQL has
 * DISTINCT ON, and rounds as SQLite's round() does: floor(|x| + 0.5)
 * with the sign (its round() of a double rounds half to even).
 */
static const char attitude_sqlite[] =
    "SELECT customer_id, CAST(round(score * 100) AS INTEGER),"
    " max(answered_on || ' ' || response_id) FROM responses"
    " WHERE item = ?1 AND answered_on <= ?2"
    " GROUP BY customer_id ORDER BY customer_id";
static const char attitude_pg[] =
    "SELECT DISTINCT ON (customer_id) customer_id,"
    " CAST(sign(score * 100) * floor(abs(score * 100) + 0.5) AS bigint) FROM responses"
    " WHERE item = ?1 AND answered_on <= ?2"
    " ORDER BY customer_id, answered_on DESC, response_id DESC";

int
cs_metrics_load(struct cs_db *db, const struct cs_metrics_request *rq, struct cs_metrics *m,
    char *err, size_t errlen)
{
	const struct cs_window *w = rq->window;
	int want = rq->want;
	char end[CS_DATE_BUFSZ], start[CS_DATE_BUFSZ], pend[CS_DATE_BUFSZ], pstart[CS_DATE_BUFSZ];
	struct cs_date s = cs_window_start(w, w->as_of);
	struct agg inv = { .db = db, .on_worker = 1, .ncols = 2, .date_col = -1, .sql = revenue_sql,
	    .params = { start, end }, .progress = &rq->progress };
	struct agg pay = { .db = db, .on_worker = 1, .ncols = 1, .date_col = 1, .sql =
	    "SELECT customer_id, max(paid_on) FROM payments WHERE paid_on <= ?1"
	    " AND (bounced_on IS NULL OR bounced_on > ?1)"
	    " GROUP BY customer_id ORDER BY customer_id", .params = { end } };
	struct agg prior = { .db = db, .on_worker = 1, .ncols = 1, .date_col = -1, .sql = revenue_sql,
	    .params = { pstart, pend } };
	struct agg months = { .db = db, .on_worker = 1, .ncols = 1, .date_col = -1, .sql =
	    "SELECT customer_id, count(DISTINCT substr(issued_on, 1, 7)) FROM invoices"
	    " WHERE issued_on > ?1 AND issued_on <= ?2 AND amount_cents > 0"
	    " GROUP BY customer_id ORDER BY customer_id", .params = { start, end } };
	struct agg attitude = { .db = db, .on_worker = 1, .ncols = 1, .date_col = -1,
	    .sql = cs_db_sql(db, attitude_sqlite, attitude_pg),
	    .params = { w->attitude_item ? w->attitude_item : "NPS", end } };
	struct agg *aggs[NAGGS] = { &inv, &pay, &prior, &months, &attitude };
	int asked[NAGGS] = { 1, 1, want & CS_METRIC_PRIOR, want & CS_METRIC_MONTHS,
	    want & CS_METRIC_ATTITUDE };
	struct cs_tasks tasks;
	int i, rc, n = 0;

	memset(m, 0, sizeof *m);
	cs_date_format(s, start);
	cs_date_format(w->as_of, end);
	cs_date_format(cs_date_add_months(s, -12), pstart);
	cs_date_format(cs_date_add_months(w->as_of, -12), pend);
	for (i = 0; i < NAGGS; i++)
		n += asked[i] != 0;
	if (cs_db_snapshot(db, n, err, errlen) != 0)
		return -1;
	cs_tasks_init(&tasks);
	for (i = 0; i < NAGGS; i++)
		if (asked[i])
			cs_tasks_start(&tasks, run_agg, aggs[i]);
	rc = load_customers(db, m, err, errlen);
	if (rc == 0 && rq->with != NULL)	/* while the aggregates run */
		rc = cs_metrics_with(db, rq->with, m, err, errlen);
	if (rc == 0 && (want & CS_METRIC_CREDIT))
		rc = load_credit(db, m, cs_date_to_days(s), end, cs_date_to_days(w->as_of),
		    &rq->progress, err, errlen);
	cs_tasks_wait(&tasks);
	cs_db_snapshot_end(db);
	for (i = 0; i < NAGGS && rc == 0; i++)
		rc = asked[i] ? agg_status(aggs[i], err, errlen) : 0;
	if (rc == 0)
		merge(m, aggs, cs_date_to_days(w->as_of));
	else
		cs_metrics_free(m);
	for (i = 0; i < NAGGS; i++)
		agg_free(aggs[i]);
	return rc;
}

/* The columns --from-csv reads, in the order of csv_columns. */
enum { IN_ID, IN_REVENUE, IN_PRIOR, IN_INVOICES, IN_RECENCY, IN_MONTHS, IN_ATTITUDE, IN_DUE,
	IN_LATE, NIN };
static const char *const csv_columns[NIN] = { "customer_id", "revenue", "prior_revenue",
	"invoices", "recency_days", "months_active", "attitude", "due_invoices", "late_invoices" };

/* State of reading metrics from CSV. */
struct csv_in {
	const char *name;
	int col[NIN];			/* input field of each column, or -1 */
	int have_header;
	size_t nfields;			/* of the header */
	struct cs_buf ids;
	struct agg_row *rows;		/* the offset of each row's id */
	int64_t (*vals)[NIN - 1];	/* each row's numbers, in the order of csv_columns */
	size_t n, cap;
	char *err;
	size_t errlen;
	int failed;
};

/* Records the first error of the input at line and column, what translated. */
static int
csv_fail(struct csv_in *in, long line, size_t col, const char *what)
{
	if (!in->failed)
		snprintf(in->err, in->errlen, "%s:%ld:%zu: %s", in->name, line, col, _(what));
	in->failed = 1;
	return 1;
}

/* Maps the header's names to the columns read; returns 0 to go on. */
static int
csv_header(struct csv_in *in, const struct cs_record *rec)
{
	size_t i;
	int c;

	for (c = 0; c < NIN; c++)
		in->col[c] = -1;
	for (i = 0; i < rec->n; i++) {
		const char *s = rec->fields[i].s;
		size_t len = rec->fields[i].len;

		cs_trim(&s, &len);
		for (c = 0; c < NIN; c++)
			if (cs_equal_nocase(s, len, csv_columns[c]) && in->col[c] < 0)
				in->col[c] = (int)i;
	}
	in->have_header = 1;
	in->nfields = rec->n;
	if (in->col[IN_ID] < 0)
		return csv_fail(in, rec->line, 1, "no customer_id column");
	return 0;
}

/* Parses field f of column c into *v; returns NULL or what was expected. */
static const char *
csv_value(int c, const struct cs_field *f, int64_t *v)
{
	const char *s = f->s;
	size_t len = f->len;
	long l;

	cs_trim(&s, &len);
	if (f->null || len == 0) {
		*v = c == IN_RECENCY || c == IN_ATTITUDE ? CS_NO_VALUE : 0;
		return NULL;
	}
	if (c == IN_REVENUE || c == IN_PRIOR)
		return cs_money_parse(s, len, v);
	if (c == IN_ATTITUDE)
		return cs_hundredths_parse(s, len, v) ? N_("not a number with at most two decimals") : NULL;
	if (cs_int_parse(s, len, 0, 1000000000L, &l) != NULL)
		return N_("not a whole number from 0");
	*v = l;
	return NULL;
}

/* The reader's record callback: the header, then one customer a row. */
static int
csv_row(void *ctx, const struct cs_record *rec)
{
	struct csv_in *in = ctx;
	const struct cs_field *id;
	size_t idlen;
	int c;

	if (!in->have_header)
		return csv_header(in, rec);
	if (rec->n != in->nfields) {
		char what[80];
		snprintf(what, sizeof what, _("expected %zu fields, found %zu"), in->nfields, rec->n);
		return csv_fail(in, rec->line, (rec->n < in->nfields ? rec->n : in->nfields) + 1, what);
	}
	if ((size_t)in->col[IN_ID] >= rec->n || rec->fields[in->col[IN_ID]].len == 0)
		return csv_fail(in, rec->line, (size_t)in->col[IN_ID] + 1, "customer_id missing");
	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 1024;
		in->rows = cs_xrealloc(in->rows, in->cap * sizeof *in->rows);
		in->vals = cs_xrealloc(in->vals, in->cap * sizeof *in->vals);
	}
	for (c = 1; c < NIN; c++) {
		const char *why;
		int64_t *v = &in->vals[in->n][c - 1];

		if (in->col[c] < 0 || (size_t)in->col[c] >= rec->n)
			csv_value(c, &(struct cs_field){ "", 0, 1 }, v);	/* absent: the default */
		else if ((why = csv_value(c, &rec->fields[in->col[c]], v)) != NULL) {
			char what[320];
			snprintf(what, sizeof what, "%s: %s", csv_columns[c], _(why));
			return csv_fail(in, rec->line, (size_t)in->col[c] + 1, what);
		}
	}
	if (in->vals[in->n][IN_LATE - 1] > in->vals[in->n][IN_DUE - 1])
		return csv_fail(in, rec->line, (size_t)in->col[IN_LATE] + 1,
		    "late_invoices: more than due_invoices");
	id = &rec->fields[in->col[IN_ID]];
	idlen = id->len;
	if (cs_utf8_valid_prefix(id->s, idlen) != idlen || cs_has_control(id->s, idlen))
		return csv_fail(in, rec->line, (size_t)in->col[IN_ID] + 1, "customer_id is not clean text");
	in->rows[in->n].id = in->ids.len;
	cs_buf_append(&in->ids, id->s, idlen);
	cs_buf_append(&in->ids, "", 1);
	in->n++;
	return 0;
}

/* Broken quoting ends the read: metrics must be complete. */
static int
csv_malformed(void *ctx, long line, size_t column, const char *raw, size_t len)
{
	(void)raw;
	(void)len;
	return csv_fail(ctx, line, column, "malformed CSV (RFC 4180)");
}

/*
 * Orders customers by id, for qsort over an index array; qsort has no
 * context argument, so the ids are at hand in these (the programs are
 * single-threaded here).
 */
static const char *sort_ids;
static const struct agg_row *sort_rows;

static int
by_id(const void *a, const void *b)
{
	return strcmp(sort_ids + sort_rows[*(const size_t *)a].id,
	    sort_ids + sort_rows[*(const size_t *)b].id);
}

int
cs_metrics_read_csv(int fd, const char *name, struct cs_metrics *m, char *err, size_t errlen)
{
	struct csv_in in = { .name = name, .err = err, .errlen = errlen };
	struct cs_csv_handler h = { csv_row, csv_malformed, &in };
	struct cs_csv_opts o = { CS_ENC_AUTO, 1 << 20, CS_SEP_DEFAULT };
	struct cs_csv_result res;
	size_t i, *order;

	memset(m, 0, sizeof *m);
	if (cs_csv_read(fd, &o, &h, &res) != CS_CSV_OK && !in.failed)
		csv_fail(&in, res.error_line, res.error_column ? res.error_column : 1, res.message);
	if (!in.failed && !in.have_header)
		csv_fail(&in, 1, 1, "no header (empty input)");
	order = cs_xmalloc((in.n ? in.n : 1) * sizeof *order);
	for (i = 0; i < in.n; i++)
		order[i] = i;
	sort_ids = in.ids.data;
	sort_rows = in.rows;
	if (!in.failed)
		qsort(order, in.n, sizeof *order, by_id);
	for (i = 1; i < in.n && !in.failed; i++) {
		if (by_id(&order[i - 1], &order[i]) == 0) {
			snprintf(err, errlen, _("%s: customer %s appears twice"), name,
			    in.ids.data + in.rows[order[i]].id);
			in.failed = 1;
		}
	}
	if (!in.failed) {
		m->n = in.n;
		m->c = cs_xmalloc((in.n ? in.n : 1) * sizeof *m->c);
		m->ids = in.ids.data;
		in.ids.data = NULL;
		for (i = 0; i < in.n; i++) {
			struct cs_customer_metrics *c = &m->c[i];
			const int64_t *v = in.vals[order[i]];

			memset(c, 0, sizeof *c);
			c->credit_limit = CS_NO_VALUE;
			c->id = m->ids + in.rows[order[i]].id;
			for (int a = 0; a < CS_NATTRS; a++)
				c->attr[a] = "";
			c->parent = "";
			c->revenue = v[IN_REVENUE - 1];
			c->prior_revenue = v[IN_PRIOR - 1];
			c->invoices = v[IN_INVOICES - 1];
			c->recency_days = v[IN_RECENCY - 1];
			c->months_active = v[IN_MONTHS - 1];
			c->attitude = v[IN_ATTITUDE - 1];
			c->credit.due = v[IN_DUE - 1];
			c->credit.late = v[IN_LATE - 1];
		}
	}
	free(order);
	free(in.rows);
	free(in.vals);
	cs_buf_free(&in.ids);
	return in.failed ? -1 : 0;
}

void
cs_metrics_free(struct cs_metrics *m)
{
	free(m->c);
	free(m->ids);
	free(m->with);
	free(m->with_text);
	memset(m, 0, sizeof *m);
}
