/*
 * cs_report_chandling.c - how the complaints of a period were handled
 * against the complaint rules, up to the moment of the report (part of
 * cs-report complaints): the first answer and the time to close, the
 * complaints kept within every limit by owner and by class, remedies
 * and their amounts, reopenings, repeat complainers and the big
 * customers' satisfaction after a complaint.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_err.h"
#include "cs_models.h"
#include "cs_i18n.h"
#include "cs_report_complaint.h"
#include "cs_segment.h"
#include "cs_text.h"

/* The item whose answers of 4 or more are satisfied (cs-data(5): 1 to 5). */
#define CSAT_ITEM "CSAT"

/* One complaint of the period, as the tables need it. */
struct handled {
	char *customer, *name, *owner, *class;
	long opened_day;
	long closed_day;		/* the day it closed by the moment, or -1 */
	int measured;			/* it has events, or is open: its handling is measured */
	struct cs_complaint_timeliness time;
	int64_t to_close;		/* seconds from the record to its close event, or -1 */
	int reopened, problems;
	int remedy;			/* of the last proposal, or -1 */
	int64_t amount_cents;
	int approved, needs_approval, settled;
};

/* The complaints of the period, as they are gathered. */
struct period {
	const struct cs_report_opts *o;
	long from, to;			/* days */
	struct handled *c;
	size_t n, cap;
};

