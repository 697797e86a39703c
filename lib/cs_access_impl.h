/*
 * cs_access_impl.h - what cs_access.c and cs_access_db.c share: the
 * record of the decisions of a run, for the log.
 */
#ifndef CS_ACCESS_IMPL_H
#define CS_ACCESS_IMPL_H

/* The outcomes of access_log, in its words' order (cs_access_db.c). */
enum { CS_SEEN_CLEARED, CS_SEEN_GRANTED, CS_SEEN_REFUSED };

/* The fields of one customer with one outcome (and the grant that allowed them). */
struct cs_access_seen {
	char customer[65];
	char grant[65];
	int outcome;
	unsigned fields;		/* a bit per enum cs_access_field */
};

#endif
