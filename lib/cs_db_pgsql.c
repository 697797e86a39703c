/*
 * cs_db_pgsql.c - the parts of the PostgreSQL backend (cs_db_pg.c) that
 * need neither libpq nor a server, so that every build compiles them
 * and the unit tests check them: the rewriting of SQLite's ?N
 * parameters, the meaning of SQLSTATEs, the masking of a URL's
 * password (in the URL and in libpq's connection messages), and which
 * statements are read through a cursor.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cs_db_impl.h"
#include "cs_text.h"

/* The highest parameter number (PostgreSQL's limit of a statement's parameters). */
#define MAX_PARAM 65535

/* Returns nonzero when c may continue an SQL identifier. */
static int
ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/*
 * Returns the length of the dollar-quote tag ($$ or $tag$) at s, 0 when
 * s does not open one.  prev is the character before s.
 */
static size_t
dollar_tag(const char *s, char prev)
{
	size_t n = 1;

	if (*s != '$' || ident_char(prev))
		return 0;
	if (isdigit((unsigned char)s[1]))
		return 0;			/* $1: a parameter, not a quote */
	while (ident_char(s[n]) && s[n] != '$')
		n++;
	return s[n] == '$' ? n + 1 : 0;
}

/*
 * Returns the length of the literal, identifier or comment that starts
 * at s (prev: the character before it), copied as it is; 0 when none
 * starts there.
 */
static size_t
skip_quoted(const char *s, char prev)
{
	const char *p;
	size_t tag;

	if (s[0] == '-' && s[1] == '-')
		return (p = strchr(s, '\n')) ? (size_t)(p - s) + 1 : strlen(s);
	if (s[0] == '/' && s[1] == '*')
		return (p = strstr(s + 2, "*/")) ? (size_t)(p - s) + 2 : strlen(s);
	if (s[0] == '\'' || s[0] == '"') {
		int escapes = s[0] == '\'' && (prev == 'E' || prev == 'e');

		for (p = s + 1; *p != '\0'; p++) {
			/* A backslash escape (E'...'), or '' or "": the quote itself. */
			if ((escapes && *p == '\\' && p[1] != '\0') || (*p == s[0] && p[1] == s[0]))
				p++;
			else if (*p == s[0])
				return (size_t)(p - s) + 1;
		}
		return strlen(s);
	}
	if ((tag = dollar_tag(s, prev)) != 0) {
		char end[64];

		if (tag >= sizeof end)
			return tag;
		memcpy(end, s, tag);
		end[tag] = '\0';
		return (p = strstr(s + tag, end)) ? (size_t)(p - s) + tag : strlen(s);
	}
	return 0;
}

char *
cs_db_pg_params(const char *sql, int *nparams)
{
	size_t len = strlen(sql), i = 0, o = 0, q;
	char *out = cs_xmalloc(len * 6 + 1);	/* "?" grows to "$65535" at most */
	long max = 0, n;

	while (sql[i] != '\0') {
		if ((q = skip_quoted(sql + i, i > 0 ? sql[i - 1] : ' ')) != 0) {
			memcpy(out + o, sql + i, q);
			o += q, i += q;
			continue;
		}
		if (sql[i] != '?') {
			out[o++] = sql[i++];
			continue;
		}
		i++;
		if (isdigit((unsigned char)sql[i])) {
			char *end;

			n = strtol(sql + i, &end, 10);
			i = (size_t)(end - sql);
		} else
			n = max + 1;
		if (n < 1 || n > MAX_PARAM) {
			free(out);
			return NULL;
		}
		if (n > max)
			max = n;
		o += (size_t)sprintf(out + o, "$%ld", n);
	}
	out[o] = '\0';
	*nparams = (int)max;
	return out;
}

int
cs_db_pg_param_used(const char *sql, int n)
{
	size_t i = 0, q;

	while (sql[i] != '\0') {
		if ((q = skip_quoted(sql + i, i > 0 ? sql[i - 1] : ' ')) != 0) {
			i += q;
		} else if (sql[i] == '$' && isdigit((unsigned char)sql[i + 1])) {
			char *end;

			if (strtol(sql + i + 1, &end, 10) == n)
				return 1;
			i = (size_t)(end - sql);
		} else
			i++;
	}
	return 0;
}

enum cs_step
cs_db_pg_step_result(const char *sqlstate)
{
	if (sqlstate == NULL)
		return CS_STEP_ERROR;
	if (strcmp(sqlstate, "23505") == 0)	/* unique_violation */
		return CS_STEP_DUPLICATE;
	if (strncmp(sqlstate, "23", 2) == 0)	/* integrity_constraint_violation */
		return CS_STEP_CONSTRAINT;
	return CS_STEP_ERROR;
}

