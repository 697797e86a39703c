/*
 * cs_complaint_rules.c - the steps and remedies of a complaint, and the
 * rules file of cs-complaint(5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_complaint_rules.h"
#include "cs_conf.h"
#include "cs_i18n.h"
#include "cs_segment.h"
#include "cs_text.h"
#include "cs_value.h"

const char *const cs_cstep_names[CS_NCSTEPS + 1] = { "recorded", "validated", "invalidated",
	"assigned", "handed-over", "investigated", "remedy-proposed", "approved", "rejected",
	"customer-notified", "closed", "reopened", "reviewed", NULL };

const char *const cs_remedy_names[CS_NREMEDIES + 1] = { "none", "return", "exchange", "repair",
	"discount", "compensation", NULL };

/* Returns the index of name in names[0..n), or -1. */
static int
find_name(const char *const *names, int n, const char *name)
{
	int k;

	for (k = 0; k < n; k++)
		if (strcmp(names[k], name) == 0)
			return k;
	return -1;
}

int
cs_cstep_find(const char *name)
{
	return find_name(cs_cstep_names, CS_NCSTEPS, name);
}

int
cs_remedy_find(const char *name)
{
	return find_name(cs_remedy_names, CS_NREMEDIES, name);
}

/* The design's figures: what a setting is when the file does not give it. */
static void
set_defaults(struct cs_complaint_rules *r)
{
	static const int hours[CS_NCSTEPS] = { 24, 24, 24, 48, 24, 48, 24, 24, 24, 72, -1, 24,
		-1 };	/* recorded ... reviewed; -1: none */
	static const char *const levels[] = { "supervisor", "manager", "general manager" };
	int k;

	memset(r, 0, sizeof *r);
	for (k = 0; k < CS_NCSTEPS; k++)
		r->step_limit[k] = hours[k] < 0 ? CS_NO_LIMIT : hours[k] * INT64_C(3600);
	r->first_answer = 24 * INT64_C(3600);
	r->first_answer_steps = 1u << CS_CSTEP_VALIDATED | 1u << CS_CSTEP_INVALIDATED |
	    1u << CS_CSTEP_CUSTOMER_NOTIFIED;
	for (k = 0; k < 3; k++)
		snprintf(r->level[k], sizeof r->level[k], "%s", levels[k]);
	r->nlevels = 3;
	r->escalate_every = 24 * INT64_C(3600);
	r->serious_severity = 3;
	r->approval_remedies = 1u << CS_REMEDY_COMPENSATION | 1u << CS_REMEDY_DISCOUNT |
	    1u << CS_REMEDY_RETURN | 1u << CS_REMEDY_EXCHANGE;
	r->approval_above_cents = 0;
	r->return_visit_days = 7;
	r->repeat_complaints = 3;
	r->repeat_days = 90;
}

/* Where reading is: the rules read into, the section, the room for overrides. */
struct reading {
	struct cs_complaint_rules *r;
	int in_limits, in_override;	/* [limits]; [for ...]: the last override */
	int seen_limits;
	size_t capov;
};

/* Fails with what and the list item s[0..len) as the detail ("an empty item" when len is 0). */
static int
fail_item(struct cs_conf *c, const char *what, const char *key, const char *s, size_t len)
{
	char item[64];

	if (len == 0)
		return cs_conf_fail(c, "an empty item in the list", key);
	snprintf(item, sizeof item, "%.*s", (int)(len < 63 ? len : 63), s);
	return cs_conf_fail(c, what, item);
}

/* Reads the escalation chain "a, b, ..." (empty items skipped); returns 0 or -1. */
static int
set_levels(struct cs_complaint_rules *r, struct cs_conf *c, const char *key, const char *v)
{
	const char *bad;
	size_t len;
	int n = cs_conf_texts(v, (char *)r->level, sizeof r->level[0], CS_MAX_LEVELS, &bad, &len);

	if (n == -1)
		return cs_conf_fail(c, "expected at most 8 levels", key);
	if (n == -2)
		return fail_item(c, "expected a level name of up to 47 bytes of text", key, bad, len);
	r->nlevels = n;
	return n > 0 ? 0 : cs_conf_fail(c, "expected at least one level", key);
}

