/*
 * cs_report_complaints.c - the complaints of a period: volume,
 * validity, time to close against the SLA and repeat complainers,
 * overall and per --by group, and by category and channel; then how
 * they were handled against the complaint rules (cs_report_chandling.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_report_complaint.h"
#include "cs_text.h"

/* One complaint of the period. */
struct complaint {
	char *customer, *category, *channel, *group;
	size_t place;			/* of the group: cs_report_group_place */
	long days;			/* to close, or -1 while open on as-of */
	long age;			/* as-of minus opened */
	int valid;			/* 1, 0, or -1 not judged */
};

/* The summary's measures, in the order of its rows and of the columns by group. */
static const char *const measure_names[] = { "complaints", "valid", "valid_share", "closed",
	"median_days_to_close", "p90_days_to_close", "closed_within_sla_share",
	"repeat_complainers", "open_past_sla" };

#define NMEASURES (sizeof measure_names / sizeof measure_names[0])

/* Orders longs. */
static int
long_order(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Orders complaints by customer. */
static int
by_customer(const void *a, const void *b)
{
	return strcmp(((const struct complaint *)a)->customer, ((const struct complaint *)b)->customer);
}

/* Orders complaints by the place of their group, the group, then customer. */
static int
by_group(const void *a, const void *b)
{
	const struct complaint *x = a, *y = b;
	int d = x->place != y->place ? (x->place < y->place ? -1 : 1) : strcmp(x->group, y->group);

	return d != 0 ? d : by_customer(a, b);
}

/* Returns the customers of c[0..n), ordered by customer, with two complaints or more. */
static size_t
repeat_complainers(const struct complaint *c, size_t n)
{
	size_t k, run, repeat = 0;

	for (k = 0; k < n; k += run) {
		for (run = 1; k + run < n && strcmp(c[k].customer, c[k + run].customer) == 0; run++)
			;
		repeat += run >= 2;
	}
	return repeat;
}

/*
 * Writes the measures of the complaints c[0..n) into v as text, in the
 * order of measure_names; reorders c by customer.
 */
static void
measure(struct complaint *c, size_t n, long sla, char v[NMEASURES][32])
{
	long *days = cs_xmalloc((n + 1) * sizeof *days);
	size_t k, closed = 0, within = 0, judged = 0, valid = 0, past = 0;

	for (k = 0; k < n; k++) {
		judged += c[k].valid >= 0;
		valid += c[k].valid == 1;
		if (c[k].days >= 0) {
			days[closed++] = c[k].days;
			within += c[k].days <= sla;
		} else
			past += c[k].age > sla;
	}
	if (closed > 0)
		qsort(days, closed, sizeof *days, long_order);
	if (n > 0)
		qsort(c, n, sizeof *c, by_customer);
	snprintf(v[0], 32, "%zu", n);
	snprintf(v[1], 32, "%zu", valid);
	cs_report_pct((int64_t)valid, (int64_t)judged, v[2]);
	snprintf(v[3], 32, "%zu", closed);
	if (closed > 0) {
		size_t mid = closed / 2, p90 = (closed * 9 + 9) / 10 - 1;	/* nearest rank */

		snprintf(v[4], 32, "%.1f", closed % 2 ? (double)days[mid] :
		    (double)(days[mid - 1] + days[mid]) / 2);
		snprintf(v[5], 32, "%ld", days[p90]);
	} else
		v[4][0] = v[5][0] = '\0';
	cs_report_pct((int64_t)within, (int64_t)closed, v[6]);
	snprintf(v[7], 32, "%zu", repeat_complainers(c, n));
	snprintf(v[8], 32, "%zu", past);
	free(days);
}

/* Adds the summary of the complaints c[0..n), a row per measure. */
static void
complaint_summary(struct cs_report *r, struct complaint *c, size_t n, long sla)
{
	static const char *const cols[] = { "measure", "value:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "complaints", _("Complaints in the period"),
	    cols);
	char v[NMEASURES][32];
	size_t k;

	measure(c, n, sla, v);
	for (k = 0; k < NMEASURES; k++)
		cs_report_row(t, (const char *[]){ measure_names[k], v[k] });
}

/*
 * Adds the summary of the complaints c[0..n) per --by group: a row per
 * group, in the order of cs_report_group_place, the measures in
 * columns; reorders c.
 */
static void
complaints_by_group(struct cs_report *r, struct complaint *c, size_t n, long sla)
{
	char colname[NMEASURES][40], v[NMEASURES][32];
	const char *cols[NMEASURES + 2], *f[NMEASURES + 1];
	struct cs_report_table *t;
	size_t k, run, m;

	cols[0] = "group";
	for (m = 0; m < NMEASURES; m++) {
		snprintf(colname[m], sizeof colname[m], "%s:r", measure_names[m]);
		cols[m + 1] = colname[m];
		f[m + 1] = v[m];
	}
	cols[NMEASURES + 1] = NULL;
	t = cs_report_add(r, "complaints_by_group", _("Complaints in the period by group"), cols);
	if (n > 0)
		qsort(c, n, sizeof *c, by_group);
	for (k = 0; k < n; k += run) {
		for (run = 1; k + run < n && strcmp(c[k].group, c[k + run].group) == 0; run++)
			;
		f[0] = c[k].group;
		measure(c + k, run, sla, v);
		cs_report_row(t, f);
	}
}

/* Adds a table of complaints by category (col 0) or channel (1). */
static void
complaint_breakdown(struct cs_report *r, const struct complaint *c, size_t n, int by_channel)
{
	const char *const cols[] = { by_channel ? "channel" : "category", "complaints:r", "share:r",
		"valid:r", "valid_share:r", NULL };
	struct cs_report_table *t = cs_report_add(r, by_channel ? "complaints_by_channel" :
	    "complaints_by_category", by_channel ? _("Complaints by channel") :
	    _("Complaints by category"), cols);
	char **seen = cs_xmalloc((n + 1) * sizeof *seen), b[4][32];
	size_t k, j, ns = 0;

	t->chart = CS_CHART_BARS;
	t->chart_label = 0;
	t->chart_value = 1;
	snprintf(t->chart_title, sizeof t->chart_title, _("Complaints by %s"),
	    cs_label(by_channel ? "channel" : "category"));
	for (k = 0; k < n; k++) {
		const char *v = by_channel ? c[k].channel : c[k].category;

		for (j = 0; j < ns && strcmp(seen[j], v) != 0; j++)
			;
		if (j < ns)
			continue;
		seen[ns++] = (char *)v;
	}
	for (k = 1; k < ns; k++)	/* in byte order */
		for (j = k; j > 0 && strcmp(seen[j - 1], seen[j]) > 0; j--) {
			char *tmp = seen[j];

			seen[j] = seen[j - 1];
			seen[j - 1] = tmp;
		}
	for (j = 0; j < ns; j++) {
		int64_t count = 0, valid = 0, judged = 0;

		for (k = 0; k < n; k++)
			if (strcmp(by_channel ? c[k].channel : c[k].category, seen[j]) == 0) {
				count++;
				valid += c[k].valid == 1;
				judged += c[k].valid >= 0;
			}
		snprintf(b[0], 32, "%lld", (long long)count);
		snprintf(b[2], 32, "%lld", (long long)valid);
		cs_report_row(t, (const char *[]){ seen[j], b[0], cs_report_pct(count, (int64_t)n,
		    b[1]), b[2], cs_report_pct(valid, judged, b[3]) });
	}
	free(seen);
}

/*
 * The complaints opened from ?2 to ?3, with their customer's --by
 * group (the %s, ?1 the as-of date), as complaint_status says whether
 * they are valid and when they closed.
 */
static const char complaints_sql[] = "WITH grp(customer_id, label) AS (%s)"
    " SELECT k.customer_id, coalesce(category, ''), coalesce(channel, ''), opened_on,"
    " coalesce(closed_on, ''), coalesce(valid, -1), coalesce(grp.label, '')"
    " FROM complaint_status k"
    " LEFT JOIN grp ON grp.customer_id = k.customer_id"
    " WHERE opened_on >= ?2 AND opened_on <= ?3";

/*
 * Reads the complaints opened in the period into *out and their number
 * into *count (those read, also on an error).  Returns 0, or -1 on a
 * database error.
 */
static int
read_complaints(struct cs_db *db, const struct cs_report_opts *o, struct complaint **out,
    long *count)
{
	char sql[sizeof complaints_sql + 512], d[3][CS_DATE_BUFSZ];
	long as_of = cs_date_to_days(o->as_of), n = 0, cap = 0;
	struct complaint *c = NULL;
	struct cs_stmt *st;
	enum cs_step step;

	*out = NULL;
	*count = 0;
	snprintf(sql, sizeof sql, complaints_sql, cs_report_group_sql(o->by));
	if ((st = cs_db_prepare(db, sql)) == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, cs_date_format(o->as_of, d[0]), 10);
	cs_stmt_bind_text(st, 2, cs_date_format(o->from, d[1]), 10);
	cs_stmt_bind_text(st, 3, cs_date_format(o->to, d[2]), 10);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		long opened = cs_day_parse(cs_stmt_text(st, 3), 0);
		long closed = cs_day_parse(cs_stmt_text(st, 4), -1);

		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			c = cs_xrealloc(c, (size_t)cap * sizeof *c);
		}
		c[n].customer = cs_xstrdup(cs_stmt_text(st, 0));
		c[n].category = cs_xstrdup(cs_stmt_text(st, 1));
		c[n].channel = cs_xstrdup(cs_stmt_text(st, 2));
		c[n].group = cs_xstrdup(cs_stmt_text(st, 6));
		c[n].place = cs_report_group_place(o->by, c[n].group);
		c[n].days = closed >= 0 && closed <= as_of ? closed - opened : -1;
		c[n].age = as_of - opened;
		c[n++].valid = (int)cs_stmt_int64(st, 5);
	}
	cs_stmt_finalize(st);
	*out = c;
	*count = n;
	return step == CS_STEP_DONE ? 0 : -1;
}

int
cs_report_complaints(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	struct complaint *c;
	long n, k;
	int rc, failed;

	if ((rc = cs_report_group_check("complaints", o->by, err, errlen)) != CS_EXIT_OK)
		return rc;
	if (!(failed = read_complaints(db, o, &c, &n) != 0)) {
		complaint_summary(r, c, (size_t)n, o->sla);
		if (o->by != NULL)
			complaints_by_group(r, c, (size_t)n, o->sla);
		complaint_breakdown(r, c, (size_t)n, 0);
		complaint_breakdown(r, c, (size_t)n, 1);
		failed = cs_report_complaint_handling(db, o, r) != 0;
	}
	for (k = 0; k < n; k++) {
		free(c[k].customer);
		free(c[k].category);
		free(c[k].channel);
		free(c[k].group);
	}
	free(c);
	return failed ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}
