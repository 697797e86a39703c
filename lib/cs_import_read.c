/*
 * cs_import_read.c - the importer's reader thread: the header mapped to
 * the table's columns, each row parsed and validated into a batch (or
 * kept with why it is rejected), the batches passed to the main thread.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_import_impl.h"

/*
 * Appends a field's value for a message: quoted, cut to 40 characters,
 * or "(unprintable)" when it is not clean UTF-8 text.
 */
static void
append_shown_value(struct cs_buf *b, const char *s, size_t len)
{
	size_t i, chars = 0;

	if (cs_utf8_valid_prefix(s, len) != len || cs_has_control(s, len)) {
		cs_buf_puts(b, _(" (unprintable)"));
		return;
	}
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > SHOWN_VALUE_CHARS)
			break;
	cs_buf_puts(b, " \"");
	cs_buf_append(b, s, i);
	cs_buf_puts(b, i < len ? "...\"" : "\"");
}

/* Formats the reason for a bad field into out: "name "value": why". */
void
imp_field_reason(struct cs_buf *out, const struct cs_field *f, const char *colname,
    const char *why)
{
	cs_buf_clear(out);
	cs_buf_puts(out, colname);
	if (!f->null && f->len > 0)
		append_shown_value(out, f->s, f->len);
	cs_buf_puts(out, ": ");
	cs_buf_puts(out, _(why));
}

/* Appends " (expected columns: a*, b, ...; * required)" to im->rmsg. */
static void
describe_columns(struct importer *im)
{
	int i;

	cs_buf_puts(&im->rmsg, _(" (expected columns: "));
	for (i = 0; i < im->t->ncols; i++) {
		cs_buf_printf(&im->rmsg, "%s%s%s", i ? ", " : "", im->t->cols[i].name,
		    im->t->cols[i].required ? "*" : "");
	}
	cs_buf_puts(&im->rmsg, _("; * required)"));
}

/*
 * Refuses the file because of its header; the message, fmt (already
 * translated) with what, gets the column list (reader).
 */
static void
header_error(struct importer *im, const char *fmt, const char *what)
{
	cs_buf_clear(&im->rmsg);
	cs_buf_printf(&im->rmsg, fmt, what);
	describe_columns(im);
	cs_warnx(_("%s:1: %s; nothing loaded"), im->name, im->rmsg.data);
	im->header_failed = 1;
}

/*
 * Returns the table column an input header maps to: by --map first,
 * then by its own name, then by another name of cs_alias.c;
 * IGNORED_COLUMN, or UNKNOWN_COLUMN.
 */
static int
map_header(struct importer *im, const char *s, size_t len)
{
	size_t i;
	int col;

	for (i = 0; i < im->o->nmaps; i++) {
		if (!cs_equal_nocase(s, len, im->o->maps[i].from))
			continue;
		if (im->o->maps[i].to == NULL)
			return IGNORED_COLUMN;
		s = im->o->maps[i].to;
		len = strlen(s);
		break;
	}
	if ((col = cs_table_column(im->t, s, len)) < 0)
		col = cs_table_alias(im->t, s, len);
	return col >= 0 ? col : UNKNOWN_COLUMN;
}

/* Appends header field i, quoted, and its column number to b (cs_warnx escapes it). */
static void
append_header_name(struct cs_buf *b, const struct importer *im, size_t i)
{
	cs_buf_printf(b, _("\"%s\" in column %zu"), im->hdr[i], i + 1);
}

/*
 * Names two header fields, a before b, that both feed table column
 * col: the same name twice, or two names of one column (its own and
 * another of cs-data(5), or two others).  Returns -1 after the header
 * error.
 */
static int
twice_error(struct importer *im, size_t a, size_t b, int col)
{
	struct cs_buf m = { 0 };

	if (cs_equal_nocase(im->hdr[a], strlen(im->hdr[a]), im->hdr[b]))
		cs_buf_printf(&m, _("column \"%s\" appears twice"), im->t->cols[col].name);
	else {
		struct cs_buf na = { 0 }, nb = { 0 };

		append_header_name(&na, im, a);
		append_header_name(&nb, im, b);
		cs_buf_printf(&m, _("columns %s and %s both name %s"), na.data, nb.data,
		    im->t->cols[col].name);
		cs_buf_free(&na);
		cs_buf_free(&nb);
	}
	header_error(im, "%s", m.data);
	cs_buf_free(&m);
	return -1;
}

/* Refuses the header for its unknown columns, all named in unknown; returns -1. */
static int
unknown_error(struct importer *im, const struct cs_buf *unknown, int n)
{
	header_error(im, ngettext("unknown column %s", "unknown columns %s", (unsigned long)n),
	    unknown->data);
	return -1;
}

