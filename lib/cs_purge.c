/*
 * cs_purge.c - a customer's personal data retired after three
 * approvals, in one transaction, with the ledger kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_purge.h"
#include "cs_schema_pg.h"
#include "cs_text.h"
#include "cs_value.h"

const char *const cs_purge_roles[CS_PURGE_ROLES] = { "information-owner", "service-manager",
	"general-manager" };

/* The roles as people say them. */
static const char *const role_words[CS_PURGE_ROLES] = {
	N_("the information owner (客户信息负责人)"), N_("the service manager (客服经理)"),
	N_("the general manager (总经理)") };

/* Returns nonzero when a and b name one person: equal trimmed, ASCII case ignored. */
static int
same_person(const char *a, const char *b)
{
	size_t alen = strlen(a), blen = strlen(b), k;

	cs_trim(&a, &alen);
	cs_trim(&b, &blen);
	if (alen != blen)
		return 0;
	for (k = 0; k < alen; k++) {
		char x = a[k] >= 'A' && a[k] <= 'Z' ? (char)(a[k] - 'A' + 'a') : a[k];
		char y = b[k] >= 'A' && b[k] <= 'Z' ? (char)(b[k] - 'A' + 'a') : b[k];

		if (x != y)
			return 0;
	}
	return 1;
}

/* Appends the roles of mask (a bit each) to b: "A", "A and B", "A, B and C" (translated). */
static void
put_roles(struct cs_buf *b, unsigned mask)
{
	int k, n = 0, said = 0;

	for (k = 0; k < CS_PURGE_ROLES; k++)
		n += (mask >> k) & 1;
	for (k = 0; k < CS_PURGE_ROLES; k++)
		if ((mask >> k) & 1) {
			said++;
			cs_buf_printf(b, "%s%s", said == 1 ? "" : said == n ? _(" and ") : _(", "),
			    _(role_words[k]));
		}
}

const char *
cs_purge_refusal(const struct cs_purge_approvals *a, char *buf, size_t len)
{
	struct cs_buf b = { NULL, 0, 0 };
	unsigned missing = 0, same;
	int k, j;

	for (k = 0; k < CS_PURGE_ROLES; k++)
		missing |= a->by[k] == NULL ? 1u << k : 0;
	if (missing) {
		cs_buf_puts(&b, _("no approval of "));
		put_roles(&b, missing);
	}
	for (k = 0; k < CS_PURGE_ROLES; k++) {	/* the first person in two roles or more */
		same = 1u << k;
		for (j = k + 1; j < CS_PURGE_ROLES && a->by[k] != NULL; j++)
			if (a->by[j] != NULL && same_person(a->by[k], a->by[j]))
				same |= 1u << j;
		if (same != 1u << k) {
			cs_buf_printf(&b, _("%s%s approved as "), missing ? "; " : "", a->by[k]);
			put_roles(&b, same);
			cs_buf_puts(&b, _(": three different people must approve"));
			break;
		}
	}
	if (b.len == 0)
		return NULL;
	snprintf(buf, len, "%s", b.data);
	cs_buf_free(&b);
	return buf;
}

/* What the check found of one customer. */
struct target {
	const char *id;
	int found, purged, blacklisted, duplicate;
	long contacts;
	char *name;
	char *approver[CS_PURGE_ROLES];
};

/* The customer: its name, whether blacklisted, already purged, its contacts.  ?1 the id. */
static const char customer_sql[] =
    "SELECT c.name, c.status = 'blacklisted' OR coalesce((SELECT blacklisted FROM dunning_state"
    "  WHERE customer_id = c.customer_id), 0) = 1,"
    " EXISTS (SELECT 1 FROM record_changes WHERE customer_id = c.customer_id"
    "  AND change = 'purged'),"
    " (SELECT count(*) FROM contacts WHERE customer_id = c.customer_id)"
    " FROM customers c WHERE c.customer_id = ?1";

/* Reads one customer and its approvals into *t; returns 0, or -1 on a database error. */
static int
read_target(struct cs_db *db, struct target *t)
{
	struct cs_stmt *st;
	enum cs_step step;
	int k;

	if (!cs_utf8_valid(t->id))
		return 0;	/* no such customer (cs_utf8_valid) */
	if ((st = cs_db_prepare(db, customer_sql)) == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, t->id);
	if ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		t->found = 1;
		t->name = cs_xstrdup(cs_stmt_text(st, 0));
		t->blacklisted = (int)cs_stmt_int64(st, 1);
		t->purged = (int)cs_stmt_int64(st, 2);
		t->contacts = (long)cs_stmt_int64(st, 3);
	}
	cs_stmt_finalize(st);
	if (step != CS_STEP_ROW && step != CS_STEP_DONE)
		return -1;
	if ((st = cs_db_prepare(db, "SELECT role, approved_by FROM retirement_approvals"
	    " WHERE customer_id = ?1")) == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, t->id);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW)
		for (k = 0; k < CS_PURGE_ROLES; k++)
			if (strcmp(cs_stmt_text(st, 0), cs_purge_roles[k]) == 0)
				t->approver[k] = cs_xstrdup(cs_stmt_text(st, 1));
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

