/*
 * cs_import_store.c - the importer's main thread: references checked,
 * rows stored (many at once while they are new, upserted one by one
 * otherwise), rejected rows counted and kept in the rejects output.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_import_impl.h"
#include "cs_recode.h"

/*
 * Opens the rejects output, unless it is open: stderr, or a new file
 * (0600, never through a link) that replaces the target when the
 * import ends.  Returns 0 on success.
 */
int
imp_open_rejects(struct importer *im)
{
	char err[4200];

	if (im->rej != NULL)
		return 0;
	if (im->rej_path == NULL)
		im->rej = stderr;
	else if (cs_out_open(&im->rej_out, im->rej_path, err, sizeof err) != 0) {
		cs_warnx(_("cannot write rejects: %s; nothing loaded"), err);
		im->stop = STOP_IO;
		return -1;
	} else
		im->rej = im->rej_out.fp;
	return 0;
}

/*
 * Makes the rejects file go back in the input's encoding: GB18030 input
 * gets GB18030 rejects, UTF-16 input UTF-8 with a byte order mark (so
 * that Excel reads it), UTF-8 input UTF-8 as it came.  Rejects on
 * stderr stay UTF-8.  Returns 0, or -1 after a message.
 */
static int
recode_rejects(struct importer *im)
{
	if (im->rej == stderr)
		return 0;
	if (im->in_encoding == CS_ENC_UTF16LE || im->in_encoding == CS_ENC_UTF16BE)
		fputs("\xef\xbb\xbf", im->rej);
	if (im->in_encoding != CS_ENC_GB18030)
		return 0;
	if ((im->rej_recode = cs_recode_open(im->rej, "GB18030")) == NULL) {
		cs_warnx(_("cannot write rejects: %s: cannot convert to GB18030 (iconv); nothing loaded"),
		    im->rej_path);
		im->stop = STOP_IO;
		return -1;
	}
	im->rej = im->rej_recode;
	return 0;
}

int
imp_end_recode(struct importer *im)
{
	int failed;

	if (im->rej_recode == NULL)
		return 0;
	failed = ferror(im->rej_recode) | fclose(im->rej_recode);
	im->rej_recode = NULL;
	im->rej = im->rej_out.fp;
	return failed ? -1 : 0;
}

/* Opens the rejects output if needed and writes its header line once; 0 on success. */
int
imp_start_rejects(struct importer *im)
{
	const char *extra[] = { "line", "column", "reason" };
	size_t i;

	if (imp_open_rejects(im) != 0)
		return -1;
	if (im->rej_started)
		return 0;
	im->rej_started = 1;
	if (recode_rejects(im) != 0)
		return -1;
	for (i = 0; i < im->nhdr; i++) {
		cs_csv_write_field(im->rej, im->hdr[i], strlen(im->hdr[i]));
		fputc(',', im->rej);
	}
	cs_csv_write_row(im->rej, extra, 3);
	return 0;
}

/* Writes one rejected record with its line, column and reason. */
static void
write_reject(struct importer *im, const struct cs_record *rec, long line,
    size_t column, const char *reason)
{
	char num[32];
	size_t i;

	if (imp_start_rejects(im) != 0)
		return;
	for (i = 0; i < im->nhdr; i++) {
		if (i < rec->n)
			cs_csv_write_field(im->rej, rec->fields[i].s, rec->fields[i].len);
		fputc(',', im->rej);
	}
	snprintf(num, sizeof num, "%ld,%zu,", line, column);
	fputs(num, im->rej);
	cs_csv_write_field(im->rej, reason, strlen(reason));
	for (i = im->nhdr; i < rec->n; i++) {	/* extra fields are kept too */
		fputc(',', im->rej);
		cs_csv_write_field(im->rej, rec->fields[i].s, rec->fields[i].len);
	}
	fputc('\n', im->rej);
}

static void flush_group(struct importer *im);
static void flush_copy(struct importer *im);
static void store_row(struct importer *im, const struct cs_record *rec);

