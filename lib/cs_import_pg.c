/*
 * cs_import_pg.c - what the importer does differently on PostgreSQL
 * (pg-port.md): the upsert's conflict target is the table's key there,
 * which holds customer_id (cs_schema_pg_table), so an id is looked up
 * alone and a row found under another customer is moved as SQLite's
 * upsert on the id would move it; complaint_events gets the customer of
 * its complaint; and record_changes, written by triggers on SQLite, is
 * written around the writes of customers (cs_schema_pg_record_*).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_i18n.h"
#include "cs_import_impl.h"
#include "cs_schema_pg.h"

/* The message of SQLite's trigger invoices_keep_customer (cs_schema.c). */
#define INVOICE_KEEPS_CUSTOMER \
	"the invoice has payments of its customer and cannot move to another customer"

void
imp_pg_conflict_target(struct importer *im, struct cs_buf *sql)
{
	const struct cs_pg_table *pt = cs_schema_pg_table(im->t->name);

	cs_buf_puts(sql, pt != NULL && pt->key != NULL ? pt->key : "");
}

/*
 * Prepares one of the record_changes statements of cs_schema_pg.h,
 * which number their parameters $N, as cs_db_prepare wants them: ?N.
 */
static struct cs_stmt *
prepare_dollar(struct importer *im, const char *sql)
{
	char *text = cs_xstrdup(sql), *p;
	struct cs_stmt *st;

	for (p = text; (p = strchr(p, '$')) != NULL; p++)
		*p = '?';
	st = cs_db_prepare(im->db, text);
	free(text);
	return st;
}

/* Prepares the record_changes statements (rc_*); returns 0 on success. */
static int
prepare_changes(struct importer *im)
{
	if (im->rc_before == NULL)
		im->rc_before = prepare_dollar(im, cs_schema_pg_record_before());
	if (im->rc_after == NULL)
		im->rc_after = prepare_dollar(im, cs_schema_pg_record_after());
	if (im->rc_new == NULL)
		im->rc_new = prepare_dollar(im, cs_schema_pg_record_new());
	return im->rc_before != NULL && im->rc_after != NULL && im->rc_new != NULL ? 0 : -1;
}

static int prepare_copy(struct importer *im);

/* Returns nonzero when the table's id alone names a row that may sit under another customer. */
static int
may_move(const struct importer *im)
{
	const struct cs_pg_table *pt = cs_schema_pg_table(im->t->name);

	return im->pg && im->t->customer_ref >= 0 && !im->t->cols[im->t->customer_ref].key &&
	    pt != NULL && pt->placement == CS_PG_DISTRIBUTED;
}

/* Appends "k1 = ?1 AND k2 = ?2 ..." over the table's own key columns; returns how many. */
static int
key_condition(const struct importer *im, struct cs_buf *sql)
{
	int i, n = 0;

	for (i = 0; i < im->t->ncols; i++)
		if (im->t->cols[i].key) {
			cs_buf_printf(sql, "%s%s = ?%d", n ? " AND " : "", im->t->cols[i].dbname,
			    n + 1);
			n++;
		}
	return n;
}

/* Prepares find_owner and drop_row (and find_paid, move_events); returns 0 on success. */
static int
prepare_move(struct importer *im)
{
	struct cs_buf sql = { 0 };
	int n;

	cs_buf_printf(&sql, "SELECT customer_id FROM %s WHERE ", im->t->name);
	key_condition(im, &sql);
	im->find_owner = cs_db_prepare(im->db, sql.data);
	cs_buf_clear(&sql);
	cs_buf_printf(&sql, "DELETE FROM %s WHERE ", im->t->name);
	n = key_condition(im, &sql);
	cs_buf_printf(&sql, " AND customer_id = ?%d", n + 1);
	im->drop_row = cs_db_prepare(im->db, sql.data);
	cs_buf_free(&sql);
	if (strcmp(im->t->name, "invoices") == 0)
		im->find_paid = cs_db_prepare(im->db,
		    "SELECT 1 FROM payments WHERE invoice_id = ?1 LIMIT 1");
	if (strcmp(im->t->name, "complaints") == 0)
		im->move_events = cs_db_prepare(im->db,
		    "UPDATE complaint_events SET customer_id = ?1"
		    " WHERE customer_id = ?2 AND complaint_id = ?3");
	return im->find_owner != NULL && im->drop_row != NULL ? 0 : -1;
}

