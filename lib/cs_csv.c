/*
 * cs_csv.c - the streaming CSV reader: raw bytes are hashed, decoded
 * to UTF-8, split into physical lines and fed to libcsv one line at a
 * time, so that each record knows the line it starts on.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "cs_csv.h"
#include "cs_i18n.h"
#include "cs_sha256.h"
#include "cs_text.h"

#define CHUNK ((size_t)64 * 1024)
#define MAX_FIELDS 4096
#define LIBCSV_ROW_NOT_BEGUN 0	/* libcsv's pstate between records */

static const char BOM[] = "\xef\xbb\xbf";

const char *
cs_encoding_name(enum cs_encoding enc)
{
	switch (enc) {
	case CS_ENC_UTF8:
		return "utf-8";
	case CS_ENC_GB18030:
		return "gb18030";
	case CS_ENC_UTF16LE:
		return "utf-16le";
	case CS_ENC_UTF16BE:
		return "utf-16be";
	default:
		return "auto";
	}
}

int
cs_encoding_parse(const char *name, enum cs_encoding *enc)
{
	size_t n = strlen(name);

	if (cs_equal_nocase(name, n, "auto"))
		*enc = CS_ENC_AUTO;
	else if (cs_equal_nocase(name, n, "utf-8") || cs_equal_nocase(name, n, "utf8"))
		*enc = CS_ENC_UTF8;
	else if (cs_equal_nocase(name, n, "gb18030") || cs_equal_nocase(name, n, "gbk") ||
	    cs_equal_nocase(name, n, "gb2312"))
		*enc = CS_ENC_GB18030;
	else if (cs_equal_nocase(name, n, "utf-16le"))
		*enc = CS_ENC_UTF16LE;
	else if (cs_equal_nocase(name, n, "utf-16be"))
		*enc = CS_ENC_UTF16BE;
	else
		return -1;
	return 0;
}

/* The limit enforced by capped_realloc; libcsv's allocator has no context. */
static size_t field_cap;

/*
 * realloc for libcsv's field buffer that refuses to grow past field_cap
 * (NULL: the field is too large); memory that runs out below it is out
 * of memory, as anywhere else (cs_xrealloc), not a field too large.
 */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > field_cap + 1)
		return NULL;
	return cs_xrealloc(p, n);
}

/* Reader state shared with the libcsv callbacks. */
struct reader {
	struct csv_parser parser;
	const struct cs_csv_handler *h;
	struct cs_csv_result *res;
	size_t max_field;
	struct cs_buf arena;		/* bytes of the current record's fields */
	size_t *offsets;		/* per field: start in arena, or SIZE_MAX */
	size_t *lengths;
	struct cs_field *fields;
	size_t nfields, capfields;
	long line;			/* current physical line, 1-based */
	long record_line;		/* line where the current record began */
	int at_start;			/* no decoded byte seen yet (BOM check) */
	int stop;			/* a callback or a limit ended the read */
	char delim;			/* ',' or '\t' */
	int guess;			/* the separator is decided on the first line */
	iconv_t cd;			/* GB18030 or UTF-16 to UTF-8, or (iconv_t)-1 */
	size_t unit;			/* bytes of an undecodable unit: 1, or 2 in UTF-16 */
	char carry[8];			/* undecoded bytes held for the next chunk */
	size_t ncarry;
	struct cs_buf decoded;
};

/* Sets an error status with a message; stops the read. */
static void
fail(struct reader *r, enum cs_csv_status st, const char *msg)
{
	r->res->status = st;
	r->res->error_line = r->record_line;
	r->res->error_column = st == CS_CSV_EIO ? 0 : r->nfields + 1;
	snprintf(r->res->message, sizeof r->res->message, "%s", msg);
	r->stop = 1;
}

/* libcsv field callback: appends the field to the current record. */
static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->stop)
		return;
	if (r->nfields == MAX_FIELDS) {
		fail(r, CS_CSV_ELIMIT, _("record has more than 4096 fields"));
		return;
	}
	if (r->arena.len + len > 4 * r->max_field) {
		fail(r, CS_CSV_ELIMIT, _("record larger than 4 times the maximum field size"));
		return;
	}
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? 2 * r->capfields : 32;
		r->offsets = cs_xrealloc(r->offsets, r->capfields * sizeof *r->offsets);
		r->lengths = cs_xrealloc(r->lengths, r->capfields * sizeof *r->lengths);
		r->fields = cs_xrealloc(r->fields, r->capfields * sizeof *r->fields);
	}
	r->offsets[r->nfields] = s ? r->arena.len : SIZE_MAX;
	r->lengths[r->nfields] = len;
	if (s)
		cs_buf_append(&r->arena, s, len);
	r->nfields++;
}

