/*
 * cs_survey_plan.h - cs-survey plan (who is due for a return visit)
 * and cs-survey sample (a stratified random sample to survey).
 */
#ifndef CS_SURVEY_PLAN_H
#define CS_SURVEY_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "cs_db.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_value.h"

#define CS_PLAN_NCOLS 7
extern const char *const cs_plan_columns[CS_PLAN_NCOLS];

#define CS_SAMPLE_NCOLS 6
extern const char *const cs_sample_columns[CS_SAMPLE_NCOLS];

struct cs_plan_opts {
	struct cs_date as_of;
	long first_year;		/* days between visits in the first year (30) */
	long after;			/* after it (90) */
	long big;			/* big customers and the named segment (30) */
	const char *model, *label;	/* the named segment, or NULL */
	long recent;			/* a detractor answer this many days back counts (90) */
	const char *nps_item;		/* the item of the NPS answer (NPS) */
	long return_visit;		/* a return visit within this many days of a
					   complaint's close (the rules' return_visit_days) */
	struct cs_progress progress;	/* told the customers read */
};

/*
 * Lists the customers due for a visit on o->as_of into *rows
 * (CS_PLAN_NCOLS fields each): first those due a return visit after a
 * complaint's close (complaint_status) with no visit since, then recent
 * detractors and customers with an open complaint, then the rest; in
 * each, the longest overdue first, then by id.  Returns a CS_EXIT_*
 * status, with a message in err.
 */
int cs_survey_plan(struct cs_db *db, const struct cs_plan_opts *o, struct cs_text_rows *rows,
    char *err, size_t errlen);

struct cs_sample_opts {
	struct cs_date as_of;
	int64_t n;			/* the sample size */
	const char *model;		/* strata: the labels of this segment model's snapshot */
	int neyman;			/* Neyman allocation, else proportional */
	const char *item;		/* Neyman: the item whose spread weighs the strata (NPS) */
	uint64_t seed;
	long cooldown;			/* leave out customers who answered in the last days (90) */
	struct cs_progress progress;	/* told the customers read */
};

/*
 * Draws a stratified random sample into *rows (CS_SAMPLE_NCOLS fields
 * each), by stratum then customer id; *drawn gets its size.  Returns a
 * CS_EXIT_* status, with a message in err.
 */
int cs_survey_sample(struct cs_db *db, const struct cs_sample_opts *o, struct cs_text_rows *rows,
    int64_t *drawn, char *err, size_t errlen);

#endif