/*
 * Turns off the server's JIT compilation for the import's transaction:
 * a table just loaded has no statistics, its look-ups of a batch are
 * then estimated costly enough to be compiled, which takes a hundred
 * times longer than running them.  Returns 0, or -1 on a database error.
 */
static int
no_jit(struct importer *im)
{
	struct cs_stmt *st = cs_db_prepare(im->db, "SET LOCAL jit = off");
	int rc = st != NULL && cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;

	cs_stmt_finalize(st);
	return rc;
}

int
imp_pg_prepare(struct importer *im)
{
	int failed = 0;

	if (!im->pg)
		return 0;
	failed = no_jit(im);
	if (!failed && may_move(im))
		failed = prepare_move(im);
	if (strcmp(im->t->name, "customers") == 0) {
		failed |= prepare_changes(im);
		im->pgvals = cs_xcalloc((size_t)im->t->ncols, sizeof *im->pgvals);
	}
	if (!failed && getenv("CS_IMPORT_NO_COPY") == NULL)	/* (for measuring) */
		failed = prepare_copy(im);
	if (im->pgvals == NULL)
		im->pgvals = cs_xcalloc((size_t)im->t->ncols, sizeof *im->pgvals);
	if (failed) {
		imp_db_failure(im, "cannot prepare the import");
		return -1;
	}
	return 0;
}

/* Binds the row's own key columns to st from parameter 1; returns how many. */
static int
bind_key(struct importer *im, struct cs_stmt *st)
{
	int i, n = 0;

	for (i = 0; i < im->t->ncols; i++)
		if (im->t->cols[i].key) {
			n++;
			cs_stmt_bind_text(st, n, im->vals[i].s, im->vals[i].len);
		}
	return n;
}

/* Runs st to its end and resets it; returns 0, or -1 after imp_db_failure. */
static int
run_done(struct importer *im, struct cs_stmt *st)
{
	enum cs_step rc = cs_stmt_step(st);

	cs_stmt_reset(st);
	if (rc == CS_STEP_DONE)
		return 0;
	imp_db_failure(im, "cannot store row");
	return -1;
}

/* Deletes the row's id under customer old and moves a complaint's events; 0 or -1. */
static int
drop_old(struct importer *im, const char *old)
{
	const struct cs_value *cust = &im->vals[im->t->customer_ref];
	int n = bind_key(im, im->drop_row);

	cs_stmt_bind_str(im->drop_row, n + 1, old);
	if (run_done(im, im->drop_row) != 0)
		return -1;
	if (im->move_events == NULL)
		return 0;
	cs_stmt_bind_text(im->move_events, 1, cust->s, cust->len);
	cs_stmt_bind_str(im->move_events, 2, old);
	cs_stmt_bind_text(im->move_events, 3, im->vals[0].s, im->vals[0].len);
	return run_done(im, im->move_events);
}

/* Returns 1 when payments name the row's invoice, 0 when none, -1 after imp_db_failure. */
static int
invoice_paid(struct importer *im)
{
	enum cs_step rc;

	if (im->find_paid == NULL)
		return 0;
	cs_stmt_bind_text(im->find_paid, 1, im->vals[0].s, im->vals[0].len);
	rc = cs_stmt_step(im->find_paid);
	cs_stmt_reset(im->find_paid);
	if (rc == CS_STEP_ROW || rc == CS_STEP_DONE)
		return rc == CS_STEP_ROW;
	imp_db_failure(im, "lookup failed");
	return -1;
}

