/*
 * cs_complaint.h - a complaint as the department handles it: its row
 * and its events (complaint_events, in any order and from any file)
 * make its state: the step it is at and since when, its owner, whether
 * and when the customer was first answered, the remedy and its
 * approval, how often it was reopened, what in its history cannot have
 * happened; and, against the rules (cs_complaint_rules.h) at a moment,
 * its deadline, how late it is and to whom it goes up.
 *
 * Times are seconds of the department's wall clock since 1970-01-01
 * 00:00:00 (cs_datetime_parse).
 */
#ifndef CS_COMPLAINT_H
#define CS_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include "cs_complaint_rules.h"
#include "cs_db.h"

/* One event of a complaint. */
struct cs_cevent {
	int64_t at;
	enum cs_cstep step;
	const char *actor;		/* who did it, or "" */
	const char *assignee;		/* assigned, handed-over: who takes it, or "" */
	const char *approved_by;	/* approved, rejected: who decided, or "" */
	int remedy;			/* enum cs_remedy, or -1 when none is named */
	int64_t amount_cents;		/* the remedy's amount, or 0 */
};

/* A complaint as read: its row (through complaint_status) and its events in time order. */
struct cs_complaint {
	const char *id, *customer, *name;	/* name: the customer's */
	const char *category, *subject;
	const char *class;		/* big-customer class on the as-of date, or "" */
	const char *owner;		/* as complaint_status has it (the last hand-over) */
	const char *recorded_owner;	/* complaints.owner as recorded, or "" */
	int severity;			/* 1..3, or 0 when not given */
	int valid;			/* 1 valid, 0 invalid, -1 not decided */
	int64_t opened_at;		/* the recorded event, else opened_on at 00:00 */
	int open;			/* 0 once closed (complaint_status.closed_on) */
	int64_t closed_on;		/* complaint_status.closed_on at 00:00, or -1 */
	struct cs_cevent *ev;		/* ordered by time, then step */
	size_t nev;
};

/* The most problems kept for one complaint. */
#define CS_COMPLAINT_MAX_PROBLEMS 8

/* What a complaint's history says, on its own. */
struct cs_complaint_history {
	enum cs_cstep step;		/* the last event's (recorded when there is none) */
	int64_t step_at;		/* when the complaint entered it */
	int64_t first_answer_at;	/* the first answering step, or -1 */
	int64_t closed_at;		/* the last close when closed, else -1 */
	int reopened;			/* how often */
	int remedy;			/* of the last proposal, or -1 */
	int64_t amount_cents;
	int approved;			/* the last proposal was approved */
	int nproblems;
	char problem[CS_COMPLAINT_MAX_PROBLEMS][128];	/* impossible sequences, in words */
};

/* Where an open complaint stands against the rules at a moment. */
struct cs_complaint_deadline {
	int64_t deadline;		/* the earliest deadline it has to meet, or -1: none */
	int64_t overdue;		/* seconds past it, 0 when not late */
	int level;			/* 0 the owner, 1.. the escalation chain's level */
	const char *escalate_to;	/* the level's name, or "" while not late */
	char reason[192];		/* why that deadline, and why that level, in words */
};

/*
 * Makes *at the complaint c as it stood at the moment now, by the
 * definitions of complaint_status applied to its events up to now
 * (at->ev shares c->ev): open unless its last close or reopening by
 * then is a close (a complaint with neither among all its events is
 * closed from the day of its closed_on); valid by its last validation
 * by then (-1 when its only validations came later; c->valid when it
 * has none); its owner the assignee of its last hand-over by then, else
 * recorded_owner, else the actor of its earliest recorded event.
 * Returns 0, or -1 when c was opened after now.
 */
int cs_complaint_at(const struct cs_complaint *c, int64_t now, struct cs_complaint *at);

/*
 * Reads a complaint's history from its events (which must be ordered by
 * time, then step) against the rules (for which remedies need
 * approval).
 */
void cs_complaint_history(const struct cs_complaint *c, const struct cs_complaint_rules *r,
    struct cs_complaint_history *h);

/*
 * Computes an open complaint's deadline at now: the first answer's
 * when the customer has not been answered, else the current step's,
 * whichever comes first; the escalation level from how late it is, or
 * the last level at once for a serious complaint.
 */
void cs_complaint_deadline(const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r, int64_t now, struct cs_complaint_deadline *d);

/* How a complaint kept to its limits up to a moment. */
struct cs_complaint_timeliness {
	int64_t first_answer;		/* seconds from the record to the first answer, or -1 */
	int first_answer_late;		/* answered after its limit, or not yet and the limit passed */
	int step_late;			/* a step lasted longer than its limit (the one it is at:
					   up to the moment, while it is open) */
};

/*
 * Checks how the complaint c (as cs_complaint_at made it at now, with
 * its history h) kept to the limits of r: its first answer, and each
 * step it went through from its record (opened_at) on.
 */
void cs_complaint_timeliness(const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r, int64_t now, struct cs_complaint_timeliness *t);

#endif