/* libcsv record callback: hands the complete record to the handler. */
static void
on_record(int term, void *data)
{
	struct reader *r = data;
	struct cs_record rec;
	size_t i;

	(void)term;
	if (r->stop)
		return;
	cs_buf_reserve(&r->arena, 0);
	for (i = 0; i < r->nfields; i++) {
		int null = r->offsets[i] == SIZE_MAX;
		r->fields[i].s = null ? "" : r->arena.data + r->offsets[i];
		r->fields[i].len = r->lengths[i];
		r->fields[i].null = null;
	}
	rec.fields = r->fields;
	rec.n = r->nfields;
	rec.line = r->record_line;
	if (r->h->record(r->h->ctx, &rec) != 0) {
		r->res->status = CS_CSV_STOPPED;
		r->stop = 1;
	}
	r->nfields = 0;
	cs_buf_clear(&r->arena);
}

/* Never trims: spaces around unquoted fields are data (trimming is per column). */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Prepares the libcsv parser with the project's options. */
static void
parser_init(struct reader *r)
{
	csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL);
	csv_set_space_func(&r->parser, no_space);
	csv_set_realloc_func(&r->parser, capped_realloc);
	csv_set_blk_size(&r->parser, (size_t)64 * 1024);
	csv_set_delim(&r->parser, r->delim);
}

/*
 * Decides the separator on the input's first line s[0..len) (which
 * may be cut by the chunk's end): tabs when it holds a tab and no
 * comma.
 */
static void
guess_separator(struct reader *r, const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);

	if (nl != NULL)
		len = (size_t)(nl - s);
	r->guess = 0;
	if (memchr(s, '\t', len) != NULL && memchr(s, ',', len) == NULL) {
		r->delim = '\t';
		csv_set_delim(&r->parser, r->delim);
		r->res->tabs = 1;
	}
}

/*
 * Reports a quoting error on the current line, in the field after the
 * ones the record completed, and restarts the parser.
 */
static void
recover_malformed(struct reader *r, const char *line, size_t len)
{
	size_t column = r->nfields + 1;

	csv_free(&r->parser);
	parser_init(r);
	r->nfields = 0;
	cs_buf_clear(&r->arena);
	if (r->h->malformed(r->h->ctx, r->record_line, column, line, len) != 0) {
		r->res->status = CS_CSV_STOPPED;
		r->stop = 1;
	}
}

/* Feeds one physical line (with its LF, if any) to libcsv. */
static void
feed_line(struct reader *r, const char *s, size_t len)
{
	if (r->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
		r->record_line = r->line;
	if (csv_parse(&r->parser, s, len, on_field, on_record, r) == len || r->stop)
		return;
	if (csv_error(&r->parser) == CSV_EPARSE)
		recover_malformed(r, s, len);
	else {
		char msg[160];
		snprintf(msg, sizeof msg, _("field larger than %zu bytes "
		    "(an unbalanced quote?)"), r->max_field);
		fail(r, CS_CSV_ELIMIT, msg);
	}
}

/* Splits decoded UTF-8 text into physical lines and feeds them. */
static void
feed_text(struct reader *r, const char *s, size_t len)
{
	const char *nl;

	if (r->at_start && len > 0) {
		r->at_start = 0;
		if (len >= 3 && memcmp(s, BOM, 3) == 0) {
			s += 3;
			len -= 3;
		}
	}
	if (r->guess && len > 0)
		guess_separator(r, s, len);
	while (len > 0 && !r->stop) {
		nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) + 1 : len;
		feed_line(r, s, n);
		if (nl)
			r->line++;
		s += n;
		len -= n;
	}
}

/*
 * Converts GB18030 or UTF-16 bytes to UTF-8 into r->decoded.  An
 * invalid unit (a byte, or two in UTF-16) becomes 0xFF; an incomplete
 * sequence at the end is carried over to the next call, or flushed as
 * 0xFF when final is set.
 */