/* Prints one reason a record is rejected: file:line:column, or file:line for the record. */
static void
show_reason(struct importer *im, long line, size_t column, const char *reason)
{
	if (column > 0)
		cs_warnx("%s:%ld:%zu: %s", im->name, line, column, reason);
	else
		cs_warnx("%s:%ld: %s", im->name, line, reason);
}

/*
 * Keeps a rejected record in the rejects output with the column of its
 * first reason and all its reasons, and stops past --max-errors.
 */
static void
keep_reject(struct importer *im, const struct cs_record *rec, size_t column,
    const char *reasons)
{
	write_reject(im, rec, rec->line, column, reasons);
	if (im->o->max_errors >= 0 && im->c->rejected > im->o->max_errors &&
	    im->stop == GO_ON) {
		cs_warnx(_("%s: more than %ld rows rejected (--max-errors); "
		    "nothing loaded"), im->name, im->o->max_errors);
		im->stop = STOP_TOO_MANY;
	}
}

/*
 * Rejects a record: counts it, keeps it in the rejects output, prints
 * it while under the display limit, and stops past --max-errors.
 * column is 1-based, or 0 when the whole record is at fault.  Rows
 * still waiting in a group are stored first, so that rejections come
 * out in input order.
 */
static void
reject(struct importer *im, const struct cs_record *rec, size_t column,
    const char *reason)
{
	flush_group(im);
	im->c->rejected++;
	if (im->c->rejected <= im->o->show_rejects)
		show_reason(im, rec->line, column, reason);
	keep_reject(im, rec, column, reason);
}

/*
 * Rejects a row the reader found bad, as reject() does, with every
 * reason it found: one line each on stderr, all of them joined by
 * "; " in the rejects output.
 */
static void
reject_read_row(struct importer *im, const struct cs_record *rec, const struct cs_batch *b,
    const struct cs_batch_row *row)
{
	const char *reason;
	size_t k, column;

	flush_group(im);
	im->c->rejected++;
	cs_buf_clear(&im->msg);
	for (k = 0; k < row->nreasons; k++) {
		reason = cs_batch_reason(b, row, k, &column);
		if (im->c->rejected <= im->o->show_rejects)
			show_reason(im, rec->line, column, reason);
		cs_buf_puts(&im->msg, k > 0 ? "; " : "");
		cs_buf_puts(&im->msg, reason);
	}
	keep_reject(im, rec, row->column, im->msg.data);
}

/* Rejects a record for field i with "name value: why" (main thread). */
static void
reject_field(struct importer *im, const struct cs_record *rec, size_t i,
    const char *colname, const char *why)
{
	imp_field_reason(&im->msg, &rec->fields[i], colname, why);
	reject(im, rec, i + 1, im->msg.data);
}

/*
 * Builds "INSERT INTO t (present columns) VALUES (?1, ...), ..." for
 * rows rows into sql, and sets im->nparams to the parameters per row.
 */
static void
build_insert(struct importer *im, struct cs_buf *sql, int rows)
{
	const struct cs_table *t = im->t;
	int i, r, n = 0;

	cs_buf_printf(sql, "INSERT INTO %s (", t->name);
	for (i = 0; i < t->ncols; i++)
		if (im->param[i])
			cs_buf_printf(sql, "%s%s", n++ ? ", " : "", t->cols[i].dbname);
	if (im->owner_param > 0) {	/* complaint_events on PostgreSQL: its customer */
		cs_buf_puts(sql, ", customer_id");
		im->owner_param = n + 1;
	}
	cs_buf_puts(sql, ") VALUES ");
	for (r = 0; r < rows; r++) {
		cs_buf_puts(sql, r ? ", (" : "(");
		for (i = 1; i <= n + (im->owner_param > 0); i++)
			cs_buf_printf(sql, "%s?%d", i > 1 ? ", " : "", r * n + i);
		cs_buf_puts(sql, ")");
	}
	im->nparams = n + (im->owner_param > 0);
}

