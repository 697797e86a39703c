/*
 * cs_print.c - CSV and aligned text tables.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_csv.h"
#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_print.h"
#include "cs_text.h"
#include "cs_value.h"

void
cs_text_rows_init(struct cs_text_rows *r, size_t ncols)
{
	memset(r, 0, sizeof *r);
	r->ncols = ncols;
}

/* The size of a block of fields' bytes, unless one field needs more. */
#define TEXT_BLOCK_SIZE ((size_t)64 * 1024)

/* Returns a copy of s kept in r's blocks (a new block when the current one is full). */
static char *
keep_text(struct cs_text_rows *r, const char *s)
{
	size_t len = strlen(s) + 1;
	struct cs_text_block *b = r->block;
	char *copy;

	if (b == NULL || b->size - b->used < len) {
		size_t size = len > TEXT_BLOCK_SIZE ? len : TEXT_BLOCK_SIZE;

		b = cs_xmalloc(sizeof *b + size);
		b->next = r->block;
		b->used = 0;
		b->size = size;
		r->block = b;
	}
	copy = b->data + b->used;
	memcpy(copy, s, len);
	b->used += len;
	return copy;
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
		r->field[r->n * r->ncols + k] = keep_text(r, f[k] ? f[k] : "");
	r->n++;
}

