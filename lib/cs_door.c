/*
 * cs_door.c - the blacklist at the door: blacklisted customers read
 * once into a sorted array of keys, new customers looked up in it.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_door.h"
#include "cs_shown.h"
#include "cs_text.h"
#include "cs_value.h"

/* What a key is made of. */
enum door_how { BY_NAME_PHONE, BY_REG_NO };

static const char *const how_names[] = { "name-phone", "reg-no" };

/* One key of a blacklisted customer. */
struct door_entry {
	enum door_how how;
	char *key;			/* name NUL digits, or the registration number */
	size_t len;
	char *id;
	char *value;			/* the phone or reg_no as stored */
};

struct cs_door {
	struct door_entry *e;
	size_t n, cap;
	size_t customers;
	int sorted;
	struct cs_buf probe;		/* the key being looked up */
};

struct cs_door *
cs_door_new(void)
{
	return cs_xcalloc(1, sizeof(struct cs_door));
}

/*
 * Appends the digits of phone s[0..len) to b: ASCII digits and
 * full-width ones (U+FF10..U+FF19, read as ASCII); everything else is
 * dropped.  Returns how many.
 */
static size_t
put_digits(struct cs_buf *b, const char *s, size_t len)
{
	size_t k, n = 0;
	char c;

	for (k = 0; k < len; k++) {
		if (s[k] >= '0' && s[k] <= '9')
			c = s[k];
		else if ((c = cs_wide_ascii(s + k, len - k)) >= '0' && c <= '9')
			k += 2;	/* a full-width digit */
		else
			continue;
		cs_buf_append(b, &c, 1);
		n++;
	}
	return n;
}

/*
 * Makes the key of how into b from the customer's name and phone, or
 * its registration number.  Returns 0, or -1 when the customer has no
 * such key (no name, no digit in the phone, no registration number).
 */
static int
make_key(struct cs_buf *b, enum door_how how, const char *name, size_t nlen,
    const char *phone, size_t plen, const char *reg_no, size_t rlen)
{
	size_t k;

	cs_buf_clear(b);
	if (how == BY_NAME_PHONE) {
		if (name == NULL || phone == NULL)
			return -1;
		cs_trim(&name, &nlen);
		if (nlen == 0)
			return -1;
		cs_buf_append(b, name, nlen);
		cs_buf_append(b, "", 1);
		return put_digits(b, phone, plen) > 0 ? 0 : -1;
	}
	if (reg_no == NULL)
		return -1;
	cs_trim(&reg_no, &rlen);
	for (k = 0; k < rlen; k++) {
		char c = reg_no[k] >= 'a' && reg_no[k] <= 'z' ? (char)(reg_no[k] - 'a' + 'A') :
		    reg_no[k];

		cs_buf_append(b, &c, 1);
	}
	return rlen > 0 ? 0 : -1;
}

/* Adds the key of how, when the customer has one. */
static void
add_key(struct cs_door *d, enum door_how how, const char *id, const char *name,
    const char *phone, const char *reg_no)
{
	const char *value = how == BY_NAME_PHONE ? phone : reg_no;
	struct door_entry *e;

	if (make_key(&d->probe, how, name, name ? strlen(name) : 0, phone,
	    phone ? strlen(phone) : 0, reg_no, reg_no ? strlen(reg_no) : 0) != 0)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->e = cs_xrealloc(d->e, d->cap * sizeof *d->e);
	}
	e = &d->e[d->n++];
	e->how = how;
	e->key = cs_xmalloc(d->probe.len);
	memcpy(e->key, d->probe.data, d->probe.len);
	e->len = d->probe.len;
	e->id = cs_xstrdup(id);
	e->value = cs_xstrdup(value);
	d->sorted = 0;
}

void
cs_door_add(struct cs_door *d, const char *id, const char *name, const char *phone,
    const char *reg_no)
{
	add_key(d, BY_NAME_PHONE, id, name, phone, reg_no);
	add_key(d, BY_REG_NO, id, name, phone, reg_no);
	d->customers++;
}

/* Orders keys by kind, then bytes, a shorter key before one it begins. */
static int
key_order(enum door_how how, const char *key, size_t len, const struct door_entry *e)
{
	int c;

	if (how != e->how)
		return how < e->how ? -1 : 1;
	c = memcmp(key, e->key, len < e->len ? len : e->len);
	if (c != 0)
		return c;
	return len == e->len ? 0 : len < e->len ? -1 : 1;
}

