/*
 * cs_access.c - the access file of cs-access(5), the reader and its
 * clearance, the levels of customers, and the one decision whether a
 * field is shown.  The database side (grants, the log) is in
 * cs_access_db.c.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cs_i18n.h"
#include "cs_access.h"
#include "cs_access_impl.h"
#include "cs_value.h"
#include "cs_conf.h"
#include "cs_segment.h"
#include "cs_text.h"

const char *const cs_level_names[CS_NLEVELS + 1] = { "none", "secret", "confidential",
	"top-secret", NULL };

const char *const cs_field_names[CS_NFIELDS + 1] = { "phone", "email", "credit_limit", "reg_no",
	"address", "yearly_sales", "special_terms", "contacts", NULL };

int
cs_level_parse(const char *s)
{
	static const char *const chinese[CS_NLEVELS] = { "无", "秘密", "机密", "绝密" };
	int k;

	for (k = 0; k < CS_NLEVELS; k++)
		if (strcasecmp(s, cs_level_names[k]) == 0 || strcmp(s, chinese[k]) == 0)
			return k;
	return -1;
}

int
cs_field_find(const char *column)
{
	int k;

	for (k = 0; k < CS_FIELD_CONTACTS; k++)	/* contacts is a table, not a column */
		if (strcmp(column, cs_field_names[k]) == 0)
			return k;
	return -1;
}

/* Where reading is: the file read into and its section. */
struct reading {
	struct cs_access_conf *c;
	enum { S_NONE, S_FIELDS, S_CUSTOMERS, S_READERS, S_APPROVERS, S_SETTINGS } section;
};

/* Takes a "[section]" line (cs_conf_syntax.section). */
static int
on_section(void *ctx, struct cs_conf *c, char *line)
{
	static const char *const names[] = { "[fields]", "[customers]", "[readers]",
		"[approvers]", "[settings]" };
	struct reading *r = ctx;
	size_t k;

	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(line, names[k]) == 0) {
			r->section = (int)k + S_FIELDS;
			return 0;
		}
	return cs_conf_fail(c, "unknown section (expected [fields], [customers], [readers],"
	    " [approvers] or [settings])", line);
}

/* Returns nonzero when name is a big-customer class or "default". */
static int
is_class(const char *name)
{
	int k;

	for (k = 0; cs_big_names[k] != NULL; k++)
		if (strcmp(name, cs_big_names[k]) == 0)
			return 1;
	return strcmp(name, "group") == 0 || strcmp(name, "default") == 0;
}

/* Returns nonzero when who can name readers: *, a login or @group, without blanks or controls. */
static int
is_who(const char *who)
{
	size_t n = strlen(who);

	return n > 0 && n < 64 && strcspn(who, " \t") == n && !cs_has_control(who, n) &&
	    (strcmp(who, "@") != 0);
}

/*
 * Sets who = level in e[0..*n) (at most max entries): a name already
 * there takes the new level (a file overriding the built-in one's
 * class), else it is added.  Returns 0 or -1.
 */
static int
add_entry(struct cs_conf *c, struct cs_access_entry *e, int *n, int max, const char *who,
    int level)
{
	int k;

	for (k = 0; k < *n; k++)
		if (strcmp(e[k].who, who) == 0)
			return e[k].level = level, 0;
	if (*n == max)
		return cs_conf_fail(c, "too many entries in this section", who);
	snprintf(e[*n].who, sizeof e[*n].who, "%s", who);
	e[(*n)++].level = level;
	return 0;
}

/* Takes "key = value" of the [settings] section. */
static int
on_settings(struct cs_access_conf *a, struct cs_conf *c, const char *key, const char *v)
{
	long long days;

	if (strcmp(key, "recheck_days") == 0) {
		if (cs_strtonum(v, 1, 3650, &days) != NULL)
			return cs_conf_fail(c, "expected days from 1 to 3650", key);
		a->recheck_days = (int)days;
		return 0;
	}
	if (strcmp(key, "data_dir") != 0)
		return cs_conf_fail(c, "unknown setting (expected data_dir or recheck_days)", key);
	if (v[0] != '/' || strlen(v) >= sizeof a->data_dir || cs_has_control(v, strlen(v)))
		return cs_conf_fail(c, "expected an absolute path", key);
	snprintf(a->data_dir, sizeof a->data_dir, "%s", v);
	return 0;
}