/*
 * Builds the upsert for the columns present: the insert, then ON
 * CONFLICT (key) DO UPDATE SET the others, only where a value differs,
 * so an unchanged row is not rewritten; DO NOTHING when only key
 * columns are present (an event named by its key alone).  Names come
 * from the table definitions, never from the input.
 */
static void
build_upsert(struct importer *im, struct cs_buf *sql)
{
	const struct cs_table *t = im->t;
	int i, n = 0, sets = 0, others = 0;

	build_insert(im, sql, 1);
	cs_buf_puts(sql, " ON CONFLICT (");
	if (im->pg)
		imp_pg_conflict_target(im, sql);
	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i].key && !im->pg)
			cs_buf_printf(sql, "%s%s", n++ ? ", " : "", t->cols[i].dbname);
		else if (!t->cols[i].key && im->param[i])
			others++;
	}
	if (others == 0) {
		cs_buf_puts(sql, ") DO NOTHING");
		return;
	}
	cs_buf_puts(sql, ") DO UPDATE SET ");
	for (i = 0; i < t->ncols; i++)
		if (im->param[i] && !t->cols[i].key)
			cs_buf_printf(sql, "%s%s = excluded.%s", sets++ ? ", " : "",
			    t->cols[i].dbname, t->cols[i].dbname);
	cs_buf_puts(sql, " WHERE ");
	for (i = 0, n = 0; i < t->ncols; i++)
		if (im->param[i] && !t->cols[i].key)
			cs_buf_printf(sql, "%s%s.%s IS DISTINCT FROM excluded.%s",
			    n++ ? " OR " : "", t->name, t->cols[i].dbname, t->cols[i].dbname);
}

/* Reports a database failure, what translated, and stops the import. */
void
imp_db_failure(struct importer *im, const char *what)
{
	if (im->stop == GO_ON)
		cs_warnx("%s: %s: %s", im->name, _(what), cs_db_errmsg(im->db));
	im->stop = STOP_DB;
}

/*
 * Customers: reads the blacklist of the door check once for the file
 * (an empty one checks nothing).  Returns 0, or -1 on a database error.
 */
static int
open_door(struct importer *im)
{
	static const char *const cols[3] = { "name", "phone", "reg_no" };
	int k;

	if (strcmp(im->t->name, "customers") != 0)
		return 0;
	if ((im->door = cs_door_load(im->db)) == NULL)
		return -1;
	for (k = 0; k < 3; k++)
		im->door_cols[k] = cs_table_column(im->t, cols[k], strlen(cols[k]));
	return 0;
}

/* Prepares the statements the rows need; returns 0 on success. */
static int
prepare_statements(struct importer *im)
{
	struct cs_buf sql = { 0 };

	im->pg = cs_db_dialect(im->db) == CS_DIALECT_PG;
	im->owner_param = im->pg && strcmp(im->t->name, "complaint_events") == 0;
	build_insert(im, &sql, 1);
	im->insert = cs_db_prepare(im->db, sql.data);
	cs_buf_clear(&sql);
	if (GROUP_ROWS * im->nparams <= MAX_PARAMS && !im->owner_param) {
		build_insert(im, &sql, GROUP_ROWS);
		im->insert_group = cs_db_prepare(im->db, sql.data);
		cs_buf_clear(&sql);
	}
	build_upsert(im, &sql);
	im->upsert = cs_db_prepare(im->db, sql.data);
	cs_buf_free(&sql);
	im->find_customer = cs_db_prepare(im->db,
	    "SELECT 1 FROM customers WHERE customer_id = ?1");
	im->find_invoice = cs_db_prepare(im->db,
	    "SELECT customer_id FROM invoices WHERE invoice_id = ?1");
	im->find_complaint = cs_db_prepare(im->db,
	    "SELECT customer_id FROM complaints WHERE complaint_id = ?1");
	im->stub = cs_db_prepare(im->db,
	    "INSERT INTO customers (customer_id, name) VALUES (?1, ?1)");
	if (im->insert && im->upsert && im->find_customer && im->find_invoice &&
	    im->find_complaint && im->stub && open_door(im) == 0)
		return imp_pg_prepare(im);
	imp_db_failure(im, "cannot prepare the import");
	return -1;
}

