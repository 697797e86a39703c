/*
 * cs_complaint_rules.h - the department's rules for handling a
 * complaint, read from a file (etc/cs-complaint.rules is the built-in
 * default, its format is cs-complaint(5)): the steps a complaint goes
 * through, how long each may take by severity and customer class, the
 * escalation chain, which remedies need the supervisor's approval, the
 * return visit after a complaint and who counts as a repeat complainer.
 */
#ifndef CS_COMPLAINT_RULES_H
#define CS_COMPLAINT_RULES_H

#include <stddef.h>
#include <stdint.h>

/* The steps of a complaint (complaint_events.step), in the order of the eight steps. */
enum cs_cstep {
	CS_CSTEP_RECORDED, CS_CSTEP_VALIDATED, CS_CSTEP_INVALIDATED, CS_CSTEP_ASSIGNED,
	CS_CSTEP_HANDED_OVER, CS_CSTEP_INVESTIGATED, CS_CSTEP_REMEDY_PROPOSED,
	CS_CSTEP_APPROVED, CS_CSTEP_REJECTED, CS_CSTEP_CUSTOMER_NOTIFIED, CS_CSTEP_CLOSED,
	CS_CSTEP_REOPENED, CS_CSTEP_REVIEWED, CS_NCSTEPS
};

/* The remedies of complaint_events.remedy. */
enum cs_remedy {
	CS_REMEDY_NONE, CS_REMEDY_RETURN, CS_REMEDY_EXCHANGE, CS_REMEDY_REPAIR,
	CS_REMEDY_DISCOUNT, CS_REMEDY_COMPENSATION, CS_NREMEDIES
};

/*
 * The names stored in the database: "recorded", ..., "reviewed"; "none",
 * ..., "compensation"; each list ends with NULL (cs-import's values).
 */
extern const char *const cs_cstep_names[CS_NCSTEPS + 1];
extern const char *const cs_remedy_names[CS_NREMEDIES + 1];

/* Returns the step named name (as stored), or -1. */
int cs_cstep_find(const char *name);

/* Returns the remedy named name (as stored), or -1. */
int cs_remedy_find(const char *name);

/* No limit: a step that may last as long as it takes (closed, reviewed). */
#define CS_NO_LIMIT INT64_C(-1)

/* The most levels of the escalation chain, and the longest name of one. */
#define CS_MAX_LEVELS 8
#define CS_LEVEL_NAMESZ 48

/*
 * A [for severity N] or [for class NAME] section: the limits it sets
 * (seconds, or CS_NO_LIMIT where it sets none).  The tightest limit of
 * the sections that apply to a complaint wins.
 */
struct cs_complaint_override {
	int by_class;			/* 1: [for class who], 0: [for severity severity] */
	char who[32];
	int severity;
	int64_t step_limit[CS_NCSTEPS];
	int64_t first_answer;
};

struct cs_complaint_rules {
	/* How long a complaint may stay in each step before the next, in seconds. */
	int64_t step_limit[CS_NCSTEPS];
	/* The first answer to the customer: within this long of the record (24 h). */
	int64_t first_answer;
	unsigned first_answer_steps;	/* bit (1u << step) for each step that answers */
	/* The escalation chain after the owner: supervisor, manager, general manager. */
	char level[CS_MAX_LEVELS][CS_LEVEL_NAMESZ];
	int nlevels;
	int64_t escalate_every;		/* one level further up per this long past the deadline */
	int serious_severity;		/* this severity and above go to the last level at once */
	unsigned approval_remedies;	/* bit (1u << remedy) for each that needs approval */
	int64_t approval_above_cents;	/* ... when its amount is above this (0: any amount) */
	int return_visit_days;		/* a return visit within this many days of the close */
	int repeat_complaints;		/* this many complaints ... */
	int repeat_days;		/* ... within this many days: a repeat complainer */
	struct cs_complaint_override *ov;
	size_t nov;
};

/*
 * Parses rules text (the file named name, for messages) over the
 * built-in defaults.  Returns the rules, or NULL with "name:line: what"
 * in err.  Free with cs_complaint_rules_free.
 */
struct cs_complaint_rules *cs_complaint_rules_parse(const char *name, const char *text,
    char *err, size_t errlen);

/*
 * Reads the rules file path, or the built-in default when path is
 * NULL.  Returns the rules, or NULL with a message in err; *io is set
 * when the file could not be read (exit 4), else the text is wrong
 * (exit 1).
 */
struct cs_complaint_rules *cs_complaint_rules_load(const char *path, int *io, char *err,
    size_t errlen);

/* The built-in default rules text (etc/cs-complaint.rules). */
extern const char cs_complaint_rules_default[];

/*
 * Returns the limit of step for a complaint of severity (0: none) of a
 * customer of class (NULL or "": none), in seconds, or CS_NO_LIMIT: the
 * tightest of the base limit and the overrides that apply.
 */
int64_t cs_complaint_step_limit(const struct cs_complaint_rules *r, enum cs_cstep step,
    int severity, const char *class);

/* The same for the first answer. */
int64_t cs_complaint_first_answer(const struct cs_complaint_rules *r, int severity,
    const char *class);

/* Returns nonzero when remedy with amount (cents) needs the supervisor's approval. */
int cs_complaint_needs_approval(const struct cs_complaint_rules *r, enum cs_remedy remedy,
    int64_t amount_cents);

/* Frees rules. */
void cs_complaint_rules_free(struct cs_complaint_rules *r);

#endif
