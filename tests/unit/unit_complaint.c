/*
 * unit_complaint.c - unit tests of a complaint's history and deadlines
 * (cs_complaint.h), every figure worked by hand in the comments.
 */
#include <stdio.h>
#include <string.h>

#include "cs_complaint.h"
#include "cs_value.h"
#include "unit.h"

/* The rules of these tests: the figures are chosen here, not the default file's. */
static const char rules_text[] =
    "first_answer = 24h\n"
    "first_answer_steps = validated, invalidated, customer-notified\n"
    "escalation = supervisor, manager, general manager\n"
    "escalate_every = 24h\n"
    "serious_severity = 3\n"
    "approval_remedies = compensation, discount\n"
    "approval_above = 0.00\n"
    "[limits]\n"
    "recorded = 24h\n"
    "validated = 24h\n"
    "invalidated = 24h\n"
    "assigned = 48h\n"
    "handed-over = 24h\n"
    "investigated = 48h\n"
    "remedy-proposed = 24h\n"
    "approved = 24h\n"
    "rejected = 24h\n"
    "customer-notified = 72h\n"
    "reopened = 24h\n"
    "closed = none\n"
    "reviewed = none\n"
    "[for class strategic]\n"
    "first_answer = 4h\n"
    "recorded = 4h\n";

/* Seconds of a date and time written YYYY-MM-DD HH:MM. */
static int64_t
t(const char *s)
{
	int64_t v = -1;

	cs_datetime_parse(s, strlen(s), &v);
	return v;
}

/* An event of step at time at, by actor, to assignee. */
static struct cs_cevent
ev(const char *at, enum cs_cstep step, const char *assignee)
{
	struct cs_cevent e = { t(at), step, "", assignee ? assignee : "", "", -1, 0 };

	return e;
}

/* A proposal of remedy for amount cents. */
static struct cs_cevent
proposal(const char *at, enum cs_remedy remedy, int64_t amount)
{
	struct cs_cevent e = { t(at), CS_CSTEP_REMEDY_PROPOSED, "", "", "", (int)remedy, amount };

	return e;
}

/* A complaint opened at opened of severity and class, with events. */
static struct cs_complaint
complaint(const char *opened, int severity, const char *class, struct cs_cevent *e, size_t n)
{
	struct cs_complaint c;

	memset(&c, 0, sizeof c);
	c.id = "K";
	c.customer = "C";
	c.name = c.category = c.subject = c.owner = c.recorded_owner = "";
	c.class = class;
	c.severity = severity;
	c.valid = -1;
	c.opened_at = t(opened);
	c.open = 1;
	c.closed_on = -1;
	c.ev = e;
	c.nev = n;
	return c;
}

/* Formats a deadline as YYYY-MM-DD HH:MM, or "-" for none. */
static const char *
when(int64_t at, char buf[CS_DATETIME_BUFSZ])
{
	if (at < 0)
		return "-";
	cs_datetime_format(at, buf);
	buf[16] = '\0';
	return buf;
}

/* Checks an open complaint's deadline, lateness (seconds), escalation and reason at now. */
static void
deadline_is(const char *what, const struct cs_complaint *c, const struct cs_complaint_rules *r,
    const char *now, const char *deadline, int64_t overdue, const char *to, const char *reason)
{
	struct cs_complaint_history h;
	struct cs_complaint_deadline d;
	char buf[CS_DATETIME_BUFSZ];

	cs_complaint_history(c, r, &h);
	cs_complaint_deadline(c, &h, r, t(now), &d);
	ok(strcmp(when(d.deadline, buf), deadline) == 0 && d.overdue == overdue &&
	    strcmp(d.escalate_to, to) == 0 && strcmp(d.reason, reason) == 0,
	    "%s: deadline %s, %lld s late, to \"%s\": %s (got %s, %lld, \"%s\": %s)", what,
	    deadline, (long long)overdue, to, reason, when(d.deadline, buf),
	    (long long)d.overdue, d.escalate_to, d.reason);
}

