/*
 * cs_import.c - cs-import's engine, one file from beginning to end: the
 * input opened, the transaction begun, the rows read (cs_import_read.c)
 * and stored (cs_import_store.c), the bounds checked, the run recorded,
 * the transaction committed or rolled back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_import_impl.h"

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

/* Returns the default rejects path for an input path: a.csv (or .tsv, .txt) -> a.rejects.csv. */
static char *
default_rejects_path(const char *path)
{
	size_t n = strlen(path);
	struct cs_buf b = { 0 };

	if (n > 4 && (cs_equal_nocase(path + n - 4, 4, ".csv") ||
	    cs_equal_nocase(path + n - 4, 4, ".tsv") || cs_equal_nocase(path + n - 4, 4, ".txt")))
		n -= 4;
	cs_buf_append(&b, path, n);
	cs_buf_puts(&b, ".rejects.csv");
	return b.data;
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

/* Frees what the importer allocated. */
static void
importer_free(struct importer *im)
{
	size_t i;

	imp_finalize_statements(im);
	free(im->held_keys);
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
	free(im->complaint_owner);
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
	cs_warnx(_("%s: the file changed while it was read (is it still being written?);"
	    " nothing loaded"), im->name);
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
			cs_warnx(_("%s: no header (the input is empty); nothing loaded"), im->name);
			im->stop = STOP_HEADER;
			return CS_EXIT_DATA;
		}
		return check_unchanged(im) == 0 ? CS_EXIT_OK : CS_EXIT_DATA;
	case CS_CSV_EIO:
		cs_warnx(_("%s: cannot read: %s"), im->name, res->message);
		return CS_EXIT_IO;
	case CS_CSV_ELIMIT:
	case CS_CSV_EQUOTE:
		if (res->error_column > 0)
			cs_warnx(_("%s:%ld:%zu: %s; nothing loaded"), im->name, res->error_line,
			    res->error_column, res->message);
		else
			cs_warnx(_("%s:%ld: %s; nothing loaded"), im->name, res->error_line,
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
		cs_note(_("%s: %ld more rejections not shown"), im->name,
		    c->rejected - im->o->show_rejects);
	cs_note(_("%s: %ld rows, %ld loaded (%ld new, %ld updated, %ld unchanged), "
	    "%ld rejected%s%s"), im->name, c->rows, c->loaded, c->inserted,
	    c->updated, c->unchanged, c->rejected,
	    c->stubs ? _(", stub customers created") : "",
	    im->o->dry_run ? _(" (dry run: nothing written)") : "");
	if (c->rejected > 0 && im->rej_path != NULL)
		cs_note(_("%s: rejected rows are in %s"), im->name, im->rej_path);
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
		cs_warnx(_("%s: cannot open: %s"), im->path, strerror(errno));
		return -1;
	}
	im->regular = fstat(im->fd, &im->opened) == 0 && S_ISREG(im->opened.st_mode);
	return 0;
}

/*
 * Returns how the fields of the file at path are separated: tabs with
 * --tsv; guessed from the header (tabs when it has a tab and no comma)
 * for a name ending in .tsv or .txt, and for UTF-16 input (the CSV
 * reader's default); else commas.
 */