int
imp_pg_move(struct importer *im)
{
	const struct cs_value *cust = &im->vals[im->t->customer_ref];
	enum cs_step rc;
	char *old;
	int paid, status;

	if (im->find_owner == NULL)
		return 0;
	bind_key(im, im->find_owner);
	rc = cs_stmt_step(im->find_owner);
	if (rc != CS_STEP_ROW) {
		cs_stmt_reset(im->find_owner);
		if (rc == CS_STEP_DONE)
			return 0;
		imp_db_failure(im, "lookup failed");
		return -1;
	}
	old = cs_xstrdup(cs_stmt_text(im->find_owner, 0));
	cs_stmt_reset(im->find_owner);
	status = 0;
	if (strlen(old) == cust->len && memcmp(old, cust->s, cust->len) == 0)
		;	/* the same customer: the upsert does it */
	else if ((paid = invoice_paid(im)) != 0) {
		status = paid < 0 ? -1 : 1;
		cs_buf_clear(&im->why);
		cs_buf_printf(&im->why, _("refused by the database: %s"), INVOICE_KEEPS_CUSTOMER);
	} else
		status = drop_old(im, old);
	free(old);
	return status;
}

/* Runs the count st, bound to texts a and (when b) b; returns the count, or -1 after imp_db_failure. */
static int64_t
count_of(struct importer *im, struct cs_stmt *st, const struct cs_value *a,
    const struct cs_value *b)
{
	enum cs_step rc;
	int64_t n;

	cs_stmt_bind_text(st, 1, a->s, a->len);
	if (b != NULL)
		cs_stmt_bind_text(st, 2, b->s, b->len);
	rc = cs_stmt_step(st);
	n = rc == CS_STEP_ROW ? cs_stmt_int64(st, 0) : -1;
	cs_stmt_reset(st);
	if (n < 0)
		imp_db_failure(im, "lookup failed");
	return n;
}

/*
 * Returns nonzero when the rows about to be written are worth checking
 * for being all new: always, but after a few flushes in a row whose rows
 * were not all new (a re-load), only every 16th time.
 */
static int
may_be_new(const struct importer *im)
{
	return im->copy_old < 3 || im->copy_old % 16 == 0;
}

/*
 * Keeps the rows of the customers in im->ids before they are written,
 * unless the table holds no id between im->rc_low and im->rc_high, when
 * given, by the COPY's range check when may_be_new (im->rc_all_new:
 * then there is nothing to keep, and all that are written are new).
 */
static int
keep_before(struct importer *im)
{
	struct cs_value low = { .kind = CS_VAL_TEXT }, high = { .kind = CS_VAL_TEXT };
	int64_t found;

	im->rc_all_new = 0;
	if (im->rc_low.len > 0 && im->copy_range != NULL && may_be_new(im)) {
		low.s = im->rc_low.data, low.len = im->rc_low.len;
		high.s = im->rc_high.data, high.len = im->rc_high.len;
		if ((found = count_of(im, im->copy_range, &low, &high)) < 0)
			return -1;
		im->rc_all_new = found == 0;
		if (im->rc_all_new)
			return 0;
	}
	cs_stmt_bind_str(im->rc_before, 1, im->ids.data);
	return run_done(im, im->rc_before);
}

/* qsort: two text values, by their bytes. */
static int
compare_values(const void *a, const void *b)
{
	const struct cs_value *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int d = memcmp(x->s, y->s, n);

	return d != 0 ? d : (x->len > y->len) - (x->len < y->len);
}

/* Appends the value of column col of row (of batch b) to ids[*n] when it is text. */
static void
collect_id(struct importer *im, const struct cs_batch *b, const struct cs_batch_row *row,
    int col, struct cs_value *ids, size_t *n)
{
	cs_batch_values(b, row, im->pgvals, im->t->ncols);
	if (im->pgvals[col].kind != CS_VAL_TEXT)
		return;
	ids[*n] = im->pgvals[col];
	if (ids[*n].s == im->pgvals[col].buf)
		ids[*n].s = ids[*n].buf;
	(*n)++;
}

/*
 * Sets *out to the text values of column col of the batch's rows that
 * may be stored (b), or of the rows waiting to be copied (b NULL),
 * sorted by their bytes (a new array, freed by the caller); returns
 * how many.
 */
