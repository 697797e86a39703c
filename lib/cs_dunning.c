/*
 * cs_dunning.c - one customer's day on the arrears ladder.
 */
#include <stdio.h>
#include <string.h>

#include "cs_dunning.h"
#include "cs_i18n.h"
#include "cs_value.h"

void
cs_dun_state_init(struct cs_dun_state *st)
{
	memset(st, 0, sizeof *st);
	st->stage = CS_STAGE_NONE;
	st->since = CS_NO_DAY;
	st->fee_through = CS_NO_DAY;
	st->restored_stage = CS_STAGE_NONE;
	st->restored_on = CS_NO_DAY;
}

/* Returns the first day of the month of day. */
static long
month_start(long day)
{
	struct cs_date d = cs_days_to_date(day);

	d.day = 1;
	return cs_date_to_days(d);
}

void
cs_dun_facts_from_ledger(const struct cs_ledger_invoice *inv, size_t ninv, long day,
    struct cs_dun_facts *f)
{
	long first = month_start(day);
	size_t k;

	f->day = day;
	f->unpaid = f->overdue = f->exposure = 0;
	f->oldest_due = CS_NO_DAY;
	f->oldest_id = NULL;
	for (k = 0; k < ninv; k++) {
		const struct cs_ledger_invoice *i = &inv[k];

		if (i->issued > day)
			continue;
		if (i->issued >= first && i->amount > 0)
			f->exposure += i->amount;
		if (i->open <= 0)
			continue;
		f->unpaid += i->open;
		if (i->issued < first)
			f->exposure += i->open;
		if (i->due < day)
			f->overdue += i->open;
		if (f->oldest_id == NULL) {	/* invoices come oldest first */
			f->oldest_due = i->due;
			f->oldest_id = i->id;
		}
	}
}

int64_t
cs_late_fee_day(int64_t principal, int64_t rate, int half_up)
{
	__int128 v = (__int128)principal * rate;

	if (principal <= 0 || rate <= 0)
		return 0;
	return (int64_t)((v + (half_up ? 50000 : 0)) / 100000);
}

/* Starts an action of day f->day at stage with the customer's figures. */
static void
action_init(struct cs_dun_action *a, const struct cs_dun_facts *f,
    const struct cs_dun_state *st, int stage, const char *what)
{
	a->day = f->day;
	a->stage = stage;
	a->action = what;
	a->days_overdue = f->oldest_due == CS_NO_DAY ? CS_NO_DAY : f->day - f->oldest_due;
	a->balance = f->unpaid;
	a->late_fee = st->late_fee;
	a->oldest_id = f->oldest_id;
	a->reason[0] = '\0';
}

/* The balance a stage's min_balance is compared with: overdue once past due. */
static int64_t
stage_balance(const struct cs_stage_rule *r, const struct cs_dun_facts *f)
{
	return r->days > 0 ? f->overdue : f->unpaid;
}

/* Nonzero when the days and balance conditions of rule r hold on f. */
static int
stage_reached(const struct cs_stage_rule *r, const struct cs_dun_facts *f)
{
	return r->defined && f->oldest_due != CS_NO_DAY && f->day - f->oldest_due >= r->days &&
	    stage_balance(r, f) >= r->min_balance;
}

/* Returns the highest stage whose days and balance conditions hold, or CS_STAGE_NONE. */
static int
highest_reached(const struct cs_ladder *l, const struct cs_dun_facts *f)
{
	int s;

	for (s = CS_NSTAGES - 1; s >= 0; s--)
		if (stage_reached(&l->stage[s], f))
			return s;
	return CS_STAGE_NONE;
}

/* Returns the next defined stage after stage, or CS_STAGE_NONE. */
static int
next_stage(const struct cs_ladder *l, int stage)
{
	int s;

	for (s = stage + 1; s < CS_NSTAGES; s++)
		if (l->stage[s].defined)
			return s;
	return CS_STAGE_NONE;
}

/*
 * Charges the day's late fee on the overdue principal, at most once a
 * day.  The fees accrued stop at the largest amount of cs-data(5), so
 * that no sum of them can overflow.
 */