/* Reads a duration setting into *out (none allowed when none_ok); returns 0 or -1. */
static int
set_duration(struct cs_conf *c, const char *key, const char *v, int none_ok, int64_t *out)
{
	const char *why = cs_conf_duration(v, none_ok, out);

	return why ? cs_conf_fail(c, why, key) : 0;
}

/* Reads a whole number in [min, max] into *out, else fails with what; returns 0 or -1. */
static int
set_whole(struct cs_conf *c, const char *key, const char *v, long min, long max,
    const char *what, int *out)
{
	long n;

	if (cs_int_parse(v, strlen(v), min, max, &n) != NULL)
		return cs_conf_fail(c, what, key);
	*out = (int)n;
	return 0;
}

/* Reads a list of names[0..n) into *bits; what: the message for an item that is none. */
static int
set_names(struct cs_conf *c, const char *key, const char *v, const char *const *names, int n,
    unsigned *bits, const char *what)
{
	size_t len;
	const char *bad = cs_conf_names(v, names, n, bits, &len);

	return bad == NULL ? 0 : fail_item(c, what, key, bad, len);
}

/* Reads the steps that answer the customer, at least one; returns 0 or -1. */
static int
set_answer_steps(struct cs_complaint_rules *r, struct cs_conf *c, const char *key,
    const char *v)
{
	if (set_names(c, key, v, cs_cstep_names, CS_NCSTEPS, &r->first_answer_steps,
	    N_("unknown step")) != 0)
		return -1;
	return r->first_answer_steps ? 0 : cs_conf_fail(c, "expected at least one step", key);
}

/* Reads serious_severity: 1, 2 or 3, or none (0); returns 0 or -1. */
static int
set_serious(struct cs_complaint_rules *r, struct cs_conf *c, const char *key, const char *v)
{
	if (strcmp(v, "none") == 0) {
		r->serious_severity = 0;
		return 0;
	}
	return set_whole(c, key, v, 1, 3, N_("expected a severity 1, 2 or 3, or none"),
	    &r->serious_severity);
}

/* Sets a setting of how a complaint goes up; *done is 0 for another key. Returns 0 or -1. */
static int
set_escalation(struct cs_complaint_rules *r, struct cs_conf *c, const char *key, const char *v,
    int *done)
{
	*done = 1;
	if (strcmp(key, "first_answer") == 0)
		return set_duration(c, key, v, 1, &r->first_answer);
	if (strcmp(key, "first_answer_steps") == 0)
		return set_answer_steps(r, c, key, v);
	if (strcmp(key, "escalation") == 0)
		return set_levels(r, c, key, v);
	if (strcmp(key, "escalate_every") == 0)
		return set_duration(c, key, v, 0, &r->escalate_every);
	if (strcmp(key, "serious_severity") == 0)
		return set_serious(r, c, key, v);
	*done = 0;
	return 0;
}

/* Sets a setting before the first section; returns 0 or -1. */
static int
set_setting(struct cs_complaint_rules *r, struct cs_conf *c, const char *key, const char *v)
{
	int done, rc = set_escalation(r, c, key, v, &done);

	if (done)
		return rc;
	if (strcmp(key, "approval_remedies") == 0)	/* "" for none */
		return set_names(c, key, v, cs_remedy_names, CS_NREMEDIES, &r->approval_remedies,
		    N_("unknown remedy (expected return, exchange, repair, discount, compensation, "
		    "none)"));
	if (strcmp(key, "approval_above") == 0)
		return cs_money_parse(v, strlen(v), &r->approval_above_cents) != NULL ||
		    r->approval_above_cents < 0 ?
		    cs_conf_fail(c, "expected an amount of 0 or more", key) : 0;
	if (strcmp(key, "return_visit_days") == 0)
		return set_whole(c, key, v, 1, 365, N_("expected days from 1 to 365"),
		    &r->return_visit_days);
	if (strcmp(key, "repeat_complaints") == 0)
		return set_whole(c, key, v, 2, 1000, N_("expected a number of complaints from 2 to 1000"),
		    &r->repeat_complaints);
	if (strcmp(key, "repeat_days") == 0)
		return set_whole(c, key, v, 1, 3650, N_("expected days from 1 to 3650"), &r->repeat_days);
	return cs_conf_fail(c, "unknown setting (expected first_answer, first_answer_steps, "
	    "escalation, escalate_every, serious_severity, approval_remedies, approval_above, "
	    "return_visit_days, repeat_complaints, repeat_days)", key);
}