static size_t
sorted_ids(struct importer *im, const struct cs_batch *b, int col, struct cs_value **out)
{
	size_t i, n = 0, rows = b != NULL ? b->nrows : (size_t)im->ncopy;
	struct cs_value *ids = cs_xcalloc(rows + 1, sizeof *ids);

	for (i = 0; i < rows; i++)
		if (b == NULL)
			collect_id(im, im->copy_batches[i], im->copy_rows[i], col, ids, &n);
		else if (b->rows[i].nreasons == 0)
			collect_id(im, b, &b->rows[i], col, ids, &n);
	qsort(ids, n, sizeof *ids, compare_values);
	*out = ids;
	return n;
}

/* Returns nonzero when one of the n values v, sorted by their bytes, is there twice. */
static int
sorted_repeat(const struct cs_value *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (compare_values(&v[i - 1], &v[i]) == 0)
			return 1;
	return 0;
}

/*
 * Returns nonzero when two rows of the batch that may be stored have
 * the same column col; else keeps the least and the greatest of them
 * in low and high (both empty when there is none).
 */
static int
batch_repeats(struct importer *im, const struct cs_batch *b, int col, struct cs_buf *low,
    struct cs_buf *high)
{
	struct cs_value *ids;
	size_t n = sorted_ids(im, b, col, &ids);
	int repeats = sorted_repeat(ids, n);

	cs_buf_clear(low);
	cs_buf_clear(high);
	if (!repeats && n > 0) {
		cs_buf_append(low, ids[0].s, ids[0].len);
		cs_buf_append(high, ids[n - 1].s, ids[n - 1].len);
	}
	free(ids);
	return repeats;
}

/*
 * A batch that names a customer twice has its record_changes written
 * around each row (imp_pg_row_changes_*), so that the second write is
 * seen as a change, as SQLite's triggers see it; any other batch
 * around all its rows at once.
 */
int
imp_pg_changes_begin(struct importer *im, const struct cs_batch *b)
{
	im->rc_per_row = im->rc_all_new = 0;
	if (im->pgvals == NULL || strcmp(im->t->name, "customers") != 0)
		return 0;
	if ((im->rc_per_row = batch_repeats(im, b, 0, &im->rc_low, &im->rc_high)) != 0)
		return 0;
	imp_pg_batch_ids(im, b, 0, &im->ids);
	return keep_before(im);
}

/* Keeps the row of customer id[0..len) alone before it is written. */
static int
keep_one_before(struct importer *im, const char *id, size_t len)
{
	cs_buf_clear(&im->ids);
	cs_buf_puts(&im->ids, "{");
	imp_pg_add_id(&im->ids, id, len);
	cs_buf_puts(&im->ids, "}");
	cs_buf_clear(&im->rc_low);
	return keep_before(im);
}

int
imp_pg_row_changes_begin(struct importer *im)
{
	if (!im->rc_per_row)
		return 0;
	return keep_one_before(im, im->vals[0].s, im->vals[0].len);
}

int
imp_pg_row_changes_end(struct importer *im)
{
	return im->rc_per_row ? imp_pg_changes_end(im) : 0;
}

int
imp_pg_changes_end(struct importer *im)
{
	char now[CS_DATETIME_BUFSZ];
	struct cs_stmt *done, *write;
	int rc;

	if (im->rc_after == NULL || im->ids.len == 0)
		return 0;
	write = im->rc_all_new ? im->rc_new : im->rc_after;
	cs_stmt_bind_str(write, 1, cs_datetime_format(cs_now(), now));
	if (im->rc_all_new) {
		cs_stmt_bind_str(write, 2, im->rc_low.data);
		cs_stmt_bind_str(write, 3, im->rc_high.data);
	}
	cs_stmt_bind_str(write, im->rc_all_new ? 4 : 2, im->ids.data);
	cs_buf_clear(&im->ids);
	if (run_done(im, write) != 0)
		return -1;
	if (im->rc_all_new)
		return 0;	/* no temporary table to drop */
	if ((done = cs_db_prepare(im->db, cs_schema_pg_record_done())) == NULL) {
		imp_db_failure(im, "cannot store row");
		return -1;
	}
	rc = run_done(im, done);
	cs_stmt_finalize(done);
	return rc;
}