/*
 * Checks one customer, saying why when it cannot be purged.  Returns 0
 * allowed (or nothing to do), 1 refused.
 */
static int
check_target(const struct target *t)
{
	struct cs_purge_approvals a;
	char why[512];
	int k;

	if (t->duplicate)
		return 0;
	if (!t->found) {
		cs_warnx(_("purge %s: no such customer"), t->id);
		return 1;
	}
	if (t->purged) {
		cs_note(_("purge %s: already purged; left as it is"), t->id);
		return 0;
	}
	for (k = 0; k < CS_PURGE_ROLES; k++)
		a.by[k] = t->approver[k];
	if (cs_purge_refusal(&a, why, sizeof why) == NULL)
		return 0;
	cs_warnx(_("purge %s: %s"), t->id, why);
	return 1;
}

/*
 * The writes of a purge, each with its parameters: ?1 the customer, ?2
 * the actor, ?3 the program, ?4 the wall clock (on PostgreSQL, where
 * the times are the program's: SQLite's are datetime('now',
 * 'localtime'), as its triggers write them).
 */
static const struct {
	const char *sql;
	int nparams;
} purge_sql[] = {
	{ "UPDATE customers SET name = '" CS_PURGE_NAME " ' || customer_id, phone = NULL,"
	    " email = NULL, address = NULL, reg_no = NULL, special_terms = NULL, status = 'closed'"
	    " WHERE customer_id = ?1", 1 },
	{ "DELETE FROM contacts WHERE customer_id = ?1", 1 },
	{ "INSERT INTO record_changes (customer_id, at, change, actor)"
	    " VALUES (?1, datetime('now', 'localtime'), 'purged', ?2)", 2 },
	{ "INSERT INTO access_log (at, reader, program, customer_id, fields, outcome)"
	    " VALUES (datetime('now', 'localtime'), ?2, ?3, ?1, 'purge', 'cleared')", 3 },
};
static const char *const purge_pg_sql[] = {
	NULL,
	NULL,
	"INSERT INTO record_changes (customer_id, at, change, actor) VALUES (?1, ?4, 'purged', ?2)",
	"INSERT INTO access_log (at, reader, program, customer_id, fields, outcome)"
	    " VALUES (?4, ?2, ?3, ?1, 'purge', 'cleared')",
};

/*
 * PostgreSQL: runs one of the record_changes statements of
 * cs_schema_pg.h (its $N made ?N) for customer id, with the wall clock
 * now when it takes two parameters.  Returns 0, or -1 on a database
 * error.
 */
static int
pg_record(struct cs_db *db, const char *sql, const char *id, const char *now)
{
	struct cs_buf ids = { 0 };
	char *text = cs_xstrdup(sql), *p;
	struct cs_stmt *st;
	int rc = -1;

	for (p = text; (p = strchr(p, '$')) != NULL; p++)
		*p = '?';
	cs_buf_puts(&ids, "{\"");
	for (p = (char *)id; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			cs_buf_puts(&ids, "\\");
		cs_buf_append(&ids, p, 1);
	}
	cs_buf_puts(&ids, "\"}");
	if ((st = cs_db_prepare(db, text)) != NULL) {
		if (strstr(text, "?2") != NULL) {
			cs_stmt_bind_str(st, 1, now);
			cs_stmt_bind_str(st, 2, ids.data);
		} else if (strstr(text, "?1") != NULL)
			cs_stmt_bind_str(st, 1, ids.data);
		rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
		cs_stmt_finalize(st);
	}
	free(text);
	cs_buf_free(&ids);
	return rc;
}

