/*
 * cs_import.c - cs-import's engine: header mapping, row validation,
 * reference checks, upserts, rejects and the run record.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_batch.h"
#include "cs_err.h"
#include "cs_file.h"
#include "cs_import.h"
#include "cs_text.h"
#include "cs_work.h"

#define SHOWN_VALUE_CHARS 40
#define LOAD_CACHE_KIB (32L * 1024)	/* page cache during a load: bounded */
#define GROUP_ROWS 32			/* rows per multi-row INSERT */
#define IGNORED_COLUMN (-1)		/* colmap: --map FROM=- */
#define UNKNOWN_COLUMN (-2)		/* map_header: the table has no such column */
#define UNNAMED_COLUMN (-3)		/* colmap: an empty header cell */
#define MAX_PARAMS 32766		/* SQLite's limit on parameters */

/* Why reading stopped early, when it did. */
enum stop_reason { GO_ON, STOP_HEADER, STOP_TOO_MANY, STOP_CHANGED, STOP_TOO_LARGE, STOP_DB,
	STOP_IO };

/*
 * One file's import.  A reader thread reads, decodes, parses and
 * validates rows into batches (the fields marked "reader" below); the
 * main thread takes the batches in order and does everything that
 * touches the database or the output.  The header fields are written
 * by the reader before it passes on its first batch.
 */
struct importer {
	struct cs_db *db;
	const struct cs_import_opts *o;
	const struct cs_table *t;
	const char *path;		/* as given; "-" for stdin */
	const char *name;		/* for messages */
	struct cs_import_counts *c;
	long changed;			/* rows the upsert wrote */

	int have_header;		/* reader: the header */
	int header_failed;
	size_t nhdr;
	char **hdr;			/* header fields as read */
	int *colmap;			/* input field -> table column, or one of
					   IGNORED_COLUMN, UNNAMED_COLUMN */
	int *param;			/* table column -> bind parameter, 0 absent */

	struct cs_queue full;		/* reader -> main thread: batches to store */
	struct cs_queue spare;		/* main thread -> reader: batches to fill again */
	struct cs_batch *filling;	/* reader: the batch being filled */
	struct cs_value *rvals;		/* reader: values of the row being parsed */
	struct cs_buf rmsg, rwhy;	/* reader: scratch for reasons */
	atomic_int abort_read;		/* main thread: stop reading */
	int prepared;			/* main thread: statements ready */

	struct cs_value *vals;		/* table column -> value of the row being stored;
					   points into group_vals */
	struct cs_field *recfields;	/* storage for rebuilt records */
	size_t caprecfields;
	struct cs_field *groupfields;	/* the same, for rows of a failed group */
	size_t capgroupfields;

	struct cs_stmt *insert, *upsert, *find_customer, *find_invoice, *stub;
	struct cs_stmt *insert_group;	/* GROUP_ROWS rows at once, or NULL */
	int nparams;			/* parameters per row */
	long duplicates;		/* rows the plain insert found already present */

	/* Checked rows waiting to be inserted together (main thread). */
	struct cs_value *group_vals;	/* GROUP_ROWS x ncols */
	const struct cs_batch *group_batch;
	const struct cs_batch_row *group_rows[GROUP_ROWS];
	int ngroup;
	char *known_customer;		/* last customer id found to exist */
	int stub_needed;		/* the row's customer is to be created */

	FILE *rej;			/* rejects output, once opened */
	struct cs_out rej_out;		/* the rejects file, when not stderr */
	char *rej_path;			/* NULL for stderr */
	int rej_default;		/* rej_path is the default beside the input */
	int rej_started;		/* its header line is written */

	int fd;				/* the input */
	struct stat opened;		/* a regular input as it was when opened */
	int regular;			/* the input is a regular file */
	char started[32];		/* when the run began, UTC */
	struct cs_csv_opts copts;
	struct cs_csv_result res;	/* reader: how reading ended */

	enum stop_reason stop;		/* main thread */
	struct cs_buf msg;		/* scratch for a whole message */
	struct cs_buf why;		/* scratch for a reason inside a message */
	struct timespec last_progress;
	int progress_shown;
};

/* Returns the current time as YYYY-MM-DDTHH:MM:SSZ in buf. */
static const char *
utc_now(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/*
 * Appends a field's value for a message: quoted, cut to 40 characters,
 * or "(unprintable)" when it is not clean UTF-8 text.
 */
static void
append_shown_value(struct cs_buf *b, const char *s, size_t len)
{
	size_t i, chars = 0;

	if (cs_utf8_valid_prefix(s, len) != len || cs_has_control(s, len)) {
		cs_buf_puts(b, " (unprintable)");
		return;
	}
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > SHOWN_VALUE_CHARS)
			break;
	cs_buf_puts(b, " \"");
	cs_buf_append(b, s, i);
	cs_buf_puts(b, i < len ? "...\"" : "\"");
}