/* Runs a one-parameter lookup; returns 1 found, 0 not found, -1 database error. */
static int
lookup(struct importer *im, struct cs_stmt *st, const struct cs_value *key)
{
	enum cs_step rc;

	cs_stmt_bind_text(st, 1, key->s, key->len);
	rc = cs_stmt_step(st);
	if (rc == CS_STEP_ROW)
		return 1;
	cs_stmt_reset(st);
	if (rc == CS_STEP_DONE)
		return 0;
	imp_db_failure(im, "lookup failed");
	return -1;
}

/* Remembers the customer id v as known to exist. */
static void
know_customer(struct importer *im, const struct cs_value *v)
{
	free(im->known_customer);
	im->known_customer = cs_xstrndup(v->s, v->len);
}

/*
 * Ensures the row's customer exists (an optional reference left empty
 * names none); with --create-customers, a missing one is marked for a
 * stub (im->stub_needed), made only once the row is stored.  Returns 0
 * ok, -1 rejected or failed.
 */
static int
check_customer(struct importer *im, const struct cs_record *rec)
{
	int col = im->t->customer_ref, found;
	const struct cs_value *v = &im->vals[col];

	im->stub_needed = 0;
	if (v->kind == CS_VAL_NULL)
		return 0;
	if (im->known_customer != NULL && strlen(im->known_customer) == v->len &&
	    memcmp(im->known_customer, v->s, v->len) == 0)
		return 0;
	if (im->pg && imp_pg_known(im, v))	/* found for the batch in one query */
		return 0;
	if ((found = lookup(im, im->find_customer, v)) < 0)
		return -1;
	cs_stmt_reset(im->find_customer);
	if (found)
		know_customer(im, v);
	else if (im->o->create_customers)
		im->stub_needed = 1;
	else {
		reject_field(im, rec, imp_field_of(im, col), "customer_id", "no such customer");
		return -1;
	}
	return 0;
}

/*
 * Stores a row whose customer is to be created, and creates the stub
 * customer only when the row was stored, so that no stub is left for a
 * row that was rejected.
 */
static void
store_row_with_stub(struct importer *im, const struct cs_record *rec)
{
	const struct cs_value *v = &im->vals[im->t->customer_ref];
	long loaded = im->c->loaded;

	store_row(im, rec);
	if (im->c->loaded == loaded || im->stop != GO_ON)
		return;
	if (im->pg) {
		if (imp_pg_stub(im, v->s, v->len) != 0)
			return;
	} else if (cs_stmt_bind_text(im->stub, 1, v->s, v->len) != 0 ||
	    cs_stmt_step(im->stub) != CS_STEP_DONE) {
		imp_db_failure(im, "cannot create customer");
		return;
	}
	cs_stmt_reset(im->stub);
	im->c->stubs++;
	know_customer(im, v);
}

/*
 * Finds the blacklisted customers that the row being stored matches
 * (cs_door.h) into m; returns how many (0 also for other tables).
 */
static int
door_matches(struct importer *im, struct cs_door_match *m)
{
	const struct cs_value *v[3];
	int k;

	if (im->door == NULL || cs_door_size(im->door) == 0)
		return 0;
	for (k = 0; k < 3; k++)
		v[k] = &im->vals[im->door_cols[k]];
	return cs_door_find(im->door, v[0]->kind == CS_VAL_TEXT ? v[0]->s : NULL, v[0]->len,
	    v[1]->kind == CS_VAL_TEXT ? v[1]->s : NULL, v[1]->len,
	    v[2]->kind == CS_VAL_TEXT ? v[2]->s : NULL, v[2]->len, m, CS_DOOR_MAX_MATCHES);
}