int
imp_pg_stub(struct importer *im, const char *id, size_t len)
{
	if (prepare_changes(im) != 0) {
		imp_db_failure(im, "cannot create customer");
		return -1;
	}
	if (keep_one_before(im, id, len) != 0)
		return -1;
	cs_stmt_bind_text(im->stub, 1, id, len);
	if (run_done(im, im->stub) != 0)
		return -1;
	return imp_pg_changes_end(im);
}

/* Appends the present columns of the table, each prefixed by prefix, comma-separated. */
static void
present_columns(const struct importer *im, struct cs_buf *sql, const char *prefix)
{
	int i, n = 0;

	for (i = 0; i < im->t->ncols; i++)
		if (im->param[i])
			cs_buf_printf(sql, "%s%s%s", n++ ? ", " : "", prefix, im->t->cols[i].dbname);
}

/*
 * Builds the upsert of the copied rows: from the temporary table into
 * the table in one statement, updated only where a value
 * differs (as the row-by-row upsert), so that its row count is the
 * rows written, new or changed.
 */
static void
build_copy_upsert(struct importer *im, struct cs_buf *sql)
{
	const struct cs_table *t = im->t;
	int i, n = 0;

	cs_buf_printf(sql, "INSERT INTO %s (", t->name);
	present_columns(im, sql, "");
	cs_buf_puts(sql, ") SELECT ");
	present_columns(im, sql, "");
	cs_buf_puts(sql, " FROM cs_import_rows ON CONFLICT (");
	imp_pg_conflict_target(im, sql);
	cs_buf_puts(sql, ") DO ");
	for (i = 0; i < t->ncols; i++)
		if (im->param[i] && !t->cols[i].key)
			cs_buf_printf(sql, "%s%s = excluded.%s", n++ ? ", " : "UPDATE SET ",
			    t->cols[i].dbname, t->cols[i].dbname);
	if (n == 0) {
		cs_buf_puts(sql, "NOTHING");
		return;
	}
	for (i = 0, n = 0; i < t->ncols; i++)
		if (im->param[i] && !t->cols[i].key)
			cs_buf_printf(sql, "%s%s.%s IS DISTINCT FROM excluded.%s",
			    n++ ? " OR " : " WHERE ", t->name, t->cols[i].dbname, t->cols[i].dbname);
}

/*
 * Builds the check that sends copied rows of a table keyed by its id
 * alone down the row-by-row path: an id already under another
 * customer, or an id twice among them.
 */
static void
build_copy_check(struct importer *im, struct cs_buf *sql)
{
	const struct cs_table *t = im->t;
	int i, n = 0;

	cs_buf_printf(sql, "SELECT EXISTS (SELECT 1 FROM cs_import_rows r JOIN %s o ON ", t->name);
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].key)
			cs_buf_printf(sql, "o.%s = r.%s AND ", t->cols[i].dbname, t->cols[i].dbname);
	cs_buf_puts(sql, "o.customer_id <> r.customer_id) OR EXISTS (SELECT 1 FROM cs_import_rows"
	    " GROUP BY ");
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].key)
			cs_buf_printf(sql, "%s%s", n++ ? ", " : "", t->cols[i].dbname);
	cs_buf_puts(sql, " HAVING count(*) > 1)");
}

/* Returns the first of the table's own key columns (its id). */
static int
id_column(const struct importer *im)
{
	int i;

	for (i = 0; i < im->t->ncols; i++)
		if (im->t->cols[i].key)
			return i;
	return 0;
}

/*
 * Prepares the COPY straight into the table, for rows that are all new
 * (no copy through the temporary table, no upsert: as fast as a plain
 * COPY), and its checks: whether the table has an id between ?1 and
 * ?2 (one index probe: new ids usually follow the table's), and how
 * many of the keys in the text arrays ?1, ?2... (one per key column)
 * it has (one probe each).  Returns 0, or -1 on a database error.
 */