/* Returns the default rejects path for an input path: a.csv -> a.rejects.csv. */
static char *
default_rejects_path(const char *path)
{
	size_t n = strlen(path);
	struct cs_buf b = { 0 };

	if (n > 4 && cs_equal_nocase(path + n - 4, 4, ".csv"))
		n -= 4;
	cs_buf_append(&b, path, n);
	cs_buf_puts(&b, ".rejects.csv");
	return b.data;
}

/*
 * Opens the rejects output, unless it is open: stderr, or a new file
 * (0600, never through a link) that replaces the target when the
 * import ends.  Returns 0 on success.
 */
static int
open_rejects(struct importer *im)
{
	char err[4200];

	if (im->rej != NULL)
		return 0;
	if (im->rej_path == NULL)
		im->rej = stderr;
	else if (cs_out_open(&im->rej_out, im->rej_path, err, sizeof err) != 0) {
		cs_warnx("cannot write rejects: %s; nothing loaded", err);
		im->stop = STOP_IO;
		return -1;
	} else
		im->rej = im->rej_out.fp;
	return 0;
}

/* Opens the rejects output if needed and writes its header line once; 0 on success. */
static int
start_rejects(struct importer *im)
{
	const char *extra[] = { "line", "column", "reason" };
	size_t i;

	if (open_rejects(im) != 0)
		return -1;
	if (im->rej_started)
		return 0;
	im->rej_started = 1;
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

	if (start_rejects(im) != 0)
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
static void store_row(struct importer *im, const struct cs_record *rec);

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
	if (im->c->rejected <= im->o->show_rejects) {
		if (column > 0)
			cs_warnx("%s:%ld:%zu: %s", im->name, rec->line, column, reason);
		else
			cs_warnx("%s:%ld: %s", im->name, rec->line, reason);
	}
	write_reject(im, rec, rec->line, column, reason);
	if (im->o->max_errors >= 0 && im->c->rejected > im->o->max_errors &&
	    im->stop == GO_ON) {
		cs_warnx("%s: more than %ld rows rejected (--max-errors); "
		    "nothing loaded", im->name, im->o->max_errors);
		im->stop = STOP_TOO_MANY;
	}
}

/* Formats the reason for a bad field into out: "name "value": why". */
static void
field_reason(struct cs_buf *out, const struct cs_field *f, const char *colname,
    const char *why)
{
	cs_buf_clear(out);
	cs_buf_puts(out, colname);
	if (!f->null && f->len > 0)
		append_shown_value(out, f->s, f->len);
	cs_buf_puts(out, ": ");
	cs_buf_puts(out, why);
}

/* Rejects a record for field i with "name value: why" (main thread). */
static void
reject_field(struct importer *im, const struct cs_record *rec, size_t i,
    const char *colname, const char *why)
{
	field_reason(&im->msg, &rec->fields[i], colname, why);
	reject(im, rec, i + 1, im->msg.data);
}

/* Appends " (expected columns: a*, b, ...; * required)" to im->rmsg. */
static void
describe_columns(struct importer *im)
{
	int i;

	cs_buf_puts(&im->rmsg, " (expected columns: ");
	for (i = 0; i < im->t->ncols; i++) {
		cs_buf_printf(&im->rmsg, "%s%s%s", i ? ", " : "", im->t->cols[i].name,
		    im->t->cols[i].required ? "*" : "");
	}
	cs_buf_puts(&im->rmsg, "; * required)");
}

/* Refuses the file because of its header; the message gets the column list (reader). */
static void
header_error(struct importer *im, const char *fmt, const char *what)
{
	cs_buf_clear(&im->rmsg);
	cs_buf_printf(&im->rmsg, fmt, what);
	describe_columns(im);
	cs_warnx("%s:1: %s; nothing loaded", im->name, im->rmsg.data);
	im->header_failed = 1;
}

