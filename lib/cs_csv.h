/*
 * cs_csv.h - a streaming RFC 4180 reader on top of libcsv that knows
 * line numbers, text encodings and size limits, and a CSV writer.
 */
#ifndef CS_CSV_H
#define CS_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum cs_encoding { CS_ENC_AUTO, CS_ENC_UTF8, CS_ENC_GB18030, CS_ENC_UTF16LE, CS_ENC_UTF16BE };

/* Returns "auto", "utf-8", "gb18030", "utf-16le" or "utf-16be". */
const char *cs_encoding_name(enum cs_encoding enc);

/*
 * Parses an encoding name (auto, utf-8, utf8, gb18030, gbk, gb2312,
 * utf-16le, utf-16be; case ignored); returns 0 on success.
 */
int cs_encoding_parse(const char *name, enum cs_encoding *enc);

/* One field of a record: NULL (empty and unquoted) or bytes s[0..len). */
struct cs_field {
	const char *s;
	size_t len;
	int null;
};

/* A record: its fields and the physical line (1-based) where it starts. */
struct cs_record {
	const struct cs_field *fields;
	size_t n;
	long line;
};

/* What the reader calls; each callback returns 0 to go on, nonzero to stop. */
struct cs_csv_handler {
	/* A complete record; the fields are valid only during the call. */
	int (*record)(void *ctx, const struct cs_record *rec);
	/*
	 * A record that breaks the quoting rules at physical line 'line',
	 * in its field number 'column' (1-based); raw holds that line's
	 * text.  Reading resumes on the next line.
	 */
	int (*malformed)(void *ctx, long line, size_t column, const char *raw, size_t rawlen);
	void *ctx;
};

/* How fields are separated. */
enum cs_separator {
	CS_SEP_DEFAULT,			/* commas; UTF-16 input (Excel's "Unicode
					   text") as CS_SEP_GUESS */
	CS_SEP_GUESS,			/* tabs when the first line has a tab and no
					   comma, else commas */
	CS_SEP_TAB			/* tabs */
};

struct cs_csv_opts {
	enum cs_encoding encoding;	/* CS_ENC_AUTO to detect */
	size_t max_field;		/* largest field in bytes */
	enum cs_separator separator;
};

/* How a read ended. */
enum cs_csv_status {
	CS_CSV_OK,		/* end of input reached */
	CS_CSV_STOPPED,		/* a callback asked to stop */
	CS_CSV_EIO,		/* the input could not be read */
	CS_CSV_ELIMIT,		/* a field or record exceeded the limits */
	CS_CSV_EQUOTE		/* a quoted field was still open at end of input */
};

struct cs_csv_result {
	enum cs_csv_status status;
	enum cs_encoding encoding;	/* the encoding actually used */
	const char *detected;		/* why, when detected: "byte order mark",
					   "valid UTF-8", "not valid UTF-8"; else NULL */
	int tabs;			/* the fields were separated by tabs */
	uint64_t bytes;			/* bytes of input read and parsed */
	char sha256[65];		/* of exactly those bytes (complete on CS_CSV_OK) */
	long error_line;		/* line of the failing record, for errors */
	size_t error_column;		/* its field (1-based), or 0 when not known */
	char message[160];		/* what went wrong, for errors */
};

/*
 * Reads CSV from the open file descriptor fd to its end, calling the
 * handler for each record (the header is the first record).  When
 * opts->encoding is CS_ENC_AUTO, the encoding is detected in this
 * order: a byte order mark (UTF-8, UTF-16LE, UTF-16BE); else a
 * seekable input is scanned once to see whether it is all valid UTF-8
 * (a pipe is judged on its first 64 KiB); else GB18030.  A byte order
 * mark is removed.  Bytes that are invalid in GB18030 or UTF-16 are
 * passed on as 0xFF, which is never valid UTF-8, so validation rejects
 * their record.
 * Fills *res and returns res->status.
 */
enum cs_csv_status cs_csv_read(int fd, const struct cs_csv_opts *opts,
    const struct cs_csv_handler *h, struct cs_csv_result *res);

/* Writes one field to fp, quoted when it holds a comma, quote, CR or LF. */
void cs_csv_write_field(FILE *fp, const char *s, size_t len);

/*
 * Writes a record of n NUL-terminated fields (NULL pointers are written
 * empty) and a LF.
 */
void cs_csv_write_row(FILE *fp, const char *const *fields, size_t n);

#endif
