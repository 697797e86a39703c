/*
 * cs_stats.c - the statistics of cs-survey.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_stats.h"
#include "cs_text.h"

#define Z95 1.959963984540054	/* the normal 97.5% quantile */

void
cs_moments_add(struct cs_moments *m, double x)
{
	double d = x - m->mean;

	m->n++;
	m->mean += d / (double)m->n;
	m->m2 += d * (x - m->mean);
}

double
cs_moments_var(const struct cs_moments *m)
{
	return m->n > 1 ? m->m2 / (double)(m->n - 1) : 0;
}

/*
 * The regularized incomplete beta function I_x(a, b), by its continued
 * fraction (modified Lentz), on the side where it converges fast.
 */
static double
incomplete_beta(double x, double a, double b)
{
	double front, c = 1, d, f, num;
	int i, m;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if (x > (a + 1) / (a + b + 2))
		return 1 - incomplete_beta(1 - x, b, a);
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)) / a;
	d = 1 - (a + b) * x / (a + 1);
	d = fabs(d) < 1e-300 ? 1e-300 : d;
	d = 1 / d;
	f = d;
	for (i = 2; i <= 400; i++) {	/* the first (odd) term is in d already */
		m = i / 2;
		num = i % 2 == 0 ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)) :
		    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		d = fabs(d) < 1e-300 ? 1e-300 : d;
		c = 1 + num / c;
		c = fabs(c) < 1e-300 ? 1e-300 : c;
		d = 1 / d;
		f *= c * d;
		if (fabs(c * d - 1) < 1e-15)
			break;
	}
	return front * f;
}

/* The distribution function of Student's t with df degrees of freedom. */
static double
t_cdf(double t, double df)
{
	double tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2, 0.5);

	return t >= 0 ? 1 - tail : tail;
}

