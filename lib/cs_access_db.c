/*
 * cs_access_db.c - the database side of cs_access.h: the reader's
 * grants valid today, the access_log rows of a run, and setting a
 * grant (cs-import grant).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_access.h"
#include "cs_access_impl.h"
#include "cs_err.h"
#include "cs_text.h"

/* Loads the grants of a's reader valid on a->today, by id; returns 0 or -1 (db's message). */
static int
load_grants(struct cs_access *a, struct cs_db *db)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT grant_id, coalesce(customer_id, ''), level"
	    " FROM access_grants WHERE reader = ?1 AND valid_from <= ?2 AND valid_until >= ?2"
	    " ORDER BY grant_id");
	enum cs_step step = CS_STEP_ERROR;
	size_t cap = 0;

	if (st == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, a->reader.login);
	cs_stmt_bind_str(st, 2, a->today);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		struct cs_grant *g;

		if (a->ngrants == cap) {
			cap = cap ? 2 * cap : 8;
			a->grants = cs_xrealloc(a->grants, cap * sizeof *a->grants);
		}
		g = &a->grants[a->ngrants++];
		snprintf(g->id, sizeof g->id, "%s", cs_stmt_text(st, 0));
		snprintf(g->customer, sizeof g->customer, "%s", cs_stmt_text(st, 1));
		g->level = cs_level_parse(cs_stmt_text(st, 2));
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

int
cs_access_begin(struct cs_access *a, struct cs_db *db, const char *program, int reveal,
    char *err, size_t errlen)
{
	char now[CS_DATETIME_BUFSZ];
	int level;

	a->grants = NULL;
	a->seen = NULL;
	a->ngrants = a->nseen = a->capseen = 0;
	a->program = program;
	a->reveal = reveal;
	if (cs_reader_self(&a->reader, err, errlen) != 0 && reveal)
		return -1;		/* a reader without a name sees nothing, and asked */
	level = cs_access_entry_level(a->conf.readers, a->conf.nreaders, &a->reader);
	a->clearance = level < 0 ? CS_LEVEL_NONE : level;
	snprintf(a->today, sizeof a->today, "%.10s", cs_datetime_format(cs_now(), now));
	if (reveal && load_grants(a, db) != 0) {
		cs_db_fail(db, err, errlen);
		return -1;
	}
	return 0;
}

/* Orders the decisions by customer, then outcome. */
static int
by_customer(const void *x, const void *y)
{
	const struct cs_access_seen *a = x, *b = y;
	int c = strcmp(a->customer, b->customer);

	return c != 0 ? c : a->outcome - b->outcome;
}

/* Writes the field names of the bits fields into buf, comma-separated, in column order. */
static const char *
field_list(unsigned fields, char *buf, size_t len)
{
	int f;

	buf[0] = '\0';
	for (f = 0; f < CS_NFIELDS; f++)
		if (fields & (1u << f))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? "," : "",
			    cs_field_names[f]);
	return buf;
}

/* Inserts the log row of s with st (prepared in cs_access_log); returns 0 or -1. */
static int
log_row(struct cs_access *a, struct cs_stmt *st, const struct cs_access_seen *s,
    const char *at)
{
	static const char *const outcomes[] = { "cleared", "granted", "refused" };
	char fields[160];

	cs_stmt_reset(st);
	cs_stmt_bind_str(st, 1, at);
	cs_stmt_bind_str(st, 2, a->reader.login);
	cs_stmt_bind_str(st, 3, a->program);
	cs_stmt_bind_str(st, 4, s->customer);
	cs_stmt_bind_str(st, 5, field_list(s->fields, fields, sizeof fields));
	cs_stmt_bind_str(st, 6, outcomes[s->outcome]);
	cs_stmt_bind_str(st, 7, s->grant[0] ? s->grant : NULL);
	return cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
}

/* Merges the decisions of the same customer and outcome, sorted; returns how many are left. */
static size_t
merge_seen(struct cs_access_seen *s, size_t n)
{
	size_t i, out = 0;

	if (n == 0)
		return 0;
	qsort(s, n, sizeof *s, by_customer);
	for (i = 1; i < n; i++)
		if (by_customer(&s[out], &s[i]) == 0)
			s[out].fields |= s[i].fields;
		else
			s[++out] = s[i];
	return out + 1;
}

