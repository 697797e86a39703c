/*
 * unit.c - unit tests of libcs, printed as TAP for prove(1).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_complaint_rules.h"
#include "cs_conf.h"
#include "cs_csv.h"
#include "cs_db.h"
#include "cs_dunning.h"
#include "cs_group.h"
#include "cs_ledger.h"
#include "cs_policy.h"
#include "cs_print.h"
#include "cs_rules.h"
#include "cs_segment.h"
#include "cs_sha256.h"
#include "cs_stats.h"
#include "cs_table.h"
#include "cs_text.h"
#include "cs_value.h"
#include "unit.h"

static int tests, failures;

void
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failures++;
	printf("%s %d - ", cond ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Checks that money text parses to the expected cents. */
static void
money_ok(const char *s, int64_t want)
{
	int64_t got = -1;
	const char *why = cs_money_parse(s, strlen(s), &got);

	ok(why == NULL && got == want, "money \"%s\" = %lld (got %lld, %s)", s,
	    (long long)want, (long long)got, why ? why : "ok");
}

/* Checks that money text is rejected. */
static void
money_bad(const char *s)
{
	int64_t got;

	ok(cs_money_parse(s, strlen(s), &got) != NULL, "money \"%s\" rejected", s);
}

static void
test_money(void)
{
	char buf[CS_MONEY_BUFSZ];

	money_ok("0", 0);
	money_ok("12", 1200);
	money_ok("12.3", 1230);
	money_ok("12.34", 1234);
	money_ok("-12.34", -1234);
	money_ok("+5", 500);
	money_ok("0.01", 1);
	money_ok("\xc2\xa5" "1,234.50", 123450);
	money_ok("\xef\xbf\xa5-3", -300);
	money_ok("-\xc2\xa5" "3", -300);
	money_ok("1,234,567.89", 123456789);
	money_ok("90000000000000.00", INT64_C(9000000000000000));
	money_ok("-90,000,000,000,000", -INT64_C(9000000000000000));
	money_bad("12,5");
	money_bad("1,23");
	money_bad("1234,567");
	money_bad("1,2345");
	money_bad(",123");
	money_bad("12.345");
	money_bad("1e5");
	money_bad("abc");
	money_bad("--3");
	money_bad("12.");
	money_bad(".5");
	money_bad("\xc2\xa5");
	money_bad("12 34");
	money_bad("90000000000000.01");
	money_bad("99999999999999999999999");
	ok(strcmp(cs_money_format(-1205, buf), "-12.05") == 0, "format -1205 = %s", buf);
	ok(strcmp(cs_money_format(7, buf), "0.07") == 0, "format 7 = %s", buf);
	ok(strcmp(cs_money_format(INT64_MIN, buf), "-92233720368547758.08") == 0,
	    "format INT64_MIN = %s", buf);
}

/* Checks that a date parses to the canonical form. */
static void
date_ok(const char *s, const char *want)
{
	struct cs_date d;
	char buf[CS_DATE_BUFSZ] = "";
	const char *why = cs_date_parse(s, strlen(s), &d);

	if (why == NULL)
		cs_date_format(d, buf);
	ok(why == NULL && strcmp(buf, want) == 0, "date \"%s\" = %s (got %s)", s, want,
	    why ? why : buf);
}

/* Checks that a date is rejected. */
static void
date_bad(const char *s)
{
	struct cs_date d;

	ok(cs_date_parse(s, strlen(s), &d) != NULL, "date \"%s\" rejected", s);
}

static void
test_dates(void)
{
	struct cs_date d = { 2000, 3, 1 }, e;
	long day;
	int round_trip = 1;

	date_ok("2026-02-28", "2026-02-28");
	date_ok("2024-02-29", "2024-02-29");
	date_ok("2000-02-29", "2000-02-29");
	date_ok("2026/1/5", "2026-01-05");
	date_ok("2026/01/05", "2026-01-05");
	date_ok("2026\xe5\xb9\xb4" "1\xe6\x9c\x88" "5\xe6\x97\xa5", "2026-01-05");
	date_ok("1900-01-01", "1900-01-01");
	date_bad("2026-02-29");
	date_bad("1900-02-29");
	date_bad("2026-13-01");
	date_bad("2026-04-31");
	date_bad("31/02/2026");
	date_bad("05/01/2026");
	date_bad("2026-1-5x");
	date_bad("0000-00-00");
	date_bad("9999-12-31");
	date_bad("1899-12-31");
	date_bad("20260105");
	date_bad("2026-001-05");
	date_bad("2026-01/05");
	date_bad("yesterday");
	ok(cs_date_to_days((struct cs_date){ 1970, 1, 1 }) == 0, "1970-01-01 is day 0");
	ok(cs_date_to_days(d) == 11017, "2000-03-01 is day 11017");
	for (day = -25567; day < 400000; day += 7) {	/* 1900 .. 3065 */
		e = cs_days_to_date(day);
		if (cs_date_to_days(e) != day || !cs_date_valid(e.year, e.month, e.day))
			round_trip = 0;
	}
	ok(round_trip, "day numbers round-trip through dates");
	e = cs_date_add_months((struct cs_date){ 2026, 3, 31 }, -1);
	ok(e.year == 2026 && e.month == 2 && e.day == 28, "2026-03-31 - 1 month = 2026-02-28");
	e = cs_date_add_months((struct cs_date){ 2024, 2, 29 }, -12);
	ok(e.year == 2023 && e.month == 2 && e.day == 28, "2024-02-29 - 12 months = 2023-02-28");
	e = cs_date_add_months((struct cs_date){ 2026, 1, 15 }, -13);
	ok(e.year == 2024 && e.month == 12 && e.day == 15, "2026-01-15 - 13 months = 2024-12-15");
}

/* Checks that a date and time parses to the canonical form. */
static void
datetime_ok(const char *s, const char *want)
{
	char buf[CS_DATETIME_BUFSZ] = "";
	int64_t t = 0;
	const char *why = cs_datetime_parse(s, strlen(s), &t);

	if (why == NULL)
		cs_datetime_format(t, buf);
	ok(why == NULL && strcmp(buf, want) == 0, "date and time \"%s\" = %s (got %s)", s, want,
	    why ? why : buf);
}

/* Checks that a date and time is rejected with a reason. */
static void
datetime_bad(const char *s)
{
	int64_t t;

	ok(cs_datetime_parse(s, strlen(s), &t) != NULL, "date and time \"%s\" rejected", s);
}

static void
test_datetimes(void)
{
	int64_t a, b;

	datetime_ok("2026-01-05 09:30", "2026-01-05 09:30:00");
	datetime_ok("2026-01-05 9:30:15", "2026-01-05 09:30:15");
	datetime_ok("2026-01-05T23:59:59", "2026-01-05 23:59:59");
	datetime_ok("2026/1/5 0:00", "2026-01-05 00:00:00");
	datetime_ok("2026\xe5\xb9\xb4" "1\xe6\x9c\x88" "5\xe6\x97\xa5" "14:05",
	    "2026-01-05 14:05:00");
	datetime_ok("2026\xe5\xb9\xb4" "1\xe6\x9c\x88" "5\xe6\x97\xa5 14:05",
	    "2026-01-05 14:05:00");
	datetime_ok("1969-12-31 23:00", "1969-12-31 23:00:00");
	datetime_bad("2026-01-05");
	datetime_bad("2026-01-05 24:00");
	datetime_bad("2026-01-05 12:60");
	datetime_bad("2026-01-05 12:5");
	datetime_bad("2026-01-05 12:30:61");
	datetime_bad("2026-01-05  12:30");
	datetime_bad("2026-01-05 12:30 PM");
	datetime_bad("2026-02-30 12:30");
	datetime_bad("12:30");
	ok(cs_datetime_parse("2026-02-30 12:30", 16, &a) != NULL &&
	    strcmp(cs_datetime_parse("2026-02-30 12:30", 16, &a), "no such calendar date") == 0,
	    "a date that does not exist says so");
	cs_datetime_parse("2026-01-31 23:30", 16, &a);
	cs_datetime_parse("2026-02-01 00:15", 16, &b);
	ok(b - a == INT64_C(45) * 60, "across midnight and a month end: 45 minutes");
	cs_datetime_parse("2024-02-28 12:00", 16, &a);
	cs_datetime_parse("2024-03-01 12:00", 16, &b);
	ok(b - a == INT64_C(48) * 3600, "2024-02-28 to 03-01 at noon: 48 hours (a leap day)");
}

static void
test_other_values(void)
{
	int y, m, b = -1;
	long l = 0;
	double v = 0;
	int64_t h = 0;

	ok(cs_period_parse("2026-07", 7, &y, &m) == NULL && y == 2026 && m == 7, "period 2026-07");
	ok(cs_period_parse("2026-13", 7, &y, &m) != NULL, "period 2026-13 rejected");
	ok(cs_period_parse("2026-07-02", 10, &y, &m) != NULL, "period with a day other than the 1st rejected");
	ok(cs_period_parse("2026-07-01", 10, &y, &m) == NULL && y == 2026 && m == 7,
	    "period as the 1st of its month (issue 16)");
	ok(cs_bool_parse("YES", 3, &b) == NULL && b == 1, "bool YES");
	ok(cs_bool_parse("\xe5\x90\xa6", 3, &b) == NULL && b == 0, "bool \xe5\x90\xa6");
	ok(cs_bool_parse("maybe", 5, &b) != NULL, "bool maybe rejected");
	ok(cs_int_parse("3", 1, 1, 3, &l) == NULL && l == 3, "int 3 in 1..3");
	ok(cs_int_parse("4", 1, 1, 3, &l) != NULL, "int 4 not in 1..3");
	ok(cs_int_parse("2.0", 3, 1, 3, &l) != NULL, "int 2.0 rejected");
	ok(cs_number_parse("-4.5", 4, &v) == NULL && v == -4.5, "number -4.5");
	ok(cs_number_parse("1e3", 3, &v) != NULL, "number 1e3 rejected");
	ok(cs_number_parse("nan", 3, &v) != NULL, "number nan rejected");
	ok(cs_number_parse("7.", 2, &v) != NULL, "number 7. rejected");
	ok(cs_ratio(1, 3, 10000) == 3333 && cs_ratio(2, 3, 10000) == 6667 &&
	    cs_ratio(-1, 8, 100) == -13 && cs_ratio(1, -8, 100) == -13 &&
	    cs_ratio(INT64_C(9000000000000000), INT64_C(9000000000000000), 10000) == 10000,
	    "ratios rounded half away from zero in 128 bits");
	ok(cs_hundredths_parse("12.5", 4, &h) == NULL && h == 1250 &&
	    cs_hundredths_parse("-0.01", 5, &h) == NULL && h == -1 &&
	    cs_hundredths_parse("15", 2, &h) == NULL && h == 1500, "hundredths 12.5, -0.01, 15");
	ok(cs_hundredths_parse("\xc2\xa5" "5", 3, &h) != NULL && cs_hundredths_parse("1,000", 5, &h) != NULL &&
	    cs_hundredths_parse("1.234", 5, &h) != NULL && cs_hundredths_parse("5.", 2, &h) != NULL,
	    "a percentage is no amount: no yuan sign, no thousands, at most two decimals");
}