/*
 * Maps every header field to a column; returns 0, or -1 after a header
 * error: every unknown column named in one message, else the first
 * column given twice, else the first required column missing.
 */
static int
map_columns(struct importer *im, const struct cs_record *rec)
{
	struct cs_buf unknown = { 0 };
	size_t i, twice = 0;
	int col, n = 0, nunknown = 0;

	for (i = 0; i < rec->n; i++) {
		const char *s = rec->fields[i].s;
		size_t len = rec->fields[i].len;

		im->hdr[i] = cs_xstrndup(s, len);
		cs_trim(&s, &len);
		col = len == 0 ? UNNAMED_COLUMN : map_header(im, s, len);	/* Excel's trailing
							   empty header cells are unnamed */
		if (col == UNKNOWN_COLUMN) {
			cs_buf_puts(&unknown, nunknown++ ? ", " : "");
			append_header_name(&unknown, im, i);
		} else if (col >= 0 && im->param[col] != 0 && twice == 0)
			twice = i + 1;	/* the first field that names a column again */
		else if (col >= 0)
			im->param[col] = 1;
		im->colmap[i] = col;
	}
	if (nunknown > 0)
		unknown_error(im, &unknown, nunknown);
	else if (twice > 0)
		twice_error(im, imp_field_of(im, im->colmap[twice - 1]), twice - 1,
		    im->colmap[twice - 1]);
	cs_buf_free(&unknown);
	if (im->header_failed)
		return -1;
	for (col = 0; col < im->t->ncols; col++) {
		if (im->t->cols[col].required && im->param[col] == 0) {
			header_error(im, _("missing required column \"%s\""), im->t->cols[col].name);
			return -1;
		}
		if (im->param[col])	/* parameters follow the table's column order */
			im->param[col] = ++n;
	}
	return 0;
}

/* Handles the header record: maps its fields to columns (reader). */
static void
take_header(struct importer *im, const struct cs_record *rec)
{
	im->have_header = 1;
	im->in_encoding = im->res.encoding;	/* decided before the first record */
	im->nhdr = rec->n;
	im->hdr = cs_xmalloc(rec->n * sizeof *im->hdr);
	memset(im->hdr, 0, rec->n * sizeof *im->hdr);
	im->colmap = cs_xmalloc(rec->n * sizeof *im->colmap);
	map_columns(im, rec);
}

/* Returns nonzero when a field is empty or only white space. */
static int
blank(const struct cs_field *f)
{
	const char *s = f->s;
	size_t len = f->len;

	cs_trim(&s, &len);
	return f->null || len == 0;
}

/*
 * Sets label to how messages name input field i, fed to table column
 * c: the column's name, after the header's own when that differs
 * (金额 (amount)).
 */
static void
column_label(const struct importer *im, size_t i, const struct cs_column *c,
    struct cs_buf *label)
{
	const char *h = im->hdr[i];
	size_t len = strlen(h);

	cs_buf_clear(label);
	cs_trim(&h, &len);
	if (!cs_equal_nocase(h, len, c->name)) {
		cs_buf_append(label, h, len);
		cs_buf_puts(label, " (");
	}
	cs_buf_puts(label, c->name);
	if (!cs_equal_nocase(h, len, c->name))
		cs_buf_puts(label, ")");
}

/* Adds the reason why field i of rec is bad to the row (reader). */
static void
bad_field(struct importer *im, const struct cs_record *rec, struct cs_batch_row *row,
    size_t i, const char *colname, const char *why)
{
	imp_field_reason(&im->rmsg, &rec->fields[i], colname, why);
	cs_batch_reject(im->filling, row, i + 1, im->rmsg.data);
}

/*
 * Parses every mapped field of rec into im->rvals (reader), adding a
 * reason to the row for each bad field.  A value in a column without
 * a header is refused rather than dropped.
 */
static void
parse_fields(struct importer *im, const struct cs_record *rec, struct cs_batch_row *row)
{
	const char *why;
	size_t i;
	int col;

	for (i = 0; i < rec->n; i++) {
		if ((col = im->colmap[i]) == UNNAMED_COLUMN && !blank(&rec->fields[i]))
			bad_field(im, rec, row, i, _("(no header)"),
			    N_("a value in a column without a name in the header"));
		if (col < 0)
			continue;
		const struct cs_column *c = &im->t->cols[col];
		why = cs_column_parse(c, rec->fields[i].s, rec->fields[i].len,
		    rec->fields[i].null, &im->rvals[col]);
		if (why != NULL) {
			column_label(im, i, c, &im->rwhy);
			bad_field(im, rec, row, i, im->rwhy.data, why);
		}
	}
}