/* Returns the day (cs_date_to_days) of a moment. */
static long
day_of(int64_t t)
{
	return (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

/* Fills what the tables need of a remedy: the last proposal, its approval, its settlement. */
static void
take_remedy(struct handled *k, const struct cs_complaint_history *h,
    const struct cs_complaint_rules *r)
{
	k->remedy = h->remedy;
	k->amount_cents = h->amount_cents;
	k->approved = h->approved;
	k->needs_approval = h->remedy >= 0 &&
	    cs_complaint_needs_approval(r, (enum cs_remedy)h->remedy, h->amount_cents);
	k->settled = h->remedy >= 0 && k->closed_day >= 0 && (h->approved || !k->needs_approval);
}

/* Takes a complaint opened in the period (a cs_complaint_take). */
static int
take_handled(void *arg, const struct cs_complaint *c, const struct cs_complaint_history *h)
{
	struct period *p = arg;
	struct handled *k;
	long opened = day_of(c->opened_at);

	if (opened < p->from || opened > p->to)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->c = cs_xrealloc(p->c, p->cap * sizeof *p->c);
	}
	k = &p->c[p->n++];
	memset(k, 0, sizeof *k);
	k->customer = cs_xstrdup(c->customer);
	k->name = cs_xstrdup(c->name);
	k->owner = cs_xstrdup(c->owner);
	k->class = cs_xstrdup(c->class);
	k->opened_day = opened;
	k->closed_day = c->open ? -1 : h->closed_at >= 0 ? day_of(h->closed_at) :
	    day_of(c->closed_on);
	k->measured = c->nev > 0 || c->open;
	cs_complaint_timeliness(c, h, p->o->rules, p->o->moment, &k->time);
	k->to_close = !c->open && h->closed_at >= 0 ? h->closed_at - c->opened_at : -1;
	k->reopened = h->reopened;
	k->problems = h->nproblems;
	take_remedy(k, h, p->o->rules);
	return 0;
}

/* Orders seconds. */
static int
seconds_order(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Writes the median of the durations s[0..n) (reordered) in hours with
 * two decimals into med, and the 90th percentile by nearest rank into
 * p90; both empty when n is 0.
 */
static void
hours_median_p90(int64_t *s, size_t n, char med[CS_MONEY_BUFSZ], char p90[CS_MONEY_BUFSZ])
{
	med[0] = p90[0] = '\0';
	if (n == 0)
		return;
	qsort(s, n, sizeof *s, seconds_order);
	if (n % 2)
		cs_report_hours(s[n / 2], 0, med);
	else
		cs_format_hundredths(cs_ratio(s[n / 2 - 1] + s[n / 2], 7200, 100), med);
	cs_report_hours(s[(n * 9 + 9) / 10 - 1], 0, p90);
}

/* The counts of a set of measured complaints. */
struct tally {
	int64_t complaints, answered, answered_within, unanswered_late, first_late, step_late,
	    within, closed, reopened, reopenings, problems;
};

/* Counts the measured complaint k into t. */
static void
count(struct tally *t, const struct handled *k)
{
	int late = k->time.first_answer_late || k->time.step_late;

	t->complaints++;
	t->answered += k->time.first_answer >= 0;
	t->answered_within += k->time.first_answer >= 0 && !k->time.first_answer_late;
	t->unanswered_late += k->time.first_answer < 0 && k->time.first_answer_late;
	t->first_late += k->time.first_answer_late;
	t->step_late += k->time.step_late;
	t->within += !late;
	t->closed += k->to_close >= 0;
	t->reopened += k->reopened > 0;
	t->reopenings += k->reopened;
	t->problems += k->problems > 0;
}

/* Formats a count into buf; returns buf. */
static const char *
num(int64_t v, char buf[32])
{
	snprintf(buf, 32, "%lld", (long long)v);
	return buf;
}

/* Adds the table of the handling measures of the complaints p->c. */
static void
handling_summary(struct cs_report *r, const struct period *p)
{
	static const char *const cols[] = { "measure", "value:r", NULL };
	static const char *const names[] = { "measured", "answered", "answered_within_limit",
		"answered_within_limit_share", "median_hours_to_first_answer",
		"unanswered_past_limit", "closed", "median_hours_to_close", "p90_hours_to_close",
		"within_limits", "within_limits_share", "reopened", "reopenings", "with_problems" };
	struct cs_report_table *t = cs_report_add(r, "complaints_handling", _("Handling of the"
	    " complaints in the period against the complaint rules"), cols);
	int64_t *answer = cs_xmalloc((p->n + 1) * sizeof *answer);
	int64_t *close = cs_xmalloc((p->n + 1) * sizeof *close);
	char v[14][32], med[2][CS_MONEY_BUFSZ], p90[2][CS_MONEY_BUFSZ];
	struct tally s;
	size_t i, na = 0, nc = 0;

	memset(&s, 0, sizeof s);
	for (i = 0; i < p->n; i++)
		if (p->c[i].measured) {
			count(&s, &p->c[i]);
			if (p->c[i].time.first_answer >= 0)
				answer[na++] = p->c[i].time.first_answer;
			if (p->c[i].to_close >= 0)
				close[nc++] = p->c[i].to_close;
		}
	hours_median_p90(answer, na, med[0], p90[0]);
	hours_median_p90(close, nc, med[1], p90[1]);
	const char *f[14] = { num(s.complaints, v[0]), num(s.answered, v[1]),
		num(s.answered_within, v[2]), cs_report_pct(s.answered_within, s.answered +
		s.unanswered_late, v[3]), med[0], num(s.unanswered_late, v[5]), num(s.closed, v[6]),
		med[1], p90[1], num(s.within, v[9]), cs_report_pct(s.within, s.complaints, v[10]),
		num(s.reopened, v[11]), num(s.reopenings, v[12]), num(s.problems, v[13]) };
	for (i = 0; i < 14; i++)
		cs_report_row(t, (const char *[]){ names[i], f[i] });
	free(answer);
	free(close);
}

/* Returns the owner (by 0) or the class (by 1) of k. */
static const char *
group_of(const struct handled *k, int by)
{
	return by ? k->class : k->owner;
}

/* Orders measured complaints by owner, in byte order. */
static int
by_owner(const void *a, const void *b)
{
	return strcmp(((const struct handled *)a)->owner, ((const struct handled *)b)->owner);
}

/* Orders complaints by class: strategic, key, group, high-value, regular, others, none. */
static int
by_class(const void *a, const void *b)
{
	return cs_model_label_cmp("bigcustomer", ((const struct handled *)a)->class,
	    ((const struct handled *)b)->class);
}

/* Adds the measured complaints of p, within every limit or not, by owner (by 0) or class (1). */
static void
within_limits_by(struct cs_report *r, struct period *p, int by)
{
	const char *const cols[] = { by ? "class" : "owner", "complaints:r",
		"answered_within_limit:r", "first_answer_late:r", "step_late:r", "within_limits:r",
		"within_limits_share:r", NULL };
	struct cs_report_table *t = cs_report_add(r, by ? "complaints_limits_by_class" :
	    "complaints_limits_by_owner", by ? _("Complaints kept within the limits, by customer"
	    " class") : _("Complaints kept within the limits, by owner"), cols);
	char v[6][32];
	size_t i, run;

	t->chart = by ? CS_CHART_NONE : CS_CHART_BARS;
	t->chart_label = 0;
	t->chart_value = 6;
	snprintf(t->chart_title, sizeof t->chart_title, _("Complaints kept within the limits"
	    " (%%), by owner"));
	if (p->n > 0)
		qsort(p->c, p->n, sizeof *p->c, by ? by_class : by_owner);
	for (i = 0; i < p->n; i += run) {
		struct tally s;

		memset(&s, 0, sizeof s);
		for (run = 0; i + run < p->n && strcmp(group_of(&p->c[i], by),
		    group_of(&p->c[i + run], by)) == 0; run++)
			if (p->c[i + run].measured)
				count(&s, &p->c[i + run]);
		if (s.complaints > 0)
			cs_report_row(t, (const char *[]){ group_of(&p->c[i], by),
			    num(s.complaints, v[0]), num(s.answered_within, v[1]),
			    num(s.first_late, v[2]), num(s.step_late, v[3]), num(s.within, v[4]),
			    cs_report_pct(s.within, s.complaints, v[5]) });
	}
}

/* The sums of a remedy. */
struct remedy_sum {
	int64_t complaints, amount, approved, unapproved, settled, settled_amount;
};

/* Adds a row of the remedies table. */
static void
remedy_row(struct cs_report_table *t, const char *name, const struct remedy_sum *s)
{
	char v[6][32];

	cs_report_row(t, (const char *[]){ name, num(s->complaints, v[0]),
	    cs_money_format(s->amount, v[1]), num(s->approved, v[2]), num(s->unapproved, v[3]),
	    num(s->settled, v[4]), cs_money_format(s->settled_amount, v[5]) });
}

/* Adds the remedies of the measured complaints of p, in the order of the remedies, and a total. */
static void
remedies(struct cs_report *r, const struct period *p)
{
	static const char *const cols[] = { "remedy", "complaints:r", "amount:r", "approved:r",
		"without_approval:r", "settled:r", "settled_amount:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "complaints_remedies", _("Remedies of the"
	    " complaints in the period (the last proposal of each)"), cols);
	struct remedy_sum s[CS_NREMEDIES + 1];
	size_t i;
	int m;

	memset(s, 0, sizeof s);
	for (i = 0; i < p->n; i++) {
		const struct handled *k = &p->c[i];

		if (!k->measured || k->remedy < 0)
			continue;
		for (m = 0; m < 2; m++) {	/* the remedy's sums, then the total's */
			struct remedy_sum *x = &s[m ? CS_NREMEDIES : k->remedy];

			x->complaints++;
			x->amount += k->amount_cents;
			x->approved += k->approved;
			x->unapproved += k->needs_approval && !k->approved;
			x->settled += k->settled;
			x->settled_amount += k->settled ? k->amount_cents : 0;
		}
	}
	for (m = 0; m < CS_NREMEDIES; m++)
		if (s[m].complaints > 0)
			remedy_row(t, cs_remedy_names[m], &s[m]);
	remedy_row(t, "total", &s[CS_NREMEDIES]);
}

/* Orders complaints by customer, then by the day opened. */
static int
by_customer_day(const void *a, const void *b)
{
	const struct handled *x = a, *y = b;
	int d = strcmp(x->customer, y->customer);

	return d != 0 ? d : (x->opened_day > y->opened_day) - (x->opened_day < y->opened_day);
}

/* A repeat complainer. */
struct repeater {
	const struct handled *first;	/* its first complaint of the busiest window */
	size_t complaints;
	long last_day;
};

/* Orders repeat complainers by their complaints, the most first, then by customer. */
static int
most_complaints(const void *a, const void *b)
{
	const struct repeater *x = a, *y = b;

	if (x->complaints != y->complaints)
		return x->complaints > y->complaints ? -1 : 1;
	return strcmp(x->first->customer, y->first->customer);
}

/*
 * Finds in c[0..n), one customer's complaints by day, the most that
 * fall within days days (the last opened less than days after the
 * first); stores the first of them in *first and the last's day.
 */
static size_t
busiest_window(const struct handled *c, size_t n, long days, size_t *first, long *last_day)
{
	size_t a = 0, b, best = 0;

	for (b = 0; b < n; b++) {
		while (c[b].opened_day - c[a].opened_day >= days)
			a++;
		if (b - a + 1 > best) {
			best = b - a + 1;
			*first = a;
			*last_day = c[b].opened_day;
		}
	}
	return best;
}

/*
 * Adds the customers with repeat_complaints complaints or more of the
 * period within repeat_days days (the rules), the most first.
 */
static void
repeat_complainers(struct cs_report *r, struct period *p)
{
	static const char *const cols[] = { "customer_id", "name", "complaints:r", "first_on",
		"last_on", NULL };
	const struct cs_complaint_rules *rules = p->o->rules;
	struct repeater *x = cs_xmalloc((p->n + 1) * sizeof *x);
	struct cs_report_table *t;
	char title[400], v[3][CS_DATE_BUFSZ + 21];
	size_t i, run, nx = 0, at = 0;

	snprintf(title, sizeof title, _("Repeat complainers: %d complaints or more within %d days"),
	    rules->repeat_complaints, rules->repeat_days);
	t = cs_report_add(r, "complaints_repeat", title, cols);
	if (p->n > 0)
		qsort(p->c, p->n, sizeof *p->c, by_customer_day);
	for (i = 0; i < p->n; i += run) {
		for (run = 1; i + run < p->n && strcmp(p->c[i].customer, p->c[i + run].customer) == 0;
		    run++)
			;
		x[nx].complaints = busiest_window(p->c + i, run, rules->repeat_days, &at,
		    &x[nx].last_day);
		x[nx].first = &p->c[i + at];
		nx += x[nx].complaints >= (size_t)rules->repeat_complaints;
	}
	if (nx > 0)
		qsort(x, nx, sizeof *x, most_complaints);
	for (i = 0; i < nx; i++) {
		snprintf(v[0], sizeof v[0], "%zu", x[i].complaints);
		cs_report_row(t, (const char *[]){ x[i].first->customer, x[i].first->name, v[0],
		    cs_day_format(x[i].first->opened_day, v[1]), cs_day_format(x[i].last_day, v[2]) });
	}
	free(x);
}

/* The first CSAT answer of a customer ?1 from day ?2 to day ?3: 1 satisfied, 0 not. */
static const char csat_sql[] = "SELECT score >= 4 FROM responses WHERE customer_id = ?1"
    " AND item = '" CSAT_ITEM "' AND answered_on >= ?2 AND answered_on <= ?3"
    " ORDER BY answered_on, response_id LIMIT 1";

/* The big customers' classes: those of cs_big_names before regular. */
#define BIG_CLASSES CS_BIG_REGULAR

/* The satisfaction after the complaints of a class. */
struct satisfaction {
	int64_t complaints, closed, answered, satisfied;
};

/*
 * Reads whether the complaint k (of a big customer) closed by the
 * moment, and was answered (a CSAT answer of its customer from the day
 * it closed to return_visit_days after, and by the as-of date) and
 * satisfied, as a satisfaction of one complaint into *one.  Returns 0,
 * or -1 on a database error.
 */
static int
read_satisfaction(struct cs_stmt *st, const struct period *p, const struct handled *k,
    struct satisfaction *one)
{
	long until = k->closed_day + p->o->rules->return_visit_days;
	long as_of = cs_date_to_days(p->o->as_of);
	char from[CS_DATE_BUFSZ], to[CS_DATE_BUFSZ];
	enum cs_step step;

	memset(one, 0, sizeof *one);
	one->complaints = 1;
	if (k->closed_day < 0)
		return 0;
	one->closed = 1;
	cs_stmt_reset(st);
	cs_stmt_bind_str(st, 1, k->customer);
	cs_stmt_bind_str(st, 2, cs_day_format(k->closed_day, from));
	cs_stmt_bind_str(st, 3, cs_day_format(until < as_of ? until : as_of, to));
	if ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		one->answered = 1;
		one->satisfied = cs_stmt_int64(st, 0) != 0;
	}
	return step == CS_STEP_ROW || step == CS_STEP_DONE ? 0 : -1;
}

