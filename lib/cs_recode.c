/*
 * cs_recode.c - a converting output stream (fopencookie(3)) over
 * iconv(3): UTF-8 in, another encoding out.  fopencookie is a GNU
 * extension (glibc, musl): this file alone asks for it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_recode.h"
#include "cs_text.h"

/* The stream's state. */
struct recode {
	FILE *dst;
	iconv_t cd;
	char carry[4];		/* the start of a character cut by a write */
	size_t ncarry;
};

/*
 * Converts in[0..len) to dst; an unconvertible or invalid byte becomes
 * '?'.  With final unset, an incomplete character at the end is kept
 * in the carry.  Returns 0, or -1 when dst fails.
 */
static int
convert(struct recode *rc, char *in, size_t len, int final)
{
	char out[4096], *op;
	size_t ol, n;

	while (len > 0) {
		op = out;
		ol = sizeof out;
		n = iconv(rc->cd, &in, &len, &op, &ol);
		if (op > out && fwrite(out, 1, (size_t)(op - out), rc->dst) != (size_t)(op - out))
			return -1;
		if (n != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && len < sizeof rc->carry) {
			memcpy(rc->carry, in, len);
			rc->ncarry = len;
			return 0;
		}
		if (fputc('?', rc->dst) == EOF)	/* EILSEQ, or cut off at the end */
			return -1;
		in++;
		len--;
	}
	return 0;
}

/* fopencookie's write: converts the carry and buf; returns size, or 0 on an error. */
static ssize_t
recode_write(void *cookie, const char *buf, size_t size)
{
	struct recode *rc = cookie;
	char *in = cs_xmalloc(rc->ncarry + size);
	size_t len = rc->ncarry + size;
	int failed;

	memcpy(in, rc->carry, rc->ncarry);
	memcpy(in + rc->ncarry, buf, size);
	rc->ncarry = 0;
	failed = convert(rc, in, len, 0);
	free(in);
	return failed ? 0 : (ssize_t)size;
}

/* fopencookie's close: writes what is left, frees the state; dst stays open. */
static int
recode_close(void *cookie)
{
	struct recode *rc = cookie;
	int failed = convert(rc, rc->carry, rc->ncarry, 1);
	char out[64], *op = out;
	size_t ol = sizeof out;

	if (iconv(rc->cd, NULL, NULL, &op, &ol) != (size_t)-1 && op > out &&
	    fwrite(out, 1, (size_t)(op - out), rc->dst) != (size_t)(op - out))
		failed = -1;	/* a shift back to the initial state */
	iconv_close(rc->cd);
	free(rc);
	return failed ? EOF : 0;
}

FILE *
cs_recode_open(FILE *dst, const char *tocode)
{
	cookie_io_functions_t io = { NULL, recode_write, NULL, recode_close };
	struct recode *rc = cs_xcalloc(1, sizeof *rc);
	FILE *fp;

	rc->dst = dst;
	if ((rc->cd = iconv_open(tocode, "UTF-8")) == (iconv_t)-1) {
		free(rc);
		return NULL;
	}
	if ((fp = fopencookie(rc, "w", io)) == NULL) {
		iconv_close(rc->cd);
		free(rc);
	}
	return fp;
}