static void
test_text(void)
{
	const char *s = "\xe3\x80\x80 \xe7\x8e\x8b \xc2\xa0";
	size_t len = strlen(s);

	ok(cs_utf8_valid_prefix("a\xe7\x8e\x8b", 4) == 4, "valid 3-byte UTF-8");
	ok(cs_utf8_valid_prefix("\xf0\x9f\x98\x80", 4) == 4, "valid 4-byte UTF-8");
	ok(cs_utf8_valid_prefix("a\xc0\x80", 3) == 1, "overlong NUL is invalid");
	ok(cs_utf8_valid_prefix("\xed\xa0\x80", 3) == 0, "surrogate is invalid");
	ok(cs_utf8_valid_prefix("\xf4\x90\x80\x80", 4) == 0, "above U+10FFFF is invalid");
	ok(cs_utf8_valid_prefix("\xcd\xf5", 2) == 0, "GB18030 bytes are invalid UTF-8");
	ok(cs_utf8_incomplete_tail("ab\xe7\x8e", 4) == 2, "cut-off sequence found");
	cs_trim(&s, &len);
	ok(len == 3 && memcmp(s, "\xe7\x8e\x8b", 3) == 0, "trim removes ideographic and no-break spaces");
	ok(cs_utf8_count("a\xe7\x8e\x8b", 4) == 2, "two code points");
	ok(cs_has_control("a\0b", 3), "NUL is a control character");
	ok(!cs_has_control_in_text("a\tb\nc", 5), "tab and newline allowed in text");
	ok(cs_invisible_char("C\xe2\x80\x8b" "1", 5) == 0x200b, "zero width space is invisible");
	ok(cs_invisible_char("\xef\xbb\xbf" "C1", 5) == 0xfeff, "U+FEFF is invisible");
	ok(cs_invisible_char("C\xe2\x80\xae", 4) == 0x202e, "right-to-left override is invisible");
	ok(cs_invisible_char("\xef\xb7\x90", 3) == 0xfdd0, "U+FDD0 is a noncharacter");
	ok(cs_invisible_char("\xf0\x9f\xbf\xbf", 4) == 0x1ffff, "U+1FFFF is a noncharacter");
	ok(cs_invisible_char("\xe7\x8e\x8b\xe8\x8a\xb3\xef\xbf\xa5", 9) == 0,
	    "CJK and the full-width yuan sign are visible");
}

/*
 * A value the database cannot store (over SQLite's 1,000,000,000-byte
 * limit) makes the statement's step fail: it is never stored as NULL.
 * The length is only claimed: SQLite refuses it before reading a byte.
 */
static void
test_db_bind(void)
{
	char err[256], one = 'x';
	struct cs_db *db = cs_db_open(":memory:", CS_DB_MEMORY, err, sizeof err);
	struct cs_stmt *st;
	int64_t n = -1;
	int bound;

	ok(db != NULL, "in-memory database opened");
	if (db == NULL)
		return;
	st = cs_db_prepare(db, "INSERT INTO visits (visit_id, customer_id, visited_on, outcome)"
	    " VALUES ('V1', 'C1', '2026-01-01', ?1)");
	bound = cs_stmt_bind_text(st, 1, &one, (size_t)1000000001);
	ok(bound != 0, "binding a value over the limit fails");
	ok(cs_stmt_step(st) == CS_STEP_ERROR, "and the statement does not run");
	ok(strstr(cs_db_errmsg(db), "too big") != NULL, "with the reason: %s", cs_db_errmsg(db));
	cs_stmt_finalize(st);
	cs_db_query_int64(db, "SELECT count(*) FROM visits", &n);
	ok(n == 0, "nothing was stored");
	cs_db_close(db);
}

/* Checks the SHA-256 of data against a published digest. */
static void
sha_ok(const char *data, size_t len, size_t repeat, const char *want)
{
	struct cs_sha256 h;
	char hex[65];
	size_t i;

	cs_sha256_init(&h);
	for (i = 0; i < repeat; i++)
		cs_sha256_update(&h, data, len);
	cs_sha256_hex(&h, hex);
	ok(strcmp(hex, want) == 0, "sha256 %.20s... x%zu", data, repeat);
}