/* Adds the satisfaction of one complaint to s. */
static void
add_satisfaction(struct satisfaction *s, const struct satisfaction *one)
{
	s->complaints += one->complaints;
	s->closed += one->closed;
	s->answered += one->answered;
	s->satisfied += one->satisfied;
}

/* Adds a row of the satisfaction table. */
static void
satisfaction_row(struct cs_report_table *t, const char *class, const struct satisfaction *s)
{
	char v[5][32];

	cs_report_row(t, (const char *[]){ class, num(s->complaints, v[0]), num(s->closed, v[1]),
	    num(s->answered, v[2]), num(s->satisfied, v[3]),
	    cs_report_pct(s->satisfied, s->answered, v[4]) });
}

/*
 * Adds the satisfaction of the big customers (strategic, key, group,
 * high-value) after their complaints of the period, a row per class
 * and a total.  Returns 0, or -1 on a database error.
 */
static int
big_customer_satisfaction(struct cs_db *db, struct cs_report *r, const struct period *p)
{
	static const char *const cols[] = { "class", "complaints:r", "closed:r", "answered:r",
		"satisfied:r", "satisfaction:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "complaints_big_customers", _("Big customers'"
	    " satisfaction after a complaint (CSAT 4 or 5 within the return visit days)"), cols);
	struct cs_stmt *st = cs_db_prepare(db, csat_sql);
	struct satisfaction s[BIG_CLASSES + 1], one;
	size_t i, place;
	int rc = st == NULL ? -1 : 0;

	memset(s, 0, sizeof s);
	for (i = 0; i < p->n && rc == 0; i++) {
		place = cs_model_label_place("bigcustomer", p->c[i].class);
		if (place >= BIG_CLASSES || (rc = read_satisfaction(st, p, &p->c[i], &one)) != 0)
			continue;
		add_satisfaction(&s[place], &one);
		add_satisfaction(&s[BIG_CLASSES], &one);
	}
	cs_stmt_finalize(st);
	for (i = 0; i < BIG_CLASSES; i++)
		satisfaction_row(t, cs_big_names[i], &s[i]);
	satisfaction_row(t, "total", &s[BIG_CLASSES]);
	return rc;
}

/* Frees the complaints of p. */
static void
period_free(struct period *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].customer);
		free(p->c[i].name);
		free(p->c[i].owner);
		free(p->c[i].class);
	}
	free(p->c);
}

int
cs_report_complaint_handling(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r)
{
	struct period p = { o, cs_date_to_days(o->from), cs_date_to_days(o->to), NULL, 0, 0 };
	int rc = cs_report_each_complaint(db, o, take_handled, &p);

	if (rc == 0) {
		handling_summary(r, &p);
		within_limits_by(r, &p, 0);
		within_limits_by(r, &p, 1);
		remedies(r, &p);
		repeat_complainers(r, &p);
		rc = big_customer_satisfaction(db, r, &p);
	}
	period_free(&p);
	return rc;
}
