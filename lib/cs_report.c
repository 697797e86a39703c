/*
 * cs_report.c - report tables, and their text, CSV and JSON forms.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_csv.h"
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

const char *
cs_report_pct(int64_t num, int64_t den, char buf[32])
{
	if (den == 0)
		buf[0] = '\0';
	else
		snprintf(buf, 32, "%.2f", 100.0 * (double)num / (double)den);
	return buf;
}

int
cs_report_is_number(const char *s)
{
	const char *p = s + (*s == '-');

	if (*p < '0' || *p > '9')
		return 0;
	p += strspn(p, "0123456789");
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		p += strspn(p, "0123456789");
	}
	return *p == '\0';
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
	return t->align[col] == 'r' && cs_report_is_number(v) && strlen(v) < 40 ?
	    grouped(v, buf) : v;
}

/* Writes one table as aligned text: its title, then the table with grouped numbers. */
static void
write_text_table(FILE *fp, const struct cs_report_table *t)
{
	size_t n = t->rows.n * t->rows.ncols, k;
	char **f = cs_xmalloc((n + 1) * sizeof *f), buf[64];

	for (k = 0; k < n; k++)
		f[k] = cs_xstrdup(cs_report_cell(t, k % t->rows.ncols, t->rows.field[k], buf));
	fprintf(fp, "%s\n", t->title);
	if (t->rows.n == 0)
		fputs("(none)\n", fp);
	else
		cs_print_table(fp, 1, t->columns, t->rows.ncols, f, t->rows.n, t->align);
	for (k = 0; k < n; k++)
		free(f[k]);
	free(f);
}

/* Writes a CSV field made safe for spreadsheets. */
static void
write_excel_field(FILE *fp, const char *s)
{
	char *safe;

	if (strchr("=+-@\t\r", *s) == NULL || *s == '\0' || cs_report_is_number(s)) {
		cs_csv_write_field(fp, s, strlen(s));
		return;
	}
	safe = cs_xmalloc(strlen(s) + 2);
	safe[0] = '\'';
	memcpy(safe + 1, s, strlen(s) + 1);
	cs_csv_write_field(fp, safe, strlen(safe));
	free(safe);
}

/* Writes one CSV record. */
static void
write_csv_row(FILE *fp, const char *const *f, size_t n, int excel)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (k > 0)
			fputc(',', fp);
		if (excel)
			write_excel_field(fp, f[k]);
		else
			cs_csv_write_field(fp, f[k], strlen(f[k]));
	}
	fputc('\n', fp);
}

/* Writes the tables as CSV, each with its header, an empty line between them. */
static void
write_csv(FILE *fp, const struct cs_report *r, int excel)
{
	size_t k, i;

	if (excel)
		fputs("\xef\xbb\xbf", fp);
	for (k = 0; k < r->n; k++) {
		const struct cs_report_table *t = &r->t[k];

		if (k > 0)
			fputc('\n', fp);
		write_csv_row(fp, t->columns, t->rows.ncols, excel);
		for (i = 0; i < t->rows.n; i++)
			write_csv_row(fp, (const char *const *)&t->rows.field[i * t->rows.ncols],
			    t->rows.ncols, excel);
	}
}

/* Writes s as a JSON string. */
static void
json_string(FILE *fp, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	fputc('"', fp);
	for (; *u; u++) {
		if (*u == '"' || *u == '\\')
			fprintf(fp, "\\%c", *u);
		else if (*u < 0x20)
			fprintf(fp, "\\u%04x", *u);
		else
			fputc(*u, fp);
	}
	fputc('"', fp);
}

/* Writes a field: a number in a numeric column, null when empty, else a string. */
static void
json_field(FILE *fp, const char *s, int numeric)
{
	if (*s == '\0')
		fputs("null", fp);
	else if (numeric && cs_report_is_number(s))
		fputs(s, fp);
	else
		json_string(fp, s);
}

/* Writes the tables as one JSON document. */
static void
write_json(FILE *fp, const struct cs_report *r)
{
	size_t k, i, c;

	fputs("{\"as_of\": ", fp);
	json_string(fp, r->as_of);
	fputs(", \"tables\": [", fp);
	for (k = 0; k < r->n; k++) {
		const struct cs_report_table *t = &r->t[k];

		fputs(k ? ",\n  {\"name\": " : "\n  {\"name\": ", fp);
		json_string(fp, t->name);
		fputs(", \"title\": ", fp);
		json_string(fp, t->title);
		fputs(", \"columns\": [", fp);
		for (c = 0; c < t->rows.ncols; c++) {
			fputs(c ? ", " : "", fp);
			json_string(fp, t->columns[c]);
		}
		fputs("], \"rows\": [", fp);
		for (i = 0; i < t->rows.n; i++) {
			fputs(i ? ",\n    [" : "\n    [", fp);
			for (c = 0; c < t->rows.ncols; c++) {
				fputs(c ? ", " : "", fp);
				json_field(fp, t->rows.field[i * t->rows.ncols + c], t->align[c] == 'r');
			}
			fputc(']', fp);
		}
		fputs("]}", fp);
	}
	fputs("\n]}\n", fp);
}

int
cs_report_write(FILE *fp, const struct cs_report *r, enum cs_report_format format, int excel)
{
	size_t k;

	switch (format) {
	case CS_REPORT_TEXT:
		fprintf(fp, "cs-report, as of %s\n", r->as_of);
		for (k = 0; k < r->n; k++) {
			fputc('\n', fp);
			write_text_table(fp, &r->t[k]);
		}
		break;
	case CS_REPORT_CSV: write_csv(fp, r, excel); break;
	case CS_REPORT_JSON: write_json(fp, r); break;
	case CS_REPORT_HTML: return cs_report_write_html(fp, r);
	}
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}
