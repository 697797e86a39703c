/*
 * cs_print.c - CSV and aligned text tables.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_csv.h"
#include "cs_err.h"
#include "cs_print.h"
#include "cs_text.h"

void
cs_text_rows_init(struct cs_text_rows *r, size_t ncols)
{
	memset(r, 0, sizeof *r);
	r->ncols = ncols;
}

void
cs_text_rows_add(struct cs_text_rows *r, const char *const *f)
{
	size_t k;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->field = cs_xrealloc(r->field, r->cap * r->ncols * sizeof *r->field);
	}
	for (k = 0; k < r->ncols; k++)
		r->field[r->n * r->ncols + k] = cs_xstrdup(f[k] ? f[k] : "");
	r->n++;
}

void
cs_text_rows_free(struct cs_text_rows *r)
{
	size_t k;

	for (k = 0; k < r->n * r->ncols; k++)
		free(r->field[k]);
	free(r->field);
	cs_text_rows_init(r, r->ncols);
}

/* Prints s padded with spaces to width columns, on the left or the right. */
static void
pad(FILE *fp, const char *s, size_t width, int right)
{
	size_t w = cs_display_width(s);

	if (right)
		for (; w < width; w++)
			putc(' ', fp);
	fputs(s, fp);
	if (!right)
		for (; w < width; w++)
			putc(' ', fp);
}

/* Prints one line of a text table; the last column is not padded. */
static void
text_line(FILE *fp, const char *const *f, size_t ncols, const size_t *width, const char *align)
{
	size_t c;

	for (c = 0; c < ncols; c++) {
		int right = align != NULL && align[c] == 'r';

		if (c > 0)
			fputs("  ", fp);
		if (c + 1 == ncols && !right)
			fputs(f[c], fp);
		else
			pad(fp, f[c], width[c], right);
	}
	putc('\n', fp);
}

int
cs_print_table(FILE *fp, int text, const char *const *header, size_t ncols,
    char *const *field, size_t n, const char *align)
{
	size_t *width, r, c;

	if (!text) {
		cs_csv_write_row(fp, header, ncols);
		for (r = 0; r < n; r++)
			cs_csv_write_row(fp, (const char *const *)&field[r * ncols], ncols);
		return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
	}
	width = cs_xmalloc(ncols * sizeof *width);
	for (c = 0; c < ncols; c++) {
		width[c] = cs_display_width(header[c]);
		for (r = 0; r < n; r++) {
			size_t w = cs_display_width(field[r * ncols + c]);

			width[c] = w > width[c] ? w : width[c];
		}
	}
	text_line(fp, header, ncols, width, align);
	for (r = 0; r < n; r++)
		text_line(fp, (const char *const *)&field[r * ncols], ncols, width, align);
	free(width);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

void
cs_print_rows(int text, const char *const *header, struct cs_text_rows *rows, const char *align)
{
	if (cs_print_table(stdout, text, header, rows->ncols, rows->field, rows->n, align) != 0)
		cs_errx(CS_EXIT_IO, "standard output: write error");
	cs_text_rows_free(rows);
}
