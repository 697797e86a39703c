/*
 * cs_import_pgref.c - the PostgreSQL importer's look-ups of the rows
 * that a batch's rows name, one query per batch instead of one per row
 * (a round trip each on a server): the customers, and the customer of
 * each invoice (payments) or complaint (complaint_events).  Only ids
 * found are kept; an id not found is still looked up alone, so the
 * answers are those of the row-by-row look-ups.  Also how many of the
 * keys of the rows waiting to be copied the table has, in one query.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_import_impl.h"

#define MAX_ID 128		/* longer ids are looked up alone */

/*
 * The columns cols of the rows of table whose column id is one of the
 * text array ?1: one index look-up per id, whatever the table's
 * statistics say (a table just loaded has none, and the planner then
 * scans it whole for an IN list); OFFSET 0 keeps the subquery apart.
 */
#define BY_ID(cols, id, table) \
	"SELECT r.* FROM unnest(?1::text[]) AS u (id) CROSS JOIN LATERAL" \
	" (SELECT " cols " FROM " table " WHERE " id " = u.id OFFSET 0) AS r"

/* qsort and bsearch: two ids, up to the end of the first string of each. */
static int
compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Empties the set. */
static void
set_clear(struct imp_idset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->v[i]);
	set->n = 0;
}

void
imp_idset_add(struct imp_idset *set, char *s)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 1024;
		set->v = cs_xrealloc(set->v, set->cap * sizeof *set->v);
	}
	set->v[set->n++] = s;
}

/* Returns the member whose id is v, or NULL. */
static const char *
set_find(const struct imp_idset *set, const struct cs_value *v)
{
	char id[MAX_ID];
	const char *key = id;
	char *const *found;

	if (set->n == 0 || v->kind != CS_VAL_TEXT || v->len >= sizeof id)
		return NULL;
	memcpy(id, v->s, v->len);
	id[v->len] = '\0';
	found = bsearch(&key, set->v, set->n, sizeof *set->v, compare_ids);
	return found != NULL ? *found : NULL;
}

/* Returns a new "a\0b". */
static char *
join_pair(const char *a, const char *b)
{
	size_t na = strlen(a) + 1, nb = strlen(b) + 1;
	char *s = cs_xmalloc(na + nb);

	memcpy(s, a, na);
	memcpy(s + na, b, nb);
	return s;
}

void
imp_pg_add_id(struct cs_buf *out, const char *s, size_t len)
{
	size_t i;

	cs_buf_puts(out, out->len > 1 ? ",\"" : "\"");
	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			cs_buf_append(out, "\\", 1);
		cs_buf_append(out, s + i, 1);
	}
	cs_buf_puts(out, "\"");
}

void
imp_pg_batch_ids(struct importer *im, const struct cs_batch *b, int col, struct cs_buf *out)
{
	const struct cs_value *v;
	char last[128];
	size_t i, lastlen = sizeof last;	/* (none yet) */

	cs_buf_clear(out);
	cs_buf_puts(out, "{");
	for (i = 0; i < b->nrows; i++) {
		if (b->rows[i].nreasons > 0)
			continue;
		cs_batch_values(b, &b->rows[i], im->pgvals, im->t->ncols);
		v = &im->pgvals[col];
		if (v->kind != CS_VAL_TEXT || (v->len == lastlen && memcmp(v->s, last, lastlen) == 0))
			continue;	/* (an id repeated by the next row once) */
		imp_pg_add_id(out, v->s, v->len);
		if ((lastlen = v->len) < sizeof last)
			memcpy(last, v->s, v->len);
		else
			lastlen = sizeof last;
	}
	cs_buf_puts(out, "}");
}

int
imp_pg_key_columns(const struct importer *im, int keys[IMP_MAX_KEY_COLS])
{
	int i, n = 0, all = 0;

	for (i = 0; i < im->t->ncols; i++)
		if (im->t->cols[i].key && all++ < IMP_MAX_KEY_COLS)
			keys[n++] = i;
	if (all == 0)
		keys[0] = 0;	/* no key: the first column, as id_column */
	return all == 0 || all > IMP_MAX_KEY_COLS ? 1 : n;	/* keys[0] is the id */
}

