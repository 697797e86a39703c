#include <stdio.h>
#include "cs_db_impl.h"
struct cs_db *
cs_db_pg_open(const char *url, int flags, char *err, size_t errlen)
{
	(void)url; (void)flags;
	snprintf(err, errlen, "this cs was built without PostgreSQL support (libpq)");
	return NULL;
}
