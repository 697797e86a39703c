/*
 * cs_complaint_db.c - complaints and their events read from the
 * database, merged by complaint id.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_complaint_db.h"
#include "cs_text.h"
#include "cs_value.h"

/*
 * The complaints, with their customer's name and class, and the owner
 * recorded in complaints (cs_complaint_at).  ?1 class date, ?2 open
 * only, ?3 customer.
 */
static const char complaints_sql[] =
    "SELECT s.complaint_id, s.customer_id, coalesce(c.name, ''), coalesce(s.category, ''),"
    " coalesce(s.subject, ''), coalesce(g.label, ''), coalesce(s.owner, ''),"
    " coalesce(k.owner, ''), coalesce(s.closed_on, ''),"
    " coalesce(s.severity, 0), coalesce(s.valid, -1), s.opened_at, s.closed_on IS NULL"
    " FROM complaint_status s JOIN customers c ON c.customer_id = s.customer_id"
    " JOIN complaints k ON k.customer_id = s.customer_id AND k.complaint_id = s.complaint_id"
    " LEFT JOIN segments g ON g.customer_id = s.customer_id AND g.model = 'bigcustomer'"
    " AND g.as_of = (SELECT max(as_of) FROM segments WHERE model = 'bigcustomer'"
    " AND as_of <= CAST(?1 AS text))"
    " WHERE (CAST(?2 AS bigint) = 0 OR s.closed_on IS NULL)"
    " AND (CAST(?3 AS text) IS NULL OR s.customer_id = ?3)"
    " ORDER BY s.complaint_id";

/*
 * Their events, by complaint.  ?1 customer.  On PostgreSQL the events
 * carry their customer_id: one customer's events are read by it (a
 * query Citus routes to one shard).
 */
#define EVENTS_COLS "SELECT e.complaint_id, e.at, e.step, coalesce(e.actor, ''), "\
    " coalesce(e.assignee, ''), coalesce(e.approved_by, ''), coalesce(e.remedy, ''), "\
    " coalesce(e.amount_cents, 0) FROM complaint_events e"
static const char events_sql[] = EVENTS_COLS
    " WHERE ?1 IS NULL OR e.complaint_id IN"
    " (SELECT complaint_id FROM complaints WHERE customer_id = ?1)"
    " ORDER BY e.complaint_id, e.at";
static const char events_pg[] = EVENTS_COLS
    " WHERE CAST(?1 AS text) IS NULL OR e.customer_id = ?1"
    " ORDER BY e.complaint_id, e.at, e.step";

/* The texts of a complaint's row, in the order of complaints_sql's first columns. */
enum { F_ID, F_CUSTOMER, F_NAME, F_CATEGORY, F_SUBJECT, F_CLASS, F_OWNER, F_RECORDED_OWNER,
	F_CLOSED_ON, NTEXTS };

/* An event's texts: actor, assignee, approved_by. */
#define EVENT_TEXTS 3

struct cs_complaint_reader {
	struct cs_db *db;
	struct cs_stmt *rows, *events;
	enum cs_step row_step, event_step;	/* events: the row at hand, not yet taken */
	struct cs_complaint c;
	struct cs_buf text;		/* the complaint's texts, then its events' */
	size_t *offset;			/* where each text starts in text */
	size_t noffsets, capoffsets;
	size_t cap;			/* of c.ev */
	int failed;
};

/* Keeps a text of the complaint at hand; returns its index for text_at. */
static size_t
keep_text(struct cs_complaint_reader *rd, const char *s)
{
	if (rd->noffsets == rd->capoffsets) {
		rd->capoffsets = rd->capoffsets ? 2 * rd->capoffsets : 64;
		rd->offset = cs_xrealloc(rd->offset, rd->capoffsets * sizeof *rd->offset);
	}
	rd->offset[rd->noffsets] = rd->text.len;
	cs_buf_append(&rd->text, s, strlen(s) + 1);
	return rd->noffsets++;
}

/* Returns the text kept as index k (valid once every text of the complaint is kept). */
static const char *
text_at(const struct cs_complaint_reader *rd, size_t k)
{
	return rd->text.data + rd->offset[k];
}

struct cs_complaint_reader *
cs_complaint_reader_open(struct cs_db *db, const struct cs_complaint_query *q, char *err,
    size_t errlen)
{
	struct cs_complaint_reader *rd = cs_xmalloc(sizeof *rd);

	memset(rd, 0, sizeof *rd);
	rd->db = db;
	rd->rows = cs_db_prepare(db, complaints_sql);
	rd->events = cs_db_prepare(db, cs_db_sql(db, events_sql, events_pg));
	if (rd->rows == NULL || rd->events == NULL) {
		cs_db_fail(db, err, errlen);
		cs_complaint_reader_close(rd);
		return NULL;
	}
	cs_stmt_bind_text(rd->rows, 1, q->class_as_of, strlen(q->class_as_of));
	cs_stmt_bind_int64(rd->rows, 2, q->open_only != 0);
	if (q->customer != NULL) {
		cs_stmt_bind_text(rd->rows, 3, q->customer, strlen(q->customer));
		cs_stmt_bind_text(rd->events, 1, q->customer, strlen(q->customer));
	}
	rd->event_step = cs_stmt_step(rd->events);
	return rd;
}

/* Orders events by time, then by step (the order of the eight steps). */
static int
event_order(const void *a, const void *b)
{
	const struct cs_cevent *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (int)x->step - (int)y->step;
}