static int
prepare_direct(struct importer *im, struct cs_buf *sql)
{
	const char *id = im->t->cols[id_column(im)].dbname;
	int keys[IMP_MAX_KEY_COLS], i, n = imp_pg_key_columns(im, keys);

	cs_buf_clear(sql);
	cs_buf_printf(sql, "COPY %s (", im->t->name);
	present_columns(im, sql, "");
	cs_buf_puts(sql, ") FROM STDIN");
	im->direct_sql = cs_xstrdup(sql->data);
	cs_buf_clear(sql);
	cs_buf_puts(sql, "SELECT count(*) FROM unnest(");
	for (i = 0; i < n; i++)
		cs_buf_printf(sql, "%s?%d::text[]", i > 0 ? ", " : "", i + 1);
	cs_buf_puts(sql, ") AS u (");
	for (i = 0; i < n; i++)
		cs_buf_printf(sql, "%sk%d", i > 0 ? ", " : "", i + 1);
	cs_buf_printf(sql, ") CROSS JOIN LATERAL (SELECT 1 FROM %s WHERE ", im->t->name);
	for (i = 0; i < n; i++)
		cs_buf_printf(sql, "%s%s = u.k%d", i > 0 ? " AND " : "", im->t->cols[keys[i]].dbname,
		    i + 1);
	cs_buf_puts(sql, " LIMIT 1) AS r");
	im->copy_new = cs_db_prepare(im->db, sql->data);
	cs_buf_clear(sql);
	cs_buf_printf(sql, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s BETWEEN CAST(?1 AS text)"
	    " AND CAST(?2 AS text) LIMIT 1) AS r", im->t->name, id);
	im->copy_range = cs_db_prepare(im->db, sql->data);
	return im->copy_new != NULL && im->copy_range != NULL ? 0 : -1;
}

/*
 * Prepares the COPY path: the temporary table of the present columns
 * (dropped at the end of the transaction), the COPY, the upsert and
 * for a table keyed by its id alone the check.  complaint_events,
 * whose rows carry the customer of their complaint, stays row by row.
 * Returns 0, or -1 on a database error.
 */
static int
prepare_copy(struct importer *im)
{
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;
	int rc;

	if (im->owner_param > 0)
		return 0;
	cs_buf_puts(&sql, "CREATE TEMPORARY TABLE cs_import_rows ON COMMIT DROP AS SELECT ");
	present_columns(im, &sql, "");
	cs_buf_printf(&sql, " FROM %s WITH NO DATA", im->t->name);
	if ((st = cs_db_prepare(im->db, sql.data)) == NULL) {
		cs_buf_free(&sql);
		return -1;
	}
	rc = run_done(im, st);
	cs_stmt_finalize(st);
	cs_buf_clear(&sql);
	cs_buf_puts(&sql, "COPY cs_import_rows (");
	present_columns(im, &sql, "");
	cs_buf_puts(&sql, ") FROM STDIN");
	im->copy_sql = cs_xstrdup(sql.data);
	cs_buf_clear(&sql);
	build_copy_upsert(im, &sql);
	im->copy_upsert = cs_db_prepare(im->db, sql.data);
	im->copy_truncate = cs_db_prepare(im->db, "TRUNCATE cs_import_rows");
	if (im->find_owner != NULL) {
		cs_buf_clear(&sql);
		build_copy_check(im, &sql);
		im->copy_check = cs_db_prepare(im->db, sql.data);
	}
	rc |= prepare_direct(im, &sql);
	cs_buf_free(&sql);
	im->copyvals = cs_xcalloc((size_t)im->t->ncols, sizeof *im->copyvals);
	return rc == 0 && im->copy_upsert != NULL && im->copy_truncate != NULL &&
	    (im->find_owner == NULL || im->copy_check != NULL) ? 0 : -1;
}

int
imp_pg_copy_wanted(const struct importer *im)
{
	return im->copy_upsert != NULL && !im->rc_per_row;
}