static int64_t
charge_late_fee(const struct cs_policy_settings *s, const struct cs_dun_facts *f,
    struct cs_dun_state *st)
{
	int64_t fee;

	if (s->late_fee_rate <= 0 || f->overdue <= 0 || f->dispute ||
	    (st->fee_through != CS_NO_DAY && f->day <= st->fee_through))
		return 0;
	fee = cs_late_fee_day(f->overdue, s->late_fee_rate, s->late_fee_half_up);
	if (fee > CS_MONEY_MAX_CENTS - st->late_fee)
		fee = CS_MONEY_MAX_CENTS - st->late_fee;
	if (fee > 0) {
		st->late_fee += fee;
		st->fee_through = f->day;
	}
	return fee;
}

/*
 * Clears the stage of a customer whose arrears are paid: nothing is
 * overdue, and the customer no longer reaches even the first stage or
 * has left the stages before the due date behind.  Emits restore.
 */
static int
restore(const struct cs_ladder *l, const struct cs_dun_facts *f, struct cs_dun_state *st,
    cs_dun_emit *emit, void *ctx)
{
	struct cs_dun_action a;
	char b[CS_MONEY_BUFSZ];

	if (st->stage == CS_STAGE_NONE || f->overdue > 0 ||
	    (l->stage[st->stage].days <= 0 && highest_reached(l, f) != CS_STAGE_NONE))
		return 0;
	action_init(&a, f, st, st->stage, "restore");
	snprintf(a.reason, sizeof a.reason, _("arrears paid: nothing overdue, %s unpaid;"
	    " %s %s lifted"), cs_money_format(f->unpaid, b), cs_label(cs_stage_name(st->stage)),
	    l->stage[st->stage].label);
	emit(ctx, &a);
	st->restored_stage = st->stage;
	st->restored_on = f->day;
	st->stage = CS_STAGE_NONE;
	st->since = f->day;
	st->late_fee = 0;
	st->blacklisted = 0;
	st->catching_up = 0;
	st->held[0] = '\0';
	return 1;
}

/* Writes how far day is from due day into buf, in words (the reader's language). */
static const char *
days_words(long days, char *buf, size_t len)
{
	long n = days > 0 ? days : -days;

	if (days == 0)
		snprintf(buf, len, "%s", _("due today"));
	else if (days > 0)
		snprintf(buf, len, ngettext("%ld day overdue", "%ld days overdue", (unsigned long)n), n);
	else
		snprintf(buf, len, ngettext("due in %ld day", "due in %ld days", (unsigned long)n), n);
	return buf;
}

/*
 * Returns the days the customer must spend in the stage before s:
 * the stage's own minimum, or the adoption pace while catching up.
 */
static long
min_days_before(const struct cs_ladder *l, const struct cs_policy_settings *s, int stage,
    const struct cs_dun_state *st)
{
	long min = l->stage[stage].min_days_in_previous;

	return st->catching_up && s->adoption_pace >= 0 && s->adoption_pace < min ?
	    s->adoption_pace : min;
}

/* Writes why stage s of l was entered on f into buf: each condition with its values. */
static void
entry_reason(char *buf, size_t len, const struct cs_ladder *l, int s, long min_days,
    int from, const struct cs_dun_facts *f, const struct cs_dun_state *st, const char *cause)
{
	const struct cs_stage_rule *r = &l->stage[s];
	char b1[CS_MONEY_BUFSZ], b2[CS_MONEY_BUFSZ], d[CS_DATE_BUFSZ], w1[48], w2[48];
	int n;

	n = snprintf(buf, len, _("%s%sinvoice %s due %s is %s (%s from %s); %s %s (min %s)"),
	    cause ? cause : "", cause ? "; " : "", f->oldest_id, cs_day_format(f->oldest_due, d),
	    days_words(f->day - f->oldest_due, w1, sizeof w1), cs_label(cs_stage_name(s)),
	    /* TRANSLATORS: the kind of balance a stage counts: "overdue 1,000.00 (min 0.00)" */
	    days_words(r->days, w2, sizeof w2), r->days > 0 ? _("overdue") : _("unpaid"),
	    cs_money_format(stage_balance(r, f), b1), cs_money_format(r->min_balance, b2));
	if (from != CS_STAGE_NONE && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ngettext("; %ld day in %s %s (min %ld%s)",
		    "; %ld days in %s %s (min %ld%s)", (unsigned long)(f->day - st->since)),
		    f->day - st->since, cs_label(cs_stage_name(from)), l->stage[from].label,
		    min_days, min_days != r->min_days_in_previous ? _(", catching up") : "");
}