/* Runs the writes of purge_sql for customer id; returns 0, or -1 on a database error. */
static int
purge_one(struct cs_db *db, const char *id, const char *actor, const char *program)
{
	int pg = cs_db_dialect(db) == CS_DIALECT_PG;
	char now[CS_DATETIME_BUFSZ];
	const char *param[4] = { id, actor, program, now };
	struct cs_stmt *st;
	size_t k;
	int p, rc = 0;

	cs_datetime_format(cs_now(), now);	/* as SQLite's datetime('now', 'localtime') */
	/* PostgreSQL: record_changes of the update as SQLite's triggers write them. */
	if (pg)
		rc = pg_record(db, cs_schema_pg_record_before(), id, now);
	for (k = 0; k < sizeof purge_sql / sizeof purge_sql[0] && rc == 0; k++) {
		const char *sql = pg && purge_pg_sql[k] != NULL ? purge_pg_sql[k] : purge_sql[k].sql;
		int n = pg && purge_pg_sql[k] != NULL ? 4 : purge_sql[k].nparams;

		if ((st = cs_db_prepare(db, sql)) == NULL)
			return -1;
		for (p = 0; p < n; p++)
			cs_stmt_bind_str(st, p + 1, param[p]);
		rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
		cs_stmt_finalize(st);
		if (pg && k == 0 && rc == 0)
			rc = pg_record(db, cs_schema_pg_record_after(), id, now) != 0 ||
			    pg_record(db, cs_schema_pg_record_done(), id, now) != 0 ? -1 : 0;
	}
	return rc;
}

/* Says what was (or, on a dry run, would be) done to t. */
static void
tell(const struct target *t, int dry_run)
{
	cs_note(ngettext("%s %s (%s): name made \"%s %s\"; phone, email, address, reg_no"
	    " and special_terms cleared; %ld contact deleted; status closed%s",
	    "%s %s (%s): name made \"%s %s\"; phone, email, address, reg_no"
	    " and special_terms cleared; %ld contacts deleted; status closed%s",
	    (unsigned long)t->contacts), dry_run ? _("would purge") : _("purged"), t->id, t->name,
	    CS_PURGE_NAME, t->id, t->contacts, dry_run ? _(" (dry run: nothing written)") : "");
	if (t->blacklisted)
		cs_warnx(_("purge %s: the customer was blacklisted; once purged, the blacklist at the"
		    " door no longer knows its name, phone and registration number"), t->id);
}

/* Frees what read_target allocated. */
static void
free_targets(struct target *t, int n)
{
	int i, k;

	for (i = 0; i < n; i++) {
		free(t[i].name);
		for (k = 0; k < CS_PURGE_ROLES; k++)
			free(t[i].approver[k]);
	}
	free(t);
}

/* Reads and checks every target; returns CS_EXIT_OK, CS_EXIT_DATA (refused) or CS_EXIT_DB. */
static int
check_all(struct cs_db *db, struct target *t, int n)
{
	int i, j, refused = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(t[j].id, t[i].id) != 0; j++)
			;
		t[i].duplicate = j < i;
		if (!t[i].duplicate && read_target(db, &t[i]) != 0)
			return CS_EXIT_DB;
		refused += check_target(&t[i]);
	}
	if (refused > 0)
		cs_warnx(ngettext("purge: %d of %d customer refused; nothing purged",
		    "purge: %d of %d customers refused; nothing purged", (unsigned long)n), refused, n);
	return refused > 0 ? CS_EXIT_DATA : CS_EXIT_OK;
}

int
cs_purge_run(struct cs_db *db, const char *const *ids, int n, const char *actor,
    const char *program, int dry_run)
{
	struct target *t = cs_xcalloc((size_t)n, sizeof *t);
	int i, rc;

	for (i = 0; i < n; i++)
		t[i].id = ids[i];
	if (cs_db_begin(db) != 0) {
		rc = cs_db_is_busy(db) ? CS_EXIT_BUSY : CS_EXIT_DB;
		cs_warnx(_("purge: %s"), rc == CS_EXIT_BUSY ? _("the database is locked by another"
		    " process; gave up after the lock timeout (CS_LOCK_TIMEOUT)") : cs_db_errmsg(db));
		free_targets(t, n);
		return rc;
	}
	rc = check_all(db, t, n);
	for (i = 0; i < n && rc == CS_EXIT_OK; i++) {
		if (t[i].duplicate || t[i].purged)
			continue;
		if (!dry_run && purge_one(db, t[i].id, actor, program) != 0)
			rc = CS_EXIT_DB;
	}
	if (rc == CS_EXIT_OK && !dry_run && cs_db_commit(db) != 0)
		rc = CS_EXIT_DB;
	if (rc == CS_EXIT_DB)
		cs_warnx(_("purge: database: %s; nothing purged"), cs_db_errmsg(db));
	cs_db_rollback(db);
	for (i = 0; i < n && rc == CS_EXIT_OK; i++)
		if (!t[i].duplicate && !t[i].purged)
			tell(&t[i], dry_run);
	free_targets(t, n);
	return rc;
}
