/*
 * cs_dunning_run.h - the nightly run of cs-dunning(1) against the
 * database: every customer's ledger walked day by day from the night
 * after the last run to the as-of date, the state, history, late fees
 * and run record written in one transaction; manual holds; the block
 * list.
 */
#ifndef CS_DUNNING_RUN_H
#define CS_DUNNING_RUN_H

#include <stddef.h>

#include "cs_db.h"
#include "cs_policy.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_shown.h"
#include "cs_value.h"

/* The columns of an action row, in order. */
#define CS_DUN_NCOLS 11
extern const char *const cs_dun_columns[CS_DUN_NCOLS];

/* The columns of a block list row, in order. */
#define CS_BLOCK_NCOLS 6
extern const char *const cs_block_columns[CS_BLOCK_NCOLS];

struct cs_dunning_opts {
	struct cs_date as_of;
	const struct cs_policy *policy;
	const char *policy_sha256;	/* of the policy text, recorded with the run */
	int replay;			/* print the actions recorded for as_of, write nothing */
	int dry_run;			/* compute and print, write nothing */
	const struct cs_with *with;	/* customers columns after each action's, or NULL */
	struct cs_access *access;	/* who reads those columns (cs_shown_with), or NULL */
	struct cs_progress progress;	/* told the customers walked as they are */
};

/* What a run did. */
struct cs_dunning_summary {
	struct cs_date from;		/* the first night evaluated */
	size_t customers;		/* customers whose state changed */
	size_t actions;
};

/*
 * Receives one output row: CS_DUN_NCOLS fields, then the --with ones
 * (NULL: empty), valid during the call.
 */
typedef void cs_dun_row_fn(void *ctx, const char *const *fields);

/*
 * Runs cs-dunning for o->as_of on db: takes the write lock (waiting up
 * to the lock timeout), evaluates each night from the one after the
 * last run (or as-of itself) to as-of, and commits state, history,
 * fees and the run record together, unless it is a dry run or nothing
 * changed.  Then (for a dry run, before rolling back) the night's
 * actions go to row(ctx, ...), by night, then customer, read back from
 * the history, so that memory stays bounded.  With o->replay, the
 * actions recorded for as-of.  Returns a CS_EXIT_* status, with a
 * message in err when it is not CS_EXIT_OK.
 */
int cs_dunning_run(struct cs_db *db, const struct cs_dunning_opts *o, cs_dun_row_fn *row,
    void *ctx, struct cs_dunning_summary *sum, char *err, size_t errlen);

/*
 * Sets a manual hold on customer id from as_of until until with reason.
 * Returns a CS_EXIT_* status, with a message in err.
 */
int cs_dunning_hold(struct cs_db *db, const char *id, struct cs_date as_of,
    struct cs_date until, const char *reason, char *err, size_t errlen);

/*
 * Releases customer id's manual holds as of as_of; *n gets how many
 * were active.  Returns a CS_EXIT_* status, with a message in err.
 */
int cs_dunning_release(struct cs_db *db, const char *id, struct cs_date as_of, int *n,
    char *err, size_t errlen);

/*
 * Fills *rows (CS_BLOCK_NCOLS fields each) with the customers whose new
 * orders must be blocked: blacklisted by cs-dunning, at or above the
 * policy's block_from stage, or blacklisted in the customers table.
 * Returns a CS_EXIT_* status, with a message in err.
 */
int cs_dunning_blocklist(struct cs_db *db, const struct cs_policy *p, struct cs_text_rows *rows,
    char *err, size_t errlen);

#endif
