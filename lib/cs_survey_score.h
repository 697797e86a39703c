/*
 * cs_survey_score.h - cs-survey score: SERVQUAL gaps, dimension means,
 * Cronbach's alpha, NPS, CSAT and the ACSI-style index per group of
 * customers, from the responses table.
 */
#ifndef CS_SURVEY_SCORE_H
#define CS_SURVEY_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_db.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_survey_def.h"

/* The columns of a score row, in order. */
#define CS_SCORE_NCOLS 8
extern const char *const cs_score_columns[CS_SCORE_NCOLS];

struct cs_score_opts {
	const struct cs_survey_def *def;
	const char *survey;		/* responses.survey; NULL: the definition's */
	const char *by;			/* NULL (all), kind, region, industry, manager,
					   status, month, or a saved segment model */
	const char *from, *to;		/* answered_on range (YYYY-MM-DD), or NULL */
	int ci;				/* 95% intervals */
	int explain;			/* alpha if item deleted */
	struct cs_progress progress;	/* told the answers read */
};

/*
 * Scores the responses of db under o into *rows (CS_SCORE_NCOLS fields
 * each), group by group; *invalid gets the number of answers off their
 * item's scale, which count as missing.  Returns a CS_EXIT_* status,
 * with a message in err when it is not CS_EXIT_OK.
 */
int cs_survey_score(struct cs_db *db, const struct cs_score_opts *o, struct cs_text_rows *rows,
    int64_t *invalid, char *err, size_t errlen);

#endif