/* Appends value v to im->copy in COPY's text format. */
static void
copy_value(struct importer *im, const struct cs_value *v)
{
	switch (v->kind) {
	case CS_VAL_INT:
		cs_buf_printf(&im->copy, "%lld", (long long)v->i);
		break;
	case CS_VAL_REAL:
		cs_buf_printf(&im->copy, "%.17g", v->d);
		break;
	case CS_VAL_TEXT:
		cs_db_copy_text(&im->copy, v->s, v->len);
		break;
	default:
		cs_buf_puts(&im->copy, "\\N");
	}
}

void
imp_pg_copy_add(struct importer *im, const struct cs_batch *b, const struct cs_batch_row *row,
    const struct cs_value *vals)
{
	int i, n = 0;

	for (i = 0; i < im->t->ncols; i++)
		if (im->param[i]) {
			if (n++ > 0)
				cs_buf_append(&im->copy, "\t", 1);
			copy_value(im, &vals[i]);
		}
	cs_buf_append(&im->copy, "\n", 1);
	im->copy_batches[im->ncopy] = b;
	im->copy_rows[im->ncopy++] = row;
}

int
imp_pg_copy_may_wait(const struct importer *im)
{
	return im->ncopy > 0 && im->nheld < IMP_COPY_BATCHES - 1 &&
	    strcmp(im->t->name, "customers") != 0;
}

/*
 * Empties the temporary table: TRUNCATE, as a DELETE would leave its
 * dead rows for every later batch to scan (no vacuum runs on a
 * temporary table).  Returns status, or -1 after imp_db_failure.
 */
static int
copy_empty(struct importer *im, int status)
{
	if (run_done(im, im->copy_truncate) != 0)
		return -1;
	return status;
}

/* Appends the row's own key (each column's length and bytes) to out. */
static void
append_key(struct importer *im, const struct cs_batch *b, const struct cs_batch_row *row,
    struct cs_buf *out)
{
	const struct cs_value *v;
	uint32_t len;
	int i;

	cs_batch_values(b, row, im->pgvals, im->t->ncols);
	for (i = 0; i < im->t->ncols; i++) {
		if (!im->t->cols[i].key)
			continue;
		v = &im->pgvals[i];
		len = v->kind == CS_VAL_TEXT ? (uint32_t)v->len : UINT32_MAX;
		cs_buf_append(out, (const char *)&len, sizeof len);
		if (v->kind == CS_VAL_TEXT)
			cs_buf_append(out, v->s, v->len);
		else if (v->kind == CS_VAL_INT)
			cs_buf_printf(out, "%lld", (long long)v->i);
	}
}

/* Returns nonzero when two of the rows waiting have the same key (all its columns). */
static int
keys_repeat(struct importer *im)
{
	struct cs_buf all = { 0 };
	size_t i, n = (size_t)im->ncopy, *end = cs_xcalloc(n + 1, sizeof *end);
	struct cs_value *keys = cs_xcalloc(n + 1, sizeof *keys);
	int repeats;

	for (i = 0; i < n; i++) {
		append_key(im, im->copy_batches[i], im->copy_rows[i], &all);
		end[i] = all.len;
	}
	for (i = 0; i < n; i++) {
		keys[i].s = all.data + (i > 0 ? end[i - 1] : 0);
		keys[i].len = end[i] - (i > 0 ? end[i - 1] : 0);
	}
	qsort(keys, n, sizeof *keys, compare_values);
	repeats = sorted_repeat(keys, n);
	free(keys);
	free(end);
	cs_buf_free(&all);
	return repeats;
}

/*
 * Returns 1 when the rows waiting are all new: the table has none of
 * their ids (none in their range, or none of them) and no key repeats
 * among them (a key of several columns, as responses', may repeat its
 * id); 0 when some may not be; -1 after imp_db_failure.
 */
