/*
 * cs_report_top.c - the top customers by revenue against a base
 * period: every customer of either period's top list, with its rank,
 * revenue and change now and then and the department's bands of a
 * fall flagged; then the totals of both lists, overall and per --by
 * group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_report.h"
#include "cs_segment.h"
#include "cs_text.h"

/* One customer of either top list. */
struct top_row {
	char *id, *name, *group;
	int64_t now, base;		/* revenue of the period and of the base period, cents */
	long rank, base_rank;		/* among the customers with positive revenue; 0: none */
};

/* The two periods, each (from, to], as dates. */
struct top_periods {
	struct cs_date from, to, base_from, base_to;
};

/* The sums of one group's top lists: [0] the period's, [1] the base period's. */
struct top_sums {
	const char *group;
	size_t place;			/* cs_report_group_place, set before sorting */
	int64_t customers[2], revenue[2];
};

/*
 * Both periods' revenue of every customer who has some (?1 the as-of
 * date, ?2 the day before the period, ?3 and ?4 the same of the base
 * period), its ranks among the customers with positive revenue (largest
 * first, then by id), and its --by group (the %s); those ranked within
 * ?5 in either period, the period's list by rank, then the others by
 * their base rank.
 */
static const char top_sql[] = "WITH rev AS (SELECT customer_id,"
    " sum(CASE WHEN issued_on > ?2 AND issued_on <= ?1 THEN amount_cents ELSE 0 END) AS v,"
    " sum(CASE WHEN issued_on > ?4 AND issued_on <= ?3 THEN amount_cents ELSE 0 END) AS b"
    " FROM invoices WHERE (issued_on > ?2 AND issued_on <= ?1)"
    " OR (issued_on > ?4 AND issued_on <= ?3) GROUP BY customer_id),"
    " now AS (SELECT customer_id, row_number() OVER (ORDER BY v DESC, customer_id) AS k"
    " FROM rev WHERE v > 0),"
    " base AS (SELECT customer_id, row_number() OVER (ORDER BY b DESC, customer_id) AS k"
    " FROM rev WHERE b > 0),"
    " grp(customer_id, label) AS (%s)"
    " SELECT rev.customer_id, coalesce(c.name, ''), coalesce(grp.label, ''), v, b,"
    " coalesce(now.k, 0), coalesce(base.k, 0) FROM rev"
    " JOIN customers c ON c.customer_id = rev.customer_id"
    " LEFT JOIN now ON now.customer_id = rev.customer_id"
    " LEFT JOIN base ON base.customer_id = rev.customer_id"
    " LEFT JOIN grp ON grp.customer_id = rev.customer_id"
    " WHERE now.k <= ?5 OR base.k <= ?5"
    " ORDER BY CASE WHEN now.k <= ?5 THEN now.k ELSE ?5 + base.k END";

/*
 * Binds the dates of the periods p, written into buf, which must
 * outlive the statement's steps, and the list's length to the statement
 * of top_sql.
 */
static void
bind_periods(struct cs_stmt *st, const struct top_periods *p, int top,
    char buf[4][CS_DATE_BUFSZ])
{
	const struct cs_date d[4] = { p->to, p->from, p->base_to, p->base_from };
	int k;

	for (k = 0; k < 4; k++) {
		cs_date_format(d[k], buf[k]);
		cs_stmt_bind_text(st, k + 1, buf[k], strlen(buf[k]));
	}
	cs_stmt_bind_int64(st, 5, top);
}

/*
 * Reads the customers of either top list into *out, in the order of
 * top_sql, and their number into *count (those read, also on an
 * error).  Returns 0, or -1 on a database error.
 */