static enum cs_separator
separator_of(const char *path, const struct cs_import_opts *o)
{
	size_t n = strlen(path);

	if (o->tsv)
		return CS_SEP_TAB;
	if (n > 4 && (cs_equal_nocase(path + n - 4, 4, ".tsv") ||
	    cs_equal_nocase(path + n - 4, 4, ".txt")))
		return CS_SEP_GUESS;
	return CS_SEP_DEFAULT;
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
	im->copts.separator = separator_of(path, o);
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
		imp_db_failure(im, "cannot count rows");
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
		snprintf(sql, sizeof sql, cs_db_sql(im->db,
		    "SELECT total(max(%s, 0)) > ?1 OR -total(min(%s, 0)) > ?1 FROM %s",
		    "SELECT coalesce(sum(greatest(%s, 0)), 0) > ?1"
		    " OR -coalesce(sum(least(%s, 0)), 0) > ?1 FROM %s"),
		    t->cols[i].dbname, t->cols[i].dbname, t->name);
		if ((st = cs_db_prepare(im->db, sql)) == NULL ||
		    cs_stmt_bind_int64(st, 1, CS_MONEY_MAX_CENTS) != 0 ||
		    cs_stmt_step(st) != CS_STEP_ROW) {
			cs_stmt_finalize(st);
			imp_db_failure(im, "cannot check the totals");
			return -1;
		}
		over = (int)cs_stmt_int64(st, 0);
		cs_stmt_finalize(st);
		if (over) {
			cs_warnx(_("%s: the %s of %s would add up to more than %s (or less than minus"
			    " that), the most cs-data(5) allows; nothing loaded"), im->name,
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
	imp_finalize_statements(im);
	if (complete && !im->o->dry_run) {
		if (imp_pg_restore_keys(im) != 0 ||
		    record_run(im, res, im->started, "loaded") != 0 || cs_db_commit(im->db) != 0) {
			cs_warnx(_("%s: cannot commit: %s; nothing loaded"), im->name,
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
 * off; the write lock; the schema; the rows before; an empty table's
 * foreign keys held until the end (imp_pg_hold_keys).  Returns 0, or an
 * exit status after a message.
 */
static int
begin_load(struct importer *im, int64_t *before)
{
	struct cs_db *db = im->db;

	if (cs_db_set_foreign_keys(db, 0) == 0 && cs_db_tune_for_load(db, LOAD_CACHE_KIB) == 0 &&
	    cs_db_begin(db) == 0 && cs_db_migrate(db) == 0 && count_rows(im, before) == 0 &&
	    (*before > 0 || imp_pg_hold_keys(im) == 0))
		return 0;
	if (cs_db_is_busy(db))
		cs_warnx(_("%s: the database is locked by another process; gave up after the"
		    " lock timeout (CS_LOCK_TIMEOUT); nothing loaded"), im->name);
	else
		cs_warnx(_("%s: database: %s"), im->name, cs_db_errmsg(db));
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
		imp_start_rejects(im);
	if (imp_close_rejects(im) == 0)
		return 0;
	if (im->stop == GO_ON)
		im->stop = STOP_IO;
	return -1;
}

/*
 * Says how the input was read when it was detected: the encoding and
 * why (cs_csv_read's order: a byte order mark, UTF-8 validity, else
 * GB18030), and tabs when they were not asked for with --tsv.
 */
static void
note_encoding(struct importer *im)
{
	const struct cs_csv_result *res = &im->res;
	int tabs = res->tabs && !im->o->tsv;

	if (im->o->encoding == CS_ENC_AUTO)
		cs_note(_("%s: read as %s (%s)%s"), im->name, cs_encoding_name(res->encoding),
		    res->detected != NULL ? _(res->detected) : _("detected"), tabs ? _(", tab-separated") : "");
	else if (tabs)
		cs_note(_("%s: read as tab-separated"), im->name);
}

/* Reads and stores the rows, and ends the transaction; returns the exit status. */
static int
load(struct importer *im, int64_t before)
{
	int status;

	imp_load_rows(im);
	status = reading_status(im);
	if (im->res.bytes > 0 && im->stop != STOP_HEADER)
		note_encoding(im);
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
	utc_now(im.started);
	if (open_input(&im) != 0 ||
	    (im.rej_path != NULL && !im.rej_default && imp_open_rejects(&im) != 0))
		status = CS_EXIT_IO;
	else if ((status = begin_load(&im, &before)) == 0)
		status = load(&im, before);
	cs_db_set_foreign_keys(db, 1);
	if (im.rej != NULL && im.rej != stderr) {	/* not finished: the load never began */
		imp_end_recode(&im);
		cs_out_abort(&im.rej_out);
	}
	if (im.fd > STDIN_FILENO)
		close(im.fd);
	importer_free(&im);
	return status;
}