/* Reads the event at hand into the complaint's events, its texts kept; -1 when it is not valid. */
static int
take_event(struct cs_complaint_reader *rd, size_t *texts)
{
	struct cs_stmt *st = rd->events;
	struct cs_cevent *e;
	const char *at = cs_stmt_text(st, 1);
	int step = cs_cstep_find(cs_stmt_text(st, 2)), k;

	if (rd->c.nev == rd->cap) {
		rd->cap = rd->cap ? 2 * rd->cap : 16;
		rd->c.ev = cs_xrealloc(rd->c.ev, rd->cap * sizeof *rd->c.ev);
	}
	e = &rd->c.ev[rd->c.nev];
	if (step < 0 || cs_datetime_parse(at, strlen(at), &e->at) != NULL)
		return -1;	/* the schema's checks make this impossible */
	e->step = (enum cs_cstep)step;
	e->remedy = *cs_stmt_text(st, 6) ? cs_remedy_find(cs_stmt_text(st, 6)) : -1;
	e->amount_cents = cs_stmt_int64(st, 7);
	for (k = 0; k < EVENT_TEXTS; k++)
		texts[rd->c.nev * EVENT_TEXTS + (size_t)k] = keep_text(rd, cs_stmt_text(st, 3 + k));
	rd->c.nev++;
	return 0;
}

/*
 * Reads the events of the complaint at hand (skipping those of
 * complaints not asked for) and points their texts into the reader.
 * Returns 0 or -1.
 */
static int
read_events(struct cs_complaint_reader *rd, size_t **texts, size_t *ntexts)
{
	size_t k;
	int cmp;

	rd->c.nev = 0;
	/* The id is looked up each time: keeping a text may move the others. */
	while (rd->event_step == CS_STEP_ROW &&
	    (cmp = strcmp(cs_stmt_text(rd->events, 0), text_at(rd, F_ID))) <= 0) {
		if (cmp == 0) {
			if (*ntexts < (rd->c.nev + 1) * EVENT_TEXTS) {
				*ntexts = 2 * (rd->c.nev + 1) * EVENT_TEXTS;
				*texts = cs_xrealloc(*texts, *ntexts * sizeof **texts);
			}
			if (take_event(rd, *texts) != 0)
				return -1;
		}
		rd->event_step = cs_stmt_step(rd->events);
	}
	if (rd->event_step != CS_STEP_ROW && rd->event_step != CS_STEP_DONE)
		return -1;
	for (k = 0; k < rd->c.nev; k++) {
		rd->c.ev[k].actor = text_at(rd, (*texts)[k * EVENT_TEXTS]);
		rd->c.ev[k].assignee = text_at(rd, (*texts)[k * EVENT_TEXTS + 1]);
		rd->c.ev[k].approved_by = text_at(rd, (*texts)[k * EVENT_TEXTS + 2]);
	}
	if (rd->c.nev > 0)		/* qsort may not be given NULL, even for none */
		qsort(rd->c.ev, rd->c.nev, sizeof *rd->c.ev, event_order);
	return 0;
}

/* Fills the complaint at hand from the row at hand; returns 0 or -1. */
static int
take_row(struct cs_complaint_reader *rd)
{
	struct cs_stmt *st = rd->rows;
	const char *opened = cs_stmt_text(st, NTEXTS + 2);
	size_t *texts = NULL, ntexts = 0;
	int k, rc;

	cs_buf_clear(&rd->text);
	rd->noffsets = 0;
	for (k = 0; k < NTEXTS; k++)
		keep_text(rd, cs_stmt_text(st, k));
	rd->c.severity = (int)cs_stmt_int64(st, NTEXTS);
	rd->c.valid = (int)cs_stmt_int64(st, NTEXTS + 1);
	rd->c.open = (int)cs_stmt_int64(st, NTEXTS + 3);
	rd->c.closed_on = cs_day_parse(text_at(rd, F_CLOSED_ON), -1);
	if (rd->c.closed_on >= 0)
		rd->c.closed_on *= 86400;
	if (cs_datetime_parse(opened, strlen(opened), &rd->c.opened_at) != NULL)
		return -1;
	rc = read_events(rd, &texts, &ntexts);
	free(texts);
	rd->c.id = text_at(rd, F_ID);
	rd->c.customer = text_at(rd, F_CUSTOMER);
	rd->c.name = text_at(rd, F_NAME);
	rd->c.category = text_at(rd, F_CATEGORY);
	rd->c.subject = text_at(rd, F_SUBJECT);
	rd->c.class = text_at(rd, F_CLASS);
	rd->c.owner = text_at(rd, F_OWNER);
	rd->c.recorded_owner = text_at(rd, F_RECORDED_OWNER);
	return rc;
}

const struct cs_complaint *
cs_complaint_reader_next(struct cs_complaint_reader *rd)
{
	if (rd->failed)
		return NULL;
	rd->row_step = cs_stmt_step(rd->rows);
	if (rd->row_step != CS_STEP_ROW) {
		rd->failed = rd->row_step != CS_STEP_DONE;
		return NULL;
	}
	if (take_row(rd) != 0) {
		rd->failed = 1;
		return NULL;
	}
	return &rd->c;
}

int
cs_complaint_reader_failed(struct cs_complaint_reader *rd, char *err, size_t errlen)
{
	if (rd->failed)
		cs_db_fail(rd->db, err, errlen);
	return rd->failed;
}

void
cs_complaint_reader_close(struct cs_complaint_reader *rd)
{
	if (rd == NULL)
		return;
	cs_stmt_finalize(rd->rows);
	cs_stmt_finalize(rd->events);
	cs_buf_free(&rd->text);
	free(rd->offset);
	free(rd->c.ev);
	free(rd);
}
