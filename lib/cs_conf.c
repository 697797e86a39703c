/*
 * cs_conf.c - the reader of the project's "key = value" files and the
 * value parsers they share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_conf.h"
#include "cs_i18n.h"
#include "cs_text.h"
#include "cs_value.h"

int
cs_conf_fail(struct cs_conf *c, const char *what, const char *detail)
{
	char where[32] = "";

	if (c->line > 0)	/* 0: the file as a whole */
		snprintf(where, sizeof where, ":%ld", c->line);
	snprintf(c->err, c->errlen, "%s%s: %s%s%s", c->name, where, _(what),
	    detail ? ": " : "", detail ? detail : "");
	return -1;
}

/* Returns s without the blanks at either end (the end cut with a NUL), as flags say. */
static char *
trimmed(char *s, unsigned flags)
{
	const char *t = s;
	size_t len = strlen(s);

	if (flags & CS_CONF_ASCII_BLANKS) {
		t += strspn(t, " \t");
		len = strlen(t);
		while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t'))
			len--;
	} else
		cs_trim(&t, &len);
	s += t - s;
	s[len] = '\0';
	return s;
}

/* Splits "key = value" at its first "=" and hands both, trimmed, to syn->setting. */
static int
assignment(const struct cs_conf_syntax *syn, void *ctx, struct cs_conf *c, char *s)
{
	char *eq = strchr(s, '=');

	if (eq == NULL)
		return cs_conf_fail(c, syn->no_equals, NULL);
	*eq = '\0';
	return syn->setting(ctx, c, trimmed(s, syn->flags), trimmed(eq + 1, syn->flags));
}

/* Reads one line (its LF removed): skips it when blank, else hands it on; returns 0 or -1. */
static int
read_line(const struct cs_conf_syntax *syn, void *ctx, struct cs_conf *c, char *line)
{
	int ascii = (syn->flags & CS_CONF_ASCII_BLANKS) != 0;
	char *s;

	line[strcspn(line, ascii ? "#\r" : "#")] = '\0';
	s = trimmed(line, syn->flags);
	if (*s == '\0')
		return 0;
	if (!ascii && cs_utf8_valid_prefix(s, strlen(s)) != strlen(s))
		return cs_conf_fail(c, "not UTF-8 text", NULL);
	if (s[0] == '[' && syn->section != NULL)
		return syn->section(ctx, c, s);
	return assignment(syn, ctx, c, s);
}

int
cs_conf_read(const char *text, const struct cs_conf_syntax *syn, void *ctx, struct cs_conf *c)
{
	char *copy = cs_xstrdup(text), *line, *next;
	int rc = 0;

	c->line = 0;
	for (line = copy; rc == 0 && line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		c->line++;
		rc = read_line(syn, ctx, c, line);
	}
	if (rc == 0)
		c->line = 0;
	free(copy);
	return rc;
}

int
cs_conf_list_next(const char **cursor, const char **item, size_t *len)
{
	const char *p = *cursor;

	if (*p == '\0')
		return 0;
	*item = p;
	*len = strcspn(p, ",");
	*cursor = p + *len + (p[*len] == ',');
	cs_trim(item, len);
	return 1;
}

const char *
cs_conf_names(const char *v, const char *const *names, int n, unsigned *bits,
    size_t *badlen)
{
	const char *item;
	size_t len;
	int k;

	*bits = 0;
	while (cs_conf_list_next(&v, &item, &len)) {
		for (k = 0; k < n && !cs_equal_nocase(item, len, names[k]); k++)
			;
		if (k == n) {
			*badlen = len;
			return item;
		}
		*bits |= 1u << k;
	}
	return NULL;
}

int
cs_conf_texts(const char *v, char *out, size_t width, int max, const char **bad,
    size_t *badlen)
{
	const char *item;
	size_t len;
	int n = 0;

	while (cs_conf_list_next(&v, &item, &len)) {
		if (len == 0)
			continue;
		if (n == max)
			return -1;
		if (len >= width || cs_has_control(item, len)) {
			*bad = item;
			*badlen = len;
			return -2;
		}
		memcpy(out + (size_t)n * width, item, len);
		out[(size_t)n++ * width + len] = '\0';
	}
	return n;
}

const char *
cs_conf_duration(const char *v, int none_ok, int64_t *seconds)
{
	static const char units[] = "hdm";
	static const int64_t unit_seconds[] = { 3600, 86400, 60 };
	size_t digits = strspn(v, "0123456789");
	const char *u = v + digits + strspn(v + digits, " \t");
	int64_t unit = 3600;
	long n;

	if (none_ok && strcmp(v, "none") == 0) {
		*seconds = CS_CONF_NONE;
		return NULL;
	}
	if (*u != '\0') {
		if (strchr(units, *u) == NULL || u[1] != '\0')
			u = NULL;
		else
			unit = unit_seconds[strchr(units, *u) - units];
	}
	if (u == NULL || digits == 0 || cs_int_parse(v, digits, 1, 365L * 24 * 60, &n) != NULL ||
	    n * unit > CS_CONF_DURATION_MAX)
		return none_ok ? N_("expected a duration such as 24h, 2d or 30m, up to 365 days, or none") :
		    N_("expected a duration such as 24h, 2d or 30m, up to 365 days");
	*seconds = n * unit;
	return NULL;
}
