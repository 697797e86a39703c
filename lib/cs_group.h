/*
 * cs_group.h - group customers (集团客户): customers linked by
 * parent_id, each belonging to the group of its top-most ancestor, and
 * which groups are big customers by their combined revenue.  The rule
 * is in cs-segment(1) (bigcustomer) and cs-data(5) (parent_id).
 */
#ifndef CS_GROUP_H
#define CS_GROUP_H

#include <stddef.h>
#include <stdint.h>

/* No parent (in the parent[] and top[] arrays below). */
#define CS_NO_PARENT SIZE_MAX

/*
 * Links each of n customers to its parent.  ids[0..n) are ascending in
 * byte order (strcmp); parents[i] is customer i's parent_id, "" for
 * none.  Writes parent[i]: the index of the customer its parent_id
 * names; or n + k when it names no customer, k being that id's place
 * among the distinct such ids in byte order (a parent company that is
 * not a customer itself: the top of its group, with no revenue); or
 * CS_NO_PARENT.  Returns the number of nodes, n + the distinct parent
 * ids that name no customer.
 */
size_t cs_group_link(const char *const *ids, const char *const *parents, size_t n,
    size_t *parent);

/*
 * Follows parent[] (nodes entries, CS_NO_PARENT: none) from every node
 * to its top-most ancestor, into top[].  A chain that comes back to a
 * node already on it is a cycle: it is broken at its smallest index,
 * which is marked in broken[] (every other node gets 0) and taken as
 * the top of the cycle's nodes and of those below them.  Returns the
 * number of cycles broken.  Linear in nodes.
 */
size_t cs_group_tops(const size_t *parent, size_t nodes, size_t *top, char *broken);

/*
 * The revenue (cents) at or above which a group is a big customer: the
 * least that makes one customer high-value, i.e. the smallest revenue
 * among those marked in top_marks (the --big-top largest), or
 * threshold (--big-revenue, CS_NO_VALUE: none) when that is smaller.
 * Returns CS_NO_VALUE when neither gives one.
 */
int64_t cs_group_bar(const char *top_marks, const int64_t *revenue, size_t n, int64_t threshold);

/*
 * Marks in member[i] (i < n) the customers of a big group: their top
 * (top[i] < nodes, from cs_group_tops) heads two or more customers, its
 * own included when it is one, whose revenue sums (saturating) to at
 * least bar (CS_NO_VALUE: no group is big).  Returns the number of big
 * groups.
 */
size_t cs_group_big(const size_t *top, size_t n, size_t nodes, const int64_t *revenue,
    int64_t bar, char *member);

/*
 * Everything above for a big-customer run: links ids[] by parents[]
 * (as cs_group_link), breaks cycles, telling each on standard error
 * ("parent_id: C1 -> C2 -> C1 is a cycle; C1 is taken as the top of
 * its group"), and marks the customers of big groups in member[].
 * Returns the number of big groups.
 */
size_t cs_group_members(const char *const *ids, const char *const *parents,
    const int64_t *revenue, size_t n, int64_t bar, char *member);

#endif
