/*
 * cs_import_impl.h - what the three parts of the importer share: the
 * state of one file's import (struct importer) and the functions one
 * part calls in another.  cs_import.c runs a file from beginning to
 * end; cs_import_read.c is the reader thread, which parses and
 * validates rows into batches; cs_import_store.c is the main thread's
 * side, which checks references, stores rows and keeps the rejects.
 * Not part of the library's interface.
 */
#ifndef CS_IMPORT_IMPL_H
#define CS_IMPORT_IMPL_H

#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#include "cs_batch.h"
#include "cs_door.h"
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
#define IMP_COPY_BATCHES 16		/* PostgreSQL: batches copied at once, at most */
#define IMP_COPY_ROWS (IMP_COPY_BATCHES * CS_BATCH_ROWS)

/* Why reading stopped early, when it did. */
enum stop_reason { GO_ON, STOP_HEADER, STOP_TOO_MANY, STOP_CHANGED, STOP_TOO_LARGE, STOP_DB,
	STOP_IO };

/* A sorted set of ids (cs_import_pgref.c), each a string, after which may follow more. */
struct imp_idset {
	char **v;
	size_t n, cap;
};

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
	enum cs_encoding in_encoding;	/* the input's, as it was read */
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

	struct cs_stmt *insert, *upsert, *find_customer, *find_invoice, *find_complaint, *stub;
	struct cs_stmt *insert_group;	/* GROUP_ROWS rows at once, or NULL */
	char *complaint_owner;		/* complaint_events: the customer of the row's complaint */

	/* PostgreSQL only (cs_import_pg.c). */
	int pg;				/* the database speaks PostgreSQL */
	int owner_param;		/* complaint_events: customer_id's parameter, 0 none */
	struct cs_stmt *find_owner, *drop_row, *find_paid, *move_events;
	struct cs_stmt *rc_before, *rc_after;	/* customers: record_changes around writes */
	struct cs_stmt *rc_new;		/* customers: the same when all are new */
	int rc_all_new;			/* customers: none of im->ids existed before the batch */
	struct cs_buf rc_low, rc_high;	/* customers: the least and greatest of im->ids */
	struct cs_buf ids;		/* customers: ids being written, as a text[] literal */
	int rc_per_row;			/* customers: the batch names a customer twice */
	struct cs_buf lookup_ids;	/* ids of a batch's look-up, as a text[] literal */
	struct cs_value *pgvals;	/* scratch values of one row */
	struct cs_stmt *copy_upsert;	/* the copied rows into the table, or NULL: no COPY */
	struct cs_stmt *copy_check;	/* the copied rows need the row-by-row path */
	struct cs_stmt *copy_truncate;	/* empties the temporary table */
	char *copy_sql;			/* COPY cs_import_rows (columns) FROM STDIN */
	char *direct_sql;		/* COPY table (columns) FROM STDIN */
	struct cs_stmt *copy_new;	/* how many of a batch's ids the table has */
	struct cs_stmt *copy_range;	/* whether the table has an id in a batch's range */
	long copy_old;			/* flushes in a row whose rows were not all new */
	struct cs_buf copy;		/* the rows waiting, in COPY's text format */
	const struct cs_batch *copy_batches[IMP_COPY_ROWS];	/* the batch of each row waiting */
	const struct cs_batch_row *copy_rows[IMP_COPY_ROWS];
	int ncopy;
	struct cs_batch *held[IMP_COPY_BATCHES];	/* batches that rows waiting live in */
	int nheld;
	struct cs_value *copyvals;	/* values of a row stored on its own after a failed copy */
	struct cs_stmt *find_customers;	/* the customers of a batch, in one query */
	struct imp_idset known;		/* those found */
	struct cs_stmt *find_owners;	/* the invoices or complaints a batch names */
	struct imp_idset owners;	/* those found, each "id\0customer_id" */
	char *held_keys;		/* the ALTER adding back the foreign keys dropped for the load */
	int nparams;			/* parameters per row */
	long duplicates;		/* rows the plain insert found already present */

	/* Checked rows waiting to be inserted together (main thread). */
	struct cs_value *group_vals;	/* GROUP_ROWS x ncols */
	const struct cs_batch *group_batch;
	const struct cs_batch_row *group_rows[GROUP_ROWS];
	int ngroup;
	char *known_customer;		/* last customer id found to exist */
	int stub_needed;		/* the row's customer is to be created */
	struct cs_door *door;		/* customers: the blacklist, read once (cs_door.h) */
	int door_cols[3];		/* customers: the name, phone and reg_no columns */

	FILE *rej;			/* rejects output, once opened */
	struct cs_out rej_out;		/* the rejects file, when not stderr */
	FILE *rej_recode;		/* rej when it converts to the input's encoding */
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
};

/* Reader: the reader thread's body, which reads the whole input into batches. */
void *imp_reader_main(void *arg);

/* Reader: frees a batch left in a queue. */
void imp_free_batch(void *b);

/* Returns the input field index that feeds table column col. */
size_t imp_field_of(const struct importer *im, int col);

/* Formats the reason for a bad field into out: "name "value": why". */
void imp_field_reason(struct cs_buf *out, const struct cs_field *f, const char *colname,
    const char *why);

/*
 * Main thread: reads the input on the reader thread and stores the
 * batches it passes on, in input order.
 */
void imp_load_rows(struct importer *im);

/* Main thread: opens the rejects output, unless it is open; 0 on success. */
int imp_open_rejects(struct importer *im);

/* Main thread: opens the rejects output if needed and writes its header line once. */
int imp_start_rejects(struct importer *im);

/* Main thread: closes the converting stream of the rejects file, if any; 0 on success. */
int imp_end_recode(struct importer *im);

