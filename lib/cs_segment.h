/*
 * cs_segment.h - customer segmentation models as pure functions over
 * per-customer metrics: RFM scores and segments, ABC (Pareto) classes,
 * the value pyramid and churn flags.  Money is integer cents; shares
 * and percentages are computed with integers, so results never drift
 * and identical input gives identical output.  The exact rules are in
 * cs-segment(1).
 */
#ifndef CS_SEGMENT_H
#define CS_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "cs_ledger.h"

/* A metric value that is absent (e.g. recency of a customer who never paid). */
#define CS_NO_VALUE INT64_MIN

/*
 * How scores 1..k are given.  Equal values always get equal scores:
 * of n values, one that is better than w of them and equal to e (itself
 * included) scores
 *   tiles     1 + floor(k * (w + e - 1) / n)   the tile of its ties' last place
 *   quantile  1 + floor(k * w / n)             the tile of its ties' first place
 *   breaks    by explicit thresholds.
 * Without ties both are the equal-count tiles 1 + floor(k * i / n) of
 * the places i = 0..n-1 from the worst.
 */
enum cs_score_method {
	CS_SCORE_TILES,		/* a tie takes its best place's tile: the default */
	CS_SCORE_QUANTILE,	/* a tie takes its worst place's tile */
	CS_SCORE_BREAKS		/* explicit thresholds */
};

/*
 * Scores n values 1..k, k being the best, by method (see above).  When
 * lower_is_better, smaller values score higher (recency in days).  A
 * CS_NO_VALUE value is worse than any other and scores 1 itself.  For
 * CS_SCORE_BREAKS, breaks[0..k-2] ascending: a value scores 1 + the
 * number of breaks it reaches (value >= break), or for lower_is_better
 * k - the number of breaks it exceeds (value > break).  Writes
 * scores[0..n).  Returns 0, or -1 when memory runs out.
 */
int cs_score(const int64_t *values, size_t n, int k, enum cs_score_method method,
    int lower_is_better, const int64_t *breaks, int *scores);

/*
 * Returns the RFM segment name for scores r, f, m on a 1..k scale
 * (scaled to 1..5 first), from the rule table in cs-segment(1), first
 * match wins.
 */
const char *cs_rfm_segment(int r, int f, int m, int k);

/* Every RFM segment name, in the order of the rule table; NULL-terminated. */
extern const char *const cs_rfm_segments[];

/* The ABC classes, "A", "B", "C"; NULL-terminated. */
extern const char *const cs_abc_classes[];

/*
 * ABC classes: customers sorted by revenue descending, then id; class A
 * while the cumulative share of positive revenue is at most a_bp basis
 * points (8000 = 80%), B while at most b_bp, C after.  Customers with no
 * positive revenue are C.  Writes classes[] ('A', 'B', 'C') and the
 * cumulative share in hundredths of a percent (8500 = 85.00%) to
 * share[].  Returns 0, or -1 when memory runs out.
 */
int cs_abc(const int64_t *revenue, const char *const *ids, size_t n,
    int a_bp, int b_bp, char *classes, int *share);

/* The tiers of the value pyramid, best first. */
enum cs_tier { CS_PLATINUM, CS_GOLD, CS_IRON, CS_LEAD };

/* "Platinum", "Gold", "Iron", "Lead", in the order of enum cs_tier; NULL-terminated. */
extern const char *const cs_tier_names[];

/*
 * The value pyramid: customers ranked by revenue descending, then id;
 * the first ceil(n * p[0] / 10000) are Platinum, up to ceil(n * (p[0] +
 * p[1]) / 10000) Gold, up to ceil(n * (p[0] + p[1] + p[2]) / 10000) Iron,
 * the rest Lead (p in basis points).  Customers with no positive
 * revenue are Lead.  Writes tiers[].  Returns 0, or -1 on no memory.
 */
int cs_pyramid(const int64_t *revenue, const char *const *ids, size_t n,
    const int p[3], enum cs_tier *tiers);

/* Churn flags. */
enum cs_churn { CS_CHURN_STABLE, CS_CHURN_DROP, CS_CHURN_LOST, CS_CHURN_NEW, CS_CHURN_NONE };

/* "stable", "drop", "lost", "new", "none", in the order of enum cs_churn; NULL-terminated. */
extern const char *const cs_churn_names[];

/*
 * Returns the change from before to now, (now - before) / before, in
 * hundredths of a percent rounded half away from zero, or CS_NO_VALUE
 * when before is not positive.
 */
int64_t cs_change(int64_t now, int64_t before);

