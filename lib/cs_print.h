/*
 * cs_print.h - the output formats every cs program shares: CSV rows,
 * and aligned text tables that stay aligned with CJK text.
 */
#ifndef CS_PRINT_H
#define CS_PRINT_H

#include <stddef.h>
#include <stdio.h>

/* A block of the bytes of fields, filled from the start. */
struct cs_text_block {
	struct cs_text_block *next;	/* the block filled before this one */
	size_t used, size;
	char data[];
};

/*
 * Rows of text fields, as printed.  The fields' bytes are kept in a few
 * large blocks rather than one allocation each (a million rows of six
 * short fields: about half the memory).
 */
struct cs_text_rows {
	char **field;			/* n * ncols strings, each in a block */
	size_t ncols, n, cap;
	struct cs_text_block *block;	/* the block being filled, or NULL */
};

/* Starts an empty set of rows of ncols fields. */
void cs_text_rows_init(struct cs_text_rows *r, size_t ncols);

/* Appends a row of r->ncols copies of f[] (NULL: empty). */
void cs_text_rows_add(struct cs_text_rows *r, const char *const *f);

/* Frees the rows' fields; the rows are empty again after. */
void cs_text_rows_free(struct cs_text_rows *r);

/*
 * Prints a table of n rows of ncols fields (field[row * ncols + col])
 * under header, as CSV (text 0) or as aligned text columns (text 1),
 * where columns whose align letter is 'r' are aligned right and the
 * others left; widths are display widths.  Returns 0, or -1 when
 * writing failed.
 */
int cs_print_table(FILE *fp, int text, const char *const *header, size_t ncols,
    char *const *field, size_t n, const char *align);

/* How a program writes its tables: --format, --excel, --no-header. */
struct cs_output {
	int format;			/* enum cs_format */
	int excel;			/* CSV for spreadsheets */
	int no_header;			/* CSV without its header line (appending) */
	int header_zh;			/* CSV: the header's Chinese labels (--header zh) */
};

/*
 * Prints rows under header to standard output in o's format (as
 * cs_table_out does), then frees them.  Returns 0, or -1 when writing
 * failed.
 */
int cs_print_rows(const struct cs_output *o, const char *const *header,
    struct cs_text_rows *rows, const char *align);

/* Writes one CSV record of n fields (NULL: empty); with excel, cells that
 * start with = + - @ tab or CR (and are not plain numbers) get a leading
 * quote, so a spreadsheet does not run them as formulas, and labels Excel
 * would turn into dates or numbers (1-30, 1/2, 2026-01, 007) are written
 * as ="1-30", which it shows as they are. */
void cs_csv_write_record(FILE *fp, const char *const *f, size_t n, int excel);

/* Writes s as a JSON string, escaped. */
void cs_json_string(FILE *fp, const char *s);

/* Writes a JSON value: a number in a numeric column (when s is one), null when empty, else a string. */
void cs_json_field(FILE *fp, const char *s, int numeric);

/* The formats of tabular output, --format's words in order: csv, text, json. */
enum cs_format { CS_FORMAT_CSV, CS_FORMAT_TEXT, CS_FORMAT_JSON };

/* Parses "csv", "text" or "json"; returns 0, or -1 for anything else. */
int cs_format_parse(const char *name, enum cs_format *f);

/*
 * A table written as its rows come: CSV (with its header unless
 * no_header; with a byte order mark and formula-safe cells when excel)
 * and JSON (an array of objects keyed by the header's names, numbers
 * as numbers in the columns align marks 'r') at once; aligned text at
 * the end, when every width is known.
 */
struct cs_table_out {
	FILE *fp;
	enum cs_format format;
	int excel, no_header, header_zh;
	const char *const *header;
	size_t ncols;
	const char *align;
	size_t nrows;
	struct cs_text_rows rows;	/* text: kept until the end */
};

/*
 * Starts a table on fp in o's format (CSV: with the header's Chinese
 * labels when o->header_zh); header and align must outlive it.
 */
void cs_table_out_begin(struct cs_table_out *t, FILE *fp, const struct cs_output *o,
    const char *const *header, size_t ncols, const char *align);

/*
 * Writes header's n names as a CSV record (excel as cs_csv_write_record):
 * their Chinese labels (cs_label_zh) when zh, else as they are.
 */
void cs_csv_write_header(FILE *fp, const char *const *header, size_t n, int excel, int zh);

/* Adds a row of t->ncols fields (NULL: empty). */
void cs_table_out_row(struct cs_table_out *t, const char *const *f);

/* Ends the table (text is written now).  Returns 0, or -1 when writing failed. */
int cs_table_out_end(struct cs_table_out *t);

#endif
