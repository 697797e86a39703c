/*
 * cs_complaint.c - a complaint's history from its events, and where an
 * open complaint stands against the rules at a moment: its deadline,
 * how late it is, and to whom it goes up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cs_complaint.h"
#include "cs_i18n.h"
#include "cs_value.h"

/* What the walk through the events knows besides the history itself. */
struct walk {
	int closed;			/* closed and not reopened since */
	int notified;			/* the customer notified since it was (re)opened */
	int proposed;			/* a remedy proposed and not rejected since */
	int unapproved_told;		/* the missing approval of that proposal was reported */
};

/* Formats a time as YYYY-MM-DD HH:MM (no seconds: what people read). */
static const char *
minute_of(int64_t t, char buf[CS_DATETIME_BUFSZ])
{
	cs_datetime_format(t, buf);
	buf[16] = '\0';
	return buf;
}

/* Adds a problem, in words (fmt translated), when there is room for it. */
static void
add_problem(struct cs_complaint_history *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_problem(struct cs_complaint_history *h, const char *fmt, ...)
{
	va_list ap;

	if (h->nproblems == CS_COMPLAINT_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(h->problem[h->nproblems++], sizeof h->problem[0], _(fmt), ap);
	va_end(ap);
}

/* Returns nonzero when the proposal at hand needs an approval it does not have. */
static int
lacks_approval(const struct cs_complaint_history *h, const struct walk *w,
    const struct cs_complaint_rules *r)
{
	return w->proposed && !h->approved && h->remedy >= 0 &&
	    cs_complaint_needs_approval(r, (enum cs_remedy)h->remedy, h->amount_cents);
}

/* Reports, once per proposal, a remedy the customer was told of (or that closed) unapproved. */
static void
check_approval(struct cs_complaint_history *h, struct walk *w,
    const struct cs_complaint_rules *r, const struct cs_cevent *e)
{
	char at[CS_DATETIME_BUFSZ], amount[CS_MONEY_BUFSZ];

	if (!lacks_approval(h, w, r) || w->unapproved_told)
		return;
	w->unapproved_told = 1;
	add_problem(h, "%s on %s of a remedy (%s %s) that was not approved",
	    cs_label(cs_cstep_names[e->step]), minute_of(e->at, at), cs_label(cs_remedy_names[h->remedy]),
	    cs_money_format(h->amount_cents, amount));
}

/* Takes a remedy proposal, an approval or a rejection into the history. */
static void
take_remedy_step(struct cs_complaint_history *h, struct walk *w, const struct cs_cevent *e)
{
	char at[CS_DATETIME_BUFSZ];

	if (e->step == CS_CSTEP_REMEDY_PROPOSED) {
		h->remedy = e->remedy;
		h->amount_cents = e->amount_cents;
		h->approved = 0;
		w->proposed = 1;
		w->unapproved_told = 0;
		return;
	}
	if (!w->proposed)
		add_problem(h, "%s on %s with no remedy proposed before", cs_label(cs_cstep_names[e->step]),
		    minute_of(e->at, at));
	h->approved = e->step == CS_CSTEP_APPROVED;
	if (e->step == CS_CSTEP_REJECTED)
		w->proposed = 0;	/* another proposal is due */
}

/* Takes a close, a reopening or a review into the history. */
static void
take_close_step(struct cs_complaint_history *h, struct walk *w,
    const struct cs_complaint_rules *r, const struct cs_cevent *e)
{
	char at[CS_DATETIME_BUFSZ];

	switch (e->step) {
	case CS_CSTEP_CLOSED:
		if (!w->notified)
			add_problem(h, "closed on %s without notifying the customer",
			    minute_of(e->at, at));
		check_approval(h, w, r, e);
		w->closed = 1;
		h->closed_at = e->at;
		break;
	case CS_CSTEP_REOPENED:
		w->closed = 0;
		w->notified = 0;
		h->closed_at = -1;
		h->reopened++;
		break;
	default:	/* reviewed */
		if (!w->closed)
			add_problem(h, "reviewed on %s while it was open", minute_of(e->at, at));
		break;
	}
}

/* Takes one event into the history. */
static void
take_event(struct cs_complaint_history *h, struct walk *w, const struct cs_complaint_rules *r,
    const struct cs_cevent *e)
{
	char at[CS_DATETIME_BUFSZ];

	if (w->closed && e->step != CS_CSTEP_REOPENED && e->step != CS_CSTEP_REVIEWED)
		add_problem(h, "%s on %s after it was closed", cs_label(cs_cstep_names[e->step]),
		    minute_of(e->at, at));
	switch (e->step) {
	case CS_CSTEP_REMEDY_PROPOSED:
	case CS_CSTEP_APPROVED:
	case CS_CSTEP_REJECTED:
		take_remedy_step(h, w, e);
		break;
	case CS_CSTEP_CUSTOMER_NOTIFIED:
		check_approval(h, w, r, e);
		w->notified = 1;
		break;
	case CS_CSTEP_CLOSED:
	case CS_CSTEP_REOPENED:
	case CS_CSTEP_REVIEWED:
		take_close_step(h, w, r, e);
		break;
	case CS_CSTEP_HANDED_OVER:
		if (e->assignee == NULL || *e->assignee == '\0')
			add_problem(h, "handed over on %s to no one", minute_of(e->at, at));
		break;
	default:
		break;
	}
	if (h->first_answer_at < 0 && (r->first_answer_steps >> e->step & 1u))
		h->first_answer_at = e->at;
	h->step = e->step;
	h->step_at = e->at;
}

void
cs_complaint_history(const struct cs_complaint *c, const struct cs_complaint_rules *r,
    struct cs_complaint_history *h)
{
	struct walk w = { 0, 0, 0, 0 };
	size_t k;

	memset(h, 0, sizeof *h);
	h->step = CS_CSTEP_RECORDED;
	h->step_at = c->opened_at;
	h->first_answer_at = h->closed_at = -1;
	h->remedy = -1;
	for (k = 0; k < c->nev; k++)
		take_event(h, &w, r, &c->ev[k]);
}

/* Formats a duration as the rules give it: "24 h", "30 min", "1 h 30 min". */
static const char *
duration_words(int64_t s, char *buf, size_t len)
{
	int64_t h = s / 3600, m = s % 3600 / 60;

	if (m == 0)
		snprintf(buf, len, _("%lld h"), (long long)h);
	else if (h == 0)
		snprintf(buf, len, _("%lld min"), (long long)m);
	else
		snprintf(buf, len, _("%lld h %lld min"), (long long)h, (long long)m);
	return buf;
}

/* The deadline of the first answer, or -1 when the customer was answered or there is no limit. */
static int64_t
first_answer_due(const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r, int64_t *limit)
{
	*limit = cs_complaint_first_answer(r, c->severity, c->class);
	return h->first_answer_at >= 0 || *limit == CS_NO_LIMIT ? -1 : c->opened_at + *limit;
}

/* Sets d's deadline to the earlier of the first answer's and the step's, with why. */
static void
earliest_deadline(const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r, struct cs_complaint_deadline *d)
{
	int64_t answer_limit, step_limit = cs_complaint_step_limit(r, h->step, c->severity,
	    c->class);
	int64_t answer = first_answer_due(c, h, r, &answer_limit);
	int64_t step = step_limit == CS_NO_LIMIT ? -1 : h->step_at + step_limit;
	char at[CS_DATETIME_BUFSZ], limit[32];

	if (answer >= 0 && (step < 0 || answer <= step)) {
		d->deadline = answer;
		snprintf(d->reason, sizeof d->reason, _("no answer to the customer within %s of the"
		    " record (%s)"), duration_words(answer_limit, limit, sizeof limit),
		    minute_of(c->opened_at, at));
	} else if (step >= 0) {
		d->deadline = step;
		snprintf(d->reason, sizeof d->reason, _("%s since %s, limit %s"),
		    cs_label(cs_cstep_names[h->step]), minute_of(h->step_at, at),
		    duration_words(step_limit, limit, sizeof limit));
	} else
		snprintf(d->reason, sizeof d->reason, _("%s since %s, no limit"),
		    cs_label(cs_cstep_names[h->step]), minute_of(h->step_at, at));
}

/* Appends text to d's reason, as far as it fits. */
static void
add_reason(struct cs_complaint_deadline *d, const char *text)
{
	size_t n = strlen(d->reason);

	snprintf(d->reason + n, sizeof d->reason - n, "; %s", text);
}

void
cs_complaint_deadline(const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r, int64_t now, struct cs_complaint_deadline *d)
{
	char text[192];

	memset(d, 0, sizeof *d);
	d->deadline = -1;
	d->escalate_to = "";
	if (!c->open)
		return;
	earliest_deadline(c, h, r, d);
	if (d->deadline >= 0 && now > d->deadline) {
		d->overdue = now - d->deadline;
		d->level = 1 + (int)(r->escalate_every > 0 ? d->overdue / r->escalate_every : 0);
	}
	if (r->serious_severity > 0 && c->severity >= r->serious_severity) {
		d->level = r->nlevels;
		snprintf(text, sizeof text, _("serious (severity %d): to the %s at once"), c->severity,
		    r->nlevels > 0 ? cs_label(r->level[r->nlevels - 1]) : _("top"));
		add_reason(d, text);
	}
	if (d->level > r->nlevels)
		d->level = r->nlevels;
	if (d->level > 0)
		d->escalate_to = r->level[d->level - 1];
}

#define STEP_BIT(s) (1u << (s))

/*
 * Returns the index of the last of c's events c->ev[0..n) whose step is
 * one of steps (a bit each), or -1; sets *later when one comes after them.
 */
static long
last_of(const struct cs_complaint *c, size_t n, unsigned steps, int *later)
{
	size_t k;

	*later = 0;
	for (k = n; k < c->nev && !*later; k++)
		*later = (steps & STEP_BIT(c->ev[k].step)) != 0;
	for (k = n; k-- > 0;)
		if (steps & STEP_BIT(c->ev[k].step))
			return (long)k;
	return -1;
}

/* Returns nonzero when c is open at now, its events up to now being c->ev[0..n). */
static int
open_by(const struct cs_complaint *c, size_t n, int64_t now)
{
	int later;
	long k = last_of(c, n, STEP_BIT(CS_CSTEP_CLOSED) | STEP_BIT(CS_CSTEP_REOPENED), &later);

	if (k >= 0)
		return c->ev[k].step == CS_CSTEP_REOPENED;
	if (later)
		return 1;	/* closed only later */
	return c->closed_on < 0 || c->closed_on > now;
}

/* Returns whether c is valid (1, 0, -1 not decided) by its events c->ev[0..n). */
static int
valid_by(const struct cs_complaint *c, size_t n)
{
	int later;
	long k = last_of(c, n, STEP_BIT(CS_CSTEP_VALIDATED) | STEP_BIT(CS_CSTEP_INVALIDATED),
	    &later);

	if (k >= 0)
		return c->ev[k].step == CS_CSTEP_VALIDATED;
	return later ? -1 : c->valid;	/* decided only later, or never by an event */
}

/* Returns the owner of c by its events c->ev[0..n). */
static const char *
owner_by(const struct cs_complaint *c, size_t n)
{
	int later;
	long k = last_of(c, n, STEP_BIT(CS_CSTEP_HANDED_OVER), &later);

	if (k >= 0 && *c->ev[k].assignee != '\0')
		return c->ev[k].assignee;
	if (*c->recorded_owner != '\0')
		return c->recorded_owner;
	for (k = 0; k < (long)c->nev; k++)
		if (c->ev[k].step == CS_CSTEP_RECORDED)
			return c->ev[k].actor;
	return "";
}

int
cs_complaint_at(const struct cs_complaint *c, int64_t now, struct cs_complaint *at)
{
	size_t n;

	if (c->opened_at > now)
		return -1;
	for (n = 0; n < c->nev && c->ev[n].at <= now; n++)
		;
	*at = *c;
	at->nev = n;
	at->open = open_by(c, n, now);
	at->valid = valid_by(c, n);
	at->owner = owner_by(c, n);
	return 0;
}

/* Returns nonzero when a step entered at since and left at until overstayed its limit. */
static int
overstayed(const struct cs_complaint *c, const struct cs_complaint_rules *r, enum cs_cstep step,
    int64_t since, int64_t until)
{
	int64_t limit = cs_complaint_step_limit(r, step, c->severity, c->class);

	return limit != CS_NO_LIMIT && until - since > limit;
}

void
cs_complaint_timeliness(const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r, int64_t now, struct cs_complaint_timeliness *t)
{
	int64_t limit = cs_complaint_first_answer(r, c->severity, c->class);
	int64_t answered = h->first_answer_at >= 0 ? h->first_answer_at : now;
	enum cs_cstep step = CS_CSTEP_RECORDED;
	int64_t since = c->opened_at;
	size_t k;

	t->first_answer = h->first_answer_at >= 0 ? h->first_answer_at - c->opened_at : -1;
	t->first_answer_late = limit != CS_NO_LIMIT && answered - c->opened_at > limit;
	t->step_late = 0;
	for (k = 0; k < c->nev; k++) {
		t->step_late |= overstayed(c, r, step, since, c->ev[k].at);
		step = c->ev[k].step;
		since = c->ev[k].at;
	}
	if (c->open)
		t->step_late |= overstayed(c, r, step, since, now);
}