/* The test vectors of FIPS 180-2, appendix B. */
static void
test_sha256(void)
{
	sha_ok("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha_ok("abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_ok("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 1,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha_ok("a", 1, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* What the CSV test handler saw. */
struct seen {
	struct cs_buf out;	/* "line:field|field;" per record, "!line" per malformed */
};

static int
seen_record(void *ctx, const struct cs_record *rec)
{
	struct seen *s = ctx;
	size_t i;

	cs_buf_printf(&s->out, "%ld:", rec->line);
	for (i = 0; i < rec->n; i++) {
		if (i)
			cs_buf_puts(&s->out, "|");
		if (rec->fields[i].null)
			cs_buf_puts(&s->out, "<null>");
		else
			cs_buf_append(&s->out, rec->fields[i].s, rec->fields[i].len);
	}
	cs_buf_puts(&s->out, ";");
	return 0;
}

static int
seen_malformed(void *ctx, long line, size_t column, const char *raw, size_t len)
{
	struct seen *s = ctx;

	(void)raw;
	(void)len;
	cs_buf_printf(&s->out, "!%ld:%zu;", line, column);
	return 0;
}

/* Parses data through a temporary file (or a pipe) and returns what was seen. */
static enum cs_csv_status
parse(const char *data, size_t len, enum cs_encoding enc, size_t max_field,
    int use_pipe, struct cs_buf *out, struct cs_csv_result *res)
{
	struct seen s = { { 0 } };
	struct cs_csv_handler h = { seen_record, seen_malformed, &s };
	struct cs_csv_opts o = { enc, max_field, CS_SEP_DEFAULT };
	int fds[2], fd;
	FILE *f = NULL;

	if (use_pipe) {
		if (pipe(fds) != 0 || write(fds[1], data, len) != (ssize_t)len)
			abort();
		close(fds[1]);
		fd = fds[0];
	} else {
		f = tmpfile();
		fwrite(data, 1, len, f);
		fflush(f);
		rewind(f);
		fd = fileno(f);
	}
	cs_csv_read(fd, &o, &h, res);
	if (f)
		fclose(f);
	else
		close(fd);
	cs_buf_puts(&s.out, "");
	*out = s.out;
	return res->status;
}

/* Checks the records seen for a CSV text. */
static void
csv_ok(const char *name, const char *data, enum cs_encoding enc, const char *want)
{
	struct cs_csv_result res;
	struct cs_buf out;
	int p;

	for (p = 0; p < 2; p++) {
		enum cs_csv_status st = parse(data, strlen(data), enc, 1024, p, &out, &res);
		int same = st == CS_CSV_OK && strcmp(out.data, want) == 0;
		char *nl;

		while ((nl = strchr(out.data, '\n')) != NULL)
			*nl = '/';	/* keep the TAP line on one line */
		ok(same, "csv %s (%s): %s", name, p ? "pipe" : "file", out.data);
		cs_buf_free(&out);
	}
}

/* sha256sum of the 4 bytes "a\n1\n", from coreutils. */
#define SHA_A1 "309b0e45a73d3fc5325e2b6ed0a01ef8b9cde6b05a5633c1f893f970d52bfddc"

static void
test_csv(void)
{
	struct cs_csv_result res;
	enum cs_csv_status st;
	struct cs_buf out;
	char big[3000];

	csv_ok("simple", "a,b\n1,2\n", CS_ENC_AUTO, "1:a|b;2:1|2;");
	csv_ok("crlf, no final newline", "a,b\r\n1,2\r\n3,4", CS_ENC_AUTO, "1:a|b;2:1|2;3:3|4;");
	csv_ok("quoted newline keeps line numbers", "a,b\n\"x\ny\",2\n3,4\n", CS_ENC_AUTO,
	    "1:a|b;2:x\ny|2;4:3|4;");
	csv_ok("blank lines skipped", "a\n\n\n1\n", CS_ENC_AUTO, "1:a;4:1;");
	csv_ok("empty vs quoted empty", "a,b,c\n,\"\",x\n", CS_ENC_AUTO, "1:a|b|c;2:<null>||x;");
	csv_ok("doubled quotes", "a\n\"say \"\"hi\"\"\"\n", CS_ENC_AUTO, "1:a;2:say \"hi\";");
	csv_ok("spaces kept", "a\n  x  \n", CS_ENC_AUTO, "1:a;2:  x  ;");
	csv_ok("BOM removed", "\xef\xbb\xbf" "a\n1\n", CS_ENC_AUTO, "1:a;2:1;");
	csv_ok("malformed line skipped", "a,b\n1,x\"y\n2,3\n", CS_ENC_AUTO, "1:a|b;!2:2;3:2|3;");
	csv_ok("text after a closing quote: its field", "a,b,c\n1,2,\"x\"y\n", CS_ENC_AUTO,
	    "1:a|b|c;!2:3;");
	csv_ok("bad quote in a record's second line: its field", "a,b,c\n\"1\n1\",2\"x,3\n",
	    CS_ENC_AUTO, "1:a|b|c;!2:2;");
	csv_ok("GB18030 detected", "name\n\xcd\xf5\n", CS_ENC_AUTO, "1:name;2:\xe7\x8e\x8b;");
	csv_ok("GB18030 invalid byte kept as 0xFF", "n\n\x81\x20\n", CS_ENC_GB18030,
	    "1:n;2:\xff ;");
	csv_ok("empty input", "", CS_ENC_AUTO, "");
	st = parse("a\n\"open\n", 8, CS_ENC_AUTO, 1024, 0, &out, &res);
	ok(st == CS_CSV_EQUOTE && res.error_line == 2, "unterminated quote reported at line %ld",
	    res.error_line);
	cs_buf_free(&out);
	st = parse("a,b\n1,\"open\n", 11, CS_ENC_AUTO, 1024, 0, &out, &res);
	ok(st == CS_CSV_EQUOTE && res.error_line == 2 && res.error_column == 2,
	    "unterminated quote reported at line %ld, field %zu", res.error_line,
	    res.error_column);
	cs_buf_free(&out);
	memset(big, 'x', sizeof big);
	memcpy(big, "a\n\"", 3);	/* NOLINT(bugprone-not-null-terminated-result): not a string */
	ok(parse(big, sizeof big, CS_ENC_AUTO, 1024, 0, &out, &res) == CS_CSV_ELIMIT,
	    "field over the limit stops the read: %s", res.message);
	cs_buf_free(&out);
	for (int p = 0; p < 2; p++) {	/* a file is hashed by a thread, a pipe inline */
		parse("a\n1\n", 4, CS_ENC_AUTO, 1024, p, &out, &res);
		ok(strcmp(res.sha256, SHA_A1) == 0 && res.bytes == 4 &&
		    res.encoding == CS_ENC_UTF8, "sha256, size and encoding of the input (%s)",
		    p ? "pipe" : "file");
		cs_buf_free(&out);
	}
}

/* Checks integer scores against the expected ones. */
static void
scores_ok(const char *what, const int *got, const int *want, size_t n)
{
	char buf[128] = "";
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%d", got[i]);
	ok(memcmp(got, want, n * sizeof *got) == 0, "%s: %s", what, buf);
}

/*
 * Hand-computed expectations for the RFM scoring methods: of n values,
 * e equal ones that w are worse than score 1 + floor(k (w + e - 1) / n)
 * by tiles, 1 + floor(k w / n) by quantiles.
 */
static void
test_rfm_scores(void)
{
	int64_t v7[] = { 10, 20, 30, 40, 50, 60, 70 };
	int s[7], want7[] = { 1, 1, 2, 3, 3, 4, 5 };
	int64_t ties[] = { 5, 5, 5, 5, 1 };
	int want_tiles[] = { 5, 5, 5, 5, 1 }, want_quant[] = { 2, 2, 2, 2, 1 };
	int64_t same[] = { 7, 7, 7, 7, 7 };
	int want_same[] = { 5, 5, 5, 5, 5 }, want_same_q[] = { 1, 1, 1, 1, 1 };
	int64_t days[] = { 0, 10, CS_NO_VALUE, 100 };
	int want_r[] = { 4, 3, 1, 2 };
	int64_t never[] = { CS_NO_VALUE, 5, CS_NO_VALUE };
	int want_never[] = { 1, 4, 1 };
	int64_t mb[] = { 100, 200, 300, 400 }, mv[] = { 50, 100, 250, 400, 1000 };
	int want_mb[] = { 1, 2, 3, 5, 5 };
	int64_t rb[] = { 30, 60, 90, 180 }, rv[] = { 10, 30, 31, 200, CS_NO_VALUE };
	int want_rb[] = { 5, 5, 4, 1, 1 };

	cs_score(v7, 7, 5, CS_SCORE_TILES, 0, NULL, s);
	scores_ok("tiles of 7 values, k=5 (1 + i*5/7)", s, want7, 7);
	cs_score(v7, 7, 5, CS_SCORE_QUANTILE, 0, NULL, s);
	scores_ok("quantiles of 7 values without ties are the same tiles", s, want7, 7);
	cs_score(ties, 5, 5, CS_SCORE_TILES, 0, NULL, s);
	scores_ok("tiles: four equal values over one worse share 1 + (1+4-1)*5/5 = 5", s,
	    want_tiles, 5);
	cs_score(ties, 5, 5, CS_SCORE_QUANTILE, 0, NULL, s);
	scores_ok("quantiles: the same four share 1 + 1*5/5 = 2", s, want_quant, 5);
	cs_score(same, 5, 5, CS_SCORE_TILES, 0, NULL, s);
	scores_ok("tiles: five equal values all score 1 + 4*5/5 = 5", s, want_same, 5);
	cs_score(same, 5, 5, CS_SCORE_QUANTILE, 0, NULL, s);
	scores_ok("quantiles: five equal values all score 1", s, want_same_q, 5);
	cs_score(days, 4, 4, CS_SCORE_TILES, 1, NULL, s);
	scores_ok("recency: fewer days better, never paid scores 1", s, want_r, 4);
	cs_score(never, 3, 5, CS_SCORE_TILES, 1, NULL, s);
	scores_ok("two never paid score 1 and count as worse: 1 + 2*5/3 = 4", s, want_never, 3);
	cs_score(mv, 5, 5, CS_SCORE_BREAKS, 0, mb, s);
	scores_ok("breaks 100,200,300,400 on monetary", s, want_mb, 5);
	cs_score(rv, 5, 5, CS_SCORE_BREAKS, 1, rb, s);
	scores_ok("breaks 30,60,90,180 days on recency", s, want_rb, 5);
}

/* Checks one RFM segment name. */
static void
segment_ok(int r, int f, int m, int k, const char *want)
{
	const char *got = cs_rfm_segment(r, f, m, k);

	ok(strcmp(got, want) == 0, "rfm %d%d%d (k=%d) is %s (got %s)", r, f, m, k, want, got);
}

static void
test_rfm_segments(void)
{
	segment_ok(5, 5, 5, 5, "Champions");
	segment_ok(3, 4, 1, 5, "Loyal");
	segment_ok(4, 3, 1, 5, "Potential Loyalist");
	segment_ok(5, 1, 1, 5, "New");
	segment_ok(4, 1, 3, 5, "Promising");
	segment_ok(3, 2, 2, 5, "Need Attention");
	segment_ok(3, 1, 5, 5, "About To Sleep");
	segment_ok(1, 5, 5, 5, "Can't Lose Them");
	segment_ok(2, 3, 1, 5, "At Risk");
	segment_ok(1, 1, 1, 5, "Hibernating/Lost");
	segment_ok(3, 3, 3, 3, "Champions");
}

/* The check: 27000/24000/18000/16000/6000/5000/4000 give A A A B B C C. */
static void
test_abc(void)
{
	const char *ids[] = { "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9" };
	int64_t rev[] = { 6000, 27000, 4000, 18000, 24000, 16000, 5000, -300, 0 };
	char classes[10] = "";
	int share[9], want_share[] = { 9100, 2700, 10000, 6900, 5100, 8500, 9600, 10000, 10000 };

	cs_abc(rev, ids, 9, 8000, 9500, classes, share);
	ok(strcmp(classes, "BACAABCCC") == 0, "abc classes %s (revenue order A A A B B C C, "
	    "credit notes only and zero: C)", classes);
	ok(memcmp(share, want_share, sizeof share) == 0, "abc cumulative shares");
	cs_abc((int64_t[]){ 100, 100 }, (const char *[]){ "y", "x" }, 2, 5000, 9500, classes, share);
	ok(classes[0] == 'C' && classes[1] == 'A' && share[1] == 5000,
	    "abc tie: the smaller id comes first (x A at 50.00%%, then y C at 100%%)");
}

static void
test_pyramid(void)
{
	const char *ids[] = { "a", "b", "c", "d", "e", "f", "g" };
	int64_t rev[] = { 70, 0, 50, 40, 30, 20, 10 };
	const int p[3] = { 100, 400, 1500 };
	enum cs_tier t[7], bt[200];
	const char *bigids[200];
	int64_t big[200];
	char names[200][16];
	int i, counts[4] = { 0 };

	cs_pyramid(rev, ids, 7, p, t);
	ok(t[0] == CS_PLATINUM && t[2] == CS_IRON && t[3] == CS_LEAD && t[1] == CS_LEAD,
	    "pyramid of 7: ceil(7%%)=1 Platinum, none Gold, 1 Iron; zero revenue is Lead");
	for (i = 0; i < 200; i++) {
		big[i] = 200 - i;
		snprintf(names[i], sizeof names[i], "c%03d", i);
		bigids[i] = names[i];
	}
	cs_pyramid(big, bigids, 200, p, bt);
	for (i = 0; i < 200; i++)
		counts[bt[i]]++;
	ok(counts[0] == 2 && counts[1] == 8 && counts[2] == 30 && counts[3] == 160 &&
	    bt[0] == CS_PLATINUM && bt[199] == CS_LEAD,
	    "pyramid of 200: 2 Platinum, 8 Gold, 30 Iron, 160 Lead (%d %d %d %d)",
	    counts[0], counts[1], counts[2], counts[3]);
}

/* Checks one churn flag and its change. */
static void
churn_ok(int64_t now, int64_t before, enum cs_churn want, int64_t want_change)
{
	int64_t change;
	enum cs_churn got = cs_churn_flag(now, before, 1500, &change);

	ok(got == want && change == want_change, "churn %lld vs %lld: %s %lld",
	    (long long)now, (long long)before, cs_churn_names[got], (long long)change);
}

static void
test_churn(void)
{
	churn_ok(85, 100, CS_CHURN_STABLE, -1500);
	churn_ok(84, 100, CS_CHURN_DROP, -1600);
	churn_ok(0, 100, CS_CHURN_LOST, -10000);
	churn_ok(-5, 100, CS_CHURN_LOST, -10500);
	churn_ok(100, 0, CS_CHURN_NEW, 0);
	churn_ok(0, 0, CS_CHURN_NONE, 0);
	churn_ok(200, 100, CS_CHURN_STABLE, 10000);
	churn_ok(1, 3, CS_CHURN_DROP, -6667);
	churn_ok(2, 3, CS_CHURN_DROP, -3333);
}

static void
test_loyalty(void)
{
	const char *ids[] = { "a", "b", "c", "d", "e" };
	int64_t rev[] = { 100, 300, 300, 0, 200 }, att;
	char marks[5];

	ok(cs_median((int64_t[]){ 5, 1, 3 }, 3) == 3, "median of 5 1 3 is 3");
	ok(cs_median((int64_t[]){ 4, 1, 3, 2 }, 4) == 2, "median of 1 2 3 4 is 2 (2.5 rounded down)");
	ok(cs_median((int64_t[]){ -3, -2 }, 2) == -3, "median of -3 -2 is -3 (-2.5 rounded down)");
	ok(cs_median((int64_t[]){ CS_NO_VALUE, 7 }, 2) == 7, "median skips missing values");
	ok(cs_median((int64_t[]){ CS_NO_VALUE }, 1) == CS_NO_VALUE, "median of nothing");
	ok(cs_loyalty_class(CS_BASIS_SURVEY, 900, 800, 5000, 5000) == CS_LOYAL,
	    "loyal: both high (at the split counts)");
	ok(cs_loyalty_class(CS_BASIS_SURVEY, 900, 800, 4999, 5000) == CS_LATENT,
	    "latent: attitude high, patronage low");
	ok(cs_loyalty_class(CS_BASIS_GROWTH, -1, 0, 6000, 5000) == CS_SPURIOUS,
	    "spurious: attitude low (shrinking), patronage high");
	ok(cs_loyalty_class(CS_BASIS_SURVEY, 700, 800, 1000, 5000) == CS_NOT_LOYAL,
	    "none: both low");
	ok(cs_loyalty_class(CS_BASIS_GROWTH, 0, 0, CS_NO_VALUE, 0) == CS_LATENT,
	    "nothing due: patronage low, even under a split of 0");
	ok(cs_loyalty_class(CS_BASIS_NONE, CS_NO_VALUE, 800, 9000, 5000) == CS_LOYALTY_UNKNOWN,
	    "neither survey nor growth: unknown, not a guess");
	ok(cs_patronage(12, 1) == 9166 && cs_patronage(12, 0) == 10000 &&
	    cs_patronage(3, 3) == 0 && cs_patronage(0, 0) == CS_NO_VALUE,
	    "patronage: 11 of 12 on time 91.66%%, 12 of 12 100%%, 0 of 3 0, nothing due none");
	ok(cs_attitude(650, 100, 200, &att) == CS_BASIS_SURVEY && att == 650,
	    "attitude: a survey answer first");
	ok(cs_attitude(CS_NO_VALUE, 120000, 144000, &att) == CS_BASIS_GROWTH && att == -1667,
	    "else growth: 1200.00 after 1440.00 is -16.67%% (%lld)", (long long)att);
	ok(cs_attitude(CS_NO_VALUE, 100, 0, &att) == CS_BASIS_NONE && att == CS_NO_VALUE,
	    "no survey and no revenue a year before: none");
	cs_top_revenue(rev, ids, 5, 3, marks);
	ok(memcmp(marks, "\0\1\1\0\1", 5) == 0, "top 3 by revenue: b, c (tie by id), e");
	cs_top_revenue(rev, ids, 5, 10, marks);
	ok(memcmp(marks, "\1\1\1\0\1", 5) == 0, "top 10 of 5: only positive revenue counts");
	ok(cs_group_bar(marks, rev, 5, CS_NO_VALUE) == 100 && cs_group_bar(marks, rev, 5, 50) == 50,
	    "the group bar: the least high-value revenue (a's 100), or --big-revenue below it");
	ok(cs_group_bar("\0\0\0\0\0", rev, 5, CS_NO_VALUE) == CS_NO_VALUE,
	    "no high-value customer and no threshold: no bar");
	ok(cs_big_class(1, 1, 1, 1, 0, CS_NO_VALUE) == CS_BIG_STRATEGIC &&
	    cs_big_class(0, 1, 1, 1, 0, CS_NO_VALUE) == CS_BIG_KEY &&
	    cs_big_class(0, 0, 1, 1, 0, CS_NO_VALUE) == CS_BIG_GROUP &&
	    cs_big_class(0, 0, 0, 1, 0, CS_NO_VALUE) == CS_BIG_HIGH_VALUE &&
	    cs_big_class(0, 0, 0, 0, 500, 500) == CS_BIG_HIGH_VALUE &&
	    cs_big_class(0, 0, 0, 0, 499, 500) == CS_BIG_REGULAR,
	    "big classes in order: strategic, key, group, high-value (top or threshold), regular");
}

/* Writes n node indexes (CS_NO_PARENT as -) into buf, space-separated. */
static const char *
nodes_text(const size_t *v, size_t n, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += (size_t)(v[i] == CS_NO_PARENT ? snprintf(buf + len, size - len, "%s-",
		    i ? " " : "") : snprintf(buf + len, size - len, "%s%zu", i ? " " : "", v[i]));
	return buf;
}

/* Groups (集团): parent links, tops, cycles, the big groups. */
static void
test_groups(void)
{
	/* A heads B, B heads C (three levels); D and E name X, not a customer (node 6);
	 * F names nobody. */
	const char *ids[] = { "A", "B", "C", "D", "E", "F" };
	const char *parents[] = { "", "A", "B", "X", "X", "" };
	size_t parent[12], top[12], nodes;
	int64_t rev[] = { 100, 200, 300, 250, 250, 900 };
	char broken[12], member[6], buf[128];

	nodes = cs_group_link(ids, parents, 6, parent);
	ok(nodes == 7 && strcmp(nodes_text(parent, 6, buf, sizeof buf), "- 0 1 6 6 -") == 0,
	    "links: B to A, C to B, D and E to X (node 6), A and F none (%s)", buf);
	parent[6] = CS_NO_PARENT;
	ok(cs_group_tops(parent, 7, top, broken) == 0 &&
	    strcmp(nodes_text(top, 7, buf, sizeof buf), "0 0 0 6 6 5 6") == 0,
	    "tops: A for the chain of three, X for D and E, F alone (%s)", buf);
	/* A+B+C 600, D+E 500, F 900 alone: with a bar of 500 both groups are big. */
	ok(cs_group_big(top, 6, 7, rev, 500, member) == 2 && memcmp(member, "\1\1\1\1\1\0", 6) == 0,
	    "bar 500: A, B, C (600) and D, E (500 at the bar) are big groups; F alone is none");
	ok(cs_group_big(top, 6, 7, rev, 501, member) == 1 && memcmp(member, "\1\1\1\0\0\0", 6) == 0,
	    "bar 501: D and E (500) fall short");
	ok(cs_group_big(top, 6, 7, rev, CS_NO_VALUE, member) == 0 &&
	    memcmp(member, "\0\0\0\0\0\0", 6) == 0, "no bar: no big group");
	/* 0 -> 1 -> 2 -> 1 (a cycle of 1 and 2 below 0); 3 -> 3 (itself); 4 -> 2. */
	parent[0] = 1; parent[1] = 2; parent[2] = 1; parent[3] = 3; parent[4] = 2;
	parent[5] = CS_NO_PARENT;
	ok(cs_group_tops(parent, 6, top, broken) == 2 &&
	    strcmp(nodes_text(top, 6, buf, sizeof buf), "1 1 1 3 1 5") == 0 &&
	    memcmp(broken, "\0\1\0\1\0\0", 6) == 0,
	    "cycles broken at their smallest node: 1 (of 1, 2) heads 0, 2 and 4; 3 alone (%s)", buf);
}

/* The metrics the rule tests use, and one customer's values. */
static const struct cs_rule_metric rule_metrics[] = {
	{ "revenue", CS_RULE_MONEY }, { "invoices", CS_RULE_COUNT },
	{ "recency_days", CS_RULE_COUNT }, { "change_pct", CS_RULE_HUNDREDTHS },
	{ "last_payment", CS_RULE_DATE }, { "abc_class", CS_RULE_TEXT }
};

struct rule_customer {
	int64_t v[5];			/* CS_NO_VALUE: missing */
	const char *abc;
};

static int
rule_value(void *ctx, int m, int64_t *v, const char **s)
{
	const struct rule_customer *c = ctx;

	if (m == 5) {
		*s = c->abc;
		return 1;
	}
	*v = c->v[m];
	return c->v[m] != CS_NO_VALUE;
}

/* Checks the label the rules give a customer. */
static void
rule_ok(const struct cs_rules *r, struct rule_customer c, const char *want)
{
	const char *got = cs_rules_match(r, rule_value, &c);

	ok(got != NULL && strcmp(got, want) == 0, "rule match: %s (got %s)", want, got ? got : "none");
}

/* Checks that text fails to parse with exactly the message want. */
static void
rule_error(const char *text, const char *want)
{
	char err[256] = "";
	struct cs_rules *r = cs_rules_parse("rules", text, rule_metrics, 6, err, sizeof err);

	ok(r == NULL && strcmp(err, want) == 0, "rule error: %s (got %s)", want, err);
	cs_rules_free(r);
}

static void
test_rules(void)
{
	const char *text =
	    "# segments of our own\n"
	    "VIP: revenue >= 10,000.00 and abc_class = \"A\"\n"
	    "\n"
	    "\xe6\xb5\x81\xe5\xa4\xb1\xe9\xa2\x84\xe8\xad\xa6: change_pct < -15 or recency_days > 90\n"
	    "new: not (invoices > 0)\n"
	    "late: last_payment < 2026-01-01\n"
	    "other: true\n";
	char err[256] = "";
	struct cs_rules *r = cs_rules_parse("rules", text, rule_metrics, 6, err, sizeof err);
	const int64_t N = CS_NO_VALUE;
	int64_t dec31 = cs_date_to_days((struct cs_date){ 2025, 12, 31 });

	ok(r != NULL, "rules parse (%s)", err);
	if (r == NULL)
		return;
	rule_ok(r, (struct rule_customer){ { 1000000, 5, 3, 0, dec31 }, "A" }, "VIP");
	rule_ok(r, (struct rule_customer){ { 999999, 5, 3, 0, dec31 + 1 }, "A" }, "other");
	rule_ok(r, (struct rule_customer){ { 500, 1, 3, -2000, dec31 + 1 }, "B" },
	    "\xe6\xb5\x81\xe5\xa4\xb1\xe9\xa2\x84\xe8\xad\xa6");
	rule_ok(r, (struct rule_customer){ { 0, 0, N, N, N }, "C" }, "new");
	rule_ok(r, (struct rule_customer){ { 100, 3, 10, 0, dec31 }, "C" }, "late");
	ok(cs_rules_use(r, 0) && cs_rules_use(r, 5) && cs_rules_use(r, 4), "rules report the metrics they use");
	cs_rules_free(r);
	rule_error("x: revnue > 5", "rules:1:4: unknown metric: revnue");
	rule_error("x: revenue 5", "rules:1:12: expected =, !=, <, <=, > or >= after revenue");
	rule_error("x: abc_class > \"A\"", "rules:1:15: text is compared with = or != only: abc_class");
	rule_error("no colon here", "rules:1:1: expected \"label: condition\"");
	rule_error("x: (revenue > 5", "rules:1:16: expected )");
	rule_error("x: last_payment < 2026-02-30", "rules:1:19: expected a date YYYY-MM-DD");
	rule_error("x: revenue > 12,5", "rules:1:14: expected an amount");
	rule_error("# c\nx: true junk", "rules:2:9: unexpected text after the condition");
	rule_error("# only a comment\n", "rules: no rules");
}

/*
 * Allocation traced by hand (days as small numbers): I1 100 due 20 paid
 * on day 15; P2 names I2 and pays 60, leaving 40; the credit note of 30
 * on day 65 goes to the oldest open, I2, leaving 10; P3's 100 on day 70
 * settles I2 (20 days late) and pays 90 of I3, leaving 10.
 */
static void
test_ledger(void)
{
	struct cs_ledger_invoice inv[] = {
		{ "I1", 0, 20, 10000, 0, 0 }, { "I2", 30, 50, 10000, 0, 0 },
		{ "CN", 65, 65, -3000, 0, 0 }, { "I3", 60, 80, 10000, 0, 0 },
	};
	struct cs_ledger_payment pay[] = {
		{ NULL, 15, 10000, CS_NOT_SETTLED }, { "I2", 55, 6000, CS_NOT_SETTLED },
		{ NULL, 70, 10000, CS_NOT_SETTLED },
	};
	struct cs_ledger_invoice pre[] = { { "J1", 0, 20, 10000, 0, 0 }, { "J2", 30, 50, 10000, 0, 0 } };
	struct cs_ledger_payment ahead[] = { { NULL, 0, 15000, CS_NOT_SETTLED } };
	struct cs_credit_record r;

	cs_ledger_allocate(inv, 4, pay, 3);
	ok(inv[0].open == 0 && inv[0].settled == 15, "I1 paid in full on day 15");
	ok(inv[1].open == 0 && inv[1].settled == 70, "I2 settled on day 70 (named payment, credit note, then oldest first)");
	ok(inv[3].open == 1000 && inv[3].settled == CS_NOT_SETTLED, "I3 still owes 10.00");
	cs_credit_summarize(inv, 4, -1, 100, &r);
	ok(r.due == 3 && r.late == 2 && r.days_late == 40 && r.overdue == 1000 && r.bad_debt == 0,
	    "record: 3 due, 2 late, 40 days late, 10.00 overdue (%lld %lld %lld %lld %lld)",
	    (long long)r.due, (long long)r.late, (long long)r.days_late,
	    (long long)r.overdue, (long long)r.bad_debt);
	ok(strcmp(cs_credit_grade(&r, 100000), "B") == 0, "2 of 3 late: grade B");
	cs_credit_summarize(inv, 4, -1, 300, &r);
	ok(r.bad_debt == 1000, "open 220 days past due is bad debt");
	ok(strcmp(cs_credit_grade(&r, 100000), "C") == 0, "bad debt: grade C");
	cs_ledger_allocate(pre, 2, ahead, 1);
	ok(pre[0].settled == 0 && pre[1].open == 5000, "a payment ahead waits for the next invoice");
	ok(strcmp(cs_credit_grade(&(struct cs_credit_record){ 0, 0, 0, 0, 0 }, 0), "none") == 0,
	    "nothing due: none");
	ok(strcmp(cs_credit_grade(&(struct cs_credit_record){ 5, 0, 0, 60000, 0 }, 50000), "C") == 0,
	    "overdue above the credit limit: C");
	ok(strcmp(cs_credit_grade(&(struct cs_credit_record){ 10, 1, 10, 0, 0 }, 0), "AA") == 0,
	    "1 of 10 late: AA");
	ok(strcmp(cs_credit_grade(&(struct cs_credit_record){ 20, 1, 2, 0, 0 }, 0), "AAA") == 0,
	    "1 of 20 late, 2 days: AAA");
	ok(strcmp(cs_credit_grade(&(struct cs_credit_record){ 10, 3, 20, 0, 0 }, 0), "A") == 0,
	    "3 of 10 late: A");
	ok(strcmp(cs_credit_grade(&(struct cs_credit_record){ 0, 0, 0, 100, 0 }, CS_NO_VALUE), "A") == 0,
	    "old overdue, no limit: A");
}

/* Checks that policy text fails to parse with exactly the message want. */
static void
policy_error(const char *text, const char *want)
{
	char err[256] = "";
	struct cs_policy *p = cs_policy_parse("p", text, err, sizeof err);

	ok(p == NULL && strcmp(err, want) == 0, "policy error: %s (got %s)", want, err);
	cs_policy_free(p);
}

/* The built-in policy (etc/cs-dunning.policy) and its overrides. */
static void
test_policy(void)
{
	char err[256] = "";
	struct cs_policy *p = cs_policy_parse("default", cs_policy_default, err, sizeof err);
	const struct cs_policy_settings *set;
	struct cs_ladder l;

	ok(p != NULL, "the built-in policy parses (%s)", err);
	if (p == NULL)
		return;
	cs_policy_ladder(p, NULL, NULL, &l);
	ok(l.stage[CS_STAGE_PREVENT].days == -3 && l.stage[CS_STAGE_REMIND].days == 1 &&
	    l.stage[CS_STAGE_GUIDE].days == 15 && l.stage[CS_STAGE_PURSUE].days == 45 &&
	    l.stage[CS_STAGE_SUE].days == 90, "default days -3 1 15 45 90");
	ok(strcmp(l.stage[CS_STAGE_REMIND].label, "\xe5\x82\xac") == 0 &&
	    strcmp(l.stage[CS_STAGE_SUE].label, "\xe8\xaf\x89") == 0, "labels are the characters");
	ok(l.stage[CS_STAGE_GUIDE].actions == (CS_ACT_NOTIFY | CS_ACT_OFFER_PLAN) &&
	    l.stage[CS_STAGE_SUE].actions == (CS_ACT_LEGAL | CS_ACT_BLACKLIST) &&
	    l.stage[CS_STAGE_SUE].min_balance == 100000, "actions and minimum balance");
	cs_policy_ladder(p, "strategic", NULL, &l);
	ok(l.stage[CS_STAGE_GUIDE].days == 30 && l.stage[CS_STAGE_SUE].days == 150,
	    "gentler for strategic customers");
	cs_policy_ladder(p, "strategic", "C", &l);
	ok(l.stage[CS_STAGE_GUIDE].days == 10 && l.stage[CS_STAGE_PURSUE].days == 30 &&
	    l.stage[CS_STAGE_PURSUE].min_days_in_previous == 7 && l.stage[CS_STAGE_SUE].days == 150,
	    "grade C after class strategic");
	set = cs_policy_settings(p);
	ok(set->late_fee_rate == 0 && !set->late_fee_half_up && set->warning_share == 10000 &&
	    !set->allow_jumps && set->block_from == CS_STAGE_PURSUE, "default settings");
	cs_policy_free(p);
	p = cs_policy_parse("p", "late_fee_per_mille = 0.5\nlate_fee_rounding = half-up\n"
	    "[stage remind]\ndays = 1\nactions = notify\n", err, sizeof err);
	ok(p != NULL && cs_policy_settings(p)->late_fee_rate == 50 && cs_policy_settings(p)->late_fee_half_up,
	    "a ladder of one stage, a late fee of 0.5 per mille");
	cs_policy_free(p);
	policy_error("x\n", "p:1: expected SETTING = VALUE");
	policy_error("[stage nope]\n", "p:1: unknown stage: nope");
	policy_error("days = 5\n", "p:1: unknown setting (expected late_fee_per_mille, "
	    "late_fee_rounding, warning_share, allow_jumps, block_from, adoption_pace, "
	    "dispute_categories): days");
	policy_error("[stage remind]\nactions = notify, jail\n", "p:2: expected actions notify, "
	    "offer-plan, suspend, legal, blacklist: actions");
	policy_error("[stage remind]\ndays = 5\n[stage guide]\ndays = 5\n",
	    "p: stage days must rise along the ladder: guide");
	policy_error("[stage remind]\ndays = 1\n[for class big]\nsue.days = 9\n",
	    "p: an override names a stage that is not defined: sue");
	policy_error("[stage remind]\nmin_balance = 12,5\n", "p:2: expected an amount of 0 or more: min_balance");
	policy_error("# nothing\n", "p: no [stage ...] section");
}

/* Collects the actions of a dunning day as "action:stage" words. */
static void
collect_action(void *ctx, const struct cs_dun_action *a)
{
	char *buf = ctx;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s%s:%s", *buf ? " " : "", a->action,
	    a->stage == CS_STAGE_NONE ? "-" : cs_stage_name(a->stage));
}

/* Runs one dunning day for a customer owing open cents on an invoice due on day due. */
static int64_t
dun_day(const struct cs_policy *p, struct cs_dun_state *st, long day, long due, int64_t open,
    char out[256])
{
	struct cs_ledger_invoice inv = { "I1", due - 30, due, open, open, CS_NOT_SETTLED };
	struct cs_dun_facts f;
	struct cs_ladder l;

	memset(&f, 0, sizeof f);
	cs_dun_facts_from_ledger(&inv, open > 0, day, &f);
	cs_policy_ladder(p, NULL, NULL, &l);
	out[0] = '\0';
	return cs_dunning_day(&l, cs_policy_settings(p), &f, st, collect_action, out);
}

/*
 * How a customer enters the ladder: a debt already overdue never gets
 * the reminder meant for before the due date; with adoption_pace =
 * normal a customer that enters behind climbs at the stages' own pace.
 */
static void
test_dunning_entry(void)
{
	char err[256], out[256];
	struct cs_policy *p = cs_policy_parse("p", "[stage prevent]\ndays = -3\nmin_balance = 0.01\n"
	    "actions = notify\n[stage remind]\ndays = 1\nmin_balance = 0.01\nactions = notify\n"
	    "[stage pursue]\ndays = 10\nmin_balance = 100\nmin_days_in_previous = 5\n"
	    "actions = notify, suspend\n", err, sizeof err);
	struct cs_policy *normal = cs_policy_parse("n", "adoption_pace = normal\n[stage remind]\n"
	    "days = 1\nmin_balance = 0.01\nactions = notify\n[stage pursue]\ndays = 10\n"
	    "min_balance = 100\nmin_days_in_previous = 5\nactions = notify, suspend\n", err,
	    sizeof err);
	struct cs_dun_state st;

	if (p == NULL || normal == NULL) {
		ok(0, "policy: %s", err);
		return;
	}
	cs_dun_state_init(&st);
	dun_day(p, &st, 97, 100, 50000, out);
	ok(strcmp(out, "notify:prevent") == 0, "due in 3 days: the reminder before the due date");
	cs_dun_state_init(&st);
	dun_day(p, &st, 105, 100, 50000, out);
	ok(strcmp(out, "notify:remind") == 0, "first seen 5 days overdue: remind, not prevent (%s)",
	    out);
	cs_dun_state_init(&st);
	dun_day(normal, &st, 120, 100, 50000, out);
	dun_day(normal, &st, 121, 100, 50000, out);
	ok(strcmp(out, "") == 0 && st.stage == CS_STAGE_REMIND,
	    "adoption_pace = normal: pursue waits for 5 days in remind");
	ok(cs_policy_is_dispute(cs_policy_settings(p), "BILLING") &&
	    cs_policy_is_dispute(cs_policy_settings(p), "\xe8\xb4\xa6\xe5\x8a\xa1") &&
	    !cs_policy_is_dispute(cs_policy_settings(p), "quality") &&
	    !cs_policy_is_dispute(cs_policy_settings(p), NULL),
	    "disputes by default: billing (any case) and the billing words 账务 ...");
	cs_policy_free(p);
	cs_policy_free(normal);
	p = cs_policy_parse("d", "dispute_categories = \xe4\xba\x89\xe8\xae\xae\n[stage remind]\n"
	    "days = 1\nactions = notify\n", err, sizeof err);
	ok(p != NULL && cs_policy_is_dispute(cs_policy_settings(p), "\xe4\xba\x89\xe8\xae\xae") &&
	    !cs_policy_is_dispute(cs_policy_settings(p), "billing"),
	    "a policy's own dispute categories replace the default ones");
	cs_policy_free(p);
}

static void
test_dunning_day(void)
{
	char err[256], out[256];
	struct cs_policy *p = cs_policy_parse("p", "late_fee_per_mille = 3\n"
	    "[stage remind]\ndays = 1\nmin_balance = 0.01\nactions = notify\n"
	    "[stage pursue]\ndays = 10\nmin_balance = 100\nmin_days_in_previous = 5\n"
	    "actions = notify, suspend\n", err, sizeof err);
	struct cs_dun_state st;
	struct cs_ledger_invoice two[] = { { "A", 0, 10, 5000, 5000, CS_NOT_SETTLED },
		{ "B", 40, 60, 7000, 2000, CS_NOT_SETTLED } };
	struct cs_dun_facts f;
	int64_t fee;

	ok(cs_late_fee_day(123456, 300, 0) == 370, "3 per mille of 1234.56 is 3.70 rounded down");
	ok(cs_late_fee_day(123456, 300, 1) == 370 && cs_late_fee_day(50000, 1, 1) == 1 &&
	    cs_late_fee_day(49999, 1, 1) == 0, "half up: 0.5 cent up, below it down");
	ok(cs_late_fee_day(-100, 300, 1) == 0 && cs_late_fee_day(900000000000000000, 100000, 0) ==
	    900000000000000000, "no fee on nothing; 100%% of the largest amount does not overflow");
	memset(&f, 0, sizeof f);
	cs_dun_facts_from_ledger(two, 2, 62, &f);
	ok(f.unpaid == 7000 && f.overdue == 7000 && f.oldest_due == 10 && strcmp(f.oldest_id, "A") == 0,
	    "unpaid and overdue from the open amounts; the oldest open invoice");
	cs_dun_facts_from_ledger(two, 2, 45, &f);
	ok(f.unpaid == 7000 && f.overdue == 5000, "an invoice not yet due is unpaid, not overdue");
	if (p == NULL) {
		ok(0, "policy: %s", err);
		return;
	}
	cs_dun_state_init(&st);
	fee = dun_day(p, &st, 100, 100, 50000, out);
	ok(fee == 0 && strcmp(out, "") == 0, "due today: nothing happens");
	fee = dun_day(p, &st, 101, 100, 50000, out);
	ok(fee == 150 && strcmp(out, "notify:remind") == 0 && st.stage == CS_STAGE_REMIND,
	    "a day overdue: remind, fee 1.50 (%s)", out);
	fee = dun_day(p, &st, 101, 100, 50000, out);
	ok(fee == 0 && strcmp(out, "") == 0 && st.late_fee == 150, "the same day again: nothing, no fee");
	dun_day(p, &st, 110, 100, 50000, out);
	ok(strcmp(out, "notify:pursue suspend:pursue") == 0, "10 days, 9 in remind: pursue (%s)", out);
	dun_day(p, &st, 111, 100, 0, out);
	ok(strcmp(out, "restore:pursue") == 0 && st.stage == CS_STAGE_NONE && st.late_fee == 0,
	    "paid: restore, the fee total cleared (%s)", out);
	dun_day(p, &st, 112, 100, 50000, out);
	ok(strcmp(out, "notify:pursue suspend:pursue") == 0 && st.stage == CS_STAGE_PURSUE,
	    "the payment bounced: back to pursue at once, where it stood (%s)", out);
	cs_dun_state_init(&st);
	dun_day(p, &st, 120, 100, 50000, out);
	ok(strcmp(out, "notify:remind") == 0 && st.catching_up,
	    "first seen 20 days late: one stage only, catching up (%s)", out);
	dun_day(p, &st, 121, 100, 50000, out);
	ok(strcmp(out, "notify:pursue suspend:pursue") == 0 && !st.catching_up,
	    "catching up: pursue the next night, not after 5 in remind; caught up (%s)", out);
	st.late_fee = CS_MONEY_MAX_CENTS - 100;
	fee = dun_day(p, &st, 122, 100, 50000, out);
	ok(fee == 100 && st.late_fee == CS_MONEY_MAX_CENTS,
	    "late fees stop at the largest amount: 1.00 of the day's 1.50 charged");
	fee = dun_day(p, &st, 123, 100, 50000, out);
	ok(fee == 0 && st.late_fee == CS_MONEY_MAX_CENTS, "and nothing after");
	cs_policy_free(p);
	test_dunning_entry();
}

static void
test_display_width(void)
{
	ok(cs_display_width("abc") == 3 && cs_display_width("长江建材") == 8 &&
	    cs_display_width("￥12") == 4 && cs_display_width("e\xcc\x81") == 1,
	    "display width: ASCII 1, CJK and full-width 2, combining marks 0");
}

/*
 * Rows of text fields keep copies of what they were given, in blocks:
 * many rows (over several blocks and growths of the field array), a
 * field longer than a block, empty ones for NULL; freed, they start
 * empty again and take rows anew.
 */
static void
test_text_rows(void)
{
	struct cs_text_rows r;
	char id[24], *big = cs_xmalloc(200001);
	const char *f[3];
	size_t i, bad = 0;

	memset(big, 'x', 200000);
	big[200000] = '\0';
	cs_text_rows_init(&r, 3);
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "C%07zu", i);
		f[0] = id;
		f[1] = i == 7 ? big : "长江建材";
		f[2] = i % 2 ? NULL : "1,234.50";
		cs_text_rows_add(&r, f);
		id[0] = 'X';	/* the rows keep their own copies */
	}
	big[0] = 'y';
	for (i = 0; i < r.n; i++) {
		snprintf(id, sizeof id, "C%07zu", i);
		bad += strcmp(r.field[i * 3], id) != 0 ||
		    strcmp(r.field[i * 3 + 2], i % 2 ? "" : "1,234.50") != 0 ||
		    (i != 7 && strcmp(r.field[i * 3 + 1], "长江建材") != 0);
	}
	ok(r.n == 20000 && bad == 0 && strlen(r.field[7 * 3 + 1]) == 200000 &&
	    r.field[7 * 3 + 1][0] == 'x',
	    "text rows: 20,000 rows kept as given, a 200,000-byte field whole, NULL as \"\" "
	    "(%zu wrong)", bad);
	cs_text_rows_free(&r);
	f[0] = "a", f[1] = NULL, f[2] = "c";
	cs_text_rows_add(&r, f);
	ok(r.n == 1 && r.ncols == 3 && strcmp(r.field[0], "a") == 0 && strcmp(r.field[1], "") == 0 &&
	    strcmp(r.field[2], "c") == 0, "text rows: freed, they take rows anew");
	cs_text_rows_free(&r);
	free(big);
}

