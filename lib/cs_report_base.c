/*
 * cs_report_base.c - the reports on the customer base: segment mix,
 * satisfaction and complaints (the top customers are cs_report_top.c,
 * the customer card cs_report_card.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dunning.h"
#include "cs_err.h"
#include "cs_ledger_db.h"
#include "cs_report.h"
#include "cs_survey_score.h"
#include "cs_text.h"

/* The latest snapshot (model and date) of every model by as-of. */
struct snapshots {
	char (*model)[64], (*date)[CS_DATE_BUFSZ];
	size_t n;
};

/* Reads the latest snapshots; returns 0 or -1. */
static int
latest_snapshots(struct cs_db *db, const char *as_of, struct snapshots *s)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT model, max(as_of) FROM segments"
	    " WHERE as_of <= ?1 GROUP BY model ORDER BY model");
	enum cs_step step;

	memset(s, 0, sizeof *s);
	if (st == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, as_of, strlen(as_of));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		s->model = cs_xrealloc(s->model, (s->n + 1) * sizeof *s->model);
		s->date = cs_xrealloc(s->date, (s->n + 1) * sizeof *s->date);
		snprintf(s->model[s->n], sizeof s->model[0], "%s", cs_stmt_text(st, 0));
		snprintf(s->date[s->n++], sizeof s->date[0], "%s", cs_stmt_text(st, 1));
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* The mix of one snapshot: customers and revenue per label, with shares. */
static int
snapshot_mix(struct cs_db *db, struct cs_report_table *t, const char *model, const char *date)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT label, count(*),"
	    " sum(coalesce(value_cents, 0)), sum(max(coalesce(value_cents, 0), 0)) FROM segments"
	    " WHERE as_of = ?1 AND model = ?2 GROUP BY label ORDER BY label");
	struct { char label[128]; int64_t n, v, pos; } *row = NULL;
	int64_t n = 0, pos = 0;
	char b[4][32], m[CS_MONEY_BUFSZ];
	size_t k, nrows = 0;
	enum cs_step step;

	if (st == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, date, strlen(date));
	cs_stmt_bind_text(st, 2, model, strlen(model));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		row = cs_xrealloc(row, (nrows + 1) * sizeof *row);
		snprintf(row[nrows].label, sizeof row[0].label, "%s", cs_stmt_text(st, 0));
		row[nrows].n = cs_stmt_int64(st, 1);
		row[nrows].v = cs_stmt_int64(st, 2);
		row[nrows].pos = cs_stmt_int64(st, 3);
		n += row[nrows].n;
		pos += row[nrows++].pos;
	}
	cs_stmt_finalize(st);
	for (k = 0; k < nrows; k++) {
		snprintf(b[0], sizeof b[0], "%lld", (long long)row[k].n);
		cs_report_row(t, (const char *[]){ model, date, row[k].label, b[0],
		    cs_report_pct(row[k].n, n, b[1]), cs_money_format(row[k].v, m),
		    cs_report_pct(row[k].pos, pos, b[2]) });
	}
	free(row);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* The segment mix of the latest snapshot of every model. */
static int
segment_mix(struct cs_db *db, struct cs_report *r, const struct snapshots *s)
{
	static const char *const cols[] = { "model", "as_of", "label", "customers:r",
		"customer_share:r", "revenue:r", "revenue_share:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "segments", "Segments of the latest saved"
	    " snapshots (cs-segment --save)", cols);
	size_t k;

	for (k = 0; k < s->n; k++)
		if (snapshot_mix(db, t, s->model[k], s->date[k]) != 0)
			return -1;
	return 0;
}

/* Orders cents, largest first. */
static int
largest_first(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x > y ? -1 : x < y;
}

/*
 * The Pareto curve of the latest abc snapshot (else of the first
 * model): the share of revenue held by the largest 10%, 20%, ... of
 * customers (negative revenue counted as none).
 */