/* Main thread: puts the rejects file in place, or removes a stale default one. */
int imp_close_rejects(struct importer *im);

/* Main thread: reports a database failure and stops the import. */
void imp_db_failure(struct importer *im, const char *what);

/* Main thread: finalizes the prepared statements (before commit or rollback). */
void imp_finalize_statements(struct importer *im);

/*
 * PostgreSQL (cs_import_pg.c), where the keys of customer tables hold
 * customer_id, no trigger writes record_changes and complaint_events
 * carries its customer.  Each does nothing on SQLite.
 */

/* Appends the conflict target of the table's upsert: its PostgreSQL key. */
void imp_pg_conflict_target(struct importer *im, struct cs_buf *sql);

/* Prepares the statements of the PostgreSQL side; returns 0, or -1 after imp_db_failure. */
int imp_pg_prepare(struct importer *im);

/*
 * Moves the row's id from another customer, as SQLite's upsert on the
 * id alone would: the old row deleted (a complaint's events follow it).
 * Returns 0 (nothing to move, or moved), 1 refused with the reason in
 * im->why (an invoice named by payments), -1 after imp_db_failure.
 */
int imp_pg_move(struct importer *im);

/*
 * customers: keeps the rows of the batch's customers before they are
 * written (imp_pg_changes_begin), then writes their record_changes rows
 * as SQLite's triggers do (imp_pg_changes_end).  imp_pg_stub does both
 * around the creation of the stub customer id[0..len).  Return 0, or
 * -1 after imp_db_failure.
 */
int imp_pg_changes_begin(struct importer *im, const struct cs_batch *b);
int imp_pg_changes_end(struct importer *im);
int imp_pg_stub(struct importer *im, const char *id, size_t len);

/*
 * customers, in a batch that names a customer twice (im->rc_per_row):
 * the same around the write of the row in im->vals alone.  Elsewhere
 * they do nothing.  Return 0, or -1 after imp_db_failure.
 */
int imp_pg_row_changes_begin(struct importer *im);
int imp_pg_row_changes_end(struct importer *im);

/*
 * The COPY path (issue 17 item 3): checked rows wait as COPY text
 * (imp_pg_copy_add, when imp_pg_copy_wanted); imp_pg_copy_flush copies
 * them into a temporary table and upserts them all in one statement.
 * It returns 0 (stored, im->c->loaded and im->changed counted), 1 when
 * they must be stored one by one instead (a row the database refuses,
 * a key twice, an id under another customer: nothing was written), or
 * -1 after imp_db_failure.
 */
int imp_pg_copy_wanted(const struct importer *im);

/*
 * Looks up in one query each the customers and the invoices or
 * complaints that the batch's rows name (imp_pg_prefetch: 0, or -1
 * after imp_db_failure; cs_import_pgref.c); imp_pg_known then says
 * whether v is one of the customers found (0: unknown, look it up),
 * imp_pg_owner returns the customer of the invoice or complaint v, or
 * NULL when none was found (look it up).  imp_pg_prefetch_free frees
 * what they hold.
 */
int imp_pg_prefetch(struct importer *im, const struct cs_batch *b);
int imp_pg_known(const struct importer *im, const struct cs_value *v);
const char *imp_pg_owner(const struct importer *im, const struct cs_value *v);
void imp_pg_prefetch_free(struct importer *im);

/*
 * Makes out the PostgreSQL text array ("{...}") of column col of the
 * batch's rows that have no reason to be refused, text values only.
 */
void imp_pg_batch_ids(struct importer *im, const struct cs_batch *b, int col,
    struct cs_buf *out);
void imp_pg_copy_add(struct importer *im, const struct cs_batch *b,
    const struct cs_batch_row *row, const struct cs_value *vals);
int imp_pg_copy_flush(struct importer *im);

/*
 * Returns nonzero when the rows waiting to be copied may wait for the
 * next batch (their batch is then held, im->held): up to
 * IMP_COPY_BATCHES batches go in one copy, fewer statements and
 * subtransactions (past 64 in a transaction the server's visibility
 * checks slow down).  customers' record_changes, written around each
 * batch, keep theirs to one batch.
 */
int imp_pg_copy_may_wait(const struct importer *im);

/*
 * imp_pg_key_columns sets keys to the table's own key columns and
 * returns how many (the id alone past IMP_MAX_KEY_COLS);
 * imp_pg_count_keys_found returns how many keys of the rows waiting to
 * be copied the table has, or -1 after imp_db_failure.
 */
#define IMP_MAX_KEY_COLS 4
/* Appends the id s[0..len) to the text[] literal in out ("{" to begin it). */
void imp_pg_add_id(struct cs_buf *out, const char *s, size_t len);
int imp_pg_key_columns(const struct importer *im, int keys[IMP_MAX_KEY_COLS]);
int64_t imp_pg_count_keys_found(struct importer *im);

/* Adds s (the set then owns it); frees the set's members and storage. */
void imp_idset_add(struct imp_idset *set, char *s);
void imp_idset_free(struct imp_idset *set);

/*
 * The first load of an empty table (cs_import_pgkeys.c): imp_pg_hold_keys
 * drops the table's foreign keys that the user may add back (none on
 * SQLite, or with CS_IMPORT_KEEP_KEYS set) and imp_pg_restore_keys adds
 * them back (the checks deferred until then run first), each checked in
 * one pass over the table; both return 0, or -1 on a database error.
 */
int imp_pg_hold_keys(struct importer *im);
int imp_pg_restore_keys(struct importer *im);

/* Finalizes the statements of the PostgreSQL side. */
void imp_pg_finalize(struct importer *im);

#endif
