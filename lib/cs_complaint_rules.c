/*
 * cs_complaint_rules.c - the steps and remedies of a complaint, and the
 * rules file of cs-complaint(5).
 */
#include <string.h>

#include "cs_complaint_rules.h"

const char *const cs_cstep_names[CS_NCSTEPS] = { "recorded", "validated", "invalidated",
	"assigned", "handed-over", "investigated", "remedy-proposed", "approved", "rejected",
	"customer-notified", "closed", "reopened", "reviewed" };

const char *const cs_remedy_names[CS_NREMEDIES] = { "none", "return", "exchange", "repair",
	"discount", "compensation" };

/* Returns the index of name in names[0..n), or -1. */
static int
find_name(const char *const *names, int n, const char *name)
{
	int k;

	for (k = 0; k < n; k++)
		if (strcmp(names[k], name) == 0)
			return k;
	return -1;
}

int
cs_cstep_find(const char *name)
{
	return find_name(cs_cstep_names, CS_NCSTEPS, name);
}

int
cs_remedy_find(const char *name)
{
	return find_name(cs_remedy_names, CS_NREMEDIES, name);
}