double
cs_t_quantile(double p, double df)
{
	double lo = -1e6, hi = 1e6, mid = 0;
	int i;

	for (i = 0; i < 200; i++) {	/* bisection: the cdf is monotone */
		mid = (lo + hi) / 2;
		if (t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
		if (hi - lo < 1e-12)
			break;
	}
	return mid;
}

int
cs_mean_ci95(const struct cs_moments *m, double *lo, double *hi)
{
	double half;

	if (m->n < 2)
		return -1;
	half = cs_t_quantile(0.975, (double)(m->n - 1)) * sqrt(cs_moments_var(m) / (double)m->n);
	*lo = m->mean - half;
	*hi = m->mean + half;
	return 0;
}

int
cs_wilson_ci95(int64_t k, int64_t n, double *lo, double *hi)
{
	double p, z2n, center, half;

	if (n <= 0)
		return -1;
	p = (double)k / (double)n;
	z2n = Z95 * Z95 / (double)n;
	center = (p + z2n / 2) / (1 + z2n);
	half = Z95 * sqrt(p * (1 - p) / (double)n + z2n / (4 * (double)n)) / (1 + z2n);
	*lo = center - half < 0 ? 0 : center - half;
	*hi = center + half > 1 ? 1 : center + half;
	return 0;
}

int
cs_nps(int64_t p, int64_t d, int64_t n, double *nps, double *lo, double *hi)
{
	double sp, sd, var, half;

	if (n <= 0)
		return -1;
	sp = (double)p / (double)n;
	sd = (double)d / (double)n;
	var = sp + sd - (sp - sd) * (sp - sd);
	half = Z95 * sqrt(var / (double)n);
	*nps = 100 * (sp - sd);
	*lo = 100 * (sp - sd - half < -1 ? -1 : sp - sd - half);
	*hi = 100 * (sp - sd + half > 1 ? 1 : sp - sd + half);
	return 0;
}

void
cs_alpha_init(struct cs_alpha_sums *a, int k)
{
	a->k = k;
	a->n = 0;
	a->sum = cs_xmalloc(((size_t)k + 1) * sizeof *a->sum);
	a->cross = cs_xmalloc(((size_t)k * (size_t)k + 1) * sizeof *a->cross);
	memset(a->sum, 0, ((size_t)k + 1) * sizeof *a->sum);
	memset(a->cross, 0, ((size_t)k * (size_t)k + 1) * sizeof *a->cross);
}

void
cs_alpha_add(struct cs_alpha_sums *a, const double *x)
{
	int i, j;

	a->n++;
	for (i = 0; i < a->k; i++) {
		a->sum[i] += x[i];
		for (j = 0; j < a->k; j++)
			a->cross[i * a->k + j] += x[i] * x[j];
	}
}

/* The sample covariance of items i and j. */
static double
covariance(const struct cs_alpha_sums *a, int i, int j)
{
	double n = (double)a->n;

	return (a->cross[i * a->k + j] - a->sum[i] * a->sum[j] / n) / (n - 1);
}

int
cs_alpha(const struct cs_alpha_sums *a, unsigned long long use, double *alpha, double *alpha_std)
{
	double items = 0, total = 0, r = 0;
	int i, j, k = 0, pairs = 0;

	for (i = 0; i < a->k; i++)
		k += (int)(use >> i & 1);
	if (k < 2 || a->n < 2)
		return -1;
	for (i = 0; i < a->k; i++) {
		if (!(use >> i & 1))
			continue;
		items += covariance(a, i, i);
		for (j = 0; j < a->k; j++) {
			if (!(use >> j & 1))
				continue;
			total += covariance(a, i, j);
			if (j > i && covariance(a, i, i) > 0 && covariance(a, j, j) > 0) {
				r += covariance(a, i, j) / sqrt(covariance(a, i, i) * covariance(a, j, j));
				pairs++;
			}
		}
	}
	if (total <= 0 || pairs == 0)
		return -1;
	r /= pairs;
	*alpha = (double)k / (k - 1) * (1 - items / total);
	*alpha_std = k * r / (1 + (k - 1) * r);
	return 0;
}

void
cs_alpha_free(struct cs_alpha_sums *a)
{
	free(a->sum);
	free(a->cross);
	a->sum = a->cross = NULL;
}

/*
 * Sets quota[] to each stratum's share of total by weight w[], capping
 * at the stratum's size and sharing what the capped ones leave among
 * the others, until no quota exceeds its size.
 */
static void
set_quotas(const int64_t *size, const double *w, size_t n, int64_t total, double *quota)
{
	char *capped = cs_xmalloc(n + 1);
	double left = (double)total, sum;
	size_t h;
	int again = 1;

	memset(capped, 0, n + 1);
	while (again) {
		again = 0;
		sum = 0;
		for (h = 0; h < n; h++)
			sum += capped[h] ? 0 : w[h];
		for (h = 0; h < n; h++) {
			if (capped[h])
				continue;
			quota[h] = sum > 0 ? left * w[h] / sum : 0;
			if (quota[h] > (double)size[h]) {
				quota[h] = (double)size[h];
				capped[h] = 1;
				left -= (double)size[h];
				again = 1;
				break;
			}
		}
	}
	free(capped);
}

/* Gives one more to the stratum with room and the largest remainder quota - out. */
static int
give_one(const int64_t *size, const double *quota, size_t n, int64_t *out)
{
	size_t h, best = n;

	for (h = 0; h < n; h++)
		if (out[h] < size[h] && (best == n || quota[h] - (double)out[h] >
		    quota[best] - (double)out[best]))
			best = h;
	if (best == n)
		return -1;
	out[best]++;
	return 0;
}

/* Takes one from the stratum with more than one and the largest excess out - quota. */
static void
take_one(const double *quota, size_t n, int64_t *out)
{
	size_t h, best = n;

	for (h = 0; h < n; h++)
		if (out[h] > 1 && (best == n || (double)out[h] - quota[h] >
		    (double)out[best] - quota[best]))
			best = h;
	if (best < n)
		out[best]--;
}

int64_t
cs_allocate(const int64_t *size, const double *weight, size_t n, int64_t total, int64_t *out)
{
	double *quota = cs_xmalloc((n + 1) * sizeof *quota);
	double *w = cs_xmalloc((n + 1) * sizeof *w), sum = 0;
	int64_t given = 0, members = 0, nonempty = 0;
	size_t h;

	for (h = 0; h < n; h++) {
		members += size[h];
		nonempty += size[h] > 0;
		w[h] = size[h] > 0 && weight[h] > 0 ? weight[h] : 0;
		sum += w[h];
	}
	for (h = 0; h < n && sum <= 0; h++)	/* no weights: in proportion to size */
		w[h] = size[h] > 0 ? (double)size[h] : 0;
	set_quotas(size, w, n, total, quota);
	for (h = 0; h < n; h++) {
		out[h] = size[h] <= 0 ? 0 : (int64_t)floor(quota[h]);
		if (size[h] > 0 && out[h] == 0 && total >= nonempty)
			out[h] = 1;
		given += out[h];
	}
	for (; given > total; given--)
		take_one(quota, n, out);
	for (; given < total && given < members; given++)
		if (give_one(size, quota, n, out) != 0)
			break;
	free(quota);
	free(w);
	return given;
}

uint64_t
cs_rng_next(struct cs_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
cs_rng_below(struct cs_rng *r, uint64_t n)
{
	uint64_t threshold = -n % n, x;

	do
		x = cs_rng_next(r);
	while (x < threshold);
	return x % n;
}