/* Nonzero when a and b differ by at most eps. */
static int
near(double a, double b, double eps)
{
	return fabs(a - b) <= eps;
}

static void
test_stats(void)
{
	/* The three-item example: alpha = 151/165. */
	static const double rows[][3] = { { 1, 1, 2 }, { 5, 6, 5 }, { 7, 8, 4 }, { 2, 3, 2 },
		{ 8, 6, 5 } };
	struct cs_alpha_sums a;
	struct cs_moments m = { 0, 0, 0 };
	double alpha, std, lo, hi, nps;
	int64_t out[3];
	size_t i;
	int rc;

	cs_alpha_init(&a, 3);
	for (i = 0; i < 5; i++)
		cs_alpha_add(&a, rows[i]);
	rc = cs_alpha(&a, ~0ULL, &alpha, &std);
	ok(rc == 0 && near(alpha, 151.0 / 165, 1e-12),
	    "Cronbach's alpha of the published example is 151/165 = 0.915152 (%.6f)", alpha);
	ok(cs_alpha(&a, 3, &alpha, &std) == 0 && near(alpha, 2 * (1 - 17 / 32.3), 1e-12),
	    "alpha without the third item: 2 (1 - (9.3 + 7.7) / 32.3)");
	cs_alpha_free(&a);
	ok(near(cs_t_quantile(0.975, 10), 2.228139, 1e-6) && near(cs_t_quantile(0.975, 1),
	    12.706205, 1e-5) && near(cs_t_quantile(0.5, 7), 0, 1e-6),
	    "t quantiles: 2.228139 (10 df), 12.706205 (1 df), 0 at the median");
	for (i = 1; i <= 5; i++)
		cs_moments_add(&m, (double)i);
	ok(cs_mean_ci95(&m, &lo, &hi) == 0 && near(m.mean, 3, 1e-12) &&
	    near(cs_moments_var(&m), 2.5, 1e-12) && near(hi - 3, 2.776445 * sqrt(0.5), 1e-5),
	    "mean 3 of 1..5, variance 2.5, t interval 3 +- 2.776445 sqrt(0.5)");
	ok(cs_wilson_ci95(0, 10, &lo, &hi) == 0 && lo == 0 && near(hi, 0.277533, 1e-6),
	    "Wilson interval of 0 of 10 is [0, 0.2775]");
	rc = cs_nps(2, 7, 11, &nps, &lo, &hi);
	ok(rc == 0 && near(nps, -45.454545, 1e-6), "NPS of the scores 0..10 is -45.45 (%.4f)", nps);
	cs_allocate((int64_t[]){ 500, 300, 200 }, (double[]){ 500, 300, 200 }, 3, 7, out);
	ok(out[0] == 4 && out[1] == 2 && out[2] == 1, "largest remainder: 3.5 2.1 1.4 -> 4 2 1");
	cs_allocate((int64_t[]){ 1000, 1, 0 }, (double[]){ 1000, 1, 0 }, 3, 10, out);
	ok(out[0] == 9 && out[1] == 1 && out[2] == 0, "every stratum with members gets one");
	cs_allocate((int64_t[]){ 100, 100, 3 }, (double[]){ 100, 300, 1000 }, 3, 10, out);
	ok(out[0] == 2 && out[1] == 5 && out[2] == 3, "Neyman weights, capped at the stratum size "
	    "(%lld %lld %lld)", (long long)out[0], (long long)out[1], (long long)out[2]);
	ok(cs_allocate((int64_t[]){ 2, 3 }, (double[]){ 2, 3 }, 2, 10, out) == 5 && out[0] == 2 &&
	    out[1] == 3, "asking for more than there are takes them all");
}