/* Checks the problems found in a history, joined by " | " ("" for none). */
static void
problems_are(const char *what, const struct cs_complaint *c, const struct cs_complaint_rules *r,
    const char *want)
{
	struct cs_complaint_history h;
	char got[1024] = "";
	int k;

	cs_complaint_history(c, r, &h);
	for (k = 0; k < h.nproblems; k++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? " | " : "",
		    h.problem[k]);
	ok(strcmp(got, want) == 0, "%s: problems \"%s\" (got \"%s\")", what, want, got);
}

/* Deadlines: the first answer, across midnight and a month end, escalation by lateness. */
static void
test_complaint_deadlines(const struct cs_complaint_rules *r)
{
	struct cs_cevent rec[] = { ev("2026-01-31 22:00", CS_CSTEP_RECORDED, NULL) };
	struct cs_cevent assigned[] = { ev("2026-02-27 09:00", CS_CSTEP_RECORDED, NULL),
		ev("2026-02-27 10:00", CS_CSTEP_VALIDATED, NULL),
		ev("2026-02-27 12:00", CS_CSTEP_ASSIGNED, "网络部") };
	struct cs_complaint c = complaint("2026-01-31 22:00", 1, "", rec, 1);

	/* 22:00 on 31 January + 24 h = 22:00 on 1 February: the answer's and the step's. */
	deadline_is("recorded, on time", &c, r, "2026-02-01 09:00", "2026-02-01 22:00", 0, "",
	    "no answer to the customer within 24 h of the record (2026-01-31 22:00)");
	/* At 03:30 on 2 February: 5 h 30 min = 19800 s late: the supervisor. */
	deadline_is("recorded, late across a month end", &c, r, "2026-02-02 03:30",
	    "2026-02-01 22:00", 19800, "supervisor",
	    "no answer to the customer within 24 h of the record (2026-01-31 22:00)");
	/* The deadline itself is not late. */
	deadline_is("at the deadline", &c, r, "2026-02-01 22:00", "2026-02-01 22:00", 0, "",
	    "no answer to the customer within 24 h of the record (2026-01-31 22:00)");
	/* Answered at 10:00 on 27 February; assigned at 12:00 + 48 h = 12:00 on 1 March
	 * (2026 is no leap year); at 13:00 on 2 March 25 h late: 1 + 25/24 = level 2. */
	c = complaint("2026-02-27 09:00", 1, "", assigned, 3);
	deadline_is("assigned, escalated twice", &c, r, "2026-03-02 13:00", "2026-03-01 12:00",
	    INT64_C(25) * 3600, "manager", "assigned since 2026-02-27 12:00, limit 48 h");
	/* 49 h late: level 3, the last. */
	deadline_is("assigned, escalated to the top", &c, r, "2026-03-03 13:00",
	    "2026-03-01 12:00", INT64_C(49) * 3600, "general manager",
	    "assigned since 2026-02-27 12:00, limit 48 h");
	/* 30 days late stays at the last level. */
	deadline_is("no level past the last", &c, r, "2026-03-31 12:00", "2026-03-01 12:00",
	    INT64_C(30) * 86400, "general manager", "assigned since 2026-02-27 12:00, limit 48 h");
}

/*
 * Two histories of complaints recorded 2026-01-05 09:00: validated at
 * 10:00 and handed over to 李 at 11:00; the customer notified at 09:30,
 * closed the next day at 09:00, reopened on 10 January at 08:00.
 */
static void
histories(struct cs_cevent handed[3], struct cs_cevent reopened[4])
{
	handed[0] = ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL);
	handed[1] = ev("2026-01-05 10:00", CS_CSTEP_VALIDATED, NULL);
	handed[2] = ev("2026-01-05 11:00", CS_CSTEP_HANDED_OVER, "李");
	reopened[0] = ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL);
	reopened[1] = ev("2026-01-05 09:30", CS_CSTEP_CUSTOMER_NOTIFIED, NULL);
	reopened[2] = ev("2026-01-06 09:00", CS_CSTEP_CLOSED, NULL);
	reopened[3] = ev("2026-01-10 08:00", CS_CSTEP_REOPENED, NULL);
}