static int
pareto(struct cs_db *db, struct cs_report *r, const struct snapshots *s)
{
	static const char *const cols[] = { "customer_share:r", "customers:r", "revenue_share:r",
		NULL };
	struct cs_report_table *t = cs_report_add(r, "pareto", "Pareto curve: share of revenue of"
	    " the largest customers", cols);
	struct cs_stmt *st;
	int64_t *v = NULL, total = 0, cum = 0;
	size_t n = 0, k = 0, at = 0, pick = 0;
	char b[3][32];
	enum cs_step step;
	int p;

	t->chart = CS_CHART_LINE;
	t->chart_label = 0;
	t->chart_value = 2;
	snprintf(t->chart_title, sizeof t->chart_title, "Share of revenue (%%) of the top customers");
	for (k = 0; k < s->n; k++)
		pick = strcmp(s->model[k], "abc") == 0 ? k : pick;
	if (s->n == 0)
		return 0;
	if ((st = cs_db_prepare(db, "SELECT max(coalesce(value_cents, 0), 0) FROM segments"
	    " WHERE as_of = ?1 AND model = ?2")) == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, s->date[pick], strlen(s->date[pick]));
	cs_stmt_bind_text(st, 2, s->model[pick], strlen(s->model[pick]));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		if ((n & (n - 1)) == 0)
			v = cs_xrealloc(v, (n ? 2 * n : 1) * sizeof *v);
		total += v[n++] = cs_stmt_int64(st, 0);
	}
	cs_stmt_finalize(st);
	if (n > 0)
		qsort(v, n, sizeof *v, largest_first);
	for (p = 10; p <= 100 && n > 0; p += 10) {
		size_t upto = (n * (size_t)p + 99) / 100;

		for (; at < upto; at++)
			cum += v[at];
		snprintf(b[0], sizeof b[0], "%d", p);
		snprintf(b[1], sizeof b[1], "%zu", upto);
		cs_report_row(t, (const char *[]){ b[0], b[1], cs_report_pct(cum, total, b[2]) });
	}
	free(v);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* Movement between a model's latest snapshot and the one before (or on --compare). */
static int
movement(struct cs_db *db, struct cs_report *r, const char *as_of, const char *compare)
{
	static const char *const cols[] = { "model", "from_date", "to_date", "from_label",
		"to_label", "customers:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "segment_movement", "Movement between"
	    " snapshots", cols);

	return cs_report_query(db, t, "WITH latest AS (SELECT model, max(as_of) AS to_date FROM segments"
	    " WHERE as_of <= ?1 GROUP BY model), pair AS MATERIALIZED (SELECT model, to_date, (SELECT"
	    " max(as_of) FROM segments p WHERE p.model = latest.model AND p.as_of < to_date"
	    " AND (?2 = '' OR p.as_of <= ?2)) AS from_date FROM latest)"
	    " SELECT pair.model, from_date, to_date, a.label, b.label, count(*) FROM pair"
	    " JOIN segments a ON a.model = pair.model AND a.as_of = from_date"
	    " JOIN segments b ON b.model = pair.model AND b.as_of = to_date"
	    " AND b.customer_id = a.customer_id GROUP BY pair.model, a.label, b.label"
	    " ORDER BY pair.model, a.label, b.label", (const char *[]){ as_of,
	    compare ? compare : "" }, 2);
}

int
cs_report_segments(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	char as_of[CS_DATE_BUFSZ];
	struct snapshots s;
	int rc;

	cs_date_format(o->as_of, as_of);
	rc = latest_snapshots(db, as_of, &s) != 0 || segment_mix(db, r, &s) != 0 ||
	    pareto(db, r, &s) != 0 || movement(db, r, as_of, o->compare) != 0;
	free(s.model);
	free(s.date);
	return rc ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}

/* Returns field col of score row i. */
static const char *
score_field(const struct cs_text_rows *s, size_t i, int col)
{
	return s->field[i * s->ncols + (size_t)col];
}

/*
 * Adds a table of one row per group of the score rows s: responses,
 * SERVQUAL, NPS and CSAT side by side.
 */
