/*
 * cs_dunning_eval.h - the reading half of a cs-dunning run: one worker
 * evaluates the nights from..to for the customers of an id range on a
 * connection of its own, and keeps what happened in memory for the
 * run to write (cs_dunning_run.c).  Workers only read, so several run
 * at once beside the writer's transaction (the database is in WAL
 * mode and the writer has not written yet).
 */
#ifndef CS_DUNNING_EVAL_H
#define CS_DUNNING_EVAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_dunning.h"
#include "cs_ledger_db.h"
#include "cs_policy.h"
#include "cs_work.h"

/* One action, kept for writing and printing. */
struct cs_dun_out_action {
	long day;
	int stage;			/* or CS_STAGE_NONE */
	char label[32];			/* the stage's label in the customer's ladder */
	const char *action;		/* a static string */
	long days_overdue;		/* or CS_NO_DAY */
	int64_t balance, late_fee;
	char *customer_id, *oldest_id, *reason;	/* owned; oldest_id may be NULL */
};

/* A customer whose state changed. */
struct cs_dun_out_state {
	char *customer_id;
	struct cs_dun_state st;
};

/* The late fees charged to a customer on days first..last. */
struct cs_dun_out_fee {
	char *customer_id;
	long first, last;
	int64_t fee;
};

/* What a worker found for some of its customers, handed to the writer. */
struct cs_dun_batch {
	struct cs_dun_out_action *action;
	struct cs_dun_out_state *state;
	struct cs_dun_out_fee *fee;
	size_t nactions, nstates, nfees;
};

/* Frees a batch and everything in it; NULL is allowed. */
void cs_dun_batch_free(struct cs_dun_batch *b);

/* One worker: its input, its batch in the making, and how it ended. */
struct cs_dun_eval {
	struct cs_db *db;		/* the run's connection; the worker reads on one of its own */
	const struct cs_policy *policy;
	long from, to;			/* the nights, as day numbers */
	struct cs_id_range range;
	struct cs_queue *queue;		/* where the batches go (struct cs_dun_batch) */
	atomic_ullong *walked;		/* customers walked by every worker, for progress */

	struct cs_dun_batch *batch;	/* being filled */
	int failed;
	char err[512];
};

/*
 * Evaluates e's nights for e's customers on a worker connection of
 * e->db (a pthread start routine; arg is the struct cs_dun_eval),
 * handing batches to e->queue and telling it when done.  On failure
 * sets e->failed and e->err.  Returns NULL.
 */
void *cs_dun_eval_run(void *arg);

#endif