/* Takes "key = value" in the section being read (cs_conf_syntax.setting). */
static int
on_setting(void *ctx, struct cs_conf *c, char *key, char *value)
{
	struct reading *r = ctx;
	struct cs_access_conf *a = r->c;
	int level = cs_level_parse(value), f;

	if (r->section == S_SETTINGS)
		return on_settings(a, c, key, value);
	if (r->section == S_NONE)
		return cs_conf_fail(c, "expected a [section] first", key);
	if (level < 0)
		return cs_conf_fail(c, "expected a level: none, secret, confidential or top-secret"
		    " (秘密, 机密, 绝密)", key);
	switch (r->section) {
	case S_FIELDS:
		if ((f = cs_field_find(key)) < 0 && strcmp(key, "contacts") != 0)
			return cs_conf_fail(c, "unknown field (expected phone, email, address,"
			    " contacts, reg_no, credit_limit, yearly_sales or special_terms)", key);
		a->field[f < 0 ? CS_FIELD_CONTACTS : f] = level;
		return 0;
	case S_CUSTOMERS:
		if (!is_class(key))
			return cs_conf_fail(c, "unknown class (expected strategic, key, high-value,"
			    " group, regular or default)", key);
		if (strcmp(key, "default") == 0)
			return a->default_level = level, 0;
		return add_entry(c, a->classes, &a->nclasses, 16, key, level);
	default:
		if (!is_who(key))
			return cs_conf_fail(c, "expected a login name, @group or *", key);
		return r->section == S_READERS ?
		    add_entry(c, a->readers, &a->nreaders, CS_ACCESS_MAX_ENTRIES, key, level) :
		    add_entry(c, a->approvers, &a->napprovers, CS_ACCESS_MAX_ENTRIES, key, level);
	}
}

int
cs_access_conf_parse(const char *name, const char *text, struct cs_access_conf *c, char *err,
    size_t errlen)
{
	static const struct cs_conf_syntax syn = { 0, N_("expected key = value or [section]"),
		on_section, on_setting };
	struct reading r = { c, S_NONE };
	struct cs_conf conf = { name, 0, err, errlen };

	memset(c, 0, sizeof *c);
	if (text != cs_access_default) {
		/* The built-in levels of fields and classes and its settings hold
		 * where this file does not say otherwise; its readers do not. */
		if (cs_access_conf_parse(_("built-in access file"), cs_access_default, c, err,
		    errlen) != 0)
			return -1;
		c->nreaders = c->napprovers = 0;
	}
	return cs_conf_read(text, &syn, &r, &conf);
}

int
cs_access_conf_load(const char *path, struct cs_access_conf *c, int *io, char *err,
    size_t errlen)
{
	struct cs_buf text = { NULL, 0, 0 };
	int rc = -1;

	*io = 0;
	if (path == NULL)
		return cs_access_conf_parse(_("built-in access file"), cs_access_default, c, err,
		    errlen);
	if (cs_read_small_file(path, &text, err, errlen) != 0)
		*io = 1;
	else
		rc = cs_access_conf_parse(path, text.data, c, err, errlen);
	cs_buf_free(&text);
	return rc;
}

int
cs_reader_self(struct cs_reader *r, char *err, size_t errlen)
{
	struct passwd *pw = getpwuid(getuid());
	gid_t gids[64];
	int n = 64, k;

	memset(r, 0, sizeof *r);
	if (pw == NULL || pw->pw_name == NULL || *pw->pw_name == '\0') {
		snprintf(err, errlen, _("user id %ld has no login name"), (long)getuid());
		return -1;
	}
	snprintf(r->login, sizeof r->login, "%s", pw->pw_name);
	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &n) < 0)
		n = 64;			/* more than fit: the first 64 */
	for (k = 0; k < n && k < 64; k++) {
		struct group *g = getgrgid(gids[k]);

		if (g != NULL && g->gr_name != NULL)
			snprintf(r->groups[r->ngroups++], sizeof r->groups[0], "%s", g->gr_name);
	}
	return 0;
}