/* Returns the input field index that feeds table column col. */
size_t
imp_field_of(const struct importer *im, int col)
{
	size_t i;

	for (i = 0; i < im->nhdr; i++)
		if (im->colmap[i] == col)
			return i;
	return 0;
}

/*
 * Checks the table's date order (e.g. due_on >= issued_on) on the
 * parsed values (reader); a date that failed to parse is null and not
 * compared.  Adds the reason to the row at the later date.
 */
static void
check_date_order(struct importer *im, const struct cs_record *rec, struct cs_batch_row *row)
{
	const struct cs_date_order *o = &im->t->order;
	const struct cs_value *a, *b;
	struct cs_buf why = { 0 };
	size_t i;

	if (o->before < 0 || !im->param[o->before] || !im->param[o->after])
		return;
	a = &im->rvals[o->before];
	b = &im->rvals[o->after];
	if (a->kind == CS_VAL_NULL || b->kind == CS_VAL_NULL || strcmp(b->s, a->s) >= 0)
		return;
	i = imp_field_of(im, o->after);
	column_label(im, i, &im->t->cols[o->after], &im->rwhy);
	cs_buf_printf(&why, _("earlier than %s %s"), im->t->cols[o->before].name, a->s);
	bad_field(im, rec, row, i, im->rwhy.data, why.data);
	cs_buf_free(&why);
}

/* Frees a batch left in a queue. */
void
imp_free_batch(void *b)
{
	cs_batch_free(b);
}

/* Returns a batch to fill: one the main thread is done with, or a new one (reader). */
static struct cs_batch *
take_empty(struct importer *im)
{
	struct cs_batch *b = cs_queue_try_pop(&im->spare);

	if (b == NULL)
		return cs_batch_new();
	cs_batch_clear(b);
	return b;
}

/* Passes the filled batch on to the main thread and starts another (reader). */
static void
pass_batch(struct importer *im)
{
	cs_queue_push(&im->full, im->filling);
	im->filling = take_empty(im);
}

/* Copies a data record into the batch with its values, or with why it is rejected (reader). */
static void
read_row(struct importer *im, const struct cs_record *rec)
{
	struct cs_batch_row *row = cs_batch_add_row(im->filling, rec);
	if (rec->n != im->nhdr) {
		cs_buf_clear(&im->rmsg);
		cs_buf_printf(&im->rmsg, _("expected %zu fields, found %zu"), im->nhdr, rec->n);
		cs_batch_reject(im->filling, row, (rec->n < im->nhdr ? rec->n : im->nhdr) + 1,
		    im->rmsg.data);
	} else {
		parse_fields(im, rec, row);
		check_date_order(im, rec, row);
		if (row->nreasons == 0)
			cs_batch_set_values(im->filling, row, rec, im->rvals, im->t->ncols);
	}
	if (cs_batch_full(im->filling))
		pass_batch(im);
}

/* The CSV reader's record callback: the header first, then rows (reader). */
static int
on_record(void *ctx, const struct cs_record *rec)
{
	struct importer *im = ctx;

	if (!im->have_header)
		take_header(im, rec);
	else
		read_row(im, rec);
	return im->header_failed || atomic_load(&im->abort_read);
}

/* The CSV reader's callback for a line that breaks the quoting rules (reader). */
static int
on_malformed(void *ctx, long line, size_t column, const char *raw, size_t len)
{
	struct importer *im = ctx;
	struct cs_field f = { raw, len, 0 };
	struct cs_record rec = { &f, 1, line };
	struct cs_batch_row *row;

	if (len > 0 && raw[len - 1] == '\n')
		f.len--;
	if (f.len > 0 && raw[f.len - 1] == '\r')
		f.len--;
	if (!im->have_header) {
		cs_warnx(_("%s:%ld:%zu: malformed header line (bad quoting); nothing loaded"),
		    im->name, line, column);
		im->header_failed = 1;
		return 1;
	}
	row = cs_batch_add_row(im->filling, &rec);
	cs_batch_reject(im->filling, row, column, _("malformed CSV: a quote inside an "
	    "unquoted field, or text after a closing quote (RFC 4180)"));
	if (cs_batch_full(im->filling))
		pass_batch(im);
	return atomic_load(&im->abort_read);
}

/* The reader thread: reads the whole input into batches, then says it is done. */
void *
imp_reader_main(void *arg)
{
	struct importer *im = arg;
	struct cs_csv_handler h = { on_record, on_malformed, im };

	im->filling = take_empty(im);
	cs_csv_read(im->fd, &im->copts, &h, &im->res);
	if (im->filling->nrows > 0 && !atomic_load(&im->abort_read))
		cs_queue_push(&im->full, im->filling);
	else
		cs_batch_free(im->filling);
	im->filling = NULL;
	cs_queue_done(&im->full);
	return NULL;
}