/*
 * Stores a row that matches blacklisted customers m[0..n) and, when it
 * is a new customer (not in the table before), flags it: a line on
 * stderr for each match and a row in door_matches, in the import's
 * transaction.  The rows waiting in the group are stored first.
 */
static void
store_at_door(struct importer *im, const struct cs_record *rec, struct cs_value *vals,
    const struct cs_door_match *m, int n)
{
	long loaded = im->c->loaded;
	char shown[128], *id;
	int known, k;

	flush_group(im);
	im->vals = vals;
	if (im->stop != GO_ON || (known = lookup(im, im->find_customer, &vals[0])) < 0)
		return;
	cs_stmt_reset(im->find_customer);
	store_row(im, rec);
	if (known || im->c->loaded == loaded || im->stop != GO_ON)
		return;
	id = cs_xstrndup(vals[0].s, vals[0].len);
	for (k = 0; k < n; k++) {
		if (cs_door_record(im->db, id, &m[k], im->name, rec->line) != 0) {
			imp_db_failure(im, "cannot record a match of the blacklist");
			break;
		}
		cs_warnx(_("%s:%ld: new customer %s matches blacklisted customer %s (%s %s)"),
		    im->name, rec->line, id, m[k].matched_id,
		    strcmp(m[k].how, "reg-no") == 0 ? _("registration number") : _("name and phone"),
		    cs_door_shown(m[k].how, m[k].value, shown, sizeof shown));
	}
	free(id);
}

/* Ensures a named invoice exists and belongs to the row's customer. */
static int
check_invoice(struct importer *im, const struct cs_record *rec)
{
	int col = im->t->invoice_ref, found;
	const struct cs_value *inv = &im->vals[col], *cust = &im->vals[im->t->customer_ref];
	const char *owner;

	if (inv->kind == CS_VAL_NULL)
		return 0;
	if (im->pg && (owner = imp_pg_owner(im, inv)) != NULL)	/* found for the batch */
		found = 1;
	else if ((found = lookup(im, im->find_invoice, inv)) < 0)
		return -1;
	else
		owner = found ? cs_stmt_text(im->find_invoice, 0) : NULL;
	if (!found) {
		reject_field(im, rec, imp_field_of(im, col), "invoice_id", "no such invoice");
		return -1;
	}
	if (strlen(owner) != cust->len || memcmp(owner, cust->s, cust->len) != 0) {
		cs_buf_clear(&im->why);
		cs_buf_printf(&im->why, _("invoice of customer %s, not of this row's customer"), owner);
		cs_stmt_reset(im->find_invoice);
		reject_field(im, rec, imp_field_of(im, col), "invoice_id", im->why.data);
		return -1;
	}
	cs_stmt_reset(im->find_invoice);
	return 0;
}

/* Ensures the row's complaint exists; returns 0, or -1 rejected or failed. */
static int
check_complaint(struct importer *im, const struct cs_record *rec)
{
	int col = im->t->complaint_ref, found;
	const char *owner;

	if (im->pg && (owner = imp_pg_owner(im, &im->vals[col])) != NULL) {
		free(im->complaint_owner);	/* found for the batch */
		im->complaint_owner = cs_xstrdup(owner);
		return 0;
	}
	if ((found = lookup(im, im->find_complaint, &im->vals[col])) < 0)
		return -1;
	if (found) {
		free(im->complaint_owner);
		im->complaint_owner = cs_xstrdup(cs_stmt_text(im->find_complaint, 0));
	}
	cs_stmt_reset(im->find_complaint);
	if (found)
		return 0;
	reject_field(im, rec, imp_field_of(im, col), "complaint_id", "no such complaint");
	return -1;
}