/*
 * Sets a limit of [limits] (none allowed) or of a [for ...] section
 * (which also takes first_answer, and only tightens: no none) in
 * steps[] or *first_answer.  Returns 0 or -1.
 */
static int
set_limit(struct cs_conf *c, int64_t *steps, int64_t *first_answer, const char *key,
    const char *v)
{
	int step = cs_cstep_find(key);

	if (first_answer != NULL && strcmp(key, "first_answer") == 0)
		return set_duration(c, key, v, 0, first_answer);
	if (step < 0)
		return cs_conf_fail(c, N_("unknown step"), key);
	return set_duration(c, key, v, first_answer == NULL, &steps[step]);
}

/* Handles a "key = value" line in the current section (struct cs_conf_syntax.setting). */
static int
setting(void *ctx, struct cs_conf *c, char *key, char *value)
{
	struct reading *rd = ctx;
	struct cs_complaint_override *o;

	if (rd->in_override) {
		o = &rd->r->ov[rd->r->nov - 1];
		return set_limit(c, o->step_limit, &o->first_answer, key, value);
	}
	if (rd->in_limits)
		return set_limit(c, rd->r->step_limit, NULL, key, value);
	return set_setting(rd->r, c, key, value);
}

/* Returns the override for a class (by_class) or a severity, or NULL when there is none yet. */
static struct cs_complaint_override *
find_override(const struct cs_complaint_rules *r, int by_class, const char *who, int severity)
{
	size_t i;

	for (i = 0; i < r->nov; i++)
		if (r->ov[i].by_class == by_class &&
		    (by_class ? strcmp(r->ov[i].who, who) == 0 : r->ov[i].severity == severity))
			return &r->ov[i];
	return NULL;
}

/* Starts a [for class who] or [for severity N] section with no limits of its own. */
static void
add_override(struct reading *rd, int by_class, const char *who, int severity)
{
	struct cs_complaint_rules *r = rd->r;
	struct cs_complaint_override *o;
	int k;

	if (r->nov == rd->capov) {
		rd->capov = rd->capov ? 2 * rd->capov : 8;
		r->ov = cs_xrealloc(r->ov, rd->capov * sizeof *r->ov);
	}
	o = &r->ov[r->nov++];
	memset(o, 0, sizeof *o);
	o->by_class = by_class;
	snprintf(o->who, sizeof o->who, "%s", who);
	o->severity = severity;
	for (k = 0; k < CS_NCSTEPS; k++)
		o->step_limit[k] = CS_NO_LIMIT;
	o->first_answer = CS_NO_LIMIT;
	rd->in_override = 1;
}

/* Starts [for class NAME] or [for severity N] (by, arg) for the line; returns 0 or -1. */
static int
for_section(struct reading *rd, struct cs_conf *c, const char *line, const char *by,
    const char *arg)
{
	long severity = 0;
	int k = -1;

	if (strcmp(by, "class") == 0) {
		while (cs_big_names[++k] != NULL && !cs_equal_nocase(arg, strlen(arg),
		    cs_big_names[k]))
			;
		if (cs_big_names[k] == NULL)
			return cs_conf_fail(c, "unknown class (expected strategic, key, group, "
			    "high-value, regular)", arg);
	} else if (strcmp(by, "severity") != 0)
		return cs_conf_fail(c, "expected [for class NAME] or [for severity N]", line);
	else if (cs_int_parse(arg, strlen(arg), 1, 3, &severity) != NULL)
		return cs_conf_fail(c, "expected a severity 1, 2 or 3", arg);
	if (find_override(rd->r, k >= 0, k >= 0 ? cs_big_names[k] : "", (int)severity) != NULL)
		return cs_conf_fail(c, "section given twice", line);
	add_override(rd, k >= 0, k >= 0 ? cs_big_names[k] : "", (int)severity);
	return 0;
}