/* Records what cs_conf_read hands over, as "line:[section]" and "line:key=value" words. */
static int
conf_section(void *ctx, struct cs_conf *c, char *line)
{
	char *buf = ctx;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s%ld:%s", *buf ? " " : "", c->line, line);
	return strcmp(line, "[bad]") == 0 ? cs_conf_fail(c, "unknown section", line) : 0;
}

static int
conf_setting(void *ctx, struct cs_conf *c, char *key, char *value)
{
	char *buf = ctx;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s%ld:%s=%s", *buf ? " " : "", c->line,
	    key, value);
	return 0;
}

/* Reads text with syn; checks what was handed over (or the error) against want. */
static void
conf_reads(const struct cs_conf_syntax *syn, const char *what, const char *text,
    const char *want)
{
	char got[256] = "", err[256] = "";
	struct cs_conf c = { "t", 0, err, sizeof err };
	int rc = cs_conf_read(text, syn, got, &c);

	ok(strcmp(rc == 0 ? got : err, want) == 0 && (rc != 0 || c.line == 0),
	    "conf: %s: %s (got %s)", what, want, rc == 0 ? got : err);
}

/* Checks the items cs_conf_list_next gives for v, joined by "|". */
static void
conf_list_is(const char *v, const char *want)
{
	char got[128] = "";
	const char *item;
	size_t len;
	int n = 0;

	while (cs_conf_list_next(&v, &item, &len))
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%.*s", n++ ? "|" : "",
		    (int)len, item);
	ok(strcmp(got, want) == 0, "list \"%s\" (got \"%s\")", want, got);
}