static void
pivot(struct cs_report *r, const struct cs_text_rows *s, const char *name, const char *title,
    const char *first)
{
	const char *cols[] = { first, "responses:r", "servqual:r", "nps:r", "csat:r", NULL };
	struct cs_report_table *t = cs_report_add(r, name, title, cols);
	const char *f[5] = { NULL, NULL, NULL, NULL, NULL };
	size_t i;

	for (i = 0; i < s->n; i++) {
		const char *g = score_field(s, i, 0), *m = score_field(s, i, 1);

		if (f[0] != NULL && strcmp(f[0], g) != 0) {
			cs_report_row(t, f);
			f[2] = f[3] = f[4] = NULL;
		}
		f[0] = g;
		if (strcmp(m, "servqual") == 0 && strcmp(score_field(s, i, 2), "unweighted") == 0) {
			f[1] = score_field(s, i, 3);
			f[2] = score_field(s, i, 5);
		} else if (strcmp(m, "nps") == 0)
			f[3] = score_field(s, i, 5);
		else if (strcmp(m, "csat") == 0)
			f[4] = score_field(s, i, 5);
	}
	if (f[0] != NULL)
		cs_report_row(t, f);
}

/* The SERVQUAL dimensions of the overall score rows s, with a chart of the gaps. */
static void
servqual_gaps(struct cs_report *r, const struct cs_text_rows *s, const struct cs_survey_def *d)
{
	static const char *const cols[] = { "dimension", "expectation:r", "perception:r", "gap:r",
		NULL };
	struct cs_report_table *t = cs_report_add(r, "servqual_gaps", "SERVQUAL by dimension:"
	    " perception minus expectation", cols);
	const char *f[4];
	size_t i;
	int m;

	t->chart = CS_CHART_BARS;
	t->chart_label = 0;
	t->chart_value = 3;
	snprintf(t->chart_title, sizeof t->chart_title, "SERVQUAL gap by dimension");
	for (m = 0; m < d->ndims; m++) {
		f[0] = d->dim[m].name;
		f[1] = f[2] = f[3] = NULL;
		for (i = 0; i < s->n; i++) {
			const char *measure = score_field(s, i, 1);

			if (strcmp(score_field(s, i, 2), d->dim[m].name) != 0)
				continue;
			if (strcmp(measure, "expectation") == 0)
				f[1] = score_field(s, i, 5);
			else if (strcmp(measure, "perception") == 0)
				f[2] = score_field(s, i, 5);
			else if (strcmp(measure, "gap") == 0)
				f[3] = score_field(s, i, 5);
		}
		cs_report_row(t, f);
	}
}

int
cs_report_satisfaction(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r, char *err, size_t errlen)
{
	struct cs_score_opts so = { o->survey, NULL, NULL, NULL, NULL, 0, 0 };
	struct cs_text_rows s[3];
	char to[CS_DATE_BUFSZ];
	int64_t invalid;
	int k, rc = CS_EXIT_OK;

	so.to = cs_date_format(o->as_of, to);
	for (k = 0; k < 3 && rc == CS_EXIT_OK; k++) {
		cs_text_rows_init(&s[k], CS_SCORE_NCOLS);
		so.by = k == 0 ? NULL : k == 1 ? "month" : o->by;
		if (k < 2 || o->by != NULL)
			rc = cs_survey_score(db, &so, &s[k], &invalid, err, errlen);
	}
	if (rc == CS_EXIT_OK) {
		servqual_gaps(r, &s[0], o->survey);
		pivot(r, &s[1], "satisfaction_by_month", "Satisfaction by month", "month");
		if (o->by != NULL)
			pivot(r, &s[2], "satisfaction_by_group", "Satisfaction by group", "group");
	}
	for (k = 0; k < 3; k++)
		cs_text_rows_free(&s[k]);
	return rc;
}

/* One complaint of the period. */
struct complaint {
	char *customer, *category, *channel;
	long days;			/* to close, or -1 while open on as-of */
	long age;			/* as-of minus opened */
	int valid;			/* 1, 0, or -1 not judged */
};

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

