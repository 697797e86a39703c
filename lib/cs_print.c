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

/*
 * Returns the cells as a text table shows them: a cell holding a line
 * break or another control character gets an escaped copy (\n, \x1b),
 * so that no cell can make a line of its own.  Free with shown_free.
 */
static char **
shown_cells(char *const *field, size_t cells)
{
	char **shown = cs_xmalloc((cells ? cells : 1) * sizeof *shown);
	struct cs_buf b = { 0 };
	size_t k;

	for (k = 0; k < cells; k++) {
		size_t len = strlen(field[k]);

		shown[k] = field[k];
		if (cs_escape_controls(NULL, field[k], len) == 0)
			continue;
		cs_buf_clear(&b);
		cs_escape_controls(&b, field[k], len);
		shown[k] = cs_xstrdup(b.data);
	}
	cs_buf_free(&b);
	return shown;
}

/* Frees what shown_cells made. */
static void
shown_free(char **shown, char *const *field, size_t cells)
{
	size_t k;

	for (k = 0; k < cells; k++)
		if (shown[k] != field[k])
			free(shown[k]);
	free(shown);
}

int
cs_print_table(FILE *fp, int text, const char *const *header, size_t ncols,
    char *const *field, size_t n, const char *align)
{
	char *const *given = field;
	size_t *width, r, c;
	char **shown;

	if (!text) {
		cs_csv_write_row(fp, header, ncols);
		for (r = 0; r < n; r++)
			cs_csv_write_row(fp, (const char *const *)&field[r * ncols], ncols);
		return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
	}
	field = shown = shown_cells(given, n * ncols);
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
	shown_free(shown, given, n * ncols);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

int
cs_print_rows(int text, const char *const *header, struct cs_text_rows *rows, const char *align)
{
	int rc = cs_print_table(stdout, text, header, rows->ncols, rows->field, rows->n, align);

	cs_text_rows_free(rows);
	return rc;
}
