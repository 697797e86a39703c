/*
 * cs_purge.h - retiring a customer's personal data (cs-import purge):
 * allowed only when the customer-information owner, the service manager
 * and the general manager, three different people, have each approved
 * (retirement_approvals); then, in one transaction, the name is
 * pseudonymised, phone, email, address, registration number and special
 * terms are cleared, the contact persons deleted and the customer
 * closed, and the purge is written to record_changes and access_log.
 * Invoices, payments, complaints and the dunning history stay for the
 * accounts.
 */
#ifndef CS_PURGE_H
#define CS_PURGE_H

#include <stddef.h>

#include "cs_db.h"

/* The roles that must each approve, as retirement_approvals.role has them. */
enum { CS_PURGE_ROLES = 3 };
extern const char *const cs_purge_roles[CS_PURGE_ROLES];

/* The pseudonym of a purged customer's name: this, a space, and its id. */
#define CS_PURGE_NAME "已注销客户"

/* A customer's approvals: who approved in each role of cs_purge_roles, or NULL. */
struct cs_purge_approvals {
	const char *by[CS_PURGE_ROLES];
};

/*
 * Says why the approvals a do not allow a purge, into buf: the roles
 * that have not approved ("no approval of the general manager
 * (总经理)"), and one person approving in two roles or three (names
 * compared trimmed, ASCII case ignored).  Returns NULL when all three
 * approved and are three different people, else buf.
 */
const char *cs_purge_refusal(const struct cs_purge_approvals *a, char *buf, size_t len);

/*
 * Purges the customers ids[0..n) for actor (a login name), as
 * program, all in one transaction: first every customer is checked (it
 * exists, its approvals allow it); if one is refused nothing is
 * written.  A customer already purged is left as it is, and named once.
 * With dry_run nothing is written, and what would be done is said.
 * Says what it did or refused on stderr (cs_err.h).  Returns CS_EXIT_OK,
 * CS_EXIT_DATA (a customer unknown or refused: nothing purged),
 * CS_EXIT_DB or CS_EXIT_BUSY.
 */
int cs_purge_run(struct cs_db *db, const char *const *ids, int n, const char *actor,
    const char *program, int dry_run);

#endif