/* Binds one row's values to st's parameters, the row's first being after 'first'. */
static void
bind_values(struct importer *im, struct cs_stmt *st, const struct cs_value *vals,
    int first)
{
	int col;

	for (col = 0; col < im->t->ncols; col++) {
		const struct cs_value *v = &vals[col];
		int p = im->param[col];

		if (p == 0)
			continue;
		p += first;
		switch (v->kind) {
		case CS_VAL_INT:
			cs_stmt_bind_int64(st, p, v->i);
			break;
		case CS_VAL_REAL:
			cs_stmt_bind_double(st, p, v->d);
			break;
		case CS_VAL_TEXT:
			cs_stmt_bind_text(st, p, v->s, v->len);
			break;
		default:
			cs_stmt_bind_null(st, p);
		}
	}
	if (im->owner_param > 0)
		cs_stmt_bind_str(st, first + im->owner_param, im->complaint_owner);
}

/* Binds and runs st once; returns its step result and resets it. */
static enum cs_step
run_statement(struct importer *im, struct cs_stmt *st)
{
	enum cs_step rc;

	bind_values(im, st, im->vals, 0);
	rc = cs_stmt_step(st);
	if (rc == CS_STEP_CONSTRAINT) {
		cs_buf_clear(&im->why);
		cs_buf_printf(&im->why, _("refused by the database: %s"), cs_db_errmsg(im->db));
	}
	cs_stmt_reset(st);
	return rc;
}

/*
 * Writes the validated row and counts it, or rejects it if the
 * database refuses it.  While most rows are new, a plain INSERT is
 * tried first (it is cheaper); a duplicate key falls back to the
 * upsert.  When duplicates dominate (a re-import) the insert is tried
 * only now and then, so the upsert does the work.
 */
static void
store_row(struct importer *im, const struct cs_record *rec)
{
	enum cs_step rc = CS_STEP_DUPLICATE;

	if (imp_pg_row_changes_begin(im) != 0)
		return;
	if (im->duplicates <= im->c->loaded / 2) {
		rc = run_statement(im, im->insert);
		if (rc == CS_STEP_DUPLICATE)
			im->duplicates++;
	}
	if (rc == CS_STEP_DUPLICATE)
		rc = run_statement(im, im->upsert);
	if (rc == CS_STEP_DONE) {
		im->c->loaded++;
		im->changed += cs_db_changes(im->db);
	} else if (rc == CS_STEP_CONSTRAINT)
		reject(im, rec, 0, im->why.data);
	else
		imp_db_failure(im, "cannot store row");
	if (im->stop == GO_ON)
		imp_pg_row_changes_end(im);
}

/* Tells the progress receiver the rows read, every 4096 rows. */
static void
show_progress(struct importer *im)
{
	if (im->c->rows % CS_PROGRESS_EVERY == 0)
		cs_progress_report(&im->o->progress, im->name, (uint64_t)im->c->rows, 0);
}

/* Rebuilds a batch row as a record in *fields (grown as needed). */
static void
rebuild_record(const struct cs_batch *b, const struct cs_batch_row *row,
    struct cs_field **fields, size_t *cap, struct cs_record *rec)
{
	if (row->nfields > *cap) {
		*cap = row->nfields;
		*fields = cs_xrealloc(*fields, *cap * sizeof **fields);
	}
	cs_batch_record(b, row, *fields, rec);
}

/*
 * PostgreSQL: stores the rows waiting as COPY text (cs_import_pg.c);
 * when the copy cannot take them all, each is stored on its own, as
 * the row-by-row path does: an id moved from another customer, a
 * duplicate upserted, a refused row rejected.
 */
static void
flush_copy(struct importer *im)
{
	struct cs_record rec;
	int n = im->ncopy, r, rc, moved;

	if (n == 0 || im->stop != GO_ON)
		return;
	rc = imp_pg_copy_flush(im);
	im->ncopy = 0;
	for (r = 0; rc == 1 && r < n && im->stop == GO_ON; r++) {
		rebuild_record(im->copy_batches[r], im->copy_rows[r], &im->groupfields,
		    &im->capgroupfields, &rec);
		cs_batch_values(im->copy_batches[r], im->copy_rows[r], im->copyvals,
		    im->t->ncols);
		im->vals = im->copyvals;
		if (im->find_owner != NULL && (moved = imp_pg_move(im)) != 0) {
			if (moved > 0)
				reject(im, &rec, 0, im->why.data);
			continue;
		}
		store_row(im, &rec);
	}
	im->vals = im->group_vals;
}