/* Big customers' tighter limits, a serious complaint, a hand-over, a reopening. */
static void
test_complaint_special(const struct cs_complaint_rules *r)
{
	struct cs_cevent rec[] = { ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL) };
	struct cs_cevent handed[3], reopened[4];
	struct cs_complaint c = complaint("2026-01-05 09:00", 1, "strategic", rec, 1);

	histories(handed, reopened);
	/* Strategic: the first answer within 4 h: 13:00; at 14:00 1 h late. */
	deadline_is("a strategic customer's first answer", &c, r, "2026-01-05 14:00",
	    "2026-01-05 13:00", 3600, "supervisor",
	    "no answer to the customer within 4 h of the record (2026-01-05 09:00)");
	/* Severity 3: the general manager at once, not late. */
	c = complaint("2026-01-05 09:00", 3, "", rec, 1);
	deadline_is("a serious complaint", &c, r, "2026-01-05 10:00", "2026-01-06 09:00", 0,
	    "general manager", "no answer to the customer within 24 h of the record"
	    " (2026-01-05 09:00); serious (severity 3): to the general manager at once");
	/* Handed over at 11:00: the new owner has 24 h. */
	c = complaint("2026-01-05 09:00", 1, "", handed, 3);
	deadline_is("handed over", &c, r, "2026-01-05 12:00", "2026-01-06 11:00", 0, "",
	    "handed-over since 2026-01-05 11:00, limit 24 h");
	/* Reopened at 08:00 on 10 January: answered before, so the step's 24 h alone. */
	c = complaint("2026-01-05 09:00", 1, "", reopened, 4);
	deadline_is("reopened", &c, r, "2026-01-11 09:30", "2026-01-11 08:00", 5400,
	    "supervisor", "reopened since 2026-01-10 08:00, limit 24 h");
}

/*
 * The eight steps in order: recorded 2026-01-05 09:00, validated 10:00,
 * a compensation of 500.00 proposed the next day at 09:00, approved at
 * 15:00, the customer notified and the complaint closed at 16:00,
 * reviewed on 9 January.
 */
static void
eight_steps(struct cs_cevent e[7])
{
	e[0] = ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL);
	e[1] = ev("2026-01-05 10:00", CS_CSTEP_VALIDATED, NULL);
	e[2] = proposal("2026-01-06 09:00", CS_REMEDY_COMPENSATION, 50000);
	e[3] = ev("2026-01-06 15:00", CS_CSTEP_APPROVED, NULL);
	e[4] = ev("2026-01-06 16:00", CS_CSTEP_CUSTOMER_NOTIFIED, NULL);
	e[5] = ev("2026-01-06 16:00", CS_CSTEP_CLOSED, NULL);
	e[6] = ev("2026-01-09 10:00", CS_CSTEP_REVIEWED, NULL);
}