static void
decode_input(struct reader *r, const char *s, size_t len, int final)
{
	struct cs_buf in = { 0 };
	char *ip, *op;
	size_t il, ol;

	cs_buf_append(&in, r->carry, r->ncarry);
	cs_buf_append(&in, s, len);
	r->ncarry = 0;
	cs_buf_clear(&r->decoded);
	ip = in.data;
	il = in.len;
	while (il > 0) {
		cs_buf_reserve(&r->decoded, 4 * il + 16);
		op = r->decoded.data + r->decoded.len;
		ol = r->decoded.cap - r->decoded.len - 1;
		size_t rc = iconv(r->cd, &ip, &il, &op, &ol);
		r->decoded.len = (size_t)(op - r->decoded.data);
		if (rc != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && il < sizeof r->carry) {
			memcpy(r->carry, ip, il);
			r->ncarry = il;
			break;
		}
		cs_buf_append(&r->decoded, "\xff", 1);	/* EILSEQ, or cut off at end */
		ip += il < r->unit ? il : r->unit;
		il -= il < r->unit ? il : r->unit;
	}
	cs_buf_free(&in);
}

/* Decodes (if needed) and parses one chunk of raw input. */
static void
feed_chunk(struct reader *r, const char *s, size_t len, int final)
{
	if (r->cd == (iconv_t)-1) {
		feed_text(r, s, len);
		return;
	}
	decode_input(r, s, len, final);
	feed_text(r, r->decoded.data ? r->decoded.data : "", r->decoded.len);
}