/*
 * Inserts the rows waiting in the group.  A full group goes in one
 * multi-row INSERT; if that is refused (a duplicate key, a constraint)
 * or the group is not full, each row is stored on its own, which
 * upserts duplicates and rejects what the database refuses.
 */
static void
flush_group(struct importer *im)
{
	struct cs_record rec;
	int n = im->ngroup, r;
	enum cs_step rc;

	flush_copy(im);
	if (n == 0)
		return;
	im->ngroup = 0;
	if (n == GROUP_ROWS) {
		for (r = 0; r < n; r++)
			bind_values(im, im->insert_group,
			    im->group_vals + (size_t)r * (size_t)im->t->ncols, r * im->nparams);
		rc = cs_stmt_step(im->insert_group);
		cs_stmt_reset(im->insert_group);
		if (rc == CS_STEP_DONE) {
			im->c->loaded += n;
			im->changed += cs_db_changes(im->db);
			return;
		}
		if (rc == CS_STEP_ERROR) {
			imp_db_failure(im, "cannot store rows");
			return;
		}
	}
	for (r = 0; r < n && im->stop == GO_ON; r++) {
		rebuild_record(im->group_batch, im->group_rows[r], &im->groupfields,
		    &im->capgroupfields, &rec);
		im->vals = im->group_vals + (size_t)r * (size_t)im->t->ncols;
		store_row(im, &rec);
	}
	im->vals = im->group_vals;
}

/*
 * Handles one row of a batch (main thread): a rejection, or a row to
 * check and store.  While most rows are new, checked rows wait in a
 * group to be inserted together; the group is flushed before the batch
 * is given back.
 */
static void
store_batch_row(struct importer *im, const struct cs_batch *b,
    const struct cs_batch_row *row)
{
	int grouping = im->insert_group != NULL && im->duplicates <= im->c->loaded / 2 &&
	    !im->rc_per_row, nmatch;
	int moved;
	struct cs_door_match match[CS_DOOR_MAX_MATCHES];
	struct cs_record rec;

	rebuild_record(b, row, &im->recfields, &im->caprecfields, &rec);
	im->c->rows++;
	show_progress(im);
	if (row->nreasons > 0) {
		reject_read_row(im, &rec, b, row);
		return;
	}
	/* The row's values go in the group's next slot, which a flush of
	 * the rows before it leaves alone. */
	struct cs_value *vals = im->group_vals + (size_t)im->ngroup * (size_t)im->t->ncols;

	im->vals = vals;
	cs_batch_values(b, row, vals, im->t->ncols);
	if (im->t->customer_ref >= 0 && check_customer(im, &rec) != 0)
		return;
	if (im->t->invoice_ref >= 0 && check_invoice(im, &rec) != 0)
		return;
	if (im->t->complaint_ref >= 0 && check_complaint(im, &rec) != 0)
		return;
	if (imp_pg_copy_wanted(im) && !im->stub_needed && door_matches(im, match) == 0) {
		imp_pg_copy_add(im, b, row, vals);
		return;
	}
	if (im->find_owner != NULL) {	/* PostgreSQL: the id under another customer */
		flush_group(im);	/* (so the row is stored on its own, below) */
		grouping = 0;
		im->vals = vals;
		if (im->stop != GO_ON || (moved = imp_pg_move(im)) < 0)
			return;
		if (moved > 0) {
			reject(im, &rec, 0, im->why.data);
			return;
		}
	}
	if ((nmatch = door_matches(im, match)) > 0) {
		store_at_door(im, &rec, vals, match, nmatch);
		return;
	}
	if (!grouping || im->stub_needed) {
		flush_group(im);
		im->vals = vals;
		if (im->stub_needed)
			store_row_with_stub(im, &rec);
		else
			store_row(im, &rec);
		return;
	}
	im->group_batch = b;
	im->group_rows[im->ngroup++] = row;
	if (im->ngroup == GROUP_ROWS)
		flush_group(im);
}