int
cs_db_pg_state_is_busy(const char *sqlstate)
{
	/* lock_not_available (lock_timeout, NOWAIT) and deadlock_detected */
	return sqlstate != NULL && (strcmp(sqlstate, "55P03") == 0 ||
	    strcmp(sqlstate, "40P01") == 0);
}

/* Appends s[0..n) to out[0..outlen) at *o, as much as fits. */
static void
put(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	while (n-- > 0 && *o + 1 < outlen)
		out[(*o)++] = *s++;
	out[*o] = '\0';
}

/* Returns the length of the URL's authority (user:password@host:port) at s. */
static size_t
authority_len(const char *s)
{
	return strcspn(s, "/?#");
}

/*
 * Returns the start of url's first password at or after from (the
 * user:PASSWORD@ of its authority, then each password=PASSWORD of its
 * query), its length in *len; NULL when there is none.
 */
static const char *
next_password(const char *url, const char *from, size_t *len)
{
	const char *p = strstr(url, "://"), *auth, *at = NULL, *colon, *s;
	size_t alen;

	if (p == NULL)
		return NULL;
	auth = p + 3;
	alen = authority_len(auth);
	for (s = auth; s < auth + alen; s++)
		if (*s == '@')
			at = s;
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon != NULL && from <= colon) {
		*len = (size_t)(at - colon - 1);
		return colon + 1;
	}
	for (s = from > auth ? from : auth; *s != '\0'; s++)
		if ((s[-1] == '?' || s[-1] == '&') && strncmp(s, "password=", 9) == 0) {
			*len = strcspn(s + 9, "&#");
			return s + 9;
		}
	return NULL;
}

/* Appends url to out[0..outlen) at *o with its passwords replaced by "***". */
static void
put_masked(char *out, size_t outlen, size_t *o, const char *url)
{
	const char *s = url, *pw;
	size_t len;

	while ((pw = next_password(url, s, &len)) != NULL) {
		put(out, outlen, o, s, (size_t)(pw - s));
		put(out, outlen, o, "***", 3);
		s = pw + len;
	}
	put(out, outlen, o, s, strlen(s));
}

void
cs_db_pg_mask_url(const char *url, char *out, size_t outlen)
{
	size_t o = 0;

	if (outlen == 0)
		return;
	out[0] = '\0';
	put_masked(out, outlen, &o, url);
}

/* Returns the length of the password of url that msg quotes alone ("PASSWORD"), 0 for none. */
static size_t
quoted_password(const char *msg, const char *url)
{
	const char *pw = url;
	size_t len;

	if (msg[0] != '"')
		return 0;
	while ((pw = next_password(url, pw, &len)) != NULL) {
		if (len > 0 && strncmp(msg + 1, pw, len) == 0 && msg[1 + len] == '"')
			return len;
		pw += len;
	}
	return 0;
}

void
cs_db_pg_connect_message(const char *msg, const char *url, char *out, size_t outlen)
{
	size_t ulen = strlen(url), o = 0, n;

	if (outlen == 0)
		return;
	out[0] = '\0';
	while (*msg != '\0') {
		if (ulen > 0 && strncmp(msg, url, ulen) == 0) {
			put_masked(out, outlen, &o, url);
			msg += ulen;
		} else if ((n = quoted_password(msg, url)) > 0) {
			put(out, outlen, &o, "\"***\"", 5);
			msg += n + 2;
		} else if (*msg == '\n') {
			msg += strspn(msg, "\n\t ");
			if (*msg != '\0')
				put(out, outlen, &o, "; ", 2);
		} else
			put(out, outlen, &o, msg++, 1);
	}
}

/* Returns nonzero when the word w (case-insensitive) starts at s and ends there. */
static int
word_at(const char *s, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(s, w, n) == 0 && !ident_char(s[n]);
}

/* Returns nonzero when sql holds the word INSERT, UPDATE, DELETE or MERGE. */
static int
writes(const char *sql)
{
	const char *s;

	for (s = sql; *s != '\0'; s++)
		if ((s == sql || !ident_char(s[-1])) && (word_at(s, "insert") ||
		    word_at(s, "update") || word_at(s, "delete") || word_at(s, "merge")))
			return 1;
	return 0;
}

int
cs_db_pg_is_query(const char *sql)
{
	const char *s = sql;
	size_t q;

	for (;;) {
		while (isspace((unsigned char)*s) || *s == '(')
			s++;
		if ((s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*')) {
			q = skip_quoted(s, ' ');
			s += q;
			continue;
		}
		break;
	}
	if (word_at(s, "select") || word_at(s, "values") || word_at(s, "table"))
		return 1;
	return word_at(s, "with") && !writes(s);
}