int
cs_access_log(struct cs_access *a, struct cs_db *db, char *err, size_t errlen)
{
	struct cs_stmt *st = NULL;
	char at[CS_DATETIME_BUFSZ];
	size_t n = merge_seen(a->seen, a->nseen), i;
	int rc = 0;

	a->nseen = 0;
	if (n == 0)
		return 0;
	cs_datetime_format(cs_now(), at);
	if (cs_db_begin(db) != 0 || (st = cs_db_prepare(db, "INSERT INTO access_log (at, reader,"
	    " program, customer_id, fields, outcome, grant_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))
	    == NULL)
		rc = -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = log_row(a, st, &a->seen[i], at);
	cs_stmt_finalize(st);
	if (rc == 0 && cs_db_commit(db) == 0)
		return 0;
	cs_db_fail(db, err, errlen);
	cs_db_rollback(db);
	return -1;
}

/* Checks what a grant asks for; returns NULL or why it is refused (in buf). */
static const char *
grant_refusal(const struct cs_access *a, const struct cs_grant_request *g, char *buf,
    size_t len)
{
	int may = cs_access_entry_level(a->conf.approvers, a->conf.napprovers, &a->reader);
	char until[CS_DATE_BUFSZ];

	if (may < g->level || a->clearance < g->level)
		snprintf(buf, len, _("%s may not approve a grant of level %s (an approver of [approvers]"
		    " cleared for it is needed, cs-access(5))"), a->reader.login,
		    cs_level_names[g->level]);
	else if (strcmp(g->reader, a->reader.login) == 0)
		snprintf(buf, len, _("%s may not approve a grant for themselves"), a->reader.login);
	else if (strcmp(cs_date_format(g->until, until), a->today) < 0)
		snprintf(buf, len, _("--until %s is before today, %s"), until, a->today);
	else
		return NULL;
	return buf;
}

/* Returns 1 when the customer exists, 0 when not, -1 on error. */
static int
customer_exists(struct cs_db *db, const char *id)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT 1 FROM customers WHERE customer_id = ?1");
	enum cs_step step = CS_STEP_ERROR;

	if (st != NULL && cs_stmt_bind_str(st, 1, id) == 0)
		step = cs_stmt_step(st);
	cs_stmt_finalize(st);
	return step == CS_STEP_ROW ? 1 : step == CS_STEP_DONE ? 0 : -1;
}

/* Inserts grant g as id (the next of today's); returns 0 or -1 (db's message). */
static int
insert_grant(struct cs_access *a, struct cs_db *db, const struct cs_grant_request *g,
    char id[65])
{
	struct cs_stmt *st = cs_db_prepare(db, "INSERT INTO access_grants (grant_id, reader,"
	    " customer_id, level, approved_by, valid_from, valid_until, reason)"
	    " SELECT CAST(?1 AS text) || (SELECT coalesce(max(CAST(substr(grant_id,"
	    " length(CAST(?1 AS text)) + 1) AS INTEGER)), 0)"
	    "   + 1 FROM access_grants WHERE substr(grant_id, 1, length(CAST(?1 AS text))) = ?1),"
	    " ?2, ?3, ?4, ?5, ?6, ?7, ?8 RETURNING grant_id");
	char prefix[16], until[CS_DATE_BUFSZ];
	int rc = -1;

	snprintf(prefix, sizeof prefix, "G%.4s%.2s%.2s-", a->today, a->today + 5, a->today + 8);
	if (st == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, prefix);
	cs_stmt_bind_str(st, 2, g->reader);
	cs_stmt_bind_str(st, 3, g->customer);
	cs_stmt_bind_str(st, 4, cs_level_names[g->level]);
	cs_stmt_bind_str(st, 5, a->reader.login);
	cs_stmt_bind_str(st, 6, a->today);
	cs_stmt_bind_str(st, 7, cs_date_format(g->until, until));
	cs_stmt_bind_str(st, 8, g->reason);
	if (cs_stmt_step(st) == CS_STEP_ROW) {
		snprintf(id, 65, "%s", cs_stmt_text(st, 0));
		rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
	}
	cs_stmt_finalize(st);
	return rc;
}

int
cs_access_grant(struct cs_access *a, struct cs_db *db, const struct cs_grant_request *g,
    char id[65], char *err, size_t errlen)
{
	const char *why = grant_refusal(a, g, err, errlen);
	int known;

	if (why != NULL)
		return CS_EXIT_DATA;
	if (cs_db_begin(db) != 0)
		return cs_db_fail(db, err, errlen);
	if (g->customer != NULL && (known = customer_exists(db, g->customer)) <= 0) {
		if (known == 0)
			snprintf(err, errlen, _("no customer %s"), g->customer);
		else
			cs_db_fail(db, err, errlen);
		cs_db_rollback(db);
		return known == 0 ? CS_EXIT_DATA : CS_EXIT_DB;
	}
	if (insert_grant(a, db, g, id) != 0 || cs_db_commit(db) != 0) {
		cs_db_fail(db, err, errlen);
		cs_db_rollback(db);
		return CS_EXIT_DB;
	}
	return CS_EXIT_OK;
}
