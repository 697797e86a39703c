/*
 * cs_models.h - the models of cs-segment(1) as one table: each model's
 * name, CSV columns, the metrics it needs, how it is computed, its
 * labels (in their order: the best first), its score and what it saves
 * in a snapshot.  A run computes the models asked for over the metrics
 * of every customer (cs_metrics.h); its results are written as CSV,
 * explained, or saved.  The rules of each model are in cs_segment.h.
 */
#ifndef CS_MODELS_H
#define CS_MODELS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cs_db.h"
#include "cs_metrics.h"
#include "cs_rules.h"
#include "cs_segment.h"

enum cs_model_id { CS_M_RFM, CS_M_ABC, CS_M_PYRAMID, CS_M_CHURN, CS_M_LOYALTY,
	CS_M_BIGCUSTOMER, CS_M_CREDIT, CS_M_RULES, CS_NMODELS };

/* A sorted list of customer ids (strategic or key customers). */
struct cs_id_list {
	char **ids;
	size_t n;
};

/*
 * Reads customer ids from path, one a line (a CSV's first field; blank
 * lines, lines starting with # and a customer_id header are skipped).
 * Returns 0, or -1 with "path: why" in err.
 */
int cs_id_list_read(const char *path, struct cs_id_list *l, char *err, size_t errlen);

/* Frees a list of ids. */
void cs_id_list_free(struct cs_id_list *l);

/* The settings of a run, as the command line sets them. */
struct cs_seg_opts {
	struct cs_window window;
	int k;				/* rfm scores 1..k */
	enum cs_score_method method;
	int paid_periods;		/* rfm frequency: billing periods paid, not invoices */
	int64_t breaks[3][8];		/* R (days), F, M (cents) */
	int have_breaks[3];
	int abc[2];			/* basis points */
	int pyramid[3];			/* basis points */
	int drop;			/* churn: basis points */
	int64_t attitude_split;		/* survey answers: hundredths, or CS_NO_VALUE: the median */
	int64_t growth_split;		/* revenue growth: hundredths of a percent (0) */
	int64_t patronage_split;	/* basis points, or CS_NO_VALUE: the median */
	long long big_top;
	int64_t big_revenue;		/* cents, or CS_NO_VALUE */
	struct cs_id_list strategic, key;
	struct cs_rules *rules;		/* the rules model's file */
	struct cs_rules *strategic_if, *key_if;
	enum cs_model_id models[CS_NMODELS];	/* asked for, in the order asked */
	int nmodels;
};

/* Sets the defaults of cs-segment(1) for a window ending on as_of. */
void cs_seg_opts_init(struct cs_seg_opts *o, struct cs_date as_of);

/* Frees what the options hold (id lists, rules). */
void cs_seg_opts_free(struct cs_seg_opts *o);

/* Returns the model named name, or -1. */
int cs_model_find(const char *name);

/* Returns the name of model m. */
const char *cs_model_name(enum cs_model_id m);

/* Returns model m's labels in their order, the best first (NULL-terminated), or NULL for any (rules). */
const char *const *cs_model_labels(enum cs_model_id m);

/*
 * Returns the place of label in the order of the labels of the model
 * named model (0: the best), or SIZE_MAX when the model has no such
 * label (user rules, a model cs-segment does not know, no model).
 */
size_t cs_model_label_place(const char *model, const char *label);

/*
 * Compares two labels of the model named model (NULL: none) for
 * sorting: the model's labels in its order (Platinum before Gold),
 * then any others in byte order.  Returns <0, 0 or >0 as strcmp.
 */
int cs_model_label_cmp(const char *model, const char *a, const char *b);

/*
 * What rules may name: the metrics, then the labels of the other
 * models (available when that model runs too), then customer columns.
 * Sets *n to their number.
 */
const struct cs_rule_metric *cs_seg_rule_metrics(size_t *n);

/*
 * Checks the rules against the models asked for: every model label they
 * name must come from a model that runs (else "the rules use X: run that
 * model too"); with labels_allowed 0 (a condition of --strategic-if)
 * they may name none.  Returns NULL, or what is wrong.
 */
const char *cs_seg_check_rules(const struct cs_seg_opts *o, const struct cs_rules *r,
    int labels_allowed, char *buf, size_t len);

/* Returns the CS_METRIC_* flags that the models and rules asked for need. */
int cs_seg_wants(const struct cs_seg_opts *o);

/* A run's results: every model asked for, every customer. */
struct cs_seg;

/*
 * Computes every model asked for over the metrics m (which must outlive
 * the run).  Returns the run, or NULL with a message in err.
 */
struct cs_seg *cs_seg_run(const struct cs_seg_opts *o, const struct cs_metrics *m, char *err,
    size_t errlen);

/* The most columns one model writes, and a run (customer_id and every model's). */
#define CS_SEG_MODEL_COLS 8
#define CS_SEG_MAX_COLS (1 + CS_NMODELS * CS_SEG_MODEL_COLS)

/*
 * The header of the run's rows: customer_id, then each model's columns
 * in the order asked, into h[CS_SEG_MAX_COLS]; align[CS_SEG_MAX_COLS + 1]
 * gets 'r' for each column of numbers, 'l' for the others.  Returns the
 * number of columns.
 */
size_t cs_seg_header(const struct cs_seg *s, const char **h, char *align);

/*
 * Customer i's row under that header: fills f[CS_SEG_MAX_COLS] (NULL is
 * empty), with text in buf[CS_SEG_MAX_COLS] or in the run, valid until
 * the next call with the same buf.  Returns the number of fields.
 */
size_t cs_seg_row(const struct cs_seg *s, size_t i, const char **f,
    char (*buf)[CS_MONEY_BUFSZ]);

/* Prints the thresholds and the size of every label of every model on standard error. */
void cs_seg_explain(const struct cs_seg *s);

/*
 * Stores every model's labels, scores and values as the as-of date's
 * snapshot, in one transaction of db.  Returns 0, or -1 (see
 * cs_db_errmsg).
 */
int cs_seg_save(struct cs_db *db, const struct cs_seg *s);

/* Frees a run. */
void cs_seg_free(struct cs_seg *s);

#endif
