/*
 * cs_segment.c - the segmentation models of cs-segment(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_segment.h"
#include "cs_i18n.h"

/* One customer's value, for sorting. */
struct entry {
	int64_t value;
	const char *id;
	size_t index;			/* position in the caller's arrays */
};

/* Orders entries from worst to best by value alone, higher values being better. */
static int
worst_first(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	return a->value < b->value ? -1 : a->value > b->value;
}

/* Orders entries by value descending (best first); ties by id ascending. */
static int
best_first(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	return strcmp(a->id, b->id);
}

/*
 * Returns a sorted array of n entries (free it), with values turned
 * so that larger is better when lower_is_better, and ids[i] as their
 * ids (ids NULL: none); NULL on no memory.
 */
static struct entry *
sorted_entries(const int64_t *values, const char *const *ids, size_t n,
    int lower_is_better, int (*order)(const void *, const void *))
{
	struct entry *e = malloc((n ? n : 1) * sizeof *e);
	size_t i;

	if (e == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		e[i].value = values[i];
		if (lower_is_better && values[i] != CS_NO_VALUE)
			e[i].value = -values[i];	/* |values| < 2^62: no overflow */
		e[i].id = ids != NULL ? ids[i] : NULL;
		e[i].index = i;
	}
	qsort(e, n, sizeof *e, order);
	return e;
}

/*
 * The score of e equal values that w of n values are worse than: the
 * tile 1 + floor(k p / n) of their last place p = w + e - 1 from the
 * worst, or with first of their first place p = w.  In 1..k.
 */
static int
tie_score(size_t w, size_t e, size_t n, int k, int first)
{
	size_t place = first ? w : w + e - 1;

	return 1 + (int)((uint64_t)place * (uint64_t)k / n);
}

/*
 * Scores by place among all n values, each run of equal values as one:
 * tiles (the run's last place), or quantiles (its first) when first.  A
 * value that is CS_NO_VALUE scores 1.
 */
static int
score_by_rank(const int64_t *values, size_t n, int k, int first, int lower_is_better,
    int *scores)
{
	struct entry *e = sorted_entries(values, NULL, n, lower_is_better, worst_first);
	size_t i, j, t;

	if (e == NULL)
		return -1;
	for (i = 0; i < n; i = j) {
		int score;

		for (j = i + 1; j < n && e[j].value == e[i].value; j++)
			;
		/* e[i..j) are equal, and the i before them worse */
		score = e[i].value == CS_NO_VALUE ? 1 : tie_score(i, j - i, n, k, first);
		for (t = i; t < j; t++)
			scores[e[t].index] = score;
	}
	free(e);
	return 0;
}

/* Scores against explicit ascending breaks. */
static void
score_by_breaks(const int64_t *values, size_t n, int k, int lower_is_better,
    const int64_t *breaks, int *scores)
{
	size_t i;
	int b, passed;

	for (i = 0; i < n; i++) {
		if (values[i] == CS_NO_VALUE) {
			scores[i] = 1;
			continue;
		}
		for (b = 0, passed = 0; b < k - 1; b++)
			if (lower_is_better ? values[i] > breaks[b] : values[i] >= breaks[b])
				passed++;
		scores[i] = lower_is_better ? k - passed : 1 + passed;
	}
}

int
cs_score(const int64_t *values, size_t n, int k, enum cs_score_method method,
    int lower_is_better, const int64_t *breaks, int *scores)
{
	if (method == CS_SCORE_BREAKS) {
		score_by_breaks(values, n, k, lower_is_better, breaks, scores);
		return 0;
	}
	return score_by_rank(values, n, k, method == CS_SCORE_QUANTILE, lower_is_better,
	    scores);
}

/* Scales a score on 1..k to 1..5, rounding up. */
static int
to_five(int s, int k)
{
	return (s * 5 + k - 1) / k;
}

const char *const cs_rfm_segments[] = { "Champions", "Loyal", "Potential Loyalist", "New",
	"Promising", "Need Attention", "About To Sleep", "Can't Lose Them", "At Risk",
	"Hibernating/Lost", "Others", NULL };

const char *const cs_abc_classes[] = { "A", "B", "C", NULL };