void
cs_text_rows_free(struct cs_text_rows *r)
{
	struct cs_text_block *b, *next;

	for (b = r->block; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
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

/*
 * Returns the header and cells as people read them in the messages'
 * language (cs_label, cs_label_cell): n rows of ncols fields after
 * ncols header names, pointers to the given strings or to static
 * labels.  Free with free.
 */
static char **
labelled(const char *const *header, char *const *field, size_t ncols, size_t n)
{
	char **l = cs_xmalloc((n + 1) * ncols * sizeof *l + 1);
	size_t k;

	for (k = 0; k < ncols; k++)
		l[k] = (char *)cs_label(header[k]);
	for (k = 0; k < n * ncols; k++)
		l[ncols + k] = (char *)cs_label_cell(header[k % ncols], field[k]);
	return l;
}

int
cs_print_table(FILE *fp, int text, const char *const *header, size_t ncols,
    char *const *field, size_t n, const char *align)
{
	char *const *given;
	size_t *width, r, c;
	char **shown, **lab;

	if (!text) {
		cs_csv_write_row(fp, header, ncols);
		for (r = 0; r < n; r++)
			cs_csv_write_row(fp, (const char *const *)&field[r * ncols], ncols);
		return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
	}
	lab = labelled(header, field, ncols, n);
	header = (const char *const *)lab;
	given = lab + ncols;
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
	free(lab);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

int
cs_print_rows(const struct cs_output *o, const char *const *header,
    struct cs_text_rows *rows, const char *align)
{
	struct cs_table_out t;
	size_t r;

	cs_table_out_begin(&t, stdout, o, header, rows->ncols, align);
	for (r = 0; r < rows->n; r++)
		cs_table_out_row(&t, (const char *const *)&rows->field[r * rows->ncols]);
	cs_text_rows_free(rows);
	return cs_table_out_end(&t);
}

/*
 * Returns nonzero when Excel would not keep text s as it is: digits in
 * two groups joined by '-', '/' or ':' (the labels 1-30, 31-60, 1/2 and
 * the period 2026-01, which it takes for dates or times), a whole
 * number with a leading zero (an id such as 007), or one of more than
 * 15 digits (beyond its precision).  A full date 2026-01-05 is left
 * for it to read as the date it is.
 */
static int
excel_would_convert(const char *s)
{
	size_t a = strspn(s, "0123456789"), b;

	if (a == 0)
		return 0;
	if (s[a] == '\0')
		return (s[0] == '0' && a > 1) || a > 15;
	if (strchr("-/:", s[a]) == NULL)
		return 0;
	b = strspn(s + a + 1, "0123456789");
	return b > 0 && s[a + 1 + b] == '\0';
}

/*
 * Writes a CSV field made safe for spreadsheets: text Excel would turn
 * into a date or number as the formula ="text", which shows it as it
 * is; a cell starting with = + - @ tab or CR, unless it is a number,
 * after a quote ('), so that it is not run as a formula.
 */
static void
write_excel_field(FILE *fp, const char *s)
{
	struct cs_buf safe = { 0 };

	if (excel_would_convert(s))
		cs_buf_printf(&safe, "=\"%s\"", s);	/* only digits and - / : inside */
	else if (strchr("=+-@\t\r", *s) == NULL || *s == '\0' || cs_is_plain_number(s)) {
		cs_csv_write_field(fp, s, strlen(s));
		return;
	} else
		cs_buf_printf(&safe, "'%s", s);
	cs_csv_write_field(fp, safe.data, safe.len);
	cs_buf_free(&safe);
}

/* Writes one CSV record of n fields (NULL: empty), each made safe for spreadsheets when excel. */
void
cs_csv_write_record(FILE *fp, const char *const *f, size_t n, int excel)
{
	size_t k;

	if (!excel) {
		cs_csv_write_row(fp, f, n);
		return;
	}
	for (k = 0; k < n; k++) {
		if (k > 0)
			fputc(',', fp);
		write_excel_field(fp, f[k] != NULL ? f[k] : "");
	}
	fputc('\n', fp);
}

/* Writes s as a JSON string. */
void
cs_json_string(FILE *fp, const char *s)
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
void
cs_json_field(FILE *fp, const char *s, int numeric)
{
	if (*s == '\0')
		fputs("null", fp);
	else if (numeric && cs_is_plain_number(s))
		fputs(s, fp);
	else
		cs_json_string(fp, s);
}


void
cs_csv_write_header(FILE *fp, const char *const *header, size_t n, int excel, int zh)
{
	const char **h = cs_xmalloc((n + 1) * sizeof *h);
	size_t k;

	for (k = 0; k < n; k++)
		h[k] = zh ? cs_label_zh(header[k]) : header[k];
	cs_csv_write_record(fp, h, n, excel);
	free(h);
}

void
cs_table_out_begin(struct cs_table_out *t, FILE *fp, const struct cs_output *o,
    const char *const *header, size_t ncols, const char *align)
{
	enum cs_format format = (enum cs_format)o->format;
	int no_header = o->no_header;

	memset(t, 0, sizeof *t);
	t->fp = fp;
	t->format = format;
	t->excel = o->excel && format == CS_FORMAT_CSV;
	t->no_header = no_header;
	t->header_zh = o->header_zh;
	t->header = header;
	t->ncols = ncols;
	t->align = align;
	cs_text_rows_init(&t->rows, ncols);
	if (t->excel)
		fputs("\xef\xbb\xbf", fp);	/* so that Excel reads UTF-8 */
	if (format == CS_FORMAT_CSV && !no_header)
		cs_csv_write_header(fp, header, ncols, t->excel, t->header_zh);
	if (format == CS_FORMAT_JSON)
		fputc('[', fp);
}

/* Writes one row as a JSON object keyed by the header's names. */
static void
json_row(struct cs_table_out *t, const char *const *f)
{
	size_t c;

	fputs(t->nrows ? ",\n {" : "\n {", t->fp);
	for (c = 0; c < t->ncols; c++) {
		fputs(c ? ", " : "", t->fp);
		cs_json_string(t->fp, t->header[c]);
		fputs(": ", t->fp);
		cs_json_field(t->fp, f[c] ? f[c] : "", t->align != NULL && t->align[c] == 'r');
	}
	fputc('}', t->fp);
}

void
cs_table_out_row(struct cs_table_out *t, const char *const *f)
{
	if (t->format == CS_FORMAT_TEXT)
		cs_text_rows_add(&t->rows, f);
	else if (t->format == CS_FORMAT_JSON)
		json_row(t, f);
	else
		cs_csv_write_record(t->fp, f, t->ncols, t->excel);
	t->nrows++;
}

int
cs_table_out_end(struct cs_table_out *t)
{
	int rc = 0;

	if (t->format == CS_FORMAT_TEXT)
		rc = cs_print_table(t->fp, 1, t->header, t->ncols, t->rows.field, t->rows.n,
		    t->align);
	else if (t->format == CS_FORMAT_JSON)
		fputs(t->nrows ? "\n]\n" : "]\n", t->fp);
	cs_text_rows_free(&t->rows);
	return rc == 0 && fflush(t->fp) == 0 && !ferror(t->fp) ? 0 : -1;
}

int
cs_format_parse(const char *name, enum cs_format *f)
{
	static const char *const names[] = { "csv", "text", "json" };
	int k;

	for (k = 0; k < 3; k++)
		if (strcmp(name, names[k]) == 0) {
			*f = (enum cs_format)k;
			return 0;
		}
	return -1;
}
