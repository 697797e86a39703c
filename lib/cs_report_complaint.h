/*
 * cs_report_complaint.h - what the complaint reports of cs-report(1)
 * share (cs_report_copen.c, cs_report_complaints.c,
 * cs_report_chandling.c): every complaint as it stood at the moment of
 * the reports, with its history, and hours as they are shown.
 */
#ifndef CS_REPORT_COMPLAINT_H
#define CS_REPORT_COMPLAINT_H

#include <stdint.h>

#include "cs_complaint.h"
#include "cs_report.h"

/*
 * What cs_report_each_complaint hands over for one complaint: c as it
 * stood at o->moment (cs_complaint_at) and its history against
 * o->rules, both valid until take returns.  take returns 0 to go on,
 * or -1 to stop.
 */
typedef int cs_complaint_take(void *arg, const struct cs_complaint *c,
    const struct cs_complaint_history *h);

/*
 * Calls take(arg, ...) for every complaint opened by o->moment, in
 * complaint id order, its class the one of the as-of date.  Returns 0,
 * -1 on a database error, or -2 when take stopped.
 */
int cs_report_each_complaint(struct cs_db *db, const struct cs_report_opts *o,
    cs_complaint_take *take, void *arg);

/*
 * Formats seconds (not negative) as hours with two decimals into buf,
 * exactly: rounded up to the next hundredth when up (so that a second
 * late never reads 0.00), else to the nearest, half up.  Returns buf.
 */
const char *cs_report_hours(int64_t seconds, int up, char buf[CS_MONEY_BUFSZ]);

/*
 * Adds the tables of how the complaints opened in the period o->from
 * to o->to were handled against o->rules up to o->moment
 * (cs_report_chandling.c).  Returns 0, or -1 on a database error.
 */
int cs_report_complaint_handling(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r);

#endif
