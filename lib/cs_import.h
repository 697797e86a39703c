/*
 * cs_import.h - loading one CSV file into one table of the database:
 * validated, in one transaction, upserting by key, with every rejected
 * row kept in a rejects file.
 */
#ifndef CS_IMPORT_H
#define CS_IMPORT_H

#include <stddef.h>

#include "cs_csv.h"
#include "cs_db.h"
#include "cs_progress.h"
#include "cs_table.h"

/* The largest --max-field-size: the most bytes SQLite stores in one value. */
#define CS_MAX_FIELD_BYTES 1000000000

/* A --map FROM=TO rename; to == NULL ignores the input column. */
struct cs_import_map {
	const char *from;
	const char *to;
};

struct cs_import_opts {
	const struct cs_table *table;
	const struct cs_import_map *maps;
	size_t nmaps;
	enum cs_encoding encoding;
	int tsv;			/* --tsv: fields separated by tabs */
	size_t max_field;		/* bytes */
	long max_errors;		/* -1: unlimited */
	int dry_run;
	int create_customers;		/* stub unknown customers instead of rejecting */
	const char *rejects_path;	/* NULL: beside the input, or stderr for stdin */
	struct cs_progress progress;	/* told the rows read as they are */
	int show_rejects;		/* how many rejections to print on stderr */
};

struct cs_import_counts {
	long rows;			/* data records read */
	long loaded;			/* rows written (new + updated + unchanged) */
	long inserted, updated, unchanged;
	long rejected;
	long stubs;			/* customers created by create_customers */
};

/*
 * Imports the CSV file at path ("-" for standard input) into
 * opts->table of db, in one transaction that is committed only when
 * the file was read to its end (rolled back on a dry run, a refused
 * header, a malformed file, a database error or too many rejects).
 * Prints the summary and the first rejections on stderr.  Fills *counts
 * and returns a cs_exit status: 0 all loaded, 1 rows or the file
 * rejected, 3 database error, 4 input or rejects file error.
 */
int cs_import_file(struct cs_db *db, const char *path,
    const struct cs_import_opts *opts, struct cs_import_counts *counts);

#endif