/* Gives the batches held for the copy back to the reader. */
static void
release_held(struct importer *im)
{
	while (im->nheld > 0)
		cs_queue_push(&im->spare, im->held[--im->nheld]);
}

/*
 * Reads the input on a second thread and stores the batches it passes
 * on, in input order, on this one.  After a stop (too many rejects, a
 * database error) the reader is told to end and the rest is dropped.
 */
void
imp_load_rows(struct importer *im)
{
	struct cs_tasks reader;
	struct cs_batch *b;
	size_t i;

	cs_queue_init(&im->full, CS_QUEUE_SLOTS, 1);
	cs_queue_init(&im->spare, 0, 0);
	cs_tasks_init(&reader);
	cs_tasks_start(&reader, imp_reader_main, im);
	while ((b = cs_queue_pop(&im->full)) != NULL) {
		if (!im->prepared && im->stop == GO_ON) {
			im->prepared = 1;
			prepare_statements(im);
		}
		if (im->stop == GO_ON)
			imp_pg_changes_begin(im, b);
		if (im->stop == GO_ON)
			imp_pg_prefetch(im, b);
		for (i = 0; i < b->nrows && im->stop == GO_ON; i++)
			store_batch_row(im, b, &b->rows[i]);
		if (im->stop == GO_ON && im->ngroup == 0 && imp_pg_copy_may_wait(im)) {
			im->held[im->nheld++] = b;	/* its rows wait to be copied */
			continue;
		}
		if (im->stop == GO_ON)
			flush_group(im);	/* its rows live in this batch */
		if (im->stop == GO_ON)
			imp_pg_changes_end(im);
		if (im->stop != GO_ON)
			atomic_store(&im->abort_read, 1);
		release_held(im);
		cs_queue_push(&im->spare, b);
	}
	if (im->stop == GO_ON)
		flush_group(im);	/* the rows of the batches held */
	release_held(im);
	cs_tasks_wait(&reader);
	cs_queue_free(&im->full, imp_free_batch);
	cs_queue_free(&im->spare, imp_free_batch);
	if (im->header_failed)
		im->stop = STOP_HEADER;
}

/*
 * Finishes the rejects output, putting the file in place; removes a
 * stale default rejects file (a regular file only) when none were
 * rejected.
 */
int
imp_close_rejects(struct importer *im)
{
	char err[4200];
	int rc = 0;

	if (im->rej != NULL && im->rej != stderr) {
		if (imp_end_recode(im) != 0) {
			cs_warnx(_("cannot write rejects: %s: write error"), im->rej_path);
			cs_out_abort(&im->rej_out);
			rc = -1;
		} else if (cs_out_commit(&im->rej_out, err, sizeof err) != 0) {
			cs_warnx(_("cannot write rejects: %s"), err);
			rc = -1;
		}
	} else if (im->rej == NULL && im->rej_default && im->o->dry_run == 0 && im->rej_path != NULL)
		cs_remove_stale(im->rej_path);
	im->rej = NULL;
	return rc;
}

/* Finalizes the prepared statements (before commit or rollback). */
void
imp_finalize_statements(struct importer *im)
{
	cs_stmt_finalize(im->insert);
	cs_stmt_finalize(im->insert_group);
	cs_stmt_finalize(im->upsert);
	cs_stmt_finalize(im->find_customer);
	cs_stmt_finalize(im->find_invoice);
	cs_stmt_finalize(im->find_complaint);
	cs_stmt_finalize(im->stub);
	cs_door_free(im->door);
	im->door = NULL;
	imp_pg_finalize(im);
	im->insert = im->insert_group = im->upsert = NULL;
	im->find_customer = im->find_invoice = im->find_complaint = im->stub = NULL;
}