/*
 * Enters stage s, emitting its actions.  A customer that enters from
 * off the ladder while its debt is old enough for a later stage is
 * catching up.
 */
static void
enter_stage(const struct cs_ladder *l, const struct cs_policy_settings *set, int s,
    const struct cs_dun_facts *f, struct cs_dun_state *st, const char *cause,
    cs_dun_emit *emit, void *ctx)
{
	struct cs_dun_action a;
	int from = st->stage;
	size_t k;

	action_init(&a, f, st, s, NULL);
	entry_reason(a.reason, sizeof a.reason, l, s, min_days_before(l, set, s, st), from, f, st,
	    cause);
	if (from == CS_STAGE_NONE)
		st->catching_up = highest_reached(l, f) > s;
	st->stage = s;
	st->since = f->day;
	st->held[0] = '\0';
	st->restored_stage = CS_STAGE_NONE;
	st->restored_on = CS_NO_DAY;
	if (l->stage[s].actions & CS_ACT_BLACKLIST)
		st->blacklisted = 1;
	for (k = 0; k < CS_NACTIONS; k++)
		if (l->stage[s].actions & (1u << k)) {
			a.action = cs_action_names[k];
			emit(ctx, &a);
		}
}

/* Reports a promise that fell due unkept, once; returns nonzero if it is new. */
static int
promise_broken(const struct cs_dun_facts *f, struct cs_dun_state *st, cs_dun_emit *emit,
    void *ctx)
{
	struct cs_dun_action a;

	if (f->broken_key == NULL || f->overdue <= 0 || strcmp(st->broken, f->broken_key) == 0)
		return 0;
	action_init(&a, f, st, st->stage, "promise-broken");
	snprintf(a.reason, sizeof a.reason, "%s", f->broken_why);
	emit(ctx, &a);
	snprintf(st->broken, sizeof st->broken, "%s", f->broken_key);
	return 1;
}

/* Reports, once per hold, that a hold stops the climb to stage s. */
static void
held(const struct cs_ladder *l, int s, const struct cs_dun_facts *f, struct cs_dun_state *st,
    cs_dun_emit *emit, void *ctx)
{
	struct cs_dun_action a;

	if (strcmp(st->held, f->hold_key) == 0)
		return;
	action_init(&a, f, st, st->stage, "hold");
	snprintf(a.reason, sizeof a.reason, _("%s %s held: %s"), cs_label(cs_stage_name(s)),
	    l->stage[s].label,
	    f->hold_why);
	emit(ctx, &a);
	snprintf(st->held, sizeof st->held, "%s", f->hold_key);
}

/*
 * Returns the first stage a customer off the ladder may enter with its
 * oldest debt: after its due date, the first stage meant for overdue
 * debts (a reminder before the due date would be wrong); else the
 * first stage.  CS_STAGE_NONE when there is none.
 */
static int
entry_stage(const struct cs_ladder *l, const struct cs_dun_facts *f)
{
	int s = next_stage(l, CS_STAGE_NONE);

	while (s != CS_STAGE_NONE && f->oldest_due != CS_NO_DAY && f->day > f->oldest_due &&
	    l->stage[s].days <= 0)
		s = next_stage(l, s);
	return s;
}

/*
 * Nonzero when a restored customer's paid arrears are open again: its
 * oldest open invoice fell due before the day it was restored (the
 * payment bounced).
 */