static int
read_top(struct cs_db *db, const struct cs_report_opts *o, const struct top_periods *p,
    struct top_row **out, long *count)
{
	char sql[sizeof top_sql + 512], dates[4][CS_DATE_BUFSZ];
	struct top_row *x = NULL;
	struct cs_stmt *st;
	enum cs_step step;
	long n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	snprintf(sql, sizeof sql, top_sql, cs_report_group_sql(o->by));
	if ((st = cs_db_prepare(db, sql)) == NULL)
		return -1;
	bind_periods(st, p, o->top, dates);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			x = cs_xrealloc(x, (size_t)cap * sizeof *x);
		}
		x[n].id = cs_xstrdup(cs_stmt_text(st, 0));
		x[n].name = cs_xstrdup(cs_stmt_text(st, 1));
		x[n].group = cs_xstrdup(cs_stmt_text(st, 2));
		x[n].now = cs_stmt_int64(st, 3);
		x[n].base = cs_stmt_int64(st, 4);
		x[n].rank = (long)cs_stmt_int64(st, 5);
		x[n++].base_rank = (long)cs_stmt_int64(st, 6);
	}
	cs_stmt_finalize(st);
	*out = x;
	*count = n;
	return step == CS_STEP_DONE ? 0 : -1;
}

/*
 * Writes the change from base to now in percent into buf, as
 * cs-segment's churn model does (two decimals, rounded half away from
 * zero); "" when base is 0 or less.
 */
static const char *
change_pct(int64_t now, int64_t base, char buf[CS_MONEY_BUFSZ])
{
	int64_t change;

	(void)cs_churn_flag(now, base, 0, &change);
	if (base <= 0) {
		buf[0] = '\0';
		return buf;
	}
	return cs_format_hundredths(change, buf);
}

/*
 * Returns the flag of a change from base to now: "new" when base is 0
 * or less, "serious" for a fall of more than bands[1] basis points,
 * "fell" for one of more than bands[0], else "".  Exact: no rounding.
 */
static const char *
band_flag(int64_t now, int64_t base, const int bands[2])
{
	__int128 fall;

	if (base <= 0)
		return "new";
	fall = ((__int128)base - now) * 10000;
	if (fall > (__int128)bands[1] * base)
		return "serious";
	if (fall > (__int128)bands[0] * base)
		return "fell";
	return "";
}

/* Writes rank k into buf, "" for 0 (not ranked). */
static const char *
rank_text(long k, char buf[24])
{
	if (k == 0)
		buf[0] = '\0';
	else
		snprintf(buf, 24, "%ld", k);
	return buf;
}

/* Adds the table of the customers x[0..n) of either list. */
static void
top_table(struct cs_report *r, const struct cs_report_opts *o, const struct top_periods *p,
    const struct top_row *x, long n)
{
	const char *cols[] = { "rank:r", "base_rank:r", "customer_id", "name", "group",
		"revenue:r", "base_revenue:r", "change_pct:r", "flag", NULL };
	char d[4][CS_DATE_BUFSZ], title[400], k[2][24], v[3][CS_MONEY_BUFSZ];
	struct cs_report_table *t;
	const char *f[9];
	long i;
	int c;

	if (o->by == NULL)	/* the group column only with --by */
		memmove(&cols[4], &cols[5], 5 * sizeof cols[0]);
	snprintf(title, sizeof title, _("Top %d customers by revenue, (%s, %s] against (%s, %s],"
	    " and the base period's top %d"), o->top, cs_date_format(p->from, d[0]),
	    cs_date_format(p->to, d[1]), cs_date_format(p->base_from, d[2]),
	    cs_date_format(p->base_to, d[3]), o->top);
	t = cs_report_add(r, "top", title, cols);
	for (i = 0; i < n; i++) {
		c = 0;
		f[c++] = rank_text(x[i].rank, k[0]);
		f[c++] = rank_text(x[i].base_rank, k[1]);
		f[c++] = x[i].id;
		f[c++] = x[i].name;
		if (o->by != NULL)
			f[c++] = x[i].group;
		f[c++] = cs_money_format(x[i].now, v[0]);
		f[c++] = cs_money_format(x[i].base, v[1]);
		f[c++] = change_pct(x[i].now, x[i].base, v[2]);
		f[c] = band_flag(x[i].now, x[i].base, o->bands);
		cs_report_row(t, f);
	}
}

