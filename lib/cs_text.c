/*
 * cs_text.c - UTF-8 validation, trimming and a growing buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_text.h"

/*
 * Returns the length of the valid UTF-8 sequence starting at s (at most
 * avail bytes), or 0 when the bytes there are not valid UTF-8 (or are
 * cut off by the end of the buffer).
 */
static size_t
utf8_sequence(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t need, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (avail < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return need;
}

size_t
cs_utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_sequence(u + i, len - i);
		if (n == 0)
			break;
		i += n;
	}
	return i;
}

int
cs_utf8_valid(const char *s)
{
	size_t len = strlen(s);

	return cs_utf8_valid_prefix(s, len) == len;
}

size_t
cs_utf8_incomplete_tail(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t back, need;

	for (back = 1; back <= 3 && back <= len; back++) {
		unsigned char c = u[len - back];
		if ((c & 0xc0) == 0x80)
			continue;	/* continuation byte: look further back */
		if (c >= 0xc2 && c <= 0xdf)
			need = 2;
		else if (c >= 0xe0 && c <= 0xef)
			need = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 4;
		else
			return 0;
		return need > back ? back : 0;
	}
	return 0;
}

size_t
cs_utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Decodes the UTF-8 character at *s, advancing *s; invalid bytes count as one character. */
static unsigned long
next_char(const unsigned char **s)
{
	const unsigned char *u = *s;
	unsigned long c = *u;
	int n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0, k;

	for (k = 1; k <= n; k++)
		if ((u[k] & 0xc0) != 0x80)
			break;
	if (k <= n) {
		*s = u + 1;
		return c;
	}
	c &= n ? 0x3f >> n : 0xff;
	for (k = 1; k <= n; k++)
		c = c << 6 | (u[k] & 0x3f);
	*s = u + n + 1;
	return c;
}