static int
arrears_back(const struct cs_dun_facts *f, const struct cs_dun_state *st)
{
	return st->stage == CS_STAGE_NONE && st->restored_stage != CS_STAGE_NONE &&
	    f->overdue > 0 && f->oldest_due != CS_NO_DAY && f->oldest_due < st->restored_on;
}

/*
 * Returns the stage the customer climbs to today, or CS_STAGE_NONE:
 * the next stage when its days, balance and time in the stage before
 * are reached (after a broken promise, the balance alone); with jumps
 * the highest stage reached.
 */
static int
climb_to(const struct cs_ladder *l, const struct cs_policy_settings *s,
    const struct cs_dun_facts *f, const struct cs_dun_state *st, int broken)
{
	int next = st->stage == CS_STAGE_NONE ? entry_stage(l, f) : next_stage(l, st->stage), top;
	const struct cs_stage_rule *r;

	if (s->allow_jumps) {
		top = highest_reached(l, f);
		if (top > st->stage && (st->stage == CS_STAGE_NONE ||
		    f->day - st->since >= l->stage[next].min_days_in_previous))
			return top;
	}
	if (next == CS_STAGE_NONE || (st->since == f->day && st->stage != CS_STAGE_NONE))
		return CS_STAGE_NONE;
	r = &l->stage[next];
	if (broken)
		return stage_balance(r, f) >= r->min_balance ? next : CS_STAGE_NONE;
	if (!stage_reached(r, f) || (st->stage != CS_STAGE_NONE &&
	    f->day - st->since < min_days_before(l, s, next, st)))
		return CS_STAGE_NONE;
	return next;
}

/* Raises the early warning when exposure passes the policy's share of the credit limit. */
static void
warn(const struct cs_policy_settings *s, const struct cs_dun_facts *f, struct cs_dun_state *st,
    cs_dun_emit *emit, void *ctx)
{
	struct cs_dun_action a;
	char b1[CS_MONEY_BUFSZ], b2[CS_MONEY_BUFSZ], b3[CS_MONEY_BUFSZ];
	int over = f->credit_limit > 0 &&
	    (__int128)f->exposure * 10000 > (__int128)f->credit_limit * s->warning_share;

	if (!over || st->warned) {
		st->warned = over;
		return;
	}
	st->warned = 1;
	action_init(&a, f, st, st->stage, "warning");
	snprintf(a.reason, sizeof a.reason, _("unpaid plus this month's invoices %s is over %s%%"
	    " of the credit limit %s"), cs_money_format(f->exposure, b1),
	    cs_format_hundredths(s->warning_share, b3), cs_money_format(f->credit_limit, b2));
	emit(ctx, &a);
}

int64_t
cs_dunning_day(const struct cs_ladder *l, const struct cs_policy_settings *s,
    const struct cs_dun_facts *f, struct cs_dun_state *st, cs_dun_emit *emit, void *ctx)
{
	int64_t fee = charge_late_fee(s, f, st);
	const char *cause = NULL;
	char back[192], d[CS_DATE_BUFSZ];
	int broken, to;

	if (!restore(l, f, st, emit, ctx)) {
		broken = promise_broken(f, st, emit, ctx);
		if (arrears_back(f, st)) {	/* back where it stood */
			to = st->restored_stage;
			snprintf(back, sizeof back, _("arrears paid by %s open again (a payment"
			    " bounced)"), cs_day_format(st->restored_on, d));
			cause = back;
		} else {
			to = climb_to(l, s, f, st, broken);
			cause = broken ? _("promise broken") : NULL;
		}
		if (to != CS_STAGE_NONE && f->hold_key != NULL)
			held(l, to, f, st, emit, ctx);
		else if (to != CS_STAGE_NONE)
			enter_stage(l, s, to, f, st, cause, emit, ctx);
		else if (f->hold_key == NULL)
			st->held[0] = '\0';
	}
	if (st->catching_up && highest_reached(l, f) <= st->stage)
		st->catching_up = 0;	/* caught up with its debt */
	warn(s, f, st, emit, ctx);
	return fee;
}