/* Checks a duration: want seconds, or the message why when want is -2. */
static void
duration_is(const char *v, int none_ok, int64_t want, const char *why)
{
	int64_t got = -3;
	const char *msg = cs_conf_duration(v, none_ok, &got);

	ok(why ? msg != NULL && strcmp(msg, why) == 0 : msg == NULL && got == want,
	    "duration \"%s\"%s: %s (got %lld, %s)", v, none_ok ? " or none" : "",
	    why ? why : "ok", (long long)got, msg ? msg : "ok");
}

/*
 * The shared reader of key = value files: lines and their numbers,
 * comments, blanks (the Unicode ones too, or only space and tab in the
 * survey's syntax), sections, the error format; lists and durations.
 */
static void
test_conf(void)
{
	static const struct cs_conf_syntax full = { 0, "expected KEY = VALUE", conf_section,
		conf_setting };
	static const struct cs_conf_syntax ascii = { CS_CONF_ASCII_BLANKS, "expected KEY = VALUE",
		NULL, conf_setting };
	static const char *const names[] = { "notify", "legal", "suspend" };
	char err[128], rows[2][4];
	struct cs_conf c = { "f.conf", 7, err, sizeof err };
	const char *bad;
	unsigned bits;
	size_t len = 9;

	/* Line 1 a comment, 2 blank, 3 a section, 4 "a = b # c", 5 U+3000 around "k=v=w". */
	conf_reads(&full, "lines, comments, sections", "# only a comment\n\n  [s 1]  \n"
	    "a = b # c\n\xe3\x80\x80k=v=w\xc2\xa0\r\n", "3:[s 1] 4:a=b 5:k=v=w");
	conf_reads(&full, "no newline at the end", "a=1\nb = 2", "1:a=1 2:b=2");
	conf_reads(&full, "a line without =", "a = 1\n\nnothing here\n", "t:3: expected KEY = VALUE");
	conf_reads(&full, "bytes that are not UTF-8", "a = \xff\n", "t:1: not UTF-8 text");
	conf_reads(&full, "the section's own error", "a = 1\n[bad]\n", "t:2: unknown section: [bad]");
	/* The survey's syntax: a CR ends the text, U+00A0 is kept, "[" is no section. */
	conf_reads(&ascii, "ASCII blanks", "\tx y = 1 \r2\n[a] = \xc2\xa0\n",
	    "1:x y=1 2:[a]=\xc2\xa0");
	conf_reads(&ascii, "no UTF-8 check", "a = \xff\n", "1:a=\xff");
	cs_conf_fail(&c, "expected a number", "days");
	ok(strcmp(err, "f.conf:7: expected a number: days") == 0, "error with a detail (%s)", err);
	c.line = 0;
	cs_conf_fail(&c, "no stage", NULL);
	ok(strcmp(err, "f.conf: no stage") == 0, "error of the whole file (%s)", err);

	conf_list_is("a, b ,,c,", "a|b||c");
	conf_list_is("", "");
	conf_list_is("\xe4\xb8\xbb\xe7\xae\xa1 ,\xe3\x80\x80x", "\xe4\xb8\xbb\xe7\xae\xa1|x");
	ok(cs_conf_names("Notify, suspend", names, 3, &bits, &len) == NULL && bits == 5,
	    "names to bits, case ignored (bits %u)", bits);
	bad = cs_conf_names("legal, jail, notify", names, 3, &bits, &len);
	ok(bad != NULL && len == 4 && strncmp(bad, "jail", 4) == 0, "the unknown name is returned");
	bad = cs_conf_names("legal,,notify", names, 3, &bits, &len);
	ok(bad != NULL && len == 0, "an empty item is unknown");
	ok(cs_conf_names("", names, 3, &bits, &len) == NULL && bits == 0, "no names, no bits");
	/* Rows of 4 bytes: "abc" fits with its NUL, "abcd" does not. */
	ok(cs_conf_texts("ab, ,abc,", (char *)rows, sizeof rows[0], 2, &bad, &len) == 2 &&
	    strcmp(rows[0], "ab") == 0 && strcmp(rows[1], "abc") == 0,
	    "texts into rows, the empty item skipped");
	ok(cs_conf_texts("a, b, c", (char *)rows, sizeof rows[0], 2, &bad, &len) == -1,
	    "more texts than rows");
	ok(cs_conf_texts("a, abcd", (char *)rows, sizeof rows[0], 2, &bad, &len) == -2 &&
	    len == 4 && strncmp(bad, "abcd", 4) == 0, "a text too long for its row");
	ok(cs_conf_texts("a\x01", (char *)rows, sizeof rows[0], 2, &bad, &len) == -2,
	    "a text with a control character");

	/* 24 h = 86400 s; 2 d = 172800 s; 30 min = 1800 s; 365 d = 31536000 s = 8760 h = 525600 min. */
	duration_is("24h", 0, 86400, NULL);
	duration_is("24", 0, 86400, NULL);
	duration_is("2d", 0, 172800, NULL);
	duration_is("30m", 0, 1800, NULL);
	duration_is("4 h", 0, 14400, NULL);
	duration_is("365d", 0, 31536000, NULL);
	duration_is("8760h", 0, 31536000, NULL);
	duration_is("525600m", 0, 31536000, NULL);
	duration_is("none", 1, CS_CONF_NONE, NULL);
	duration_is("366d", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("8761h", 1, 0,
	    "expected a duration such as 24h, 2d or 30m, up to 365 days, or none");
	duration_is("none", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("0h", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("-5h", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("1.5h", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("24hh", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("24H", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("h", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("", 0, 0, "expected a duration such as 24h, 2d or 30m, up to 365 days");
	duration_is("99999999999999999999h", 0, 0,
	    "expected a duration such as 24h, 2d or 30m, up to 365 days");
}

/* Checks that rules text fails to parse with exactly the message want. */
static void
crules_error(const char *text, const char *want)
{
	char err[256] = "";
	struct cs_complaint_rules *r = cs_complaint_rules_parse("r", text, err, sizeof err);

	ok(r == NULL && strcmp(err, want) == 0, "complaint rules error: %s (got %s)", want, err);
	cs_complaint_rules_free(r);
}

/* Checks the limit (hours, -1: none) of step (CS_NCSTEPS: the first answer) for severity and class. */
static void
climit_is(const struct cs_complaint_rules *r, int step, int severity, const char *class,
    int64_t hours)
{
	int64_t got = step == CS_NCSTEPS ? cs_complaint_first_answer(r, severity, class) :
	    cs_complaint_step_limit(r, (enum cs_cstep)step, severity, class);
	int64_t want = hours < 0 ? CS_NO_LIMIT : hours * 3600;

	ok(got == want, "limit of %s, severity %d, class %s: %lld s (got %lld)",
	    step == CS_NCSTEPS ? "the first answer" : cs_cstep_names[step], severity,
	    class ? class : "none", (long long)want, (long long)got);
}

/* The built-in rules: every setting as etc/cs-complaint.rules says, and as a file that says nothing. */
static void
test_crules_default(void)
{
	char err[256] = "";
	int io = -1;
	struct cs_complaint_rules *r = cs_complaint_rules_load(NULL, &io, err, sizeof err);
	struct cs_complaint_rules *empty = cs_complaint_rules_parse("e", "", err, sizeof err);
	const int64_t H = 3600;

	ok(r != NULL && io == 0 && empty != NULL, "the built-in rules parse (%s)", err);
	if (r == NULL || empty == NULL)
		return;
	ok(r->step_limit[CS_CSTEP_RECORDED] == 24 * H && r->step_limit[CS_CSTEP_ASSIGNED] == 48 * H &&
	    r->step_limit[CS_CSTEP_INVESTIGATED] == 48 * H &&
	    r->step_limit[CS_CSTEP_CUSTOMER_NOTIFIED] == 72 * H &&
	    r->step_limit[CS_CSTEP_REOPENED] == 24 * H && r->step_limit[CS_CSTEP_CLOSED] == CS_NO_LIMIT &&
	    r->step_limit[CS_CSTEP_REVIEWED] == CS_NO_LIMIT, "the limits: 24 48 48 72 24 h, none");
	ok(r->first_answer == 24 * H && r->first_answer_steps == (1u << CS_CSTEP_VALIDATED |
	    1u << CS_CSTEP_INVALIDATED | 1u << CS_CSTEP_CUSTOMER_NOTIFIED),
	    "the first answer: 24 h, validated, invalidated or customer-notified");
	ok(r->nlevels == 3 && strcmp(r->level[0], "supervisor") == 0 &&
	    strcmp(r->level[1], "manager") == 0 && strcmp(r->level[2], "general manager") == 0 &&
	    r->escalate_every == 24 * H && r->serious_severity == 3,
	    "supervisor, manager, general manager, a level a day, severity 3 at once");
	ok(r->approval_remedies == (1u << CS_REMEDY_COMPENSATION | 1u << CS_REMEDY_DISCOUNT |
	    1u << CS_REMEDY_RETURN | 1u << CS_REMEDY_EXCHANGE) && r->approval_above_cents == 0 &&
	    r->return_visit_days == 7 && r->repeat_complaints == 3 && r->repeat_days == 90,
	    "approvals, the return visit, repeat complainers");
	ok(r->nov == 4 && empty->nov == 0, "four sections in the file (strategic, key, group, severity 3), none without one");
	/* The file's settings are the defaults: a file that gives none has the same. */
	ok(memcmp(r->step_limit, empty->step_limit, sizeof r->step_limit) == 0 &&
	    r->first_answer == empty->first_answer &&
	    r->first_answer_steps == empty->first_answer_steps && r->nlevels == empty->nlevels &&
	    memcmp(r->level, empty->level, sizeof r->level) == 0 &&
	    r->escalate_every == empty->escalate_every &&
	    r->serious_severity == empty->serious_severity &&
	    r->approval_remedies == empty->approval_remedies &&
	    r->approval_above_cents == empty->approval_above_cents &&
	    r->return_visit_days == empty->return_visit_days &&
	    r->repeat_complaints == empty->repeat_complaints && r->repeat_days == empty->repeat_days,
	    "the built-in file's settings are the defaults of an empty file");
	/*
	 * The tightest wins.  Recorded: base 24, strategic 4, key 8, severity 3 2 (h).
	 * Assigned: base 48, strategic 24, key 32, severity 3 sets none.
	 */
	climit_is(r, CS_CSTEP_RECORDED, 1, NULL, 24);
	climit_is(r, CS_CSTEP_RECORDED, 1, "strategic", 4);
	climit_is(r, CS_CSTEP_RECORDED, 2, "key", 8);
	climit_is(r, CS_CSTEP_RECORDED, 3, NULL, 2);
	climit_is(r, CS_CSTEP_RECORDED, 3, "strategic", 2);	/* min(24, 4, 2) */
	climit_is(r, CS_CSTEP_RECORDED, 3, "regular", 2);
	climit_is(r, CS_CSTEP_ASSIGNED, 3, NULL, 48);		/* severity 3 has no assigned */
	climit_is(r, CS_CSTEP_ASSIGNED, 3, "key", 32);		/* min(48, 32) */
	climit_is(r, CS_CSTEP_ASSIGNED, 0, "strategic", 24);
	climit_is(r, CS_CSTEP_CUSTOMER_NOTIFIED, 2, "strategic", 36);
	climit_is(r, CS_CSTEP_CUSTOMER_NOTIFIED, 2, "high-value", 72);
	climit_is(r, CS_CSTEP_CLOSED, 3, "strategic", -1);
	climit_is(r, CS_CSTEP_REVIEWED, 1, "", -1);
	climit_is(r, CS_NCSTEPS, 1, "key", 8);
	climit_is(r, CS_NCSTEPS, 3, "key", 2);			/* min(24, 8, 2) */
	climit_is(r, CS_NCSTEPS, 2, "strategic", 4);
	climit_is(r, CS_NCSTEPS, 0, "", 24);
	climit_is(r, CS_NCSTEPS, 2, NULL, 24);
	/* Approval of compensation, discount, return, exchange at any amount; repair never. */
	ok(cs_complaint_needs_approval(r, CS_REMEDY_COMPENSATION, 1) &&
	    cs_complaint_needs_approval(r, CS_REMEDY_RETURN, 0) &&
	    !cs_complaint_needs_approval(r, CS_REMEDY_REPAIR, 50000) &&
	    !cs_complaint_needs_approval(r, CS_REMEDY_NONE, 0),
	    "approval above 0.00: any amount of the remedies listed");
	cs_complaint_rules_free(r);
	cs_complaint_rules_free(empty);
}

/* Every setting of a file of one's own, sections that cannot loosen, approval above an amount. */
static void
test_crules_settings(void)
{
	char err[256] = "";
	struct cs_complaint_rules *r = cs_complaint_rules_parse("mine", "first_answer = 12h\n"
	    "first_answer_steps = Customer-Notified\n"
	    "escalation = \xe4\xb8\xbb\xe7\xae\xa1, , \xe6\x80\xbb\xe7\xbb\x8f\xe7\x90\x86\n"
	    "escalate_every = 90m\nserious_severity = none\napproval_remedies = compensation\n"
	    "approval_above = 100.00\nreturn_visit_days = 3\nrepeat_complaints = 2\n"
	    "repeat_days = 30\nfirst_answer = 2d   # the last one given counts\n"
	    "[limits]\nrecorded = 4h\nclosed = none\nassigned = 30m\n"
	    "[for class key]\nrecorded = 8h\nfirst_answer = 1d\n"
	    "[for severity 2]\nclosed = 48h\n", err, sizeof err);

	ok(r != NULL, "rules of one's own parse (%s)", err);
	if (r == NULL)
		return;
	ok(r->first_answer == 172800 && r->first_answer_steps == 1u << CS_CSTEP_CUSTOMER_NOTIFIED &&
	    r->nlevels == 2 && strcmp(r->level[0], "\xe4\xb8\xbb\xe7\xae\xa1") == 0 &&
	    strcmp(r->level[1], "\xe6\x80\xbb\xe7\xbb\x8f\xe7\x90\x86") == 0 &&
	    r->escalate_every == 5400 && r->serious_severity == 0,
	    "first answer 2 d, two levels (an empty item skipped), 90 min a level, no serious");
	ok(r->approval_remedies == 1u << CS_REMEDY_COMPENSATION && r->approval_above_cents == 10000 &&
	    r->return_visit_days == 3 && r->repeat_complaints == 2 && r->repeat_days == 30,
	    "approval, return visit, repeat complainers");
	/* Base recorded 4 h, key 8 h: the base's 4 h is tighter, the section cannot loosen it. */
	climit_is(r, CS_CSTEP_RECORDED, 1, "key", 4);
	/* Base validated 24 h (not given: the default), key none of its own. */
	climit_is(r, CS_CSTEP_VALIDATED, 1, "key", 24);
	/* Closed: no limit in the base; severity 2 gives it 48 h, severity 1 does not. */
	climit_is(r, CS_CSTEP_CLOSED, 2, NULL, 48);
	climit_is(r, CS_CSTEP_CLOSED, 1, NULL, -1);
	climit_is(r, CS_NCSTEPS, 2, "key", 24);			/* min(48, 24) */
	climit_is(r, CS_NCSTEPS, 2, "strategic", 48);		/* no such section here */
	ok(cs_complaint_step_limit(r, CS_CSTEP_ASSIGNED, 0, NULL) == 1800,
	    "assigned: 30 min");
	/* Above 100.00: 100.00 itself needs none, 100.01 does; a discount never here. */
	ok(!cs_complaint_needs_approval(r, CS_REMEDY_COMPENSATION, 10000) &&
	    cs_complaint_needs_approval(r, CS_REMEDY_COMPENSATION, 10001) &&
	    !cs_complaint_needs_approval(r, CS_REMEDY_DISCOUNT, 99999),
	    "approval only above 100.00, only for compensation");
	cs_complaint_rules_free(r);
	r = cs_complaint_rules_parse("none", "approval_remedies =\n", err, sizeof err);
	ok(r != NULL && r->approval_remedies == 0 &&
	    !cs_complaint_needs_approval(r, CS_REMEDY_COMPENSATION, 100),
	    "an empty list: no remedy needs approval");
	cs_complaint_rules_free(r);
}

/* Each kind of error, with its exact message; and loading from files. */
static void
test_crules_errors(void)
{
	const char *dur = "expected a duration such as 24h, 2d or 30m, up to 365 days";
	char err[256] = "", path[] = "/tmp/cs-unit-rules-XXXXXX", want[512];
	struct cs_complaint_rules *r;
	int io = -1, fd;

	crules_error("foo = 1\n", "r:1: unknown setting (expected first_answer, first_answer_steps, "
	    "escalation, escalate_every, serious_severity, approval_remedies, approval_above, "
	    "return_visit_days, repeat_complaints, repeat_days): foo");
	crules_error("# rules\nx\n", "r:2: expected SETTING = VALUE");
	crules_error("escalation = \xff\n", "r:1: not UTF-8 text");
	crules_error("[limits]\nanswered = 4h\n", "r:2: unknown step: answered");
	crules_error("[limits]\nfirst_answer = 4h\n", "r:2: unknown step: first_answer");
	crules_error("[for class key]\nfirst_answer = 4h\nanswer = 4h\n", "r:3: unknown step: answer");
	crules_error("first_answer_steps = validated, answered\n", "r:1: unknown step: answered");
	crules_error("first_answer_steps = validated,,closed\n",
	    "r:1: an empty item in the list: first_answer_steps");
	crules_error("first_answer_steps =\n", "r:1: expected at least one step: first_answer_steps");
	crules_error("approval_remedies = refund\n", "r:1: unknown remedy (expected return, "
	    "exchange, repair, discount, compensation, none): refund");
	crules_error("[stage x]\n", "r:1: unknown section (expected [limits], [for class NAME] or "
	    "[for severity N]): [stage x]");
	crules_error("[limits\n", "r:1: unknown section (expected [limits], [for class NAME] or "
	    "[for severity N]): [limits");
	crules_error("[for class key customers]\n", "r:1: unknown section (expected [limits], "
	    "[for class NAME] or [for severity N]): [for class key customers]");
	crules_error("[for class vip]\n", "r:1: unknown class (expected strategic, key, group, "
	    "high-value, regular): vip");
	crules_error("[for severity 4]\n", "r:1: expected a severity 1, 2 or 3: 4");
	crules_error("[for grade C]\n", "r:1: expected [for class NAME] or [for severity N]: "
	    "[for grade C]");
	crules_error("[limits]\n[limits]\n", "r:2: section given twice: [limits]");
	crules_error("[for class key]\n[for class Key]\n", "r:2: section given twice: [for class Key]");
	snprintf(want, sizeof want, "r:1: %s, or none: first_answer", dur);
	crules_error("first_answer = 24x\n", want);
	snprintf(want, sizeof want, "r:1: %s: escalate_every", dur);
	crules_error("escalate_every = none\n", want);
	snprintf(want, sizeof want, "r:2: %s, or none: assigned", dur);
	crules_error("[limits]\nassigned = 366d\n", want);
	crules_error("[limits]\nassigned = -5h\n", want);
	snprintf(want, sizeof want, "r:2: %s: recorded", dur);
	crules_error("[for severity 3]\nrecorded = none\n", want);
	crules_error("escalation = ,\n", "r:1: expected at least one level: escalation");
	crules_error("escalation = a, b, c, d, e, f, g, h, i\n", "r:1: expected at most 8 levels: "
	    "escalation");
	crules_error("escalation = a, 123456789012345678901234567890123456789012345678\n",
	    "r:1: expected a level name of up to 47 bytes of text: "
	    "123456789012345678901234567890123456789012345678");
	crules_error("serious_severity = 5\n", "r:1: expected a severity 1, 2 or 3, or none: "
	    "serious_severity");
	crules_error("approval_above = -1\n", "r:1: expected an amount of 0 or more: approval_above");
	crules_error("approval_above = 12,5\n", "r:1: expected an amount of 0 or more: approval_above");
	crules_error("return_visit_days = 0\n", "r:1: expected days from 1 to 365: return_visit_days");
	crules_error("repeat_complaints = 1\n", "r:1: expected a number of complaints from 2 to 1000: "
	    "repeat_complaints");
	crules_error("repeat_days = 4000\n", "r:1: expected days from 1 to 3650: repeat_days");

	r = cs_complaint_rules_load("/nonexistent/cs.rules", &io, err, sizeof err);
	ok(r == NULL && io == 1 && strcmp(err, "/nonexistent/cs.rules: No such file or directory") == 0,
	    "an unreadable file: io set (%s)", err);
	if ((fd = mkstemp(path)) < 0 || write(fd, "# mine\n[limits]\nrecorded = 1w\n", 30) != 30) {
		ok(0, "a temporary file");
		return;
	}
	close(fd);
	r = cs_complaint_rules_load(path, &io, err, sizeof err);
	snprintf(want, sizeof want, "%s:3: %s, or none: recorded", path, dur);
	ok(r == NULL && io == 0 && strcmp(err, want) == 0, "a wrong file: named by its path (%s)", err);
	unlink(path);
}

/*
 * The import's complaint_events columns: the steps are cs_cstep_names
 * in their order (the order of two events at the same time), the
 * remedies are cs_remedy_names, and a date and time is stored in its
 * canonical form.
 */
static void
test_complaint_event_columns(void)
{
	const struct cs_table *t = cs_table_find("complaint_events");
	const struct cs_column *step, *remedy, *at;
	struct cs_value v;
	const char *why;
	int k, same = 1;

	if (t == NULL || t->ncols < 6) {
		ok(0, "complaint_events is an import table");
		return;
	}
	at = &t->cols[cs_table_column(t, "at", 2)];
	step = &t->cols[cs_table_column(t, "step", 4)];
	remedy = &t->cols[cs_table_column(t, "remedy", 6)];
	for (k = 0; k < CS_NCSTEPS; k++)
		same = same && step->values[k] != NULL &&
		    strcmp(step->values[k], cs_cstep_names[k]) == 0;
	ok(same && step->values[CS_NCSTEPS] == NULL, "the import's steps are cs_cstep_names, in order");
	for (k = 0, same = 1; remedy->values[k] != NULL; k++)
		same = same && cs_remedy_find(remedy->values[k]) >= 0;
	ok(same && k == CS_NREMEDIES, "the import's remedies are cs_remedy_names");
	why = cs_column_parse(at, " 2026年3月2日8:05 ", strlen(" 2026年3月2日8:05 "), 0, &v);
	ok(why == NULL && v.kind == CS_VAL_TEXT && v.len == 19 &&
	    memcmp(v.s, "2026-03-02 08:05:00", 19) == 0,
	    "a date and time column stores the canonical form");
	why = cs_column_parse(at, "2026-03-02", 10, 0, &v);
	ok(why != NULL && strncmp(why, "not a date and time (expected", 29) == 0,
	    "a date without a time is rejected, naming what was expected");
}

int
main(void)
{
	test_money();
	test_dates();
	test_datetimes();
	test_other_values();
	test_text();
	test_db_bind();
	test_sha256();
	test_csv();
	test_rfm_scores();
	test_rfm_segments();
	test_abc();
	test_pyramid();
	test_churn();
	test_loyalty();
	test_groups();
	test_rules();
	test_ledger();
	test_policy();
	test_conf();
	test_crules_default();
	test_crules_settings();
	test_crules_errors();
	test_dunning_day();
	test_display_width();
	test_text_rows();
	test_stats();
	test_complaint_event_columns();
	test_complaints();
	test_access();
	test_records();
	test_forms();
	test_db();
	printf("1..%d\n", tests);
	return failures != 0;
}