/* Returns the sums of group in s[0..*n), adding them when new. */
static struct top_sums *
sums_of(struct top_sums **s, size_t *n, const char *group)
{
	size_t k;

	for (k = 0; k < *n; k++)
		if (strcmp((*s)[k].group, group) == 0)
			return &(*s)[k];
	*s = cs_xrealloc(*s, (*n + 1) * sizeof **s);
	memset(&(*s)[*n], 0, sizeof **s);
	(*s)[*n].group = group;
	return &(*s)[(*n)++];
}

/* Orders sums by the place of their group, then in byte order. */
static int
by_group(const void *a, const void *b)
{
	const struct top_sums *x = a, *y = b;

	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return strcmp(x->group, y->group);
}

/* Adds the two rows of sums s: the period's, then the base period's, with the change. */
static void
sums_rows(struct cs_report_table *t, const struct top_sums *s, const struct top_periods *p,
    int grouped)
{
	struct cs_date first[2] = { p->from, p->base_from }, last[2] = { p->to, p->base_to };
	char d[2][CS_DATE_BUFSZ], n[24], v[2][CS_MONEY_BUFSZ];
	const char *f[7];
	int k, c;

	for (k = 0; k < 2; k++) {
		c = 0;
		if (grouped)
			f[c++] = s->group;
		f[c++] = k == 0 ? "current" : "base";
		f[c++] = cs_day_format(cs_date_to_days(first[k]) + 1, d[0]);
		f[c++] = cs_date_format(last[k], d[1]);
		snprintf(n, sizeof n, "%lld", (long long)s->customers[k]);
		f[c++] = n;
		f[c++] = cs_money_format(s->revenue[k], v[0]);
		f[c] = k == 0 ? change_pct(s->revenue[0], s->revenue[1], v[1]) : "";
		cs_report_row(t, f);
	}
}

/*
 * Adds the totals of the two top lists among the customers x[0..n):
 * with --by, per group (cs_report_group_place), then of group "total".
 */
static void
totals_table(struct cs_report *r, const struct cs_report_opts *o, const struct top_periods *p,
    const struct top_row *x, long n)
{
	const char *cols[] = { "group", "period", "from", "to", "customers:r", "revenue:r",
		"change_pct:r", NULL };
	struct top_sums *s = NULL, total = { "total", 0, { 0, 0 }, { 0, 0 } }, *g;
	struct cs_report_table *t;
	char title[400];
	size_t ns = 0, k;
	long i;

	snprintf(title, sizeof title, _("Revenue of the top %d customers of each period"), o->top);
	t = cs_report_add(r, "top_totals", title, o->by != NULL ? cols : cols + 1);
	for (i = 0; i < n; i++) {
		g = sums_of(&s, &ns, x[i].group);
		if (x[i].rank >= 1 && x[i].rank <= o->top) {
			g->customers[0]++;
			g->revenue[0] += x[i].now;
		}
		if (x[i].base_rank >= 1 && x[i].base_rank <= o->top) {
			g->customers[1]++;
			g->revenue[1] += x[i].base;
		}
	}
	for (k = 0; k < ns; k++)
		s[k].place = cs_report_group_place(o->by, s[k].group);
	if (ns > 0)
		qsort(s, ns, sizeof *s, by_group);
	for (k = 0; k < ns; k++) {
		for (i = 0; i < 2; i++) {
			total.customers[i] += s[k].customers[i];
			total.revenue[i] += s[k].revenue[i];
		}
		if (o->by != NULL)
			sums_rows(t, &s[k], p, 1);
	}
	sums_rows(t, &total, p, o->by != NULL);
	free(s);
}

int
cs_report_top(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	struct top_periods p;
	struct top_row *x;
	long n, i;
	int rc, failed;

	if ((rc = cs_report_group_check("top", o->by, err, errlen)) != CS_EXIT_OK)
		return rc;
	p.to = o->as_of;
	p.from = cs_window_start(&o->window, o->as_of);
	p.base_to = o->base_to;
	p.base_from = cs_window_start(&o->window, o->base_to);
	if (!(failed = read_top(db, o, &p, &x, &n) != 0)) {
		top_table(r, o, &p, x, n);
		totals_table(r, o, &p, x, n);
	}
	for (i = 0; i < n; i++) {
		free(x[i].id);
		free(x[i].name);
		free(x[i].group);
	}
	free(x);
	return failed ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}