/* Histories that cannot have happened are reported. */
static void
test_complaint_problems(const struct cs_complaint_rules *r)
{
	struct cs_cevent good[7];
	struct cs_cevent unapproved[] = { ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL),
		proposal("2026-01-06 09:00", CS_REMEDY_COMPENSATION, 50000),
		ev("2026-01-06 16:00", CS_CSTEP_CUSTOMER_NOTIFIED, NULL),
		ev("2026-01-07 09:00", CS_CSTEP_CLOSED, NULL) };
	struct cs_cevent repair[] = { ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL),
		proposal("2026-01-06 09:00", CS_REMEDY_REPAIR, 0),
		ev("2026-01-06 16:00", CS_CSTEP_CUSTOMER_NOTIFIED, NULL),
		ev("2026-01-07 09:00", CS_CSTEP_CLOSED, NULL) };
	struct cs_cevent wrong[] = { ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL),
		ev("2026-01-05 10:00", CS_CSTEP_APPROVED, NULL),
		ev("2026-01-05 11:00", CS_CSTEP_HANDED_OVER, NULL),
		ev("2026-01-05 12:00", CS_CSTEP_REVIEWED, NULL),
		ev("2026-01-05 13:00", CS_CSTEP_CLOSED, NULL),
		ev("2026-01-05 14:00", CS_CSTEP_INVESTIGATED, NULL) };
	struct cs_complaint c;
	struct cs_complaint_history h;

	eight_steps(good);
	c = complaint("2026-01-05 09:00", 1, "", good, 7);
	problems_are("the eight steps in order", &c, r, "");
	cs_complaint_history(&c, r, &h);
	ok(h.step == CS_CSTEP_REVIEWED && h.first_answer_at == t("2026-01-05 10:00") &&
	    h.closed_at == t("2026-01-06 16:00") && h.remedy == CS_REMEDY_COMPENSATION &&
	    h.amount_cents == 50000 && h.approved && h.reopened == 0,
	    "the eight steps: reviewed, answered at 10:00, closed at 16:00, 500.00 approved");
	c = complaint("2026-01-05 09:00", 1, "", unapproved, 4);
	problems_are("a compensation without approval", &c, r,
	    "customer-notified on 2026-01-06 16:00 of a remedy (compensation 500.00) that was"
	    " not approved");
	c = complaint("2026-01-05 09:00", 1, "", repair, 4);
	problems_are("a repair needs no approval", &c, r, "");
	c = complaint("2026-01-05 09:00", 1, "", wrong, 6);
	problems_are("one impossible thing after another", &c, r,
	    "approved on 2026-01-05 10:00 with no remedy proposed before | handed over on"
	    " 2026-01-05 11:00 to no one | reviewed on 2026-01-05 12:00 while it was open |"
	    " closed on 2026-01-05 13:00 without notifying the customer | investigated on"
	    " 2026-01-05 14:00 after it was closed");
}

/* Checks what cs_complaint_at makes of c at now: opened or not, events, open, valid, owner. */
static void
at_is(const char *what, const struct cs_complaint *c, const char *now, int rc, size_t nev,
    int open, int valid, const char *owner)
{
	struct cs_complaint a;
	int got = cs_complaint_at(c, t(now), &a);

	if (rc != 0 || got != 0) {
		ok(got == rc, "%s at %s: not opened yet (got %d)", what, now, got);
		return;
	}
	ok(a.nev == nev && a.open == open && a.valid == valid && strcmp(a.owner, owner) == 0 &&
	    a.ev == c->ev, "%s at %s: %zu events, open %d, valid %d, owner \"%s\" (got %zu, %d,"
	    " %d, \"%s\")", what, now, nev, open, valid, owner, a.nev, a.open, a.valid, a.owner);
}

/* A complaint as it stood at a moment: only the events up to it count. */
static void
test_complaint_at(void)
{
	struct cs_cevent handed[3], reopened[4];
	struct cs_complaint c;

	histories(handed, reopened);
	c = complaint("2026-01-05 09:00", 1, "", reopened, 4);
	at_is("before its record", &c, "2026-01-05 08:59", -1, 0, 0, 0, "");
	at_is("reopened, the notice", &c, "2026-01-05 12:00", 0, 2, 1, -1, "");
	at_is("reopened, the close", &c, "2026-01-06 09:00", 0, 3, 0, -1, "");
	at_is("reopened, the reopening", &c, "2026-01-10 08:00", 0, 4, 1, -1, "");
	/* The owner: the recorder, then the recorded owner before him, then the hand-over. */
	handed[0].actor = "张";
	c = complaint("2026-01-05 09:00", 1, "", handed, 3);
	c.valid = 1;
	at_is("validated only later", &c, "2026-01-05 09:30", 0, 1, 1, -1, "张");
	at_is("validated", &c, "2026-01-05 10:00", 0, 2, 1, 1, "张");
	at_is("handed over", &c, "2026-01-05 11:00", 0, 3, 1, 1, "李");
	c.recorded_owner = "王";
	at_is("the recorded owner", &c, "2026-01-05 10:59", 0, 2, 1, 1, "王");
	/* Closed by closed_on alone (no close event): from 00:00 of that day. */
	c = complaint("2026-01-05 09:00", 1, "", handed, 0);
	c.closed_on = t("2026-01-07 00:00");
	at_is("closed_on", &c, "2026-01-06 23:59", 0, 0, 1, -1, "");
	at_is("closed_on", &c, "2026-01-07 00:00", 0, 0, 0, -1, "");
	/* closed_on, but a close event later: open until it. */
	c = complaint("2026-01-05 09:00", 1, "", reopened, 4);
	c.closed_on = t("2026-01-05 00:00");
	at_is("closed by an event, not closed_on", &c, "2026-01-05 23:00", 0, 2, 1, -1, "");
}

