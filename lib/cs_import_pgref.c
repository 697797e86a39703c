/*
 * cs_import_pgref.c - the PostgreSQL importer's look-ups of the rows
 * that a batch's rows name, one query per batch instead of one per row
 * (a round trip each on a server): the customers, and the customer of
 * each invoice (payments) or complaint (complaint_events).  Only ids
 * found are kept; an id not found is still looked up alone, so the
 * answers are those of the row-by-row look-ups.
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
