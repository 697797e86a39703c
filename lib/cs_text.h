/*
 * cs_text.h - UTF-8 text helpers and a growing byte buffer.
 */
#ifndef CS_TEXT_H
#define CS_TEXT_H

#include <stddef.h>

/*
 * Returns the length of the longest prefix of s[0..len) that is valid,
 * shortest-form UTF-8 (no surrogates, nothing above U+10FFFF).  The
 * whole string is valid when the result equals len.
 */
size_t cs_utf8_valid_prefix(const char *s, size_t len);

/*
 * Returns nonzero when the string s is valid UTF-8 throughout.  An id
 * that is not can name nothing stored (cs-import refuses it), and
 * PostgreSQL refuses it as a parameter: look-ups check it first.
 */
int cs_utf8_valid(const char *s);

/*
 * Returns how many bytes at the end of s[0..len) form the start of a
 * UTF-8 sequence cut off by the end of the buffer (0..3), so a reader
 * can carry them to the next chunk.  Only meaningful when the bytes
 * before them are valid.
 */
size_t cs_utf8_incomplete_tail(const char *s, size_t len);

/* Returns the number of code points in valid UTF-8 s[0..len). */
size_t cs_utf8_count(const char *s, size_t len);

/*
 * Narrows *s and *len to exclude leading and trailing white space: ASCII
 * space, tab, CR, LF, U+00A0 no-break space and U+3000 ideographic
 * space (common in Chinese spreadsheets).
 */
void cs_trim(const char **s, size_t *len);

/*
 * Returns the terminal columns the UTF-8 text s takes: 2 for East Asian
 * wide and full-width characters (CJK, ￥, full-width forms), 0 for
 * combining marks, 1 for the rest.
 */
size_t cs_display_width(const char *s);

/*
 * Returns the first format character (Unicode category Cf: U+200B
 * zero width space, U+FEFF, the bidirectional controls ...) or
 * noncharacter (U+FDD0..U+FDEF, U+FFFE, U+FFFF ...) in valid UTF-8
 * s[0..len), or 0 when there is none: what makes two keys look alike.
 */
unsigned long cs_invisible_char(const char *s, size_t len);

struct cs_buf;

/*
 * Appends s[0..len) to out (NULL: only count) with what could act on a
 * terminal or hide itself shown as text: LF, CR and tab as \n, \r, \t,
 * other C0 controls and DEL as \x1b, C1 controls and format characters
 * as \u009b, bytes that are not UTF-8 as \xff.  Returns how many
 * characters were escaped.
 */
size_t cs_escape_controls(struct cs_buf *out, const char *s, size_t len);

/* Returns nonzero when s[0..len) holds a C0 control character or DEL. */
int cs_has_control(const char *s, size_t len);

/*
 * Returns nonzero when s[0..len) holds a control character other than
 * tab, CR and LF (which free text may contain).
 */
int cs_has_control_in_text(const char *s, size_t len);

/* Returns nonzero when s[0..len) equals the NUL-terminated word, ignoring ASCII case. */
int cs_equal_nocase(const char *s, size_t len, const char *word);

/*
 * Returns the ASCII character whose full-width form (U+FF01..U+FF5E,
 * three bytes of UTF-8) begins s[0..len), or 0 when s begins with
 * none: "１" gives '1', "，" gives ','.
 */
char cs_wide_ascii(const char *s, size_t len);

/* A growing byte buffer; data is always NUL-terminated when cap > 0. */
struct cs_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Makes room for extra more bytes (plus a NUL), doubling; exits on out of memory. */
void cs_buf_reserve(struct cs_buf *b, size_t extra);

/* Appends s[0..n) and keeps the buffer NUL-terminated. */
void cs_buf_append(struct cs_buf *b, const char *s, size_t n);

/* Appends a NUL-terminated string. */
void cs_buf_puts(struct cs_buf *b, const char *s);

/* Appends printf-formatted text. */
void cs_buf_printf(struct cs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Empties the buffer, keeping its memory. */
void cs_buf_clear(struct cs_buf *b);

/* Frees the buffer's memory and empties it. */
void cs_buf_free(struct cs_buf *b);

/*
 * Reads a small text file (at most 1 MiB, no NUL bytes) whole into
 * *out, NUL-terminated.  Returns 0, or -1 with "path: why" in err.
 */
int cs_read_small_file(const char *path, struct cs_buf *out, char *err, size_t errlen);

/*
 * Sets what happens when memory runs out in cs_xmalloc and the rest:
 * handler is called (and must not return; a program passes
 * cs_exit_out_of_memory).  Without one, the library aborts.
 */
void cs_set_out_of_memory(void (*handler)(void));

/* malloc/realloc/strdup that call the out-of-memory handler when memory runs out. */
void *cs_xmalloc(size_t n);
void *cs_xrealloc(void *p, size_t n);
void *cs_xcalloc(size_t n, size_t size);
char *cs_xstrdup(const char *s);
char *cs_xstrndup(const char *s, size_t n);

#endif
