/*
 * cs_report_copen.c - the open complaints at a moment, the most urgent
 * first, each with its deadline, how late it is, to whom it goes up and
 * why (cs-report complaints-open); and the reading of every complaint
 * as it stood at the moment that the complaint reports share.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_complaint_db.h"
#include "cs_err.h"
#include "cs_models.h"
#include "cs_i18n.h"
#include "cs_report_complaint.h"
#include "cs_text.h"

int
cs_report_each_complaint(struct cs_db *db, const struct cs_report_opts *o,
    cs_complaint_take *take, void *arg)
{
	char day[CS_DATE_BUFSZ], err[256];
	struct cs_complaint_query q = { cs_date_format(o->as_of, day), 0, NULL };
	struct cs_complaint_reader *rd = cs_complaint_reader_open(db, &q, err, sizeof err);
	const struct cs_complaint *c;
	struct cs_complaint_history h;
	struct cs_complaint at;
	int rc = 0;

	if (rd == NULL)
		return -1;
	while (rc == 0 && (c = cs_complaint_reader_next(rd)) != NULL) {
		if (cs_complaint_at(c, o->moment, &at) != 0)
			continue;
		cs_complaint_history(&at, o->rules, &h);
		rc = take(arg, &at, &h) != 0 ? -2 : 0;
	}
	if (rc == 0 && cs_complaint_reader_failed(rd, err, sizeof err))
		rc = -1;
	cs_complaint_reader_close(rd);
	return rc;
}

const char *
cs_report_hours(int64_t seconds, int up, char buf[CS_MONEY_BUFSZ])
{
	return cs_format_hundredths(up ? (seconds * 100 + 3599) / 3600 :
	    cs_ratio(seconds, 3600, 100), buf);
}

/* The columns of the open list. */
enum { C_ID, C_CUSTOMER, C_NAME, C_CLASS, C_STEP, C_OWNER, C_OPENED, C_DEADLINE, C_OVERDUE,
	C_ESCALATE, C_REASON, NCOLS };

/* One row of the open list, with what orders it. */
struct open_row {
	char *f[NCOLS];
	int level;			/* of escalation */
	int64_t deadline;		/* or -1: none */
	size_t place;			/* of the class, cs_model_label_place */
	int severity;
};

/* The open list as it is gathered. */
struct open_list {
	const struct cs_report_opts *o;
	struct open_row *row;
	size_t n, cap;
};

/* Writes why: the deadline's reason, then the problems of the history, "; " between. */
static char *
reason_of(const struct cs_complaint_deadline *d, const struct cs_complaint_history *h)
{
	struct cs_buf b = { NULL, 0, 0 };
	int k;

	cs_buf_puts(&b, d->reason);
	for (k = 0; k < h->nproblems; k++)
		cs_buf_printf(&b, "; %s", h->problem[k]);
	return b.data;
}

/* Fills the fields of row from the open complaint c, its history h and its deadline d. */
static void
fill_row(struct open_row *row, const struct cs_complaint *c, const struct cs_complaint_history *h,
    const struct cs_complaint_deadline *d)
{
	char opened[CS_DATETIME_BUFSZ], deadline[CS_DATETIME_BUFSZ], hours[CS_MONEY_BUFSZ];
	const char *f[NCOLS - 1] = { c->id, c->customer, c->name, c->class,
		cs_cstep_names[h->step], c->owner, cs_datetime_format(c->opened_at, opened),
		d->deadline >= 0 ? cs_datetime_format(d->deadline, deadline) : "",
		cs_report_hours(d->overdue, 1, hours), d->escalate_to };
	int k;

	for (k = 0; k < NCOLS - 1; k++)
		row->f[k] = cs_xstrdup(f[k]);
	row->f[C_REASON] = reason_of(d, h);
	row->level = d->level;
	row->deadline = d->deadline;
	row->place = cs_model_label_place("bigcustomer", c->class);
	row->severity = c->severity;
}

/* Takes an open complaint into the list (a cs_complaint_take). */
static int
take_open(void *arg, const struct cs_complaint *c, const struct cs_complaint_history *h)
{
	struct open_list *l = arg;
	struct cs_complaint_deadline d;

	if (!c->open)
		return 0;
	cs_complaint_deadline(c, h, l->o->rules, l->o->moment, &d);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->row = cs_xrealloc(l->row, l->cap * sizeof *l->row);
	}
	fill_row(&l->row[l->n++], c, h, &d);
	return 0;
}

/*
 * Orders open complaints the most urgent first: the higher escalation
 * level; the earlier deadline (so the longest overdue first), none
 * last; the bigger customer class; the higher severity; the id.
 */
static int
most_urgent(const void *a, const void *b)
{
	const struct open_row *x = a, *y = b;

	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	if (x->deadline != y->deadline) {
		if (x->deadline < 0 || y->deadline < 0)
			return x->deadline < 0 ? 1 : -1;
		return x->deadline < y->deadline ? -1 : 1;
	}
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->f[C_ID], y->f[C_ID]);
}

int
cs_report_complaints_open(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r, char *err, size_t errlen)
{
	static const char *const cols[] = { "complaint_id", "customer_id", "name", "class", "step",
		"owner", "opened_at", "deadline", "overdue_hours:r", "escalate_to", "reason", NULL };
	struct open_list l = { o, NULL, 0, 0 };
	char title[400], at[CS_DATETIME_BUFSZ];
	struct cs_report_table *t;
	size_t i;
	int k, rc = cs_report_each_complaint(db, o, take_open, &l);

	snprintf(title, sizeof title, _("Open complaints at %s, the most urgent first"),
	    cs_datetime_format(o->moment, at));
	t = cs_report_add(r, "complaints_open", title, cols);
	if (l.n > 0)
		qsort(l.row, l.n, sizeof *l.row, most_urgent);
	for (i = 0; i < l.n; i++) {
		if (rc == 0)
			cs_report_row(t, (const char *const *)l.row[i].f);
		for (k = 0; k < NCOLS; k++)
			free(l.row[i].f[k]);
	}
	free(l.row);
	return rc != 0 ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}
