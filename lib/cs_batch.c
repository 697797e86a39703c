/*
 * cs_batch.c - row batches, handed from the reader thread to the main
 * thread.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_batch.h"
#include "cs_i18n.h"

/* Grows an array of elem-sized items to hold need items, doubling. */
static void *
grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	*cap = n;
	return cs_xrealloc(p, n * elem);
}

void
cs_batch_clear(struct cs_batch *b)
{
	cs_buf_clear(&b->text);
	b->nfields = b->nvalues = b->nrows = 0;
}

struct cs_batch *
cs_batch_new(void)
{
	struct cs_batch *b = cs_xmalloc(sizeof *b);

	memset(b, 0, sizeof *b);
	return b;
}

void
cs_batch_free(struct cs_batch *b)
{
	cs_buf_free(&b->text);
	free(b->fields);
	free(b->values);
	free(b->rows);
	free(b);
}

int
cs_batch_full(const struct cs_batch *b)
{
	return b->nrows >= CS_BATCH_ROWS || b->text.len >= CS_BATCH_BYTES;
}

struct cs_batch_row *
cs_batch_add_row(struct cs_batch *b, const struct cs_record *rec)
{
	struct cs_batch_row *row;
	size_t i;

	b->rows = grow(b->rows, &b->caprows, b->nrows + 1, sizeof *b->rows);
	b->fields = grow(b->fields, &b->capfields, b->nfields + rec->n, sizeof *b->fields);
	row = &b->rows[b->nrows++];
	row->line = rec->line;
	row->first_field = b->nfields;
	row->nfields = rec->n;
	row->first_value = SIZE_MAX;
	row->column = 0;
	row->reason = SIZE_MAX;
	row->nreasons = 0;
	for (i = 0; i < rec->n; i++) {
		struct cs_batch_field *f = &b->fields[b->nfields++];
		f->off = b->text.len;
		f->len = rec->fields[i].len;
		f->null = rec->fields[i].null;
		cs_buf_append(&b->text, rec->fields[i].s, rec->fields[i].len);
	}
	return row;
}

void
cs_batch_reject(struct cs_batch *b, struct cs_batch_row *row, size_t column,
    const char *reason)
{
	char num[32];

	if (row->nreasons++ == 0) {
		row->column = column;
		row->reason = b->text.len;
	}
	snprintf(num, sizeof num, "%zu ", column);	/* "column reason\0" */
	cs_buf_puts(&b->text, num);
	cs_buf_append(&b->text, reason, strlen(reason) + 1);
}

const char *
cs_batch_reason(const struct cs_batch *b, const struct cs_batch_row *row, size_t k,
    size_t *column)
{
	const char *p = b->text.data + row->reason;
	char *end;

	while (k-- > 0)
		p += strlen(p) + 1;
	*column = (size_t)strtoul(p, &end, 10);
	return end + 1;
}

void
cs_batch_set_values(struct cs_batch *b, struct cs_batch_row *row,
    const struct cs_record *rec, const struct cs_value *vals, int ncols)
{
	int c;
	size_t i;

	b->values = grow(b->values, &b->capvalues, b->nvalues + (size_t)ncols,
	    sizeof *b->values);
	row->first_value = b->nvalues;
	for (c = 0; c < ncols; c++) {
		struct cs_batch_value *bv = &b->values[b->nvalues++];
		const struct cs_value *v = &vals[c];

		bv->v = *v;
		bv->home = CS_TEXT_STATIC;
		if (v->kind != CS_VAL_TEXT)
			continue;
		if (v->s == v->buf) {
			bv->home = CS_TEXT_OWN_BUF;
			continue;
		}
		for (i = 0; i < rec->n; i++) {
			const struct cs_field *f = &rec->fields[i];
			if (!f->null && v->s >= f->s && v->s + v->len <= f->s + f->len) {
				bv->home = CS_TEXT_IN_BATCH;
				bv->off = b->fields[row->first_field + i].off +
				    (size_t)(v->s - f->s);
				break;
			}
		}
	}
}

void
cs_batch_record(const struct cs_batch *b, const struct cs_batch_row *row,
    struct cs_field *fields, struct cs_record *rec)
{
	size_t i;

	for (i = 0; i < row->nfields; i++) {
		const struct cs_batch_field *f = &b->fields[row->first_field + i];
		fields[i].s = b->text.data + f->off;
		fields[i].len = f->len;
		fields[i].null = f->null;
	}
	rec->fields = fields;
	rec->n = row->nfields;
	rec->line = row->line;
}

void
cs_batch_values(const struct cs_batch *b, const struct cs_batch_row *row,
    struct cs_value *vals, int ncols)
{
	int c;

	for (c = 0; c < ncols; c++) {
		const struct cs_batch_value *bv = &b->values[row->first_value + (size_t)c];

		vals[c] = bv->v;
		if (bv->home == CS_TEXT_IN_BATCH)
			vals[c].s = b->text.data + bv->off;
		else if (bv->home == CS_TEXT_OWN_BUF)
			vals[c].s = vals[c].buf;
	}
}