/* Returns nonzero when entry who names reader r. */
static int
names_reader(const char *who, const struct cs_reader *r)
{
	int k;

	if (strcmp(who, "*") == 0)
		return 1;
	if (who[0] != '@')
		return strcmp(who, r->login) == 0;
	for (k = 0; k < r->ngroups; k++)
		if (strcmp(who + 1, r->groups[k]) == 0)
			return 1;
	return 0;
}

int
cs_access_entry_level(const struct cs_access_entry *e, int n, const struct cs_reader *r)
{
	int k, level = -1;

	for (k = 0; k < n; k++)
		if (names_reader(e[k].who, r) && e[k].level > level)
			level = e[k].level;
	return level;
}

int
cs_access_class_level(const struct cs_access_conf *c, const char *name)
{
	int k;

	for (k = 0; k < c->nclasses; k++)
		if (strcmp(name, c->classes[k].who) == 0)
			return c->classes[k].level;
	return -1;
}

int
cs_access_customer_level(const struct cs_access_conf *c, const char *spec)
{
	int k;

	if (spec == NULL || *spec == '\0')
		return c->default_level;
	if (strncmp(spec, "class:", 6) != 0)
		return (k = cs_level_parse(spec)) >= 0 ? k : c->default_level;
	return (k = cs_access_class_level(c, spec + 6)) >= 0 ? k : c->default_level;
}

/* Returns the first grant of a that covers the customer at level, or NULL. */
static const struct cs_grant *
grant_for(const struct cs_access *a, const char *customer, int level)
{
	size_t k;

	for (k = 0; k < a->ngrants; k++)
		if ((a->grants[k].customer[0] == '\0' || strcmp(a->grants[k].customer, customer) == 0)
		    && a->grants[k].level >= level)
			return &a->grants[k];
	return NULL;
}

/*
 * Records that field f of customer had outcome (with grant, or NULL):
 * into the entry of the same customer and outcome among the customer's
 * latest entries, else a new one.
 */
static void
record(struct cs_access *a, const char *customer, int outcome, enum cs_access_field f,
    const char *grant)
{
	struct cs_access_seen *s;
	size_t k;

	for (k = a->nseen; k > 0 && strcmp(a->seen[k - 1].customer, customer) == 0; k--)
		if (a->seen[k - 1].outcome == outcome) {
			a->seen[k - 1].fields |= 1u << f;
			return;
		}
	if (a->nseen == a->capseen) {
		a->capseen = a->capseen ? 2 * a->capseen : 16;
		a->seen = cs_xrealloc(a->seen, a->capseen * sizeof *a->seen);
	}
	s = &a->seen[a->nseen++];
	memset(s, 0, sizeof *s);
	snprintf(s->customer, sizeof s->customer, "%s", customer);
	snprintf(s->grant, sizeof s->grant, "%s", grant != NULL ? grant : "");
	s->outcome = outcome;
	s->fields = 1u << f;
}

int
cs_access_decide(struct cs_access *a, const char *customer, int customer_level,
    enum cs_access_field f)
{
	const struct cs_grant *g;
	int need;

	if (a == NULL || !a->reveal || customer == NULL)
		return 0;
	need = a->conf.field[f] > customer_level ? a->conf.field[f] : customer_level;
	if (a->clearance >= need) {
		record(a, customer, CS_SEEN_CLEARED, f, NULL);
		return 1;
	}
	if ((g = grant_for(a, customer, need)) != NULL) {
		record(a, customer, CS_SEEN_GRANTED, f, g->id);
		return 1;
	}
	record(a, customer, CS_SEEN_REFUSED, f, NULL);
	return 0;
}

void
cs_access_end(struct cs_access *a)
{
	free(a->grants);
	free(a->seen);
	a->grants = NULL;
	a->seen = NULL;
	a->ngrants = a->nseen = a->capseen = 0;
}