static int
copy_all_new(struct importer *im)
{
	struct cs_value *ids;
	size_t n = sorted_ids(im, NULL, id_column(im), &ids);
	int64_t found = keys_repeat(im);

	if (n > 0 && found == 0 && count_of(im, im->copy_range, &ids[0], &ids[n - 1]) != 0) {
		/* the range holds ids of the table (or the look-up failed): each id */
		found = imp_pg_count_keys_found(im);
	}
	free(ids);
	return found < 0 ? -1 : found == 0;
}

/*
 * Copies the rows waiting straight into the table when they are all
 * new (a table keyed by its id alone: checked first; any other: its key
 * refuses the copy of a row already there).  After a few flushes whose
 * rows were not all new (a re-load), only every 16th tries.  Returns 0
 * copied, 1 refused (row by row says why), 2 not all new (the
 * temporary table then), -1 after imp_db_failure.
 */
static int
copy_direct(struct importer *im)
{
	int64_t n;
	int fresh = 1;

	if (!may_be_new(im))
		fresh = 0;
	else if (im->find_owner != NULL)
		fresh = copy_all_new(im);
	if (fresh <= 0) {
		im->copy_old++;
		return fresh < 0 ? -1 : 2;
	}
	n = cs_db_copy(im->db, im->direct_sql, im->copy.data, im->copy.len);
	if (n < 0) {
		im->copy_old++;
		return im->find_owner != NULL ? 1 : 2;
	}
	cs_buf_clear(&im->copy);
	im->copy_old = 0;
	im->c->loaded += im->ncopy;
	im->changed += n;
	return 0;
}

int
imp_pg_copy_flush(struct importer *im)
{
	enum cs_step rc;
	int64_t n;
	int direct = copy_direct(im);

	if (direct != 2) {
		cs_buf_clear(&im->copy);
		return direct;
	}
	n = cs_db_copy(im->db, im->copy_sql, im->copy.data, im->copy.len);
	cs_buf_clear(&im->copy);
	if (n < 0)
		return 1;	/* nothing copied: row by row says why */
	if (im->copy_check != NULL) {
		rc = cs_stmt_step(im->copy_check);
		n = rc == CS_STEP_ROW ? cs_stmt_int64(im->copy_check, 0) : -1;
		cs_stmt_reset(im->copy_check);
		if (n != 0)
			return n > 0 ? copy_empty(im, 1) : (imp_db_failure(im, "lookup failed"), -1);
	}
	rc = cs_stmt_step(im->copy_upsert);
	cs_stmt_reset(im->copy_upsert);
	if (rc != CS_STEP_DONE)
		return copy_empty(im, 1);
	im->c->loaded += im->ncopy;
	im->changed += cs_db_changes(im->db);
	return copy_empty(im, 0);
}

void
imp_pg_finalize(struct importer *im)
{
	cs_stmt_finalize(im->find_owner);
	cs_stmt_finalize(im->drop_row);
	cs_stmt_finalize(im->find_paid);
	cs_stmt_finalize(im->move_events);
	cs_stmt_finalize(im->rc_before);
	cs_stmt_finalize(im->rc_after);
	cs_stmt_finalize(im->rc_new);
	im->find_owner = im->drop_row = im->find_paid = im->move_events = NULL;
	im->rc_before = im->rc_after = im->rc_new = NULL;
	cs_stmt_finalize(im->copy_upsert);
	cs_stmt_finalize(im->copy_check);
	cs_stmt_finalize(im->copy_truncate);
	im->copy_truncate = NULL;
	imp_pg_prefetch_free(im);
	im->copy_upsert = im->copy_check = NULL;
	cs_stmt_finalize(im->copy_new);
	cs_stmt_finalize(im->copy_range);
	im->copy_new = im->copy_range = NULL;
	free(im->copy_sql);
	free(im->direct_sql);
	im->copy_sql = im->direct_sql = NULL;
	cs_buf_free(&im->copy);
	cs_buf_free(&im->ids);
	cs_buf_free(&im->lookup_ids);
	cs_buf_free(&im->rc_low);
	cs_buf_free(&im->rc_high);
	free(im->pgvals);
	free(im->copyvals);
	im->pgvals = im->copyvals = NULL;
}