/* Checks the timeliness of c at now: seconds to the first answer, late answer, late step. */
static void
timeliness_is(const char *what, const struct cs_complaint *c, const struct cs_complaint_rules *r,
    const char *now, int64_t answer, int answer_late, int step_late)
{
	struct cs_complaint_history h;
	struct cs_complaint_timeliness tl;
	struct cs_complaint a;

	cs_complaint_at(c, t(now), &a);
	cs_complaint_history(&a, r, &h);
	cs_complaint_timeliness(&a, &h, r, t(now), &tl);
	ok(tl.first_answer == answer && tl.first_answer_late == answer_late &&
	    tl.step_late == step_late, "%s at %s: answered after %lld s, late %d, a step late %d"
	    " (got %lld, %d, %d)", what, now, (long long)answer, answer_late, step_late,
	    (long long)tl.first_answer, tl.first_answer_late, tl.step_late);
}

/* Every limit of a history, up to a moment: the first answer and each step's. */
static void
test_complaint_timeliness(const struct cs_complaint_rules *r)
{
	struct cs_cevent good[7];
	struct cs_cevent assigned[] = { ev("2026-02-27 09:00", CS_CSTEP_RECORDED, NULL),
		ev("2026-02-27 10:00", CS_CSTEP_VALIDATED, NULL),
		ev("2026-02-27 12:00", CS_CSTEP_ASSIGNED, "网络部") };
	struct cs_cevent rec[] = { ev("2026-01-05 09:00", CS_CSTEP_RECORDED, NULL) };
	struct cs_complaint c;

	eight_steps(good);
	c = complaint("2026-01-05 09:00", 1, "", good, 7);
	/* Validated after 1 h; 23 h to the proposal, 6 h to the approval, 1 h to notify, closed. */
	timeliness_is("every step in time, closed", &c, r, "2026-02-01 00:00", 3600, 0, 0);
	/* Assigned at 12:00 on 27 February, 48 h: 12:00 on 1 March (2026: no 29th). */
	c = complaint("2026-02-27 09:00", 1, "", assigned, 3);
	timeliness_is("assigned, on its limit", &c, r, "2026-03-01 12:00", 3600, 0, 0);
	timeliness_is("assigned, a minute past", &c, r, "2026-03-01 12:01", 3600, 0, 1);
	/* A strategic customer's record: 4 h to answer, 4 h in the step. */
	c = complaint("2026-01-05 09:00", 1, "strategic", rec, 1);
	timeliness_is("strategic, on its limit", &c, r, "2026-01-05 13:00", -1, 0, 0);
	timeliness_is("strategic, a minute past", &c, r, "2026-01-05 13:01", -1, 1, 1);
}

void
test_complaints(void)
{
	char err[256] = "";
	struct cs_complaint_rules *r = cs_complaint_rules_parse("test.rules", rules_text, err,
	    sizeof err);

	ok(r != NULL, "the test rules parse (%s)", err);
	if (r == NULL)
		return;
	test_complaint_deadlines(r);
	test_complaint_special(r);
	test_complaint_problems(r);
	test_complaint_at();
	test_complaint_timeliness(r);
	cs_complaint_rules_free(r);
}
