/*
 * cs_report_write.c - a report's tables written as aligned text, CSV
 * (safe for Excel when asked), JSON or HTML (cs_report_html.c).
 */
#include <string.h>

#include "cs_csv.h"
#include "cs_i18n.h"
#include "cs_print.h"
#include "cs_report.h"
#include "cs_text.h"

/* Writes one table as aligned text: its title, then the table with grouped numbers. */
static void
write_text_table(FILE *fp, const struct cs_report_table *t)
{
	size_t nc = t->rows.ncols, i, c;
	char buf[CS_REPORT_MAXCOLS][64];
	const char *row[CS_REPORT_MAXCOLS];
	struct cs_text_rows shown;

	cs_text_rows_init(&shown, nc);
	for (i = 0; i < t->rows.n; i++) {
		for (c = 0; c < nc; c++)
			row[c] = cs_report_cell(t, c, t->rows.field[i * nc + c], buf[c]);
		cs_text_rows_add(&shown, row);
	}
	fprintf(fp, "%s\n", t->title);
	if (t->rows.n == 0)
		fputs(_("(none)\n"), fp);
	else
		cs_print_table(fp, 1, t->columns, nc, shown.field, shown.n, t->align);
	cs_text_rows_free(&shown);
}

/*
 * Writes the tables as CSV, each with its header (the columns' Chinese
 * labels when header_zh), an empty line between them.
 */
static void
write_csv(FILE *fp, const struct cs_report *r, int excel, int header_zh)
{
	size_t k, i;

	if (excel)
		fputs("\xef\xbb\xbf", fp);
	for (k = 0; k < r->n; k++) {
		const struct cs_report_table *t = &r->t[k];

		if (k > 0)
			fputc('\n', fp);
		cs_csv_write_header(fp, t->columns, t->rows.ncols, excel, header_zh);
		for (i = 0; i < t->rows.n; i++)
			cs_csv_write_record(fp, (const char *const *)&t->rows.field[i * t->rows.ncols],
			    t->rows.ncols, excel);
	}
}

/* Writes the tables as one JSON document. */
static void
write_json(FILE *fp, const struct cs_report *r)
{
	size_t k, i, c;

	fputs("{\"as_of\": ", fp);
	cs_json_string(fp, r->as_of);
	fputs(", \"tables\": [", fp);
	for (k = 0; k < r->n; k++) {
		const struct cs_report_table *t = &r->t[k];

		fputs(k ? ",\n  {\"name\": " : "\n  {\"name\": ", fp);
		cs_json_string(fp, t->name);
		fputs(", \"title\": ", fp);
		cs_json_string(fp, t->title);
		fputs(", \"columns\": [", fp);
		for (c = 0; c < t->rows.ncols; c++) {
			fputs(c ? ", " : "", fp);
			cs_json_string(fp, t->columns[c]);
		}
		fputs("], \"rows\": [", fp);
		for (i = 0; i < t->rows.n; i++) {
			fputs(i ? ",\n    [" : "\n    [", fp);
			for (c = 0; c < t->rows.ncols; c++) {
				fputs(c ? ", " : "", fp);
				cs_json_field(fp, t->rows.field[i * t->rows.ncols + c], t->align[c] == 'r');
			}
			fputc(']', fp);
		}
		fputs("]}", fp);
	}
	fputs("\n]}\n", fp);
}

int
cs_report_write(FILE *fp, const struct cs_report *r, enum cs_report_format format, int excel,
    int header_zh)
{
	size_t k;

	switch (format) {
	case CS_REPORT_TEXT:
		fprintf(fp, _("cs-report, as of %s\n"), r->as_of);
		for (k = 0; k < r->n; k++) {
			fputc('\n', fp);
			write_text_table(fp, &r->t[k]);
		}
		break;
	case CS_REPORT_CSV: write_csv(fp, r, excel, header_zh); break;
	case CS_REPORT_JSON: write_json(fp, r); break;
	case CS_REPORT_HTML: return cs_report_write_html(fp, r);
	}
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}