/* qsort's comparison of two entries: by key, then by id. */
static int
entry_order(const void *a, const void *b)
{
	const struct door_entry *x = a, *y = b;
	int c = key_order(x->how, x->key, x->len, y);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* The blacklisted customers, each with its keys. */
static const char blacklist_sql[] =
    "SELECT c.customer_id, c.name, c.phone, c.reg_no FROM customers c"
    " WHERE c.status = 'blacklisted' OR c.customer_id IN"
    " (SELECT customer_id FROM dunning_state WHERE blacklisted = 1)";

struct cs_door *
cs_door_load(struct cs_db *db)
{
	struct cs_stmt *st = cs_db_prepare(db, blacklist_sql);
	struct cs_door *d;
	enum cs_step step;
	const char *f[4];
	int k;

	if (st == NULL)
		return NULL;
	d = cs_door_new();
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		for (k = 0; k < 4; k++)
			f[k] = cs_stmt_is_null(st, k) ? NULL : cs_stmt_text(st, k);
		cs_door_add(d, f[0], f[1], f[2], f[3]);
	}
	cs_stmt_finalize(st);
	if (step != CS_STEP_DONE) {
		cs_door_free(d);
		return NULL;
	}
	return d;
}

size_t
cs_door_size(const struct cs_door *d)
{
	return d->customers;
}

/* Adds the entries equal to the probe of how to m[0..max) after n, each customer once. */
static int
take_matches(struct cs_door *d, enum door_how how, struct cs_door_match *m, int n, int max)
{
	size_t lo = 0, hi = d->n;
	int k;

	while (lo < hi) {	/* the first entry not before the probe */
		size_t mid = lo + (hi - lo) / 2;

		if (key_order(how, d->probe.data, d->probe.len, &d->e[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->n && n < max &&
	    key_order(how, d->probe.data, d->probe.len, &d->e[lo]) == 0; lo++) {
		for (k = 0; k < n && strcmp(m[k].matched_id, d->e[lo].id) != 0; k++)
			;
		if (k < n)
			continue;
		m[n].matched_id = d->e[lo].id;
		m[n].how = how_names[how];
		m[n].value = d->e[lo].value;
		n++;
	}
	return n;
}

int
cs_door_find(struct cs_door *d, const char *name, size_t nlen, const char *phone,
    size_t plen, const char *reg_no, size_t rlen, struct cs_door_match *m, int max)
{
	int n = 0;
	enum door_how how;

	if (d->n == 0)
		return 0;
	if (!d->sorted) {
		qsort(d->e, d->n, sizeof *d->e, entry_order);
		d->sorted = 1;
	}
	for (how = BY_NAME_PHONE; how <= BY_REG_NO; how++)
		if (make_key(&d->probe, how, name, nlen, phone, plen, reg_no, rlen) == 0)
			n = take_matches(d, how, m, n, max);
	return n;
}

const char *
cs_door_shown(const char *how, const char *raw, char *buf, size_t len)
{
	const struct cs_table *t = cs_table_find("customers");
	const char *column = strcmp(how, how_names[BY_REG_NO]) == 0 ? "reg_no" : "phone";

	return cs_shown_value(&t->cols[cs_table_column(t, column, strlen(column))], raw, 0, buf,
	    len);
}

int
cs_door_record(struct cs_db *db, const char *id, const struct cs_door_match *m,
    const char *file, long line)
{
	struct cs_stmt *st = cs_db_prepare(db, "INSERT INTO door_matches"
	    " (customer_id, matched_id, match, at, file, line)"
	    " VALUES (?1, ?2, ?3, ?6, ?4, CAST(?5 AS bigint)) ON CONFLICT DO NOTHING");
	char now[CS_DATETIME_BUFSZ];
	int rc;

	if (st == NULL)
		return -1;
	cs_stmt_bind_str(st, 6, cs_datetime_format(cs_now(), now));	/* the wall clock */
	cs_stmt_bind_str(st, 1, id);
	cs_stmt_bind_str(st, 2, m->matched_id);
	cs_stmt_bind_str(st, 3, m->how);
	cs_stmt_bind_str(st, 4, file);
	if (line > 0)
		cs_stmt_bind_int64(st, 5, line);
	rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
	cs_stmt_finalize(st);
	return rc;
}

void
cs_door_free(struct cs_door *d)
{
	size_t k;

	if (d == NULL)
		return;
	for (k = 0; k < d->n; k++) {
		free(d->e[k].key);
		free(d->e[k].id);
		free(d->e[k].value);
	}
	free(d->e);
	cs_buf_free(&d->probe);
	free(d);
}