/*
 * Returns the table column an input header maps to (after --map),
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
	col = cs_table_column(im->t, s, len);
	return col >= 0 ? col : UNKNOWN_COLUMN;
}

/* Maps every header field to a column; returns 0, or -1 after a header error. */
static int
map_columns(struct importer *im, const struct cs_record *rec)
{
	size_t i;
	int col, n = 0;

	for (i = 0; i < rec->n; i++) {
		const char *s = rec->fields[i].s;
		size_t len = rec->fields[i].len;

		im->hdr[i] = cs_xstrndup(s, len);
		cs_trim(&s, &len);
		if (len == 0) {		/* Excel's trailing empty header cells */
			im->colmap[i] = UNNAMED_COLUMN;
			continue;
		}
		if ((col = map_header(im, s, len)) == UNKNOWN_COLUMN) {
			header_error(im, "unknown column \"%s\"", im->hdr[i]);
			return -1;
		}
		if (col >= 0 && im->param[col] != 0) {
			header_error(im, "column \"%s\" appears twice", im->t->cols[col].name);
			return -1;
		}
		im->colmap[i] = col;
		if (col >= 0)
			im->param[col] = 1;
	}
	for (col = 0; col < im->t->ncols; col++) {
		if (im->t->cols[col].required && im->param[col] == 0) {
			header_error(im, "missing required column \"%s\"", im->t->cols[col].name);
			return -1;
		}
		if (im->param[col])	/* parameters follow the table's column order */
			im->param[col] = ++n;
	}
	return 0;
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
	cs_buf_puts(sql, ") VALUES ");
	for (r = 0; r < rows; r++) {
		cs_buf_puts(sql, r ? ", (" : "(");
		for (i = 1; i <= n; i++)
			cs_buf_printf(sql, "%s?%d", i > 1 ? ", " : "", r * n + i);
		cs_buf_puts(sql, ")");
	}
	im->nparams = n;
}

/*
 * Builds the upsert for the columns present: the insert, then ON
 * CONFLICT (key) DO UPDATE SET the others, only where a value differs,
 * so an unchanged row is not rewritten.  Names come from the table
 * definitions, never from the input.
 */
static void
build_upsert(struct importer *im, struct cs_buf *sql)
{
	const struct cs_table *t = im->t;
	int i, n = 0, sets = 0;

	build_insert(im, sql, 1);
	cs_buf_puts(sql, " ON CONFLICT (");
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].key)
			cs_buf_printf(sql, "%s%s", n++ ? ", " : "", t->cols[i].dbname);
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

/* Reports a database failure and stops the import. */
static void
db_failure(struct importer *im, const char *what)
{
	if (im->stop == GO_ON)
		cs_warnx("%s: %s: %s", im->name, what, cs_db_errmsg(im->db));
	im->stop = STOP_DB;
}

