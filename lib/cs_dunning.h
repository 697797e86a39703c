/*
 * cs_dunning.h - the arrears ladder of cs-dunning(1), one customer and
 * one day at a time: what the ledger and the customer's records say on
 * a day (the facts), what cs-dunning remembers of the customer (the
 * state), and the actions a day brings.  Pure functions: the database
 * is read and written by cs_dunning_run.
 */
#ifndef CS_DUNNING_H
#define CS_DUNNING_H

#include <stddef.h>
#include <stdint.h>

#include "cs_ledger.h"
#include "cs_policy.h"

#define CS_NO_DAY (-2147483647L - 1)	/* no such day */
#define CS_KEYSZ 80			/* a hold's or a promise's key: kind:id */

/* What one customer's ledger and records say on one day. */
struct cs_dun_facts {
	long day;
	int64_t unpaid;			/* cents open on invoices issued by the day */
	int64_t overdue;		/* of that, on invoices due before the day */
	long oldest_due;		/* due day of the oldest open invoice, or CS_NO_DAY */
	const char *oldest_id;		/* its id, or NULL */
	int64_t exposure;		/* unpaid on earlier months' invoices + this month's invoices */
	int64_t credit_limit;		/* cents, or 0 for none */
	int dispute;			/* a billing dispute is open: no escalation, no late fee */
	const char *hold_key;		/* what holds escalation today ("complaint:ID"), or NULL */
	const char *hold_why;		/* the hold in words */
	const char *broken_key;		/* a promise that fell due yesterday unkept, or NULL */
	const char *broken_why;		/* the broken promise in words */
};

/* What cs-dunning remembers of one customer (the dunning_state table). */
struct cs_dun_state {
	int stage;			/* CS_STAGE_NONE or the current stage */
	long since;			/* the day it was entered */
	long fee_through;		/* the last day charged a late fee, or CS_NO_DAY */
	int64_t late_fee;		/* cents charged since the arrears began */
	int warned;			/* the early warning is standing */
	int blacklisted;
	char held[CS_KEYSZ];		/* the hold last reported, or "" */
	char broken[CS_KEYSZ];		/* the broken promise last reported, or "" */
	int catching_up;		/* entered behind its debt's age: climbs at the adoption pace */
	int restored_stage;		/* the stage left when the arrears were paid, or CS_STAGE_NONE */
	long restored_on;		/* that day, or CS_NO_DAY */
};

/* One action of a day. */
struct cs_dun_action {
	long day;
	int stage;			/* the stage entered, left (restore) or current */
	const char *action;		/* notify, offer-plan, suspend, legal, blacklist,
					   warning, restore, hold or promise-broken */
	long days_overdue;		/* day minus the oldest open invoice's due day, or CS_NO_DAY */
	int64_t balance;		/* cents unpaid */
	int64_t late_fee;		/* cents charged since the arrears began */
	const char *oldest_id;		/* or NULL */
	char reason[512];		/* which rule fired, with which values */
};

/* Receives each action; the action is valid only during the call. */
typedef void cs_dun_emit(void *ctx, const struct cs_dun_action *a);

/* Sets a state to "nothing known": no stage, no fee, no warning. */
void cs_dun_state_init(struct cs_dun_state *st);

/*
 * Fills the ledger figures of *f (unpaid, overdue, oldest, exposure)
 * for day from invoices allocated as of that day (cs_ledger_allocate,
 * with only the invoices issued and payments made by the day).
 */
void cs_dun_facts_from_ledger(const struct cs_ledger_invoice *inv, size_t ninv, long day,
    struct cs_dun_facts *f);

/*
 * The late fee of one day on principal cents at rate hundredths of a
 * per mille: principal * rate / 100000, rounded down or half up.
 */
int64_t cs_late_fee_day(int64_t principal, int64_t rate, int half_up);

/*
 * Runs one day of the ladder l under settings s for one customer with
 * facts f, updating *st and emitting the day's actions in order: the
 * late fee is charged (at most once a day), a customer whose arrears
 * are paid is restored, a broken promise is reported, then the
 * customer climbs at most one stage (any number with allow_jumps)
 * unless a hold stops it, and the early warning is raised.
 *
 * A customer off the ladder whose oldest debt is already past due
 * enters at the first stage meant for overdue debts, never at one
 * before the due date; one that enters behind its debt's age (a book's
 * first night, a debt loaded late) climbs at the policy's adoption pace
 * until it has caught up.  A customer restored whose paid arrears come
 * back (a payment that bounced) returns to the stage it left.  Returns
 * the late fee charged for the day, in cents.
 */
int64_t cs_dunning_day(const struct cs_ladder *l, const struct cs_policy_settings *s,
    const struct cs_dun_facts *f, struct cs_dun_state *st, cs_dun_emit *emit, void *ctx);

#endif
