/*
 * cs_group.c - group customers (集团客户): parent links, top-most
 * ancestors with cycles broken, and the groups that are big customers
 * by their combined revenue.  See cs_group.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_group.h"
#include "cs_segment.h"
#include "cs_text.h"

/* Orders strings for qsort and bsearch. */
static int
compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the index of id in the sorted ids[0..n), or CS_NO_PARENT. */
static size_t
find_id(const char *const *ids, size_t n, const char *id)
{
	const char *const *p = n > 0 ? bsearch(&id, ids, n, sizeof *ids, compare_ids) : NULL;

	return p != NULL ? (size_t)(p - ids) : CS_NO_PARENT;
}

size_t
cs_group_link(const char *const *ids, const char *const *parents, size_t n, size_t *parent)
{
	const char **missing = cs_xmalloc((n ? n : 1) * sizeof *missing);
	size_t i, nmissing = 0, distinct = 0;

	for (i = 0; i < n; i++) {
		parent[i] = *parents[i] != '\0' ? find_id(ids, n, parents[i]) : CS_NO_PARENT;
		if (*parents[i] != '\0' && parent[i] == CS_NO_PARENT)
			missing[nmissing++] = parents[i];
	}
	if (nmissing > 0) {
		qsort(missing, nmissing, sizeof *missing, compare_ids);
		for (i = 0; i < nmissing; i++)	/* keep the distinct ones */
			if (distinct == 0 || strcmp(missing[distinct - 1], missing[i]) != 0)
				missing[distinct++] = missing[i];
		for (i = 0; i < n; i++)
			if (*parents[i] != '\0' && parent[i] == CS_NO_PARENT)
				parent[i] = n + find_id(missing, distinct, parents[i]);
	}
	free(missing);
	return n + distinct;
}

/*
 * Breaks the cycle that the walk path[0..len) ran into at node: the
 * cycle is node and what follows it on the path.  Marks its
 * smallest node in broken[] and returns it.
 */
static size_t
break_cycle(const size_t *path, size_t len, size_t node, char *broken)
{
	size_t at = len, least = node;

	while (at > 0 && path[at - 1] != node)
		at--;
	for (; at < len; at++)
		least = path[at] < least ? path[at] : least;
	broken[least] = 1;
	return least;
}

size_t
cs_group_tops(const size_t *parent, size_t nodes, size_t *top, char *broken)
{
	/* state: 0 not seen, 1 on the walk under way, 2 its top known */
	char *state = cs_xcalloc(nodes ? nodes : 1, 1);
	size_t *path = cs_xmalloc((nodes ? nodes : 1) * sizeof *path);
	size_t i, k, len, root, cycles = 0;

	memset(broken, 0, nodes);
	for (i = 0; i < nodes; i++) {
		if (state[i] == 2)
			continue;
		for (len = 0, k = i; k != CS_NO_PARENT && state[k] == 0; k = parent[k]) {
			state[k] = 1;
			path[len++] = k;
		}
		if (k == CS_NO_PARENT)
			root = path[len - 1];
		else if (state[k] == 2)
			root = top[k];
		else {
			root = break_cycle(path, len, k, broken);
			cycles++;
		}
		for (k = 0; k < len; k++) {
			top[path[k]] = root;
			state[path[k]] = 2;
		}
	}
	free(state);
	free(path);
	return cycles;
}

int64_t
cs_group_bar(const char *top_marks, const int64_t *revenue, size_t n, int64_t threshold)
{
	int64_t bar = threshold;
	size_t i;

	for (i = 0; i < n; i++)
		if (top_marks[i] && (bar == CS_NO_VALUE || revenue[i] < bar))
			bar = revenue[i];
	return bar;
}

/* Returns a + b, held within the range of int64_t. */
static int64_t
add_saturating(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN + 1 - b)
		return INT64_MIN + 1;	/* above CS_NO_VALUE */
	return a + b;
}

size_t
cs_group_big(const size_t *top, size_t n, size_t nodes, const int64_t *revenue, int64_t bar,
    char *member)
{
	int64_t *sum = cs_xcalloc(nodes ? nodes : 1, sizeof *sum);
	size_t *count = cs_xcalloc(nodes ? nodes : 1, sizeof *count), i, big = 0;

	for (i = 0; i < n; i++) {
		sum[top[i]] = add_saturating(sum[top[i]], revenue[i]);
		count[top[i]]++;
	}
	for (i = 0; i < nodes; i++)
		big += count[i] >= 2 && bar != CS_NO_VALUE && sum[i] >= bar;
	for (i = 0; i < n; i++)
		member[i] = count[top[i]] >= 2 && bar != CS_NO_VALUE && sum[top[i]] >= bar;
	free(sum);
	free(count);
	return big;
}

/* The most customers a cycle's message names before "...". */
#define CYCLE_SHOWN 6

/* Tells that the cycle through node k (a customer) was broken at k. */
static void
warn_cycle(const char *const *ids, const size_t *parent, size_t k)
{
	char chain[CYCLE_SHOWN * 70 + 8];	/* ids of at most 64 bytes */
	size_t len = 0, shown = 0, j = k;

	do {
		len += (size_t)snprintf(chain + len, sizeof chain - len, "%s -> ",
		    shown++ < CYCLE_SHOWN ? ids[j] : "...");
		j = parent[j];
	} while (j != k && shown <= CYCLE_SHOWN);
	cs_warnx(_("parent_id: %s%s is a cycle; %s is taken as the top of its group"), chain, ids[k],
	    ids[k]);
}

size_t
cs_group_members(const char *const *ids, const char *const *parents, const int64_t *revenue,
    size_t n, int64_t bar, char *member)
{
	/* at most n parents that are not customers: 2n nodes */
	size_t nodes, *parent = cs_xmalloc((2 * n + 1) * sizeof *parent), *top, i, big;
	char *broken;

	nodes = cs_group_link(ids, parents, n, parent);
	for (i = n; i < nodes; i++)
		parent[i] = CS_NO_PARENT;	/* a parent that is not a customer is a top */
	top = cs_xmalloc((nodes ? nodes : 1) * sizeof *top);
	broken = cs_xmalloc(nodes ? nodes : 1);
	if (cs_group_tops(parent, nodes, top, broken) > 0)
		for (i = 0; i < n; i++)
			if (broken[i])
				warn_cycle(ids, parent, i);
	big = cs_group_big(top, n, nodes, revenue, bar, member);
	free(parent);
	free(top);
	free(broken);
	return big;
}