/* Returns the columns one character takes. */
static int
char_width(unsigned long c)
{
	static const unsigned long wide[][2] = { { 0x1100, 0x115f }, { 0x2e80, 0x303e },
		{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 },
		{ 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f }, { 0x20000, 0x3fffd } };
	size_t k;

	if ((c >= 0x300 && c <= 0x36f) || c == 0x200b || (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	for (k = 0; k < sizeof wide / sizeof wide[0]; k++)
		if (c >= wide[k][0] && c <= wide[k][1])
			return 2;
	return 1;
}

size_t
cs_display_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0;

	while (*u != '\0')
		w += char_width(next_char(&u));
	return w;
}

/* Returns the byte length of a white-space character at s, or 0. */
static size_t
space_at(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n'))
		return 1;
	if (len >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (len >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* Returns the byte length of a white-space character ending at s+len, or 0. */
static size_t
space_before(const char *s, size_t len)
{
	size_t n;

	for (n = 1; n <= 3 && n <= len; n++)
		if (space_at(s + len - n, n) == n)
			return n;
	return 0;
}

void
cs_trim(const char **s, size_t *len)
{
	size_t n;

	while ((n = space_at(*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	while ((n = space_before(*s, *len)) > 0)
		*len -= n;
}

/* Nonzero for a format character (Unicode category Cf): invisible, yet part of the text. */
static int
is_format_char(unsigned long c)
{
	static const unsigned long cf[][2] = { { 0xad, 0xad }, { 0x600, 0x605 },
		{ 0x61c, 0x61c }, { 0x6dd, 0x6dd }, { 0x70f, 0x70f }, { 0x890, 0x891 },
		{ 0x8e2, 0x8e2 }, { 0x180e, 0x180e }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
		{ 0x2060, 0x2064 }, { 0x2066, 0x206f }, { 0xfeff, 0xfeff }, { 0xfff9, 0xfffb },
		{ 0x110bd, 0x110bd }, { 0x110cd, 0x110cd }, { 0x13430, 0x1343f },
		{ 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 },
		{ 0xe0020, 0xe007f } };
	size_t k;

	for (k = 0; k < sizeof cf / sizeof cf[0]; k++)
		if (c >= cf[k][0] && c <= cf[k][1])
			return 1;
	return 0;
}

/* Nonzero for a Unicode noncharacter: U+FDD0..U+FDEF and U+nFFFE, U+nFFFF. */
static int
is_noncharacter(unsigned long c)
{
	return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

unsigned long
cs_invisible_char(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + len;
	unsigned long c;

	while (u < end) {
		if (*u < 0x80) {
			u++;
			continue;
		}
		c = next_char(&u);
		if (is_format_char(c) || is_noncharacter(c))
			return c;
	}
	return 0;
}

/*
 * Returns the escape for the character of n bytes at u (code point c,
 * or an invalid byte when n is 0) into buf, or NULL when it is shown
 * as it is.
 */
static const char *
escape_of(const unsigned char *u, size_t n, unsigned long c, char buf[24])
{
	if (n == 0) {
		snprintf(buf, 24, "\\x%02x", u[0]);
		return buf;
	}
	if (c == '\n')
		return "\\n";
	if (c == '\r')
		return "\\r";
	if (c == '\t')
		return "\\t";
	if (c < 0x20 || c == 0x7f) {
		snprintf(buf, 24, "\\x%02lx", c);
		return buf;
	}
	if ((c >= 0x80 && c <= 0x9f) || is_format_char(c)) {
		snprintf(buf, 24, "\\u%04lx", c);
		return buf;
	}
	return NULL;
}

size_t
cs_escape_controls(struct cs_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, escaped = 0;
	unsigned long c;
	const char *e;
	char buf[24];

	while (i < len) {
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			if (out != NULL)
				cs_buf_append(out, s + i, 1);
			i++;
			continue;
		}
		n = utf8_sequence(u + i, len - i);
		c = u[i];
		if (n > 1) {
			const unsigned char *p = u + i;
			c = next_char(&p);
		}
		if ((e = escape_of(u + i, n, c, buf)) != NULL) {
			escaped++;
			if (out != NULL)
				cs_buf_puts(out, e);
		} else if (out != NULL)
			cs_buf_append(out, s + i, n);
		i += n ? n : 1;
	}
	return escaped;
}

int
cs_has_control(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

int
cs_has_control_in_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
			return 1;
	}
	return 0;
}

int
cs_equal_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];
		if (b == '\0')
			return 0;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return word[len] == '\0';
}

char
cs_wide_ascii(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len < 3 || u[0] != 0xef)
		return 0;
	if (u[1] == 0xbc && u[2] >= 0x81 && u[2] <= 0xbf)	/* U+FF01 ！ .. U+FF3F ＿ */
		return (char)(u[2] - 0x81 + '!');
	if (u[1] == 0xbd && u[2] >= 0x80 && u[2] <= 0x9e)	/* U+FF40 ｀ .. U+FF5E ～ */
		return (char)(u[2] - 0x80 + '`');
	return 0;
}

int
cs_read_small_file(const char *path, struct cs_buf *out, char *err, size_t errlen)
{
	const size_t limit = 1 << 20;
	char chunk[8192];
	size_t got;
	FILE *fp = fopen(path, "r");

	cs_buf_clear(out);
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0 && out->len <= limit)
		cs_buf_append(out, chunk, got);
	cs_buf_append(out, "", 0);
	if (ferror(fp) || out->len > limit || memchr(out->data, '\0', out->len) != NULL) {
		snprintf(err, errlen, _("%s: cannot read (or larger than 1 MiB, or binary)"), path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}

/* Set by the program: what to do when memory runs out. */
static void (*out_of_memory)(void);

void
cs_set_out_of_memory(void (*handler)(void))
{
	out_of_memory = handler;
}

/* Memory ran out: the program's handler decides, else abort. */
static void
no_memory(void)
{
	if (out_of_memory != NULL)
		out_of_memory();
	abort();
}

void *
cs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		no_memory();
	return p;
}

void *
cs_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		no_memory();
	return p;
}

void *
cs_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		no_memory();
	return q;
}

char *
cs_xstrndup(const char *s, size_t n)
{
	char *p = cs_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
cs_xstrdup(const char *s)
{
	return cs_xstrndup(s, strlen(s));
}

void
cs_buf_reserve(struct cs_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1, cap = b->cap ? b->cap : 64;

	if (want <= b->cap)
		return;
	while (cap < want)
		cap *= 2;
	b->data = cs_xrealloc(b->data, cap);
	b->cap = cap;
}

void
cs_buf_append(struct cs_buf *b, const char *s, size_t n)
{
	cs_buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
cs_buf_puts(struct cs_buf *b, const char *s)
{
	cs_buf_append(b, s, strlen(s));
}

void
cs_buf_printf(struct cs_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		cs_buf_append(b, small, (size_t)n);
		return;
	}
	cs_buf_reserve(b, (size_t)n);	/* too long for small: format in place */
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
cs_buf_clear(struct cs_buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->data[0] = '\0';
}

void
cs_buf_free(struct cs_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
