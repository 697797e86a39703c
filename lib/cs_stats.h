/*
 * cs_stats.h - the statistics of cs-survey: means with t intervals,
 * proportions with Wilson intervals, the Net Promoter Score and its
 * interval, Cronbach's alpha, largest-remainder allocation and a
 * seeded random number generator.  Scores are doubles; money never
 * comes here.
 */
#ifndef CS_STATS_H
#define CS_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Running moments of one variable (Welford). */
struct cs_moments {
	int64_t n;
	double mean, m2;
};

/* Adds x to m. */
void cs_moments_add(struct cs_moments *m, double x);

/* Returns the sample variance (n - 1), or 0 below two values. */
double cs_moments_var(const struct cs_moments *m);

/*
 * The two-sided 95% interval of m's mean, from Student's t with n - 1
 * degrees of freedom; returns -1 (and leaves lo, hi) below two values.
 */
int cs_mean_ci95(const struct cs_moments *m, double *lo, double *hi);

/* The quantile of Student's t with df degrees of freedom at probability p in (0, 1). */
double cs_t_quantile(double p, double df);

/* The Wilson score 95% interval of the proportion k of n, in [0, 1]; -1 when n is 0. */
int cs_wilson_ci95(int64_t k, int64_t n, double *lo, double *hi);

/*
 * The Net Promoter Score of p promoters and d detractors among n
 * answers, in points (-100..100), with its normal 95% interval from
 * the variance of a score of +1, 0, -1 per answer, clipped to
 * -100..100; returns -1 when n is 0.
 */
int cs_nps(int64_t p, int64_t d, int64_t n, double *nps, double *lo, double *hi);

/*
 * Sums over complete cases for Cronbach's alpha of k items: n cases,
 * sum[i] of item i, cross[i * k + j] of item i times item j.
 */
struct cs_alpha_sums {
	int k;
	int64_t n;
	double *sum, *cross;
};

/* Starts sums for k items; free with cs_alpha_free. */
void cs_alpha_init(struct cs_alpha_sums *a, int k);

/* Adds one complete case x[0..k). */
void cs_alpha_add(struct cs_alpha_sums *a, const double *x);

/*
 * Cronbach's alpha, k/(k-1) (1 - sum of item variances / variance of
 * the total), and the standardized alpha, k r / (1 + (k-1) r) with r
 * the mean inter-item correlation, over the items whose bit is set in
 * use (all: ~0u); returns -1 when it is undefined (fewer than 2 items
 * or cases, no variance).
 */
int cs_alpha(const struct cs_alpha_sums *a, unsigned long long use, double *alpha,
    double *alpha_std);

/* Frees the sums. */
void cs_alpha_free(struct cs_alpha_sums *a);

/*
 * Allocates total among n strata of sizes size[] in proportion to
 * weight[] (the size for proportional allocation, size * standard
 * deviation for Neyman's), by largest remainder, so that the counts
 * out[] add up to total exactly; no stratum gets more than its size,
 * and every stratum with members at least 1 while total allows.
 * Returns the total allocated (less than total only when the strata
 * hold fewer).
 */
int64_t cs_allocate(const int64_t *size, const double *weight, size_t n, int64_t total,
    int64_t *out);

/* A seeded random number generator (SplitMix64). */
struct cs_rng {
	uint64_t state;
};

/* Returns the next 64 random bits. */
uint64_t cs_rng_next(struct cs_rng *r);

/* Returns a uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t cs_rng_below(struct cs_rng *r, uint64_t n);

#endif
