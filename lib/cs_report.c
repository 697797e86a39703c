/*
 * cs_report.c - report tables: made, filled from queries, freed; how a
 * cell reads (cs_report_write.c writes them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_models.h"
#include "cs_report.h"
#include "cs_text.h"

struct cs_report_table *
cs_report_add(struct cs_report *r, const char *name, const char *title,
    const char *const *columns)
{
	struct cs_report_table *t;
	size_t k;

	r->t = cs_xrealloc(r->t, (r->n + 1) * sizeof *r->t);
	t = &r->t[r->n++];
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	snprintf(t->title, sizeof t->title, "%s", title);
	for (k = 0; k < CS_REPORT_MAXCOLS && columns[k] != NULL; k++) {
		const char *colon = strchr(columns[k], ':');

		t->columns[k] = cs_xstrndup(columns[k], colon ? (size_t)(colon - columns[k]) :
		    strlen(columns[k]));
		t->align[k] = colon ? colon[1] : 'l';
	}
	cs_text_rows_init(&t->rows, k);
	t->chart_filter = -1;
	return t;
}

void
cs_report_row(struct cs_report_table *t, const char *const *f)
{
	cs_text_rows_add(&t->rows, f);
}

void
cs_report_free(struct cs_report *r)
{
	size_t k, c;

	for (k = 0; k < r->n; k++) {
		cs_text_rows_free(&r->t[k].rows);
		for (c = 0; c < CS_REPORT_MAXCOLS; c++)
			free((char *)r->t[k].columns[c]);
	}
	free(r->t);
	r->t = NULL;
	r->n = 0;
	if (r->cache != NULL)
		r->cache_free(r->cache);
	r->cache = NULL;
}

/* The groups of --by that cs_report_group_sql knows, with their SQL. */
static const char *const group_sql[][2] = {
	{ "region", "SELECT customer_id, coalesce(region, '') FROM customers" },
	{ "manager", "SELECT customer_id, coalesce(manager, '') FROM customers" },
	{ "kind", "SELECT customer_id, coalesce(kind, '') FROM customers" },
	{ "industry", "SELECT customer_id, coalesce(industry, '') FROM customers" },
	{ "class", "SELECT c.customer_id, coalesce(s.label, '') FROM customers c"
	    " LEFT JOIN segments s ON s.customer_id = c.customer_id AND s.model = 'bigcustomer'"
	    " AND s.as_of = (SELECT max(as_of) FROM segments WHERE model = 'bigcustomer'"
	    " AND as_of <= ?1)" },
};

const char *
cs_report_group_sql(const char *by)
{
	size_t k;

	if (by == NULL)
		return "SELECT customer_id, 'all' FROM customers";
	for (k = 0; k < sizeof group_sql / sizeof group_sql[0]; k++)
		if (strcmp(by, group_sql[k][0]) == 0)
			return group_sql[k][1];
	return NULL;
}

size_t
cs_report_group_place(const char *by, const char *label)
{
	return by != NULL && strcmp(by, "class") == 0 ?
	    cs_model_label_place("bigcustomer", label) : SIZE_MAX;
}

int
cs_report_group_check(const char *report, const char *by, char *err, size_t errlen)
{
	size_t k, n = sizeof group_sql / sizeof group_sql[0], at;

	if (cs_report_group_sql(by) != NULL)
		return CS_EXIT_OK;
	at = (size_t)snprintf(err, errlen, _("--by: the %s report groups by"), report);
	for (k = 0; k < n && at < errlen; k++)
		at += (size_t)snprintf(err + at, errlen - at, "%s %s", k == 0 ? "" : k < n - 1 ?
		    "," : " or", group_sql[k][0]);
	if (at < errlen)
		snprintf(err + at, errlen - at, ", not %s", by);
	return CS_EXIT_USAGE;
}

/* Binds text parameters 1..n of st. */
static void
bind_texts(struct cs_stmt *st, const char *const *v, int n)
{
	int k;

	for (k = 0; k < n; k++)
		cs_stmt_bind_text(st, k + 1, v[k], strlen(v[k]));
}

int
cs_report_query(struct cs_db *db, struct cs_report_table *t, const char *sql,
    const char *const *v, int nv)
{
	struct cs_stmt *st = cs_db_prepare(db, sql);
	const char *f[CS_REPORT_MAXCOLS];
	enum cs_step step;
	size_t c;

	if (st == NULL)
		return -1;
	bind_texts(st, v, nv);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		for (c = 0; c < t->rows.ncols; c++)
			f[c] = cs_stmt_is_null(st, (int)c) ? NULL : cs_stmt_text(st, (int)c);
		cs_report_row(t, f);
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

int
cs_report_lookup(struct cs_stmt *st, const char *id)
{
	enum cs_step step;

	if (cs_stmt_reset(st) != 0)
		return -1;
	if (id == NULL)
		return 0;
	if (cs_stmt_bind_str(st, 1, id) != 0)
		return -1;
	step = cs_stmt_step(st);
	return step == CS_STEP_ROW ? 1 : step == CS_STEP_DONE ? 0 : -1;
}

const char *
cs_report_pct(int64_t num, int64_t den, char buf[32])
{
	if (den == 0)
		buf[0] = '\0';
	else
		cs_format_hundredths(cs_ratio(num, den, 10000), buf);
	return buf;
}

/* Writes the number s with thousands separators into buf; returns buf. */
static const char *
grouped(const char *s, char buf[64])
{
	const char *digits = s + (*s == '-');
	size_t n = strspn(digits, "0123456789"), k, at = 0;

	if (*s == '-')
		buf[at++] = '-';
	for (k = 0; k < n && at < 60; k++) {
		if (k > 0 && (n - k) % 3 == 0)
			buf[at++] = ',';
		buf[at++] = digits[k];
	}
	snprintf(buf + at, 64 - at, "%s", digits + n);
	return buf;
}

const char *
cs_report_cell(const struct cs_report_table *t, size_t col, const char *v, char buf[64])
{
	return t->align[col] == 'r' && cs_is_plain_number(v) && strlen(v) < 40 ?
	    grouped(v, buf) : v;
}
