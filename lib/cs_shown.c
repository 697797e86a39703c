/*
 * cs_shown.c - customer columns as shown: chosen, formatted, masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_shown.h"
#include "cs_text.h"
#include "cs_value.h"

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
		if ((i = cs_table_column(t, s, n)) < 0) {
			snprintf(buf, len, "unknown column \"%.*s\" (expected customers columns: "
			    "name, kind, region, industry, manager, phone, email, opened_on,"
			    " credit_limit, status)", (int)(n < 64 ? n : 64), s);
			return buf;
		}
		if (w->n == CS_WITH_MAX) {
			snprintf(buf, len, "at most %d columns", CS_WITH_MAX);
			return buf;
		}
		w->col[w->n++] = &t->cols[i];
	}
	if (w->n == 0) {
		snprintf(buf, len, "no column named");
		return buf;
	}
	return NULL;
}

int
cs_shown_is_personal(const char *column)
{
	return strcmp(column, "phone") == 0 || strcmp(column, "email") == 0 ||
	    strcmp(column, "reg_no") == 0;
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

const char *
cs_shown_value(const struct cs_column *c, const char *raw, int reveal, char *buf, size_t len)
{
	char money[CS_MONEY_BUFSZ];

	if (raw == NULL || *raw == '\0')
		return "";
	if (cs_column_is_money(c)) {
		snprintf(buf, len, "%s", cs_money_format(strtoll(raw, NULL, 10), money));
		return buf;
	}
	if (reveal || !cs_shown_is_personal(c->name))
		return raw;
	if (strcmp(c->name, "phone") == 0)
		return mask_phone(raw, buf, len);
	if (strcmp(c->name, "email") == 0)
		return mask_email(raw, buf, len);
	return "***";
}