/* read(2) that retries on EINTR; returns bytes read, 0 at end, -1 on error. */
static ssize_t
read_some(int fd, char *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Returns the encoding that buf's byte order mark names, or CS_ENC_AUTO when it has none. */
static enum cs_encoding
bom_encoding(const char *buf, size_t len)
{
	if (len >= 3 && memcmp(buf, BOM, 3) == 0)
		return CS_ENC_UTF8;
	if (len >= 2 && memcmp(buf, "\xff\xfe", 2) == 0)
		return CS_ENC_UTF16LE;
	if (len >= 2 && memcmp(buf, "\xfe\xff", 2) == 0)
		return CS_ENC_UTF16BE;
	return CS_ENC_AUTO;
}

/* Returns nonzero when buf looks like UTF-8: valid but for a cut-off tail. */
static int
looks_utf8(const char *buf, size_t len)
{
	size_t ok = cs_utf8_valid_prefix(buf, len);

	return ok == len || ok + cs_utf8_incomplete_tail(buf + ok, len - ok) == len;
}

/*
 * Scans a seekable input to its end and returns the encoding its byte
 * order mark names, else CS_ENC_UTF8 when it is all valid UTF-8, else
 * CS_ENC_GB18030, with why in *why; rewinds.  Returns CS_ENC_AUTO on a
 * read error.  buf holds at least CHUNK + 4 bytes.
 */
static enum cs_encoding
scan_encoding(int fd, char *buf, const char **why)
{
	enum cs_encoding enc = CS_ENC_UTF8;
	size_t have = 0, len, ok, tail;
	ssize_t n;
	int first = 1;

	while ((n = read_some(fd, buf + have, CHUNK)) > 0) {
		len = have + (size_t)n;
		if (first && (enc = bom_encoding(buf, len)) != CS_ENC_AUTO) {
			*why = "byte order mark";
			break;
		}
		enc = CS_ENC_UTF8;
		first = 0;
		ok = cs_utf8_valid_prefix(buf, len);
		tail = cs_utf8_incomplete_tail(buf + ok, len - ok);
		if (ok + tail != len) {
			enc = CS_ENC_GB18030;
			break;
		}
		have = tail;	/* carry a sequence cut by the chunk end */
		memmove(buf, buf + ok, have);
	}
	if (n < 0 || lseek(fd, 0, SEEK_SET) != 0)
		return CS_ENC_AUTO;
	if (n == 0 && have > 0)
		enc = CS_ENC_GB18030;	/* ends inside a UTF-8 sequence */
	if (*why == NULL)
		*why = enc == CS_ENC_UTF8 ? "valid UTF-8" : "not valid UTF-8";
	return enc;
}

/* Returns nonzero when fd is a regular file that can be rewound. */
static int
seekable(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(fd, 0, SEEK_CUR) == 0;
}

/*
 * A file hashed by a second thread while the first parses it.  The
 * hasher reads with pread, never past the bytes the parser has read,
 * so the hash is of exactly the bytes parsed.
 */
struct file_hash {
	pthread_t thread;
	int fd;
	pthread_mutex_t mu;
	pthread_cond_t more;
	uint64_t parsed;	/* bytes the parser has read so far */
	int finished;		/* the parser is done: parsed is final */
	int cancel;		/* the read was abandoned */
	int ok;			/* every parsed byte was hashed */
	char hex[65];
};

/*
 * Waits until the parser has read past off, or is done; returns how
 * many bytes from off may be hashed (0: nothing more), or -1 when the
 * read was abandoned.
 */
static int64_t
hash_wait(struct file_hash *fh, uint64_t off)
{
	int64_t avail;

	pthread_mutex_lock(&fh->mu);
	while (fh->parsed == off && !fh->finished && !fh->cancel)
		pthread_cond_wait(&fh->more, &fh->mu);
	avail = fh->cancel ? -1 : (int64_t)(fh->parsed - off);
	pthread_mutex_unlock(&fh->mu);
	return avail;
}

/* Thread body: hashes the parsed bytes with pread, leaving the shared offset alone. */
static void *
hash_file(void *arg)
{
	struct file_hash *fh = arg;
	struct cs_sha256 sha;
	char *buf = cs_xmalloc(CHUNK);
	uint64_t off = 0;
	int64_t avail;
	ssize_t n = 0;

	cs_sha256_init(&sha);
	while ((avail = hash_wait(fh, off)) > 0) {
		n = pread(fh->fd, buf, (size_t)avail < CHUNK ? (size_t)avail : CHUNK, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the file shrank, or cannot be read */
		cs_sha256_update(&sha, buf, (size_t)n);
		off += (uint64_t)n;
	}
	fh->ok = avail == 0;
	cs_sha256_hex(&sha, fh->hex);
	free(buf);
	return NULL;
}

/* Tells the hasher how far the parser has read, and whether it is done or gave up. */
static void
hash_advance(struct file_hash *fh, uint64_t parsed, int finished, int cancel)
{
	pthread_mutex_lock(&fh->mu);
	fh->parsed = parsed;
	fh->finished = finished;
	fh->cancel = cancel;
	pthread_cond_signal(&fh->more);
	pthread_mutex_unlock(&fh->mu);
}

/* Starts hashing fd on a second thread; returns nonzero when it runs. */
static int
hash_start(struct file_hash *fh, int fd)
{
	memset(fh, 0, sizeof *fh);
	fh->fd = fd;
	pthread_mutex_init(&fh->mu, NULL);
	pthread_cond_init(&fh->more, NULL);
	if (pthread_create(&fh->thread, NULL, hash_file, fh) == 0)
		return 1;
	pthread_mutex_destroy(&fh->mu);
	pthread_cond_destroy(&fh->more);
	return 0;
}

/* Ends the hasher: waits for it and, when it hashed everything parsed, copies the hash. */
static void
hash_finish(struct file_hash *fh, struct reader *r)
{
	hash_advance(fh, r->res->bytes, 1, r->stop);
	pthread_join(fh->thread, NULL);
	if (fh->ok && !r->stop)
		memcpy(r->res->sha256, fh->hex, sizeof fh->hex);
	pthread_mutex_destroy(&fh->mu);
	pthread_cond_destroy(&fh->more);
}

/* Judges a pipe's encoding on its first chunk: a byte order mark, else UTF-8 validity. */
static enum cs_encoding
first_chunk_encoding(struct reader *r, const char *buf, size_t len)
{
	enum cs_encoding enc = bom_encoding(buf, len);

	if (enc != CS_ENC_AUTO) {
		r->res->detected = N_("byte order mark");
		return enc;
	}
	enc = looks_utf8(buf, len) ? CS_ENC_UTF8 : CS_ENC_GB18030;
	r->res->detected = enc == CS_ENC_UTF8 ? N_("valid UTF-8") : N_("not valid UTF-8");
	return enc;
}

/*
 * Opens the converter from enc (GB18030, UTF-16) to UTF-8; UTF-16
 * input has its separator guessed unless one was named.  Returns 0, or
 * -1 after failing the read.
 */
static int
open_decoder(struct reader *r, enum cs_encoding enc)
{
	static const char *const from[] = { "", "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE" };

	if ((r->cd = iconv_open("UTF-8", from[enc])) == (iconv_t)-1) {
		char msg[160];
		snprintf(msg, sizeof msg, _("cannot convert from %s (iconv)"), from[enc]);
		fail(r, CS_CSV_EIO, msg);
		return -1;
	}
	r->unit = enc == CS_ENC_GB18030 ? 1 : 2;
	if (enc != CS_ENC_GB18030 && r->delim == ',' && !r->res->tabs)
		r->guess = r->at_start;
	return 0;
}

/*
 * Reads, hashes and parses everything; the encoding is already decided
 * or decided on the first chunk.  A regular file is hashed by a second
 * thread (the machine's other core), a pipe as it is read.
 */
static void
read_all(struct reader *r, int fd, enum cs_encoding enc, char *buf)
{
	struct file_hash fh;
	int threaded = seekable(fd) && hash_start(&fh, fd);
	struct cs_sha256 sha;
	ssize_t n;

	cs_sha256_init(&sha);
	while (!r->stop && (n = read_some(fd, buf, CHUNK)) != 0) {
		if (n < 0) {
			fail(r, CS_CSV_EIO, strerror(errno));
			break;
		}
		if (enc == CS_ENC_AUTO)
			enc = first_chunk_encoding(r, buf, (size_t)n);
		if (enc != CS_ENC_UTF8 && r->cd == (iconv_t)-1 && open_decoder(r, enc) != 0)
			break;
		r->res->encoding = enc;
		r->res->bytes += (uint64_t)n;
		if (threaded)
			hash_advance(&fh, r->res->bytes, 0, 0);
		else
			cs_sha256_update(&sha, buf, (size_t)n);
		feed_chunk(r, buf, (size_t)n, 0);
	}
	if (!r->stop && r->cd != (iconv_t)-1 && r->ncarry > 0)
		feed_chunk(r, "", 0, 1);
	if (!r->stop && csv_fini(&r->parser, on_field, on_record, r) != 0 && !r->stop)
		fail(r, CS_CSV_EQUOTE, _("quoted field not closed at end of input"));
	if (threaded)
		hash_finish(&fh, r);
	else
		cs_sha256_hex(&sha, r->res->sha256);
}

enum cs_csv_status
cs_csv_read(int fd, const struct cs_csv_opts *opts,
    const struct cs_csv_handler *h, struct cs_csv_result *res)
{
	struct reader r;
	enum cs_encoding enc = opts->encoding;
	char *buf = cs_xmalloc((size_t)2 * CHUNK);

	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	r.h = h;
	r.res = res;
	r.max_field = opts->max_field;
	r.line = r.record_line = 1;
	r.at_start = 1;
	r.cd = (iconv_t)-1;
	r.unit = 1;
	r.delim = opts->separator == CS_SEP_TAB ? '\t' : ',';
	r.guess = opts->separator == CS_SEP_GUESS;
	res->tabs = opts->separator == CS_SEP_TAB;
	field_cap = opts->max_field;
	parser_init(&r);
	res->encoding = enc == CS_ENC_AUTO ? CS_ENC_UTF8 : enc;
	if (enc == CS_ENC_AUTO && seekable(fd) &&
	    (enc = scan_encoding(fd, buf, &res->detected)) == CS_ENC_AUTO)
		fail(&r, CS_CSV_EIO, strerror(errno));
	if (!r.stop)
		read_all(&r, fd, enc, buf);
	if (r.cd != (iconv_t)-1)
		iconv_close(r.cd);
	csv_free(&r.parser);
	cs_buf_free(&r.arena);
	cs_buf_free(&r.decoded);
	free(r.offsets);
	free(r.lengths);
	free(r.fields);
	free(buf);
	return res->status;
}

void
cs_csv_write_field(FILE *fp, const char *s, size_t len)
{
	size_t i;

	if (memchr(s, ',', len) == NULL && memchr(s, '"', len) == NULL &&
	    memchr(s, '\r', len) == NULL && memchr(s, '\n', len) == NULL) {
		fwrite(s, 1, len, fp);
		return;
	}
	fputc('"', fp);
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			fputc('"', fp);
		fputc(s[i], fp);
	}
	fputc('"', fp);
}

void
cs_csv_write_row(FILE *fp, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		if (fields[i] != NULL)
			cs_csv_write_field(fp, fields[i], strlen(fields[i]));
	}
	fputc('\n', fp);
}