/* Handles a [section] line (struct cs_conf_syntax.section). */
static int
section(void *ctx, struct cs_conf *c, char *line)
{
	struct reading *rd = ctx;
	size_t len = strlen(line);
	char inner[96], kind[16], by[16], arg[32], extra;
	int n = 0;

	rd->in_limits = rd->in_override = 0;
	if (line[len - 1] == ']' && len - 2 < sizeof inner) {
		snprintf(inner, sizeof inner, "%.*s", (int)(len - 2), line + 1);
		n = sscanf(inner, "%15s %15s %31s %c", kind, by, arg, &extra);
	}
	if (n == 1 && strcmp(kind, "limits") == 0) {
		if (rd->seen_limits)
			return cs_conf_fail(c, "section given twice", line);
		rd->in_limits = rd->seen_limits = 1;
		return 0;
	}
	if (n == 3 && strcmp(kind, "for") == 0)
		return for_section(rd, c, line, by, arg);
	return cs_conf_fail(c, "unknown section (expected [limits], [for class NAME] or "
	    "[for severity N])", line);
}

struct cs_complaint_rules *
cs_complaint_rules_parse(const char *name, const char *text, char *err, size_t errlen)
{
	static const struct cs_conf_syntax syntax = { 0, N_("expected SETTING = VALUE"), section,
		setting };
	struct cs_complaint_rules *r = cs_xmalloc(sizeof *r);
	struct reading rd = { r, 0, 0, 0, 0 };
	struct cs_conf c = { name, 0, err, errlen };

	set_defaults(r);
	if (cs_conf_read(text, &syntax, &rd, &c) != 0) {
		cs_complaint_rules_free(r);
		return NULL;
	}
	return r;
}

struct cs_complaint_rules *
cs_complaint_rules_load(const char *path, int *io, char *err, size_t errlen)
{
	struct cs_buf text = { NULL, 0, 0 };
	struct cs_complaint_rules *r = NULL;

	*io = 0;
	if (path == NULL)
		return cs_complaint_rules_parse(_("built-in rules"), cs_complaint_rules_default, err,
		    errlen);
	if (cs_read_small_file(path, &text, err, errlen) != 0)
		*io = 1;
	else
		r = cs_complaint_rules_parse(path, text.data, err, errlen);
	cs_buf_free(&text);
	return r;
}

/* The tighter of two limits, CS_NO_LIMIT being none. */
static int64_t
tighter(int64_t a, int64_t b)
{
	if (a == CS_NO_LIMIT)
		return b;
	return b == CS_NO_LIMIT || a < b ? a : b;
}

/*
 * The tightest limit of the base and of the overrides that apply to a
 * complaint of severity of a customer of class: of step which, or of
 * the first answer when which is CS_NCSTEPS.
 */
static int64_t
tightest(const struct cs_complaint_rules *r, int which, int severity, const char *class)
{
	int64_t limit = which < CS_NCSTEPS ? r->step_limit[which] : r->first_answer;
	const struct cs_complaint_override *o;
	size_t i;

	for (i = 0; i < r->nov; i++) {
		o = &r->ov[i];
		if (o->by_class ? class != NULL && strcmp(o->who, class) == 0 :
		    o->severity == severity)
			limit = tighter(limit, which < CS_NCSTEPS ? o->step_limit[which] :
			    o->first_answer);
	}
	return limit;
}

int64_t
cs_complaint_step_limit(const struct cs_complaint_rules *r, enum cs_cstep step, int severity,
    const char *class)
{
	if ((unsigned)step >= CS_NCSTEPS)
		return CS_NO_LIMIT;
	return tightest(r, (int)step, severity, class);
}

int64_t
cs_complaint_first_answer(const struct cs_complaint_rules *r, int severity, const char *class)
{
	return tightest(r, CS_NCSTEPS, severity, class);
}

int
cs_complaint_needs_approval(const struct cs_complaint_rules *r, enum cs_remedy remedy,
    int64_t amount_cents)
{
	if ((unsigned)remedy >= CS_NREMEDIES || !(r->approval_remedies >> remedy & 1u))
		return 0;
	return r->approval_above_cents == 0 || amount_cents > r->approval_above_cents;
}

void
cs_complaint_rules_free(struct cs_complaint_rules *r)
{
	if (r == NULL)
		return;
	free(r->ov);
	free(r);
}