/*
 * Compares revenue now with revenue a year before: "none" when both are
 * 0 or less, "new" when only now is positive, "lost" when only before
 * is, "drop" when it fell by more than drop_bp basis points (1500 =
 * 15%), else "stable".  Stores the change (cs_change) in *change, 0
 * when before is not positive.
 */
enum cs_churn cs_churn_flag(int64_t now, int64_t before, int drop_bp, int64_t *change);

/* Dick & Basu's loyalty classes, and "unknown" when there is no attitude. */
enum cs_loyalty { CS_LOYAL, CS_LATENT, CS_SPURIOUS, CS_NOT_LOYAL, CS_LOYALTY_UNKNOWN };

/* "Loyal", "Latent", "Spurious", "None", "unknown", in the order of enum cs_loyalty; NULL-terminated. */
extern const char *const cs_loyalty_names[];

/* What a customer's relative attitude rests on, the first that it has. */
enum cs_basis { CS_BASIS_SURVEY, CS_BASIS_GROWTH, CS_BASIS_NONE };

/* "survey", "growth", "none", in the order of enum cs_basis; NULL-terminated. */
extern const char *const cs_basis_names[];

/*
 * Repeat patronage: of the invoices that fell due in the window (due),
 * the share paid on time (due - late), in basis points rounded down;
 * CS_NO_VALUE when nothing fell due.
 */
int64_t cs_patronage(int64_t due, int64_t late);

/*
 * Relative attitude: the survey answer (survey, in hundredths) when
 * there is one (not CS_NO_VALUE); else the revenue growth against the
 * same window a year before (cs_change of revenue over prior) when
 * prior is positive; else none.  Stores the attitude in *attitude
 * (CS_NO_VALUE for none) and returns its basis.
 */
enum cs_basis cs_attitude(int64_t survey, int64_t revenue, int64_t prior, int64_t *attitude);

/*
 * Returns the median of the values other than CS_NO_VALUE (for an even
 * count, the mean of the two middle ones rounded down), or CS_NO_VALUE
 * when there are none.  Returns CS_NO_VALUE also when memory runs out.
 */
int64_t cs_median(const int64_t *values, size_t n);

/*
 * Dick & Basu: relative attitude against repeat patronage.  The
 * attitude is high at or above attitude_split, the split of its basis;
 * the patronage at or above patronage_split, and a patronage of
 * CS_NO_VALUE (nothing fell due) is low.  Loyal: both high; Latent:
 * attitude high, patronage low; Spurious: attitude low, patronage high;
 * None: both low; unknown when the basis is CS_BASIS_NONE.
 */
enum cs_loyalty cs_loyalty_class(enum cs_basis basis, int64_t attitude, int64_t attitude_split,
    int64_t patronage, int64_t patronage_split);

/*
 * Marks in top[] the (at most) top customers with the largest positive
 * revenue, ties by id.  Returns 0, or -1 when memory runs out.
 */
int cs_top_revenue(const int64_t *revenue, const char *const *ids, size_t n,
    size_t top, char *marks);

/* Big-customer classes, in order of precedence. */
enum cs_big { CS_BIG_STRATEGIC, CS_BIG_KEY, CS_BIG_GROUP, CS_BIG_HIGH_VALUE, CS_BIG_REGULAR };

/*
 * "strategic", "key", "group", "high-value", "regular", in the order of
 * enum cs_big; NULL-terminated.
 */
extern const char *const cs_big_names[];

/*
 * The big-customer class: strategic when listed or matching as such,
 * else key likewise, else group when a customer of a big group
 * (cs_group.h), else high value when among the top by revenue (top) or
 * at or above the revenue threshold (CS_NO_VALUE: none), else regular.
 */
enum cs_big cs_big_class(int strategic, int key, int group, int top, int64_t revenue,
    int64_t threshold);

/* The credit grades, best first, then "none"; NULL-terminated. */
extern const char *const cs_credit_grades[];

/*
 * The credit grade of a payment record (cs_ledger.h), the first rule
 * that matches in this order (credit_limit CS_NO_VALUE or 0: none):
 *   C     bad debt, or overdue above the credit limit
 *   none  no invoice due in the window and nothing overdue
 *   B     more than half late, or 30+ days late on average, or overdue above half the limit
 *   A     more than a fifth late, or 10+ days late on average, or anything overdue
 *   AA    more than a twentieth late, or 3+ days late on average
 *   AAA   otherwise
 */
const char *cs_credit_grade(const struct cs_credit_record *r, int64_t credit_limit);

#endif
