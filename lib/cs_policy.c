/*
 * cs_policy.c - reading dunning policies (cs-dunning(5)).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_conf.h"
#include "cs_err.h"
#include "cs_policy.h"
#include "cs_i18n.h"
#include "cs_text.h"
#include "cs_value.h"

/* The complaint categories that hold dunning when a policy names none. */
#define CS_DEFAULT_DISPUTES "billing, \xe8\xb4\xa6\xe5\x8a\xa1, \xe8\xae\xa1\xe8\xb4\xb9, " \
	"\xe8\xaf\x9d\xe8\xb4\xb9, \xe6\x94\xb6\xe8\xb4\xb9, \xe8\xb4\xa6\xe5\x8d\x95"	/* 账务 计费 话费 收费 账单 */

/* An override line of a [for class X] or [for grade X] section. */
struct override {
	int by_grade;
	char *who;
	int stage;
	char *field, *value;		/* applied with set_field, checked when read */
};

struct cs_policy {
	struct cs_ladder base;
	struct cs_policy_settings set;
	struct override *ov;
	size_t nov, capov;
};

static const char *const stage_names[CS_NSTAGES] = { "prevent", "remind", "guide",
	"pursue", "sue" };
const char *const cs_action_names[CS_NACTIONS] = { "notify", "offer-plan", "suspend", "legal",
	"blacklist" };

const char *
cs_stage_name(int stage)
{
	return stage >= 0 && stage < CS_NSTAGES ? stage_names[stage] : "none";
}

int
cs_stage_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; i < CS_NSTAGES; i++)
		if (cs_equal_nocase(s, len, stage_names[i]))
			return i;
	return CS_STAGE_NONE;
}

/* Parses a whole number in [min, max]; returns NULL or what was expected. */
static const char *
whole(const char *v, long min, long max, long *out)
{
	return cs_int_parse(v, strlen(v), min, max, out) ? N_("expected a whole number in range") : NULL;
}

/* Parses "a, b, ..." action names into bits. */
static const char *
actions(const char *v, unsigned *out)
{
	size_t bad;

	if (cs_conf_names(v, cs_action_names, CS_NACTIONS, out, &bad) != NULL)
		return N_("expected actions notify, offer-plan, suspend, legal, blacklist");
	return *out ? NULL : N_("expected at least one action");
}

/* Sets field of a stage from text; returns NULL or what was expected. */
static const char *
set_field(struct cs_stage_rule *r, const char *field, const char *v)
{
	size_t len = strlen(v);

	if (strcmp(field, "label") == 0) {
		if (len == 0 || len >= sizeof r->label || cs_utf8_valid_prefix(v, len) != len ||
		    cs_has_control(v, len))
			return N_("expected a label of up to 31 bytes of text");
		memcpy(r->label, v, len + 1);
		return NULL;
	}
	if (strcmp(field, "days") == 0)
		return whole(v, -365, 3650, &r->days);
	if (strcmp(field, "min_days_in_previous") == 0)
		return whole(v, 0, 3650, &r->min_days_in_previous);
	if (strcmp(field, "min_balance") == 0)
		return cs_money_parse(v, len, &r->min_balance) != NULL || r->min_balance < 0 ?
		    N_("expected an amount of 0 or more") : NULL;
	if (strcmp(field, "actions") == 0)
		return actions(v, &r->actions);
	return N_("unknown setting (expected label, days, min_balance, min_days_in_previous, actions)");
}

/* Reads "a, b, ..." complaint categories into s->dispute; returns NULL or what was expected. */
static const char *
disputes(struct cs_policy_settings *s, const char *v)
{
	const char *bad;
	size_t len;
	int n = cs_conf_texts(v, (char *)s->dispute, sizeof s->dispute[0], CS_MAX_DISPUTES, &bad,
	    &len);

	if (n < 0)
		return N_("expected at most 16 categories of up to 31 bytes each");
	s->ndisputes = n;
	return NULL;
}

/* Sets the settings of how a customer enters and climbs the ladder; NULL for another key. */
static const char *
set_pace(struct cs_policy_settings *s, const char *key, const char *v, int *done)
{
	size_t len = strlen(v);
	long days;
	int b;

	*done = 1;
	if (strcmp(key, "allow_jumps") == 0) {
		if (cs_bool_parse(v, len, &b))
			return N_("expected yes or no");
		s->allow_jumps = b;
		return NULL;
	}
	if (strcmp(key, "adoption_pace") == 0) {
		if (strcmp(v, "normal") == 0) {
			s->adoption_pace = -1;
			return NULL;
		}
		if (cs_int_parse(v, len, 1, 3650, &days) != NULL)
			return N_("expected days from 1, or normal");
		s->adoption_pace = days;
		return NULL;
	}
	if (strcmp(key, "dispute_categories") == 0)
		return disputes(s, v);
	*done = 0;
	return NULL;
}