int64_t
imp_pg_count_keys_found(struct importer *im)
{
	struct cs_buf lists[IMP_MAX_KEY_COLS] = { { 0 } };
	int keys[IMP_MAX_KEY_COLS], k, nk = imp_pg_key_columns(im, keys);
	int64_t n = -1;
	int i;

	for (k = 0; k < nk; k++)
		cs_buf_puts(&lists[k], "{");
	for (i = 0; i < im->ncopy; i++) {
		cs_batch_values(im->copy_batches[i], im->copy_rows[i], im->pgvals, im->t->ncols);
		for (k = 0; k < nk; k++)
			if (im->pgvals[keys[k]].kind == CS_VAL_TEXT)
				imp_pg_add_id(&lists[k], im->pgvals[keys[k]].s, im->pgvals[keys[k]].len);
			else
				cs_buf_puts(&lists[k], lists[k].len > 1 ? ",NULL" : "NULL");
	}
	for (k = 0; k < nk; k++) {
		cs_buf_puts(&lists[k], "}");
		cs_stmt_bind_text(im->copy_new, k + 1, lists[k].data, lists[k].len);
	}
	if (cs_stmt_step(im->copy_new) == CS_STEP_ROW)
		n = cs_stmt_int64(im->copy_new, 0);
	cs_stmt_reset(im->copy_new);
	for (k = 0; k < nk; k++)
		cs_buf_free(&lists[k]);
	if (n < 0)
		imp_db_failure(im, "lookup failed");
	return n;
}

/*
 * Fills set with the rows of *st (prepared from sql when NULL) given
 * the batch's ids of column col: the first column's text, followed by
 * '\0' and the second's when pair.  Returns 0, or -1 after
 * imp_db_failure.
 */
static int
fetch_set(struct importer *im, const struct cs_batch *b, int col, struct cs_stmt **st,
    const char *sql, int pair, struct imp_idset *set)
{
	enum cs_step rc;

	set_clear(set);
	if (*st == NULL && (*st = cs_db_prepare(im->db, sql)) == NULL) {
		imp_db_failure(im, "lookup failed");
		return -1;
	}
	imp_pg_batch_ids(im, b, col, &im->lookup_ids);
	cs_stmt_bind_str(*st, 1, im->lookup_ids.data);
	while ((rc = cs_stmt_step(*st)) == CS_STEP_ROW)
		imp_idset_add(set, pair ? join_pair(cs_stmt_text(*st, 0), cs_stmt_text(*st, 1)) :
		    cs_xstrdup(cs_stmt_text(*st, 0)));
	cs_stmt_reset(*st);
	if (rc != CS_STEP_DONE) {
		imp_db_failure(im, "lookup failed");
		return -1;
	}
	if (set->n > 1)		/* (none found: no array at all, which qsort may not be given) */
		qsort(set->v, set->n, sizeof *set->v, compare_ids);
	return 0;
}

int
imp_pg_prefetch(struct importer *im, const struct cs_batch *b)
{
	const struct cs_table *t = im->t;

	if (!im->pg || im->pgvals == NULL)
		return 0;
	if (t->customer_ref >= 0 && fetch_set(im, b, t->customer_ref, &im->find_customers,
	    BY_ID("customer_id", "customer_id", "customers"),
	    0, &im->known) != 0)
		return -1;
	if (t->invoice_ref >= 0)
		return fetch_set(im, b, t->invoice_ref, &im->find_owners,
		    BY_ID("invoice_id, customer_id", "invoice_id", "invoices"), 1, &im->owners);
	if (t->complaint_ref >= 0)
		return fetch_set(im, b, t->complaint_ref, &im->find_owners,
		    BY_ID("complaint_id, customer_id", "complaint_id", "complaints"), 1,
		    &im->owners);
	return 0;
}

int
imp_pg_known(const struct importer *im, const struct cs_value *v)
{
	return set_find(&im->known, v) != NULL;
}

const char *
imp_pg_owner(const struct importer *im, const struct cs_value *v)
{
	const char *found = set_find(&im->owners, v);

	return found != NULL ? found + strlen(found) + 1 : NULL;
}

void
imp_pg_prefetch_free(struct importer *im)
{
	cs_stmt_finalize(im->find_customers);
	cs_stmt_finalize(im->find_owners);
	im->find_customers = im->find_owners = NULL;
	imp_idset_free(&im->known);
	imp_idset_free(&im->owners);
}

void
imp_idset_free(struct imp_idset *set)
{
	set_clear(set);
	free(set->v);
	memset(set, 0, sizeof *set);
}