/* Returns the index in cs_rfm_segments of the first rule that scores 1..5 match. */
static int
rfm_rule(int r, int f, int m)
{
	if (r >= 4 && f >= 4 && m >= 4)
		return 0;
	if (r >= 3 && f >= 4)
		return 1;
	if (r >= 4 && f >= 2)
		return 2;
	if (r == 5 && f == 1)
		return 3;
	if (r == 4 && f == 1)
		return 4;
	if (r == 3 && f >= 2)
		return 5;
	if (r == 3 && f == 1)
		return 6;
	if (r <= 2 && f >= 4 && m >= 4)
		return 7;
	if (r <= 2 && f >= 3)
		return 8;
	if (r <= 2 && f <= 2)
		return 9;
	return 10;
}

const char *
cs_rfm_segment(int r, int f, int m, int k)
{
	return cs_rfm_segments[rfm_rule(to_five(r, k), to_five(f, k), to_five(m, k))];
}

/* Returns nonzero when part / whole <= bp / 10000, exactly. */
static int
share_at_most(int64_t part, int64_t whole, int bp)
{
	return (__int128)part * 10000 <= (__int128)bp * whole;
}

/* Returns round(part / whole * 10000), half up, for 0 <= part <= whole, whole > 0. */
static int
share_hundredths(int64_t part, int64_t whole)
{
	return (int)(((__int128)part * 20000 + whole) / (2 * (__int128)whole));
}

