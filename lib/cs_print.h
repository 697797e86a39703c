/*
 * cs_print.h - the output formats every cs program shares: CSV rows,
 * and aligned text tables that stay aligned with CJK text.
 */
#ifndef CS_PRINT_H
#define CS_PRINT_H

#include <stddef.h>
#include <stdio.h>

/* Rows of text fields, as printed. */
struct cs_text_rows {
	char **field;			/* n * ncols strings */
	size_t ncols, n, cap;
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

/*
 * Prints rows under header to standard output as cs_print_table does,
 * then frees them.  Returns 0, or -1 when writing failed.
 */
int cs_print_rows(int text, const char *const *header, struct cs_text_rows *rows,
    const char *align);

#endif