/* Sets a top-level setting from text. */
static const char *
set_setting(struct cs_policy_settings *s, const char *key, const char *v)
{
	size_t len = strlen(v);
	const char *why;
	int done;

	if ((why = set_pace(s, key, v, &done)) != NULL || done)
		return why;
	if (strcmp(key, "late_fee_per_mille") == 0)
		return cs_hundredths_parse(v, len, &s->late_fee_rate) || s->late_fee_rate < 0 ||
		    s->late_fee_rate > 100000 ?
		    N_("expected a rate from 0 to 1000 per mille") : NULL;
	if (strcmp(key, "late_fee_rounding") == 0) {
		if (strcmp(v, "down") != 0 && strcmp(v, "half-up") != 0)
			return N_("expected down or half-up");
		s->late_fee_half_up = v[0] == 'h';
		return NULL;
	}
	if (strcmp(key, "warning_share") == 0) {
		int64_t bp;
		if (cs_hundredths_parse(v, len, &bp) || bp <= 0 || bp > 10000)
			return N_("expected a percentage above 0 and up to 100");
		s->warning_share = (int)bp;
		return NULL;
	}
	if (strcmp(key, "block_from") == 0) {
		s->block_from = cs_stage_parse(v, len);
		return s->block_from == CS_STAGE_NONE && strcmp(v, "none") != 0 ?
		    N_("expected a stage or none") : NULL;
	}
	return N_("unknown setting (expected late_fee_per_mille, late_fee_rounding, "
	    "warning_share, allow_jumps, block_from, adoption_pace, dispute_categories)");
}

/* Where parsing is: the policy read into and the section. */
struct reading {
	struct cs_policy *p;
	int stage;			/* [stage X], or CS_STAGE_NONE */
	int in_for, by_grade;		/* [for class|grade X] */
	char who[32];
};

/* Handles a [section] line (struct cs_conf_syntax.section). */
static int
section(void *ctx, struct cs_conf *c, char *s)
{
	struct reading *rd = ctx;
	struct cs_policy *p = rd->p;
	char kind[16], a[32], b[32];
	int n = sscanf(s, "[%15s %31s %31[^]]]", kind, a, b);

	rd->stage = CS_STAGE_NONE;
	rd->in_for = 0;
	if (n == 2 && strcmp(kind, "stage") == 0 && a[strlen(a) - 1] == ']') {
		a[strlen(a) - 1] = '\0';
		if ((rd->stage = cs_stage_parse(a, strlen(a))) == CS_STAGE_NONE)
			return cs_conf_fail(c, "unknown stage", a);
		if (p->base.stage[rd->stage].defined)
			return cs_conf_fail(c, "stage defined twice", a);
		p->base.stage[rd->stage].defined = 1;
		snprintf(p->base.stage[rd->stage].label, sizeof p->base.stage[rd->stage].label,
		    "%s", a);
		return 0;
	}
	if (n == 3 && strcmp(kind, "for") == 0 &&
	    (strcmp(a, "class") == 0 || strcmp(a, "grade") == 0)) {
		rd->in_for = 1;
		rd->by_grade = a[0] == 'g';
		snprintf(rd->who, sizeof rd->who, "%s", b);
		return 0;
	}
	return cs_conf_fail(c, "expected [stage NAME], [for class NAME] or [for grade NAME]", NULL);
}

/* Records an override "stage.field = value" of the current [for] section. */
static int
add_override(struct reading *rd, struct cs_conf *c, const char *key, const char *value)
{
	struct cs_policy *p = rd->p;
	const char *dot = strchr(key, '.');
	struct cs_stage_rule scratch = { 0 };
	struct override *o;
	const char *why;
	int stage;

	if (dot == NULL || (stage = cs_stage_parse(key, (size_t)(dot - key))) == CS_STAGE_NONE)
		return cs_conf_fail(c, "expected STAGE.SETTING = VALUE", key);
	if ((why = set_field(&scratch, dot + 1, value)) != NULL)
		return cs_conf_fail(c, why, key);
	if (p->nov == p->capov) {
		p->capov = p->capov ? 2 * p->capov : 16;
		p->ov = cs_xrealloc(p->ov, p->capov * sizeof *p->ov);
	}
	o = &p->ov[p->nov++];
	o->by_grade = rd->by_grade;
	o->who = cs_xstrdup(rd->who);
	o->stage = stage;
	o->field = cs_xstrdup(dot + 1);
	o->value = cs_xstrdup(value);
	return 0;
}

/* Handles a "key = value" line in the current section (struct cs_conf_syntax.setting). */
static int
assignment(void *ctx, struct cs_conf *c, char *key, char *value)
{
	struct reading *rd = ctx;
	const char *why;

	if (rd->in_for)
		return add_override(rd, c, key, value);
	why = rd->stage == CS_STAGE_NONE ? set_setting(&rd->p->set, key, value) :
	    set_field(&rd->p->base.stage[rd->stage], key, value);
	return why ? cs_conf_fail(c, why, key) : 0;
}