/* Prepares the statements the rows need; returns 0 on success. */
static int
prepare_statements(struct importer *im)
{
	struct cs_buf sql = { 0 };

	build_insert(im, &sql, 1);
	im->insert = cs_db_prepare(im->db, sql.data);
	cs_buf_clear(&sql);
	if (GROUP_ROWS * im->nparams <= MAX_PARAMS) {
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
	im->stub = cs_db_prepare(im->db,
	    "INSERT INTO customers (customer_id, name) VALUES (?1, ?1)");
	if (im->insert && im->upsert && im->find_customer && im->find_invoice && im->stub)
		return 0;
	db_failure(im, "cannot prepare the import");
	return -1;
}

/* Handles the header record: maps its fields to columns (reader). */
static void
take_header(struct importer *im, const struct cs_record *rec)
{
	im->have_header = 1;
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
 * Parses every mapped field of rec into im->rvals (reader).  Returns 0,
 * or the 1-based column of the first bad field with the reason in
 * im->rmsg.  A value in a column without a header is refused rather
 * than dropped.
 */
static size_t
parse_fields(struct importer *im, const struct cs_record *rec)
{
	const char *why;
	size_t i;
	int col;

	for (i = 0; i < rec->n; i++) {
		if ((col = im->colmap[i]) == UNNAMED_COLUMN && !blank(&rec->fields[i])) {
			field_reason(&im->rmsg, &rec->fields[i], "(no header)",
			    "a value in a column without a name in the header");
			return i + 1;
		}
		if (col < 0)
			continue;
		const struct cs_column *c = &im->t->cols[col];
		why = cs_column_parse(c, rec->fields[i].s, rec->fields[i].len,
		    rec->fields[i].null, &im->rvals[col]);
		if (why != NULL) {
			field_reason(&im->rmsg, &rec->fields[i], c->name, why);
			return i + 1;
		}
	}
	return 0;
}

/* Returns the input field index that feeds table column col. */
static size_t
field_of(const struct importer *im, int col)
{
	size_t i;

	for (i = 0; i < im->nhdr; i++)
		if (im->colmap[i] == col)
			return i;
	return 0;
}

/*
 * Checks the table's date order (e.g. due_on >= issued_on) on the
 * parsed values (reader).  Returns 0, or the 1-based column of the
 * later date with the reason in im->rmsg.
 */
static size_t
check_date_order(struct importer *im, const struct cs_record *rec)
{
	const struct cs_date_order *o = &im->t->order;
	const struct cs_value *a, *b;
	size_t i;

	if (o->before < 0 || !im->param[o->before] || !im->param[o->after])
		return 0;
	a = &im->rvals[o->before];
	b = &im->rvals[o->after];
	if (a->kind == CS_VAL_NULL || b->kind == CS_VAL_NULL || strcmp(b->s, a->s) >= 0)
		return 0;
	cs_buf_clear(&im->rwhy);
	cs_buf_printf(&im->rwhy, "earlier than %s %s", im->t->cols[o->before].name, a->s);
	i = field_of(im, o->after);
	field_reason(&im->rmsg, &rec->fields[i], im->t->cols[o->after].name, im->rwhy.data);
	return i + 1;
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
	db_failure(im, "lookup failed");
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
 * Ensures the row's customer exists; with --create-customers, a
 * missing one is marked for a stub (im->stub_needed), made only once
 * the row is stored.  Returns 0 ok, -1 rejected or failed.
 */
static int
check_customer(struct importer *im, const struct cs_record *rec)
{
	int col = im->t->customer_ref, found;
	const struct cs_value *v = &im->vals[col];

	im->stub_needed = 0;
	if (im->known_customer != NULL && strlen(im->known_customer) == v->len &&
	    memcmp(im->known_customer, v->s, v->len) == 0)
		return 0;
	if ((found = lookup(im, im->find_customer, v)) < 0)
		return -1;
	cs_stmt_reset(im->find_customer);
	if (found)
		know_customer(im, v);
	else if (im->o->create_customers)
		im->stub_needed = 1;
	else {
		reject_field(im, rec, field_of(im, col), "customer_id", "no such customer");
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
	cs_stmt_bind_text(im->stub, 1, v->s, v->len);
	if (cs_stmt_step(im->stub) != CS_STEP_DONE) {
		db_failure(im, "cannot create customer");
		return;
	}
	cs_stmt_reset(im->stub);
	im->c->stubs++;
	know_customer(im, v);
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
	if ((found = lookup(im, im->find_invoice, inv)) < 0)
		return -1;
	if (!found) {
		reject_field(im, rec, field_of(im, col), "invoice_id", "no such invoice");
		return -1;
	}
	owner = cs_stmt_text(im->find_invoice, 0);
	if (strlen(owner) != cust->len || memcmp(owner, cust->s, cust->len) != 0) {
		cs_buf_clear(&im->why);
		cs_buf_printf(&im->why, "invoice of customer %s, not of this row's customer", owner);
		cs_stmt_reset(im->find_invoice);
		reject_field(im, rec, field_of(im, col), "invoice_id", im->why.data);
		return -1;
	}
	cs_stmt_reset(im->find_invoice);
	return 0;
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
		cs_buf_printf(&im->why, "refused by the database: %s", cs_db_errmsg(im->db));
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
		db_failure(im, "cannot store row");
}

/* Shows "NAME: N rows" on a terminal at most once a second. */
static void
show_progress(struct importer *im)
{
	struct timespec now;

	if (!im->o->progress || im->c->rows % 4096 != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - im->last_progress.tv_sec < 1)
		return;
	im->last_progress = now;
	im->progress_shown = 1;
	fprintf(stderr, "\r%s: %s: %ld rows", cs_progname(), im->name, im->c->rows);
}

/* Frees a batch left in a queue. */
static void
free_batch(void *b)
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
	size_t col;

	if (rec->n != im->nhdr) {
		cs_buf_clear(&im->rmsg);
		cs_buf_printf(&im->rmsg, "expected %zu fields, found %zu", im->nhdr, rec->n);
		cs_batch_reject(im->filling, row, (rec->n < im->nhdr ? rec->n : im->nhdr) + 1,
		    im->rmsg.data);
	} else if ((col = parse_fields(im, rec)) != 0 || (col = check_date_order(im, rec)) != 0)
		cs_batch_reject(im->filling, row, col, im->rmsg.data);
	else
		cs_batch_set_values(im->filling, row, rec, im->rvals, im->t->ncols);
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
		cs_warnx("%s:%ld:%zu: malformed header line (bad quoting); nothing loaded",
		    im->name, line, column);
		im->header_failed = 1;
		return 1;
	}
	row = cs_batch_add_row(im->filling, &rec);
	cs_batch_reject(im->filling, row, column, "malformed CSV: a quote inside an "
	    "unquoted field, or text after a closing quote (RFC 4180)");
	if (cs_batch_full(im->filling))
		pass_batch(im);
	return atomic_load(&im->abort_read);
}

/* The reader thread: reads the whole input into batches, then says it is done. */
static void *
reader_main(void *arg)
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
			db_failure(im, "cannot store rows");
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
	int grouping = im->insert_group != NULL && im->duplicates <= im->c->loaded / 2;
	struct cs_record rec;

	rebuild_record(b, row, &im->recfields, &im->caprecfields, &rec);
	im->c->rows++;
	show_progress(im);
	if (row->reason != SIZE_MAX) {
		reject(im, &rec, row->column, b->text.data + row->reason);
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

/*
 * Reads the input on a second thread and stores the batches it passes
 * on, in input order, on this one.  After a stop (too many rejects, a
 * database error) the reader is told to end and the rest is dropped.
 */
static void
load_rows(struct importer *im)
{
	struct cs_tasks reader;
	struct cs_batch *b;
	size_t i;

	cs_queue_init(&im->full, CS_QUEUE_SLOTS, 1);
	cs_queue_init(&im->spare, 0, 0);
	cs_tasks_init(&reader);
	cs_tasks_start(&reader, reader_main, im);
	while ((b = cs_queue_pop(&im->full)) != NULL) {
		if (!im->prepared && im->stop == GO_ON) {
			im->prepared = 1;
			prepare_statements(im);
		}
		for (i = 0; i < b->nrows && im->stop == GO_ON; i++)
			store_batch_row(im, b, &b->rows[i]);
		if (im->stop == GO_ON)
			flush_group(im);	/* its rows live in this batch */
		if (im->stop != GO_ON)
			atomic_store(&im->abort_read, 1);
		cs_queue_push(&im->spare, b);
	}
	cs_tasks_wait(&reader);
	cs_queue_free(&im->full, free_batch);
	cs_queue_free(&im->spare, free_batch);
	if (im->header_failed)
		im->stop = STOP_HEADER;
}

/*
 * Finishes the rejects output, putting the file in place; removes a
 * stale default rejects file (a regular file only) when none were
 * rejected.
 */
static int
close_rejects(struct importer *im)
{
	char err[4200];
	int rc = 0;

	if (im->rej != NULL && im->rej != stderr) {
		if (cs_out_commit(&im->rej_out, err, sizeof err) != 0) {
			cs_warnx("cannot write rejects: %s", err);
			rc = -1;
		}
	} else if (im->rej == NULL && im->rej_default && im->o->dry_run == 0 && im->rej_path != NULL)
		cs_remove_stale(im->rej_path);
	im->rej = NULL;
	return rc;
}

/* Inserts the import_runs record; returns 0 on success. */
static int
record_run(struct importer *im, const struct cs_csv_result *res,
    const char *started, const char *status)
{
	struct cs_stmt *st = cs_db_prepare(im->db,
	    "INSERT INTO import_runs (table_name, file, sha256, bytes, encoding, "
	    "started_at, finished_at, rows, loaded, inserted, updated, unchanged, "
	    "rejected, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14)");
	const struct cs_import_counts *c = im->c;
	const char *enc = cs_encoding_name(res->encoding);
	char finished[32];
	int64_t nums[] = { c->rows, c->loaded, c->inserted, c->updated, c->unchanged, c->rejected };
	int i, rc;

	if (st == NULL)
		return -1;
	utc_now(finished);
	cs_stmt_bind_text(st, 1, im->t->name, strlen(im->t->name));
	cs_stmt_bind_text(st, 2, im->path, strlen(im->path));
	if (res->status == CS_CSV_OK)
		cs_stmt_bind_text(st, 3, res->sha256, 64);
	cs_stmt_bind_int64(st, 4, (int64_t)res->bytes);
	cs_stmt_bind_text(st, 5, enc, strlen(enc));
	cs_stmt_bind_text(st, 6, started, strlen(started));
	cs_stmt_bind_text(st, 7, finished, strlen(finished));
	for (i = 0; i < 6; i++)
		cs_stmt_bind_int64(st, 8 + i, nums[i]);
	cs_stmt_bind_text(st, 14, status, strlen(status));
	rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
	cs_stmt_finalize(st);
	return rc;
}

/* Counts the rows of the import's table into *n; returns 0 on success. */
static int
count_rows(struct importer *im, int64_t *n)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", im->t->name);
	return cs_db_query_int64(im->db, sql, n);
}

/* Finalizes the prepared statements (before commit or rollback). */
static void
finalize_statements(struct importer *im)
{
	cs_stmt_finalize(im->insert);
	cs_stmt_finalize(im->insert_group);
	cs_stmt_finalize(im->upsert);
	cs_stmt_finalize(im->find_customer);
	cs_stmt_finalize(im->find_invoice);
	cs_stmt_finalize(im->stub);
	im->insert = im->insert_group = im->upsert = NULL;
	im->find_customer = im->find_invoice = im->stub = NULL;
}

/* Frees what the importer allocated. */
static void
importer_free(struct importer *im)
{
	size_t i;

	finalize_statements(im);
	for (i = 0; im->hdr != NULL && i < im->nhdr; i++)
		free(im->hdr[i]);
	free(im->hdr);
	free(im->colmap);
	free(im->param);
	free(im->group_vals);
	free(im->rvals);
	free(im->recfields);
	free(im->groupfields);
	free(im->known_customer);
	free(im->rej_path);
	cs_buf_free(&im->msg);
	cs_buf_free(&im->why);
	cs_buf_free(&im->rmsg);
	cs_buf_free(&im->rwhy);
}

/*
 * Refuses a regular input that changed while it was read (still being
 * written, or replaced): its size or modification time is not what it
 * was when opened, or fewer bytes were read than it holds.  Returns 0
 * when it is unchanged.
 */
static int
check_unchanged(struct importer *im)
{
	struct stat now;

	if (!im->regular)
		return 0;
	if (fstat(im->fd, &now) == 0 && now.st_size == im->opened.st_size &&
	    now.st_mtim.tv_sec == im->opened.st_mtim.tv_sec &&
	    now.st_mtim.tv_nsec == im->opened.st_mtim.tv_nsec &&
	    (uint64_t)now.st_size == im->res.bytes)
		return 0;
	cs_warnx("%s: the file changed while it was read (is it still being written?);"
	    " nothing loaded", im->name);
	im->stop = STOP_CHANGED;
	return -1;
}

/*
 * Maps how the import ended to an exit status: a stop on the main
 * thread first, else how the reader ended, printing what went wrong.
 * Input that ends without a header (empty, blank lines, only a BOM) is
 * refused as a bad header is.
 */
static int
reading_status(struct importer *im)
{
	const struct cs_csv_result *res = &im->res;

	switch (im->stop) {	/* the main thread's reason comes first */
	case STOP_DB:
		return CS_EXIT_DB;
	case STOP_IO:
		return CS_EXIT_IO;
	case STOP_HEADER:
	case STOP_TOO_MANY:
	case STOP_CHANGED:
	case STOP_TOO_LARGE:
		return CS_EXIT_DATA;
	case GO_ON:
		break;
	}
	switch (res->status) {
	case CS_CSV_OK:
		if (!im->have_header) {
			cs_warnx("%s: no header (the input is empty); nothing loaded", im->name);
			im->stop = STOP_HEADER;
			return CS_EXIT_DATA;
		}
		return check_unchanged(im) == 0 ? CS_EXIT_OK : CS_EXIT_DATA;
	case CS_CSV_EIO:
		cs_warnx("%s: cannot read: %s", im->name, res->message);
		return CS_EXIT_IO;
	case CS_CSV_ELIMIT:
	case CS_CSV_EQUOTE:
		if (res->error_column > 0)
			cs_warnx("%s:%ld:%zu: %s; nothing loaded", im->name, res->error_line,
			    res->error_column, res->message);
		else
			cs_warnx("%s:%ld: %s; nothing loaded", im->name, res->error_line,
			    res->message);
		return CS_EXIT_DATA;
	default:
		return CS_EXIT_DATA;
	}
}

/* Prints the one-line summary of a file. */
static void
print_summary(struct importer *im)
{
	const struct cs_import_counts *c = im->c;

	if (c->rejected > im->o->show_rejects)
		cs_note("%s: %ld more rejections not shown", im->name,
		    c->rejected - im->o->show_rejects);
	cs_note("%s: %ld rows, %ld loaded (%ld new, %ld updated, %ld unchanged), "
	    "%ld rejected%s%s", im->name, c->rows, c->loaded, c->inserted,
	    c->updated, c->unchanged, c->rejected,
	    c->stubs ? ", stub customers created" : "",
	    im->o->dry_run ? " (dry run: nothing written)" : "");
	if (c->rejected > 0 && im->rej_path != NULL)
		cs_note("%s: rejected rows are in %s", im->name, im->rej_path);
}

/*
 * Opens the input and notes a regular file's size and time, to tell
 * whether it changes while it is read.  Returns 0, or -1 after a
 * message.
 */
static int
open_input(struct importer *im)
{
	if (strcmp(im->path, "-") == 0)
		im->fd = STDIN_FILENO;
	else if ((im->fd = open(im->path, O_RDONLY)) < 0) {
		cs_warnx("%s: cannot open: %s", im->path, strerror(errno));
		return -1;
	}
	im->regular = fstat(im->fd, &im->opened) == 0 && S_ISREG(im->opened.st_mode);
	return 0;
}

/* Sets up the importer for one file. */
static void
importer_init(struct importer *im, struct cs_db *db, const char *path,
    const struct cs_import_opts *o, struct cs_import_counts *c)
{
	int stdin_input = strcmp(path, "-") == 0;

	memset(im, 0, sizeof *im);
	memset(c, 0, sizeof *c);
	im->fd = -1;
	im->db = db;
	im->o = o;
	im->t = o->table;
	im->path = path;
	im->copts.encoding = o->encoding;
	im->copts.max_field = o->max_field;
	im->name = stdin_input ? "stdin" : path;
	im->c = c;
	im->param = cs_xcalloc((size_t)im->t->ncols, sizeof *im->param);
	im->group_vals = cs_xcalloc((size_t)GROUP_ROWS * (size_t)im->t->ncols,
	    sizeof *im->group_vals);
	im->vals = im->group_vals;
	im->rvals = cs_xcalloc((size_t)im->t->ncols, sizeof *im->rvals);
	if (o->rejects_path != NULL && strcmp(o->rejects_path, "-") != 0)
		im->rej_path = cs_xstrdup(o->rejects_path);
	else if (o->rejects_path == NULL && !stdin_input) {
		im->rej_path = default_rejects_path(path);
		im->rej_default = 1;
	}
}

/* Derives new/updated/unchanged from the row counts before and after. */
static int
finish_counts(struct importer *im, int64_t before)
{
	int64_t after;

	if (count_rows(im, &after) != 0) {
		db_failure(im, "cannot count rows");
		return -1;
	}
	im->c->inserted = (long)(after - before);
	im->c->updated = im->changed - im->c->inserted;
	im->c->unchanged = im->c->loaded - im->changed;
	return 0;
}

/*
 * Checks the bound of cs-data(5) on every money column of the table:
 * its positive amounts add up to at most CS_MONEY_MAX_CENTS and its
 * negative ones to at least minus that, so that no total any program
 * computes (a customer's, the whole book's, one less another) can
 * overflow.  The sums are taken in floating point, which cannot
 * overflow and is only compared.  Returns 0, or -1 after a message (the
 * load is stopped) or a database failure.
 */
static int
check_money_bounds(struct importer *im)
{
	const struct cs_table *t = im->t;
	char sql[200], max[CS_MONEY_BUFSZ];
	struct cs_stmt *st;
	int i, over;

	for (i = 0; i < t->ncols; i++) {
		if (!cs_column_is_money(&t->cols[i]))
			continue;
		snprintf(sql, sizeof sql, "SELECT total(max(%s, 0)) > ?1 OR -total(min(%s, 0)) > ?1"
		    " FROM %s", t->cols[i].dbname, t->cols[i].dbname, t->name);
		if ((st = cs_db_prepare(im->db, sql)) == NULL ||
		    cs_stmt_bind_int64(st, 1, CS_MONEY_MAX_CENTS) != 0 ||
		    cs_stmt_step(st) != CS_STEP_ROW) {
			cs_stmt_finalize(st);
			db_failure(im, "cannot check the totals");
			return -1;
		}
		over = (int)cs_stmt_int64(st, 0);
		cs_stmt_finalize(st);
		if (over) {
			cs_warnx("%s: the %s of %s would add up to more than %s (or less than minus"
			    " that), the most cs-data(5) allows; nothing loaded", im->name,
			    t->cols[i].name, t->name, cs_money_format(CS_MONEY_MAX_CENTS, max));
			im->stop = STOP_TOO_LARGE;
			return -1;
		}
	}
	return 0;
}

/*
 * Ends the transaction: commit when all went well and this is no dry
 * run, else roll back (recording an aborted run, or a refused one for
 * a file refused whole).  Returns the status.
 */
static int
end_transaction(struct importer *im, int status, int64_t before)
{
	const struct cs_csv_result *res = &im->res;
	int complete = im->stop == GO_ON && res->status == CS_CSV_OK;

	if (complete && check_money_bounds(im) != 0) {
		complete = 0;
		status = im->stop == STOP_DB ? CS_EXIT_DB : CS_EXIT_DATA;
	}
	if (complete && finish_counts(im, before) != 0)
		complete = 0, status = CS_EXIT_DB;
	finalize_statements(im);
	if (complete && !im->o->dry_run) {
		if (record_run(im, res, im->started, "loaded") != 0 || cs_db_commit(im->db) != 0) {
			cs_warnx("%s: cannot commit: %s; nothing loaded", im->name,
			    cs_db_errmsg(im->db));
			cs_db_rollback(im->db);
			return CS_EXIT_DB;
		}
		return status;
	}
	cs_db_rollback(im->db);
	if (!complete && !im->o->dry_run && !cs_db_is_memory(im->db) &&
	    status != CS_EXIT_DB && cs_db_begin(im->db) == 0) {
		if (record_run(im, res, im->started,
		    im->stop == STOP_HEADER ? "refused" : "aborted") == 0)
			cs_db_commit(im->db);
		cs_db_rollback(im->db);
	}
	return status;
}

/*
 * Starts the load: references checked by the importer itself, so the
 * database's own per-row enforcement (a statement journal per row) is
 * off; the write lock; the schema; the rows before.  Returns 0, or an
 * exit status after a message.
 */
static int
begin_load(struct importer *im, int64_t *before)
{
	struct cs_db *db = im->db;

	if (cs_db_set_foreign_keys(db, 0) == 0 && cs_db_tune_for_load(db, LOAD_CACHE_KIB) == 0 &&
	    cs_db_begin(db) == 0 && cs_db_migrate(db) == 0 && count_rows(im, before) == 0)
		return 0;
	if (cs_db_is_busy(db))
		cs_warnx("%s: the database is locked by another process; gave up after the"
		    " lock timeout (CS_LOCK_TIMEOUT); nothing loaded", im->name);
	else
		cs_warnx("%s: database: %s", im->name, cs_db_errmsg(db));
	cs_db_rollback(db);
	return cs_db_is_busy(db) ? CS_EXIT_BUSY : CS_EXIT_DB;
}

/*
 * Puts the rejects file in place before the rows are committed, so
 * that a row is never stored while the file that keeps its rejected
 * neighbours could not be written.  An explicit rejects file always
 * gets its header.  Returns 0, or -1 (the load is then stopped).
 */
static int
finish_rejects(struct importer *im)
{
	if (im->have_header && im->stop == GO_ON && im->rej_path && !im->rej_default &&
	    im->res.status == CS_CSV_OK)
		start_rejects(im);
	if (close_rejects(im) == 0)
		return 0;
	if (im->stop == GO_ON)
		im->stop = STOP_IO;
	return -1;
}

/* Reads and stores the rows, and ends the transaction; returns the exit status. */
static int
load(struct importer *im, int64_t before)
{
	int status;

	load_rows(im);
	if (im->progress_shown)
		fputs("\r\033[K", stderr);	/* erase the progress line */
	status = reading_status(im);
	if (im->o->encoding == CS_ENC_AUTO && im->res.bytes > 0 && im->stop != STOP_HEADER)
		cs_note("%s: read as %s", im->name, cs_encoding_name(im->res.encoding));
	if (status == CS_EXIT_OK && im->c->rejected > 0)
		status = CS_EXIT_DATA;
	if (finish_rejects(im) != 0)
		status = cs_exit_worst(status, CS_EXIT_IO);
	status = end_transaction(im, status, before);
	if (im->stop == GO_ON && im->res.status == CS_CSV_OK && status != CS_EXIT_DB)
		print_summary(im);
	return status;
}

int
cs_import_file(struct cs_db *db, const char *path,
    const struct cs_import_opts *o, struct cs_import_counts *c)
{
	struct importer im;
	int64_t before = 0;
	int status;

	importer_init(&im, db, path, o, c);
	if (o->progress)	/* the first progress line comes after a second */
		clock_gettime(CLOCK_MONOTONIC, &im.last_progress);
	utc_now(im.started);
	if (open_input(&im) != 0 ||
	    (im.rej_path != NULL && !im.rej_default && open_rejects(&im) != 0))
		status = CS_EXIT_IO;
	else if ((status = begin_load(&im, &before)) == 0)
		status = load(&im, before);
	cs_db_set_foreign_keys(db, 1);
	if (im.rej != NULL && im.rej != stderr)	/* not finished: the load never began */
		cs_out_abort(&im.rej_out);
	if (im.fd > STDIN_FILENO)
		close(im.fd);
	importer_free(&im);
	return status;
}