/* Adds the summary rows of the complaints c[0..n). */
static void
complaint_summary(struct cs_report *r, struct complaint *c, size_t n, long sla)
{
	static const char *const cols[] = { "measure", "value:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "complaints", "Complaints in the period",
	    cols);
	long *days = cs_xmalloc((n + 1) * sizeof *days);
	size_t k, closed = 0, within = 0, judged = 0, valid = 0, past = 0, repeat = 0, run;
	char b[8][32];

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
	for (k = 0; k < n; k += run) {
		for (run = 1; k + run < n && strcmp(c[k].customer, c[k + run].customer) == 0; run++)
			;
		repeat += run >= 2;
	}
	snprintf(b[0], 32, "%zu", n);
	snprintf(b[1], 32, "%zu", valid);
	cs_report_pct((int64_t)valid, (int64_t)judged, b[2]);
	snprintf(b[3], 32, "%zu", closed);
	if (closed > 0) {
		size_t mid = closed / 2, p90 = (closed * 9 + 9) / 10 - 1;	/* nearest rank */

		snprintf(b[4], 32, "%.1f", closed % 2 ? (double)days[mid] :
		    (double)(days[mid - 1] + days[mid]) / 2);
		snprintf(b[5], 32, "%ld", days[p90]);
	} else
		b[4][0] = b[5][0] = '\0';
	cs_report_pct((int64_t)within, (int64_t)closed, b[6]);
	cs_report_row(t, (const char *[]){ "complaints", b[0] });
	cs_report_row(t, (const char *[]){ "valid", b[1] });
	cs_report_row(t, (const char *[]){ "valid_share", b[2] });
	cs_report_row(t, (const char *[]){ "closed", b[3] });
	cs_report_row(t, (const char *[]){ "median_days_to_close", b[4] });
	cs_report_row(t, (const char *[]){ "p90_days_to_close", b[5] });
	cs_report_row(t, (const char *[]){ "closed_within_sla_share", b[6] });
	snprintf(b[7], 32, "%zu", repeat);
	cs_report_row(t, (const char *[]){ "repeat_complainers", b[7] });
	snprintf(b[7], 32, "%zu", past);
	cs_report_row(t, (const char *[]){ "open_past_sla", b[7] });
	free(days);
}

/* Adds a table of complaints by category (col 0) or channel (1). */
static void
complaint_breakdown(struct cs_report *r, const struct complaint *c, size_t n, int by_channel)
{
	const char *const cols[] = { by_channel ? "channel" : "category", "complaints:r", "share:r",
		"valid:r", "valid_share:r", NULL };
	struct cs_report_table *t = cs_report_add(r, by_channel ? "complaints_by_channel" :
	    "complaints_by_category", by_channel ? "Complaints by channel" :
	    "Complaints by category", cols);
	char **seen = cs_xmalloc((n + 1) * sizeof *seen), b[4][32];
	size_t k, j, ns = 0;

	t->chart = CS_CHART_BARS;
	t->chart_label = 0;
	t->chart_value = 1;
	snprintf(t->chart_title, sizeof t->chart_title, "Complaints by %s",
	    by_channel ? "channel" : "category");
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

/* Reads the complaints opened in the period; returns how many, or -1 on error. */
static long
read_complaints(struct cs_db *db, const struct cs_report_opts *o, struct complaint **out)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT customer_id, coalesce(category, ''),"
	    " coalesce(channel, ''), opened_on, coalesce(closed_on, ''), coalesce(valid, -1)"
	    " FROM complaints WHERE opened_on >= ?1 AND opened_on <= ?2");
	char from[CS_DATE_BUFSZ], to[CS_DATE_BUFSZ];
	long as_of = cs_date_to_days(o->as_of), n = 0, cap = 0;
	struct complaint *c = NULL;
	enum cs_step step;

	if (st == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, cs_date_format(o->from, from), 10);
	cs_stmt_bind_text(st, 2, cs_date_format(o->to, to), 10);
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
		c[n].days = closed >= 0 && closed <= as_of ? closed - opened : -1;
		c[n].age = as_of - opened;
		c[n++].valid = (int)cs_stmt_int64(st, 5);
	}
	cs_stmt_finalize(st);
	*out = c;
	return step == CS_STEP_DONE ? n : -1;
}

int
cs_report_complaints(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	struct complaint *c = NULL;
	long n = read_complaints(db, o, &c), k;

	if (n >= 0) {
		complaint_summary(r, c, (size_t)n, o->sla);
		complaint_breakdown(r, c, (size_t)n, 0);
		complaint_breakdown(r, c, (size_t)n, 1);
	}
	for (k = 0; k < n; k++) {
		free(c[k].customer);
		free(c[k].category);
		free(c[k].channel);
	}
	free(c);
	return n < 0 ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}
