/*
 * unit.h - what the files of the unit tests (bin/cs-unit-tests) share:
 * the TAP result line, and each file's entry point.
 */
#ifndef UNIT_H
#define UNIT_H

/* Records one test result as a TAP line "ok N - ..." or "not ok N - ...". */
void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* unit_complaint.c: a complaint's history and deadlines. */
void test_complaints(void);

/* unit_access.c: the access file, the one decision, masking. */
void test_access(void);

/* unit_records.c: the blacklist at the door and the approvals of a purge. */
void test_records(void);

/* unit_forms.c: the forms of Chinese spreadsheets, their column names, --excel cells. */
void test_forms(void);

/* unit_db.c: the backend chosen by URL, PostgreSQL parameters, SQLSTATEs, masking. */
void test_db(void);

#endif