int
cs_abc(const int64_t *revenue, const char *const *ids, size_t n,
    int a_bp, int b_bp, char *classes, int *share)
{
	struct entry *e = sorted_entries(revenue, ids, n, 0, best_first);
	int64_t total = 0, cum = 0;
	size_t i;

	if (e == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (e[i].value > 0)
			total += e[i].value;
	for (i = 0; i < n; i++) {
		size_t at = e[i].index;

		if (e[i].value <= 0 || total == 0) {
			classes[at] = 'C';
			share[at] = 10000;
			continue;
		}
		cum += e[i].value;
		share[at] = share_hundredths(cum, total);
		classes[at] = share_at_most(cum, total, a_bp) ? 'A' :
		    share_at_most(cum, total, b_bp) ? 'B' : 'C';
	}
	free(e);
	return 0;
}

const char *const cs_tier_names[] = { "Platinum", "Gold", "Iron", "Lead", NULL };

/* Returns ceil(n * bp / 10000). */
static size_t
ceil_share(size_t n, int bp)
{
	return (size_t)(((uint64_t)n * (uint64_t)bp + 9999) / 10000);
}

int
cs_pyramid(const int64_t *revenue, const char *const *ids, size_t n,
    const int p[3], enum cs_tier *tiers)
{
	struct entry *e = sorted_entries(revenue, ids, n, 0, best_first);
	size_t bounds[3], i;
	int t;

	if (e == NULL)
		return -1;
	bounds[0] = ceil_share(n, p[0]);
	bounds[1] = ceil_share(n, p[0] + p[1]);
	bounds[2] = ceil_share(n, p[0] + p[1] + p[2]);
	for (i = 0; i < n; i++) {
		for (t = 0; t < 3 && i >= bounds[t]; t++)
			;
		tiers[e[i].index] = e[i].value > 0 ? (enum cs_tier)t : CS_LEAD;
	}
	free(e);
	return 0;
}

const char *const cs_churn_names[] = { "stable", "drop", "lost", "new", "none", NULL };

int64_t
cs_change(int64_t now, int64_t before)
{
	__int128 num;

	if (before <= 0)
		return CS_NO_VALUE;
	num = ((__int128)now - before) * 10000;
	return (int64_t)((num + (num >= 0 ? before / 2 : -(before / 2))) / before);
}

enum cs_churn
cs_churn_flag(int64_t now, int64_t before, int drop_bp, int64_t *change)
{
	*change = 0;
	if (before <= 0)
		return now > 0 ? CS_CHURN_NEW : CS_CHURN_NONE;
	*change = cs_change(now, before);
	if (now <= 0)
		return CS_CHURN_LOST;
	if (((__int128)before - now) * 10000 > (__int128)drop_bp * before)
		return CS_CHURN_DROP;
	return CS_CHURN_STABLE;
}

const char *const cs_loyalty_names[] = { "Loyal", "Latent", "Spurious", "None", "unknown",
	NULL };

const char *const cs_basis_names[] = { "survey", "growth", "none", NULL };

int64_t
cs_patronage(int64_t due, int64_t late)
{
	return due > 0 ? (due - late) * 10000 / due : CS_NO_VALUE;
}

enum cs_basis
cs_attitude(int64_t survey, int64_t revenue, int64_t prior, int64_t *attitude)
{
	if ((*attitude = survey) != CS_NO_VALUE)
		return CS_BASIS_SURVEY;
	if ((*attitude = cs_change(revenue, prior)) != CS_NO_VALUE)
		return CS_BASIS_GROWTH;
	return CS_BASIS_NONE;
}

/* Orders int64 values ascending. */
static int
ascending(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

int64_t
cs_median(const int64_t *values, size_t n)
{
	int64_t *v = malloc((n ? n : 1) * sizeof *v), med;
	size_t i, k = 0;

	if (v == NULL)
		return CS_NO_VALUE;
	for (i = 0; i < n; i++)
		if (values[i] != CS_NO_VALUE)
			v[k++] = values[i];
	if (k == 0) {
		free(v);
		return CS_NO_VALUE;
	}
	qsort(v, k, sizeof *v, ascending);
	if (k % 2)
		med = v[k / 2];
	else {	/* floor of the mean, without overflow */
		__int128 sum = (__int128)v[k / 2 - 1] + v[k / 2];
		med = (int64_t)(sum >= 0 ? sum / 2 : (sum - 1) / 2);
	}
	free(v);
	return med;
}

enum cs_loyalty
cs_loyalty_class(enum cs_basis basis, int64_t attitude, int64_t attitude_split,
    int64_t patronage, int64_t patronage_split)
{
	int high_attitude, high_patronage;

	if (basis == CS_BASIS_NONE)
		return CS_LOYALTY_UNKNOWN;
	high_attitude = attitude >= attitude_split;
	high_patronage = patronage != CS_NO_VALUE && patronage >= patronage_split;
	if (high_attitude)
		return high_patronage ? CS_LOYAL : CS_LATENT;
	return high_patronage ? CS_SPURIOUS : CS_NOT_LOYAL;
}

int
cs_top_revenue(const int64_t *revenue, const char *const *ids, size_t n,
    size_t top, char *marks)
{
	struct entry *e = sorted_entries(revenue, ids, n, 0, best_first);
	size_t i;

	if (e == NULL)
		return -1;
	for (i = 0; i < n; i++)
		marks[e[i].index] = i < top && e[i].value > 0;
	free(e);
	return 0;
}

const char *const cs_big_names[] = { "strategic", "key", "group", "high-value", "regular",
	NULL };

enum cs_big
cs_big_class(int strategic, int key, int group, int top, int64_t revenue, int64_t threshold)
{
	if (strategic)
		return CS_BIG_STRATEGIC;
	if (key)
		return CS_BIG_KEY;
	if (group)
		return CS_BIG_GROUP;
	if (top || (threshold != CS_NO_VALUE && revenue >= threshold))
		return CS_BIG_HIGH_VALUE;
	return CS_BIG_REGULAR;
}

const char *const cs_credit_grades[] = { "AAA", "AA", "A", "B", "C", "none", NULL };

const char *
cs_credit_grade(const struct cs_credit_record *r, int64_t credit_limit)
{
	int limit = credit_limit != CS_NO_VALUE && credit_limit > 0;
	int64_t n = r->due;

	if (r->bad_debt > 0 || (limit && r->overdue > credit_limit))
		return "C";
	if (n == 0 && r->overdue == 0)
		return "none";
	if ((n > 0 && (r->late * 2 > n || r->days_late >= 30 * n)) ||
	    (limit && r->overdue * 2 > credit_limit))
		return "B";
	if ((n > 0 && (r->late * 5 > n || r->days_late >= 10 * n)) || r->overdue > 0)
		return "A";
	if (n > 0 && (r->late * 20 > n || r->days_late >= 3 * n))
		return "AA";
	return "AAA";
}