/* Applies the overrides for who (by class or by grade) to a ladder. */
static void
apply_overrides(const struct cs_policy *p, int by_grade, const char *who,
    struct cs_ladder *l)
{
	size_t i;

	for (i = 0; who != NULL && i < p->nov; i++)
		if (p->ov[i].by_grade == by_grade && strcmp(p->ov[i].who, who) == 0)
			set_field(&l->stage[p->ov[i].stage], p->ov[i].field, p->ov[i].value);
}

void
cs_policy_ladder(const struct cs_policy *p, const char *class, const char *grade,
    struct cs_ladder *out)
{
	*out = p->base;
	apply_overrides(p, 0, class, out);
	apply_overrides(p, 1, grade, out);
}

/* Returns NULL when the defined stages' days rise with the ladder, else why not. */
static const char *
ladder_order(const struct cs_ladder *l)
{
	int i, last = CS_STAGE_NONE;

	for (i = 0; i < CS_NSTAGES; i++) {
		if (!l->stage[i].defined)
			continue;
		if (last != CS_STAGE_NONE && l->stage[i].days <= l->stage[last].days)
			return stage_names[i];
		last = i;
	}
	return NULL;
}

/* Checks the whole policy once read: stages, order under every override, block_from. */
static int
check(struct cs_policy *p, struct cs_conf *conf)
{
	struct cs_ladder l;
	const char *bad;
	size_t i, j;
	int s, any = 0;

	for (s = 0; s < CS_NSTAGES; s++)
		any |= p->base.stage[s].defined;
	if (!any)
		return cs_conf_fail(conf, "no [stage ...] section", NULL);
	for (i = 0; i < p->nov; i++)
		if (!p->base.stage[p->ov[i].stage].defined)
			return cs_conf_fail(conf, "an override names a stage that is not defined",
			    stage_names[p->ov[i].stage]);
	if (p->set.block_from != CS_STAGE_NONE && !p->base.stage[p->set.block_from].defined)
		return cs_conf_fail(conf, "block_from names a stage that is not defined",
		    stage_names[p->set.block_from]);
	for (i = 0; i <= p->nov; i++) {
		for (j = 0; j <= p->nov; j++) {	/* every class with every grade */
			const char *c = i < p->nov && !p->ov[i].by_grade ? p->ov[i].who : NULL;
			const char *g = j < p->nov && p->ov[j].by_grade ? p->ov[j].who : NULL;

			cs_policy_ladder(p, c, g, &l);
			if ((bad = ladder_order(&l)) != NULL)
				return cs_conf_fail(conf, "stage days must rise along the ladder", bad);
		}
	}
	return 0;
}

struct cs_policy *
cs_policy_parse(const char *name, const char *text, char *err, size_t errlen)
{
	static const struct cs_conf_syntax syntax = { 0, N_("expected SETTING = VALUE"), section,
		assignment };
	struct cs_policy *p = cs_xmalloc(sizeof *p);
	struct reading rd = { p, CS_STAGE_NONE, 0, 0, "" };
	struct cs_conf c = { name, 0, err, errlen };

	memset(p, 0, sizeof *p);
	p->set.warning_share = 10000;
	p->set.block_from = CS_STAGE_NONE;
	p->set.adoption_pace = 1;
	disputes(&p->set, CS_DEFAULT_DISPUTES);
	if (cs_conf_read(text, &syntax, &rd, &c) != 0 || check(p, &c) != 0) {
		cs_policy_free(p);
		return NULL;
	}
	return p;
}

int
cs_policy_is_dispute(const struct cs_policy_settings *s, const char *category)
{
	int k;

	for (k = 0; category != NULL && k < s->ndisputes; k++)
		if (cs_equal_nocase(category, strlen(category), s->dispute[k]))
			return 1;
	return 0;
}

int
cs_policy_overrides(const struct cs_policy *p, int by_grade, char *buf, size_t len)
{
	size_t i, at = 0;
	int n = 0, j;

	buf[0] = '\0';
	for (i = 0; i < p->nov; i++) {
		if (p->ov[i].by_grade != by_grade)
			continue;
		for (j = 0; (size_t)j < i; j++)	/* each name once */
			if (p->ov[j].by_grade == by_grade && strcmp(p->ov[j].who, p->ov[i].who) == 0)
				break;
		if ((size_t)j < i)
			continue;
		if (at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s", n ? ", " : "", p->ov[i].who);
		n++;
	}
	return n;
}

const struct cs_policy_settings *
cs_policy_settings(const struct cs_policy *p)
{
	return &p->set;
}

void
cs_policy_free(struct cs_policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nov; i++) {
		free(p->ov[i].who);
		free(p->ov[i].field);
		free(p->ov[i].value);
	}
	free(p->ov);
	free(p);
}
