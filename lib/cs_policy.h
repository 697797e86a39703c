/*
 * cs_policy.h - the dunning policy of cs-dunning(5): the five-stage
 * arrears ladder (堵 prevent, 催 remind, 引 guide, 追 pursue, 诉 sue),
 * late fees, the early warning and the block list, with overrides per
 * customer class and credit grade.  The built-in default is the text of
 * etc/cs-dunning.policy, compiled in.
 */
#ifndef CS_POLICY_H
#define CS_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum cs_stage { CS_STAGE_PREVENT, CS_STAGE_REMIND, CS_STAGE_GUIDE, CS_STAGE_PURSUE,
	CS_STAGE_SUE, CS_NSTAGES };
#define CS_STAGE_NONE (-1)

/* Actions, as bits: bit k is cs_action_names[k]. */
#define CS_ACT_NOTIFY		0x01
#define CS_ACT_OFFER_PLAN	0x02
#define CS_ACT_SUSPEND		0x04
#define CS_ACT_LEGAL		0x08
#define CS_ACT_BLACKLIST	0x10
#define CS_NACTIONS		5

/* "notify", "offer-plan", "suspend", "legal", "blacklist": the stages' actions, by bit. */
extern const char *const cs_action_names[CS_NACTIONS];

/* One stage of a ladder. */
struct cs_stage_rule {
	int defined;			/* absent stages are skipped */
	char label[32];			/* UTF-8, e.g. 催 */
	long days;			/* from the oldest unpaid invoice's due date */
	int64_t min_balance;		/* cents of overdue balance */
	long min_days_in_previous;
	unsigned actions;		/* CS_ACT_* */
};

/* The ladder that applies to one customer. */
struct cs_ladder {
	struct cs_stage_rule stage[CS_NSTAGES];
};

struct cs_policy;

/* The text of the built-in default policy (etc/cs-dunning.policy). */
extern const char cs_policy_default[];

/*
 * Parses a policy from text, naming it name in messages.  Returns the
 * policy, or NULL with "name:line: what was expected" in err.
 */
struct cs_policy *cs_policy_parse(const char *name, const char *text, char *err,
    size_t errlen);

/*
 * Fills *out with the ladder for a customer of big-customer class
 * class and credit grade grade (either may be NULL): the stages, then
 * the class's overrides, then the grade's.
 */
void cs_policy_ladder(const struct cs_policy *p, const char *class, const char *grade,
    struct cs_ladder *out);

/* The most complaint categories that count as billing disputes. */
#define CS_MAX_DISPUTES 16

/* The policy's settings besides the ladder. */
struct cs_policy_settings {
	int64_t late_fee_rate;		/* hundredths of a per mille of the overdue principal a day */
	int late_fee_half_up;		/* round each day's fee half up, else down */
	int warning_share;		/* hundredths of a percent of the credit limit */
	int allow_jumps;
	int block_from;			/* a stage, or CS_STAGE_NONE */
	long adoption_pace;		/* days in each stage while catching up; -1: the stage's own */
	char dispute[CS_MAX_DISPUTES][32];	/* complaint categories that hold dunning */
	int ndisputes;
};

/* Nonzero when a complaint of category (NULL: none) is a billing dispute under s. */
int cs_policy_is_dispute(const struct cs_policy_settings *s, const char *category);

/*
 * Writes the names of the policy's [for class X] (by_grade 0) or
 * [for grade X] (1) sections into buf, comma-separated ("strategic,
 * key"); returns how many there are.
 */
int cs_policy_overrides(const struct cs_policy *p, int by_grade, char *buf, size_t len);

/* Returns the settings. */
const struct cs_policy_settings *cs_policy_settings(const struct cs_policy *p);

/* Returns "prevent", "remind", "guide", "pursue" or "sue". */
const char *cs_stage_name(int stage);

/* Returns the stage named s[0..len), or CS_STAGE_NONE. */
int cs_stage_parse(const char *s, size_t len);

/* Frees a policy; NULL is allowed. */
void cs_policy_free(struct cs_policy *p);

#endif
