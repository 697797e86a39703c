/*
 * cs_shown.c - customer columns as shown: chosen, formatted, masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_shown.h"
#include "cs_i18n.h"
#include "cs_text.h"
#include "cs_value.h"

/*
 * Writes into buf (len bytes) what --with says of the unknown column
 * s[0..n): its name and every column of customers t but the id, as
 * cs-data(5) has them.  Returns buf.
 */
static const char *
unknown_column(const struct cs_table *t, const char *s, size_t n, char *buf, size_t len)
{
	size_t used;
	int k;

	snprintf(buf, len, _("unknown column \"%.*s\" (expected customers columns:"),
	    (int)(n < 64 ? n : 64), s);
	for (k = 1; k < t->ncols; k++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s %s", k > 1 ? "," : "", t->cols[k].name);
	}
	used = strlen(buf);
	snprintf(buf + used, len - used, ")");
	return buf;
}

const char *
cs_with_parse(const char *list, struct cs_with *w, char *buf, size_t len)
{
	const struct cs_table *t = cs_table_find("customers");
	const char *p = list;
	int i;

	w->n = 0;
	while (*p != '\0') {
		const char *s = p;
		size_t n = strcspn(p, ",");

		p += n + (p[n] == ',');
		cs_trim(&s, &n);
		if ((i = cs_table_column(t, s, n)) < 0)
			return unknown_column(t, s, n, buf, len);
		if (w->n == CS_WITH_MAX) {
			snprintf(buf, len, _("at most %d columns"), CS_WITH_MAX);
			return buf;
		}
		w->col[w->n++] = &t->cols[i];
	}
	if (w->n == 0) {
		snprintf(buf, len, "%s", _("no column named"));
		return buf;
	}
	return NULL;
}

int
cs_shown_is_personal(const char *column)
{
	return cs_field_find(column) >= 0;
}

/* Masks a phone number into buf: the first 3 and last 4 characters kept when 8 or more. */
static const char *
mask_phone(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s), k;

	if (n >= len)
		n = len - 1;
	for (k = 0; k < n; k++)
		buf[k] = n >= 8 && (k < 3 || k >= n - 4) ? s[k] : n < 8 && k >= n - 2 ? s[k] : '*';
	buf[n] = '\0';
	return buf;
}

/* Masks an email into buf: its first character, ***, and the domain. */
static const char *
mask_email(const char *s, char *buf, size_t len)
{
	const char *at = strchr(s, '@');

	if (*s == '\0')
		buf[0] = '\0';
	else if (at == NULL)
		snprintf(buf, len, "***");
	else
		snprintf(buf, len, "%.1s***%s", s, at);
	return buf;
}

/* Masks a name into buf: its first character, then "**". */
static const char *
mask_name(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s), first = 1;

	while (first < n && ((unsigned char)s[first] & 0xC0) == 0x80)
		first++;		/* the rest of a UTF-8 character */
	snprintf(buf, len, "%.*s**", (int)first, s);
	return buf;
}

/* Returns raw (not empty) masked as the column named name reads (cs_shown_value). */
static const char *
masked(const char *name, const char *raw, char *buf, size_t len)
{
	if (strcmp(name, "phone") == 0)
		return mask_phone(raw, buf, len);
	if (strcmp(name, "email") == 0)
		return mask_email(raw, buf, len);
	if (strcmp(name, "name") == 0)
		return mask_name(raw, buf, len);
	return "***";
}

const char *
cs_shown_value(const struct cs_column *c, const char *raw, int shown, char *buf, size_t len)
{
	char money[CS_MONEY_BUFSZ];

	if (raw == NULL || *raw == '\0')
		return "";
	if (!shown && cs_shown_is_personal(c->name))
		return masked(c->name, raw, buf, len);
	if (cs_column_is_money(c)) {
		snprintf(buf, len, "%s", cs_money_format(strtoll(raw, NULL, 10), money));
		return buf;
	}
	return raw;
}

const char *
cs_shown_field(struct cs_access *a, struct cs_shown_of who, const struct cs_column *c,
    const char *raw, char *buf, size_t len)
{
	int f = cs_field_find(c->name);

	if (raw == NULL || *raw == '\0')
		return "";
	return cs_shown_value(c, raw, f < 0 || cs_access_decide(a, who.id, who.level, f), buf,
	    len);
}

const char *
cs_shown_contact(struct cs_access *a, struct cs_shown_of who, const char *what,
    const char *raw, char *buf, size_t len)
{
	if (raw == NULL || *raw == '\0')
		return "";
	return cs_access_decide(a, who.id, who.level, CS_FIELD_CONTACTS) ? raw :
	    masked(what, raw, buf, len);
}

void
cs_with_header(const struct cs_with *w, const char **h, char *align)
{
	int k;

	for (k = 0; k < w->n; k++) {
		h[k] = w->col[k]->name;
		if (align != NULL)
			align[k] = cs_column_is_money(w->col[k]) ? 'r' : 'l';
	}
	if (align != NULL)
		align[w->n] = '\0';
}

void
cs_with_select(struct cs_buf *sql, const struct cs_with *w)
{
	int k;

	for (k = 0; k < w->n; k++)	/* names from the table's definition */
		cs_buf_printf(sql, ", c.%s", w->col[k]->dbname);
	cs_buf_puts(sql, ", " CS_ACCESS_LEVEL_SQL("c"));
}

void
cs_shown_with(struct cs_access *a, const struct cs_with *w, const char *id,
    const char *const *raw, const char **out, char (*buf)[256])
{
	struct cs_shown_of who = { id, a != NULL ? cs_access_customer_level(&a->conf,
	    raw[w->n]) : CS_LEVEL_NONE };
	int k;

	for (k = 0; k < w->n; k++)
		out[k] = cs_shown_field(a, who, w->col[k], raw[k], buf[k], sizeof buf[k]);
}
