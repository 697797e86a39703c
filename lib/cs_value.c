/*
 * cs_value.c - exact parsers and formatters for money, dates and the
 * other value forms of the data contract.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_i18n.h"
#include "cs_text.h"
#include "cs_value.h"

#define YUAN_HALF "\xc2\xa5"		/* ¥ U+00A5 */
#define YUAN_FULL "\xef\xbf\xa5"	/* ￥ U+FFE5 */

/* If s starts with the NUL-terminated prefix, advances past it and returns 1. */
static int
skip_prefix(const char **s, size_t *len, const char *prefix)
{
	size_t n = strlen(prefix);

	if (*len < n || memcmp(*s, prefix, n) != 0)
		return 0;
	*s += n;
	*len -= n;
	return 1;
}

/* Skips one currency sign, if any. */
static void
skip_currency(const char **s, size_t *len)
{
	if (!skip_prefix(s, len, YUAN_HALF))
		skip_prefix(s, len, YUAN_FULL);
}

/* Skips a + or - sign and returns -1 for minus, +1 otherwise. */
static int
skip_sign(const char **s, size_t *len)
{
	if (*len > 0 && (**s == '-' || **s == '+')) {
		int sign = **s == '-' ? -1 : 1;
		(*s)++;
		(*len)--;
		return sign;
	}
	return 1;
}

/* Returns the number of ASCII digits at the start of s[0..len). */
static size_t
count_digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/*
 * Adds the digits s[0..n) to *acc (acc = acc*10 + digit), returning
 * nonzero when the result would exceed limit.
 */
static int
accumulate(const char *s, size_t n, int64_t limit, int64_t *acc)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int digit = s[i] - '0';
		if (*acc > (limit - digit) / 10)
			return 1;
		*acc = *acc * 10 + digit;
	}
	return 0;
}

/*
 * Parses the whole-unit digits of an amount, with optional thousands
 * groups, into *units; advances s.
 */
static const char *
money_units(const char **s, size_t *len, int64_t *units)
{
	const int64_t limit = CS_MONEY_MAX_CENTS / 100;
	size_t n = count_digits(*s, *len);

	if (n == 0)
		return N_("not a decimal amount");
	if (n < *len && (*s)[n] == ',' && n > 3)
		return N_("thousands separator ',' must separate groups of three digits");
	for (;;) {
		if (accumulate(*s, n, limit, units))
			return N_("amount out of range (more than 90,000,000,000,000.00)");
		*s += n;
		*len -= n;
		if (*len == 0 || **s != ',')
			return NULL;
		(*s)++;
		(*len)--;
		n = count_digits(*s, *len);
		if (n != 3)
			return N_("thousands separator ',' must separate groups of three digits");
	}
}

const char *
cs_money_parse(const char *s, size_t len, int64_t *cents)
{
	int64_t units = 0, frac = 0;
	const char *why;
	int sign;
	size_t n;

	skip_currency(&s, &len);
	sign = skip_sign(&s, &len);
	skip_currency(&s, &len);
	if ((why = money_units(&s, &len, &units)) != NULL)
		return why;
	if (len > 0 && *s == '.') {
		s++;
		len--;
		n = count_digits(s, len);
		if (n == 0)
			return N_("not a decimal amount (digits expected after '.')");
		if (n > 2)
			return N_("more than 2 decimal places");
		frac = (s[0] - '0') * 10 + (n == 2 ? s[1] - '0' : 0);
		len -= n;
	}
	if (len != 0)
		return N_("not a decimal amount");
	if (units > (CS_MONEY_MAX_CENTS - frac) / 100)
		return N_("amount out of range (more than 90,000,000,000,000.00)");
	*cents = sign * (units * 100 + frac);
	return NULL;
}

/*
 * Copies s[0..len) to out (room for len bytes) with the full-width
 * forms of digits, '+', '-', ',' and '.' (U+FF0B..U+FF19) made ASCII
 * and a final 元 dropped; returns the new length.
 */
static size_t
fold_wide_amount(const char *s, size_t len, char *out)
{
	size_t i = 0, n = 0;
	char c;

	if (len >= 3 && memcmp(s + len - 3, "\xe5\x85\x83", 3) == 0)	/* 元 */
		len -= 3;
	while (i < len) {
		if ((c = cs_wide_ascii(s + i, len - i)) >= '+' && c <= '9') {	/* ＋ .. ９ */
			out[n++] = c;
			i += 3;
		} else
			out[n++] = s[i++];
	}
	return n;
}

/* Returns nonzero when s[0..len) holds the ideographic full stop 。 (U+3002). */
static int
has_full_stop(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "\xe3\x80\x82", 3) == 0)
			return 1;
	return 0;
}

const char *
cs_money_parse_wide(const char *s, size_t len, int64_t *cents)
{
	const char *why = cs_money_parse(s, len, cents);
	char folded[96];
	size_t n;

	if (why == NULL || len > sizeof folded)
		return why;
	if (has_full_stop(s, len))
		return N_("not a decimal amount (the full stop \xe3\x80\x82 is not a decimal point:"
		    " write . or \xef\xbc\x8e)");
	n = fold_wide_amount(s, len, folded);
	if (n == len && memcmp(folded, s, n) == 0)
		return why;
	return cs_money_parse(folded, n, cents);
}

const char *
cs_hundredths_parse(const char *s, size_t len, int64_t *hundredths)
{
	static const char *const expected = N_("expected a number with at most two decimals");
	int sign = skip_sign(&s, &len);
	size_t n = count_digits(s, len);

	/* digits, then nothing or "." and one or two digits */
	if (n == 0 || (n < len && s[n] != '.') ||
	    (n < len && (len - n - 1 == 0 || len - n - 1 > 2 ||
	    count_digits(s + n + 1, len - n - 1) != len - n - 1)))
		return expected;
	if (cs_money_parse(s, len, hundredths) != NULL)
		return N_("number out of range");
	*hundredths *= sign;
	return NULL;
}

char *
cs_format_hundredths(int64_t v, char buf[CS_MONEY_BUFSZ])
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	snprintf(buf, CS_MONEY_BUFSZ, "%s%" PRIu64 ".%02" PRIu64,
	    v < 0 ? "-" : "", mag / 100, mag % 100);
	return buf;
}

int64_t
cs_ratio(int64_t num, int64_t den, int64_t scale)
{
	__int128 n = (__int128)num * scale, d = den;

	if (d < 0) {
		n = -n;
		d = -d;
	}
	return (int64_t)(n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d)));
}

char *
cs_format_tenths(int64_t v, char buf[CS_MONEY_BUFSZ])
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	snprintf(buf, CS_MONEY_BUFSZ, "%s%" PRIu64 ".%" PRIu64, v < 0 ? "-" : "", mag / 10,
	    mag % 10);
	return buf;
}

char *
cs_money_format(int64_t cents, char buf[CS_MONEY_BUFSZ])
{
	return cs_format_hundredths(cents, buf);
}

int
cs_date_valid(int year, int month, int day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12 || day < 1)
		return 0;
	return day <= mdays[month - 1] + (month == 2 && leap);
}

/* Reads 1 to max digits as a number; returns -1 when there are none or too many. */
static int
read_number(const char **s, size_t *len, size_t min, size_t max)
{
	size_t n = count_digits(*s, *len), i;
	int v = 0;

	if (n < min || n > max)
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + ((*s)[i] - '0');
	*s += n;
	*len -= n;
	return v;
}

/*
 * Reads "YYYY<sep1>M<sep2>" - the year and month of a date or period -
 * where sep1 is "-", "/" or "年".  Returns the separator used (an
 * index: 0 '-', 1 '/', 2 '年') or -1.
 */
static int
read_year_month(const char **s, size_t *len, int *year, int *month)
{
	static const char *const seps[] = { "-", "/", "\xe5\xb9\xb4" };
	int i;

	if ((*year = read_number(s, len, 4, 4)) < 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (skip_prefix(s, len, seps[i]))
			break;
	if (i == 3 || (*month = read_number(s, len, 1, 2)) < 0)
		return -1;
	return i;
}

const char *
cs_date_parse(const char *s, size_t len, struct cs_date *d)
{
	static const char *const expected =
	    N_("not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYY\xe5\xb9\xb4M\xe6\x9c\x88" "D\xe6\x97\xa5)");
	static const char *const daysep[] = { "-", "/", "\xe6\x9c\x88" };
	int sep = read_year_month(&s, &len, &d->year, &d->month);

	if (sep < 0 || !skip_prefix(&s, &len, daysep[sep]) ||
	    (d->day = read_number(&s, &len, 1, 2)) < 0)
		return expected;
	if (sep == 2 && !skip_prefix(&s, &len, "\xe6\x97\xa5"))
		return expected;
	if (len != 0)
		return expected;
	if (d->year < 1900 || d->year > 2999)
		return N_("year outside 1900-2999");
	if (!cs_date_valid(d->year, d->month, d->day))
		return N_("no such calendar date");
	return NULL;
}

/* Writes v as exactly width decimal digits at p (v >= 0). */
static void
put_digits(char *p, unsigned v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *
cs_date_format(struct cs_date d, char buf[CS_DATE_BUFSZ])
{
	put_digits(buf, (unsigned)d.year % 10000u, 4);
	buf[4] = '-';
	put_digits(buf + 5, (unsigned)d.month % 100u, 2);
	buf[7] = '-';
	put_digits(buf + 8, (unsigned)d.day % 100u, 2);
	buf[10] = '\0';
	return buf;
}

struct cs_date
cs_date_add_months(struct cs_date d, int n)
{
	int m = d.year * 12 + (d.month - 1) + n;

	d.year = m / 12;
	d.month = m % 12 + 1;
	while (!cs_date_valid(d.year, d.month, d.day))
		d.day--;
	return d;
}

/* Days from 1970-01-01: the civil-from-days algorithm of H. Hinnant. */
long
cs_date_to_days(struct cs_date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct cs_date
cs_days_to_date(long days)
{
	struct cs_date d;
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

/* Reads YYYYMM, six digits and nothing else, into *year and *month; returns 0 or -1. */
static int
read_compact_period(const char *s, size_t len, int *year, int *month)
{
	if (len != 6 || count_digits(s, len) != 6)
		return -1;
	*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*month = (s[4] - '0') * 10 + (s[5] - '0');
	return 0;
}

/*
 * Reads the forms of a period other than YYYY-MM and YYYY/M: YYYYMM,
 * YYYY年M月, and a date of the first of the month, with or without a
 * time (what Excel makes of a period typed as 2026-01).  Returns NULL,
 * or why it is not a period.
 */
static const char *
read_other_period(const char *s, size_t len, int *year, int *month)
{
	struct cs_date d;
	const char *p = s;
	size_t n = len;

	if (read_compact_period(s, len, year, month) == 0)
		return NULL;
	if (read_year_month(&p, &n, year, month) == 2 && skip_prefix(&p, &n, "\xe6\x9c\x88") &&
	    n == 0)	/* 年 ... 月 */
		return NULL;
	if (cs_date_time_parse(s, len, &d) != NULL)
		return N_("not a period (expected YYYY-MM, YYYY/M, YYYYMM or YYYY\xe5\xb9\xb4M\xe6\x9c\x88)");
	if (d.day != 1)
		return N_("a date, not a period (a period written as a date is the 1st of its month)");
	*year = d.year;
	*month = d.month;
	return NULL;
}

const char *
cs_period_parse(const char *s, size_t len, int *year, int *month)
{
	const char *p = s, *why;
	size_t n = len;
	int sep = read_year_month(&p, &n, year, month);

	if ((sep < 0 || sep == 2 || n != 0) && (why = read_other_period(s, len, year, month)) != NULL)
		return why;
	if (*year < 1900 || *year > 2999)
		return N_("year outside 1900-2999");
	if (*month < 1 || *month > 12)
		return N_("no such month");
	return NULL;
}

const char *
cs_bool_parse(const char *s, size_t len, int *value)
{
	static const char *const yes[] = { "yes", "true", "1", "y", "\xe6\x98\xaf",
		"\xe6\x9c\x89\xe6\x95\x88" };	/* 是 有效 */
	static const char *const no[] = { "no", "false", "0", "n", "\xe5\x90\xa6",
		"\xe6\x97\xa0\xe6\x95\x88" };	/* 否 无效 */
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (cs_equal_nocase(s, len, yes[i])) {
			*value = 1;
			return NULL;
		}
		if (cs_equal_nocase(s, len, no[i])) {
			*value = 0;
			return NULL;
		}
	}
	return N_("not a boolean (expected yes/no, true/false, 1/0, y/n, \xe6\x98\xaf/\xe5\x90\xa6"
	    " or \xe6\x9c\x89\xe6\x95\x88/\xe6\x97\xa0\xe6\x95\x88)");
}

const char *
cs_int_parse(const char *s, size_t len, long min, long max, long *value)
{
	int64_t v = 0;
	int sign = skip_sign(&s, &len);
	size_t n = count_digits(s, len);

	if (n == 0 || n != len)
		return N_("not a whole number");
	if (accumulate(s, n, INT64_C(1) << 40, &v) || sign * v < min || sign * v > max)
		return N_("number out of range");
	*value = (long)(sign * v);
	return NULL;
}

const char *
cs_number_parse(const char *s, size_t len, double *value)
{
	const char *p = s;
	size_t rest = len, whole, frac = 0;
	char tmp[64];

	skip_sign(&p, &rest);
	whole = count_digits(p, rest);
	if (whole < rest && p[whole] == '.')
		frac = count_digits(p + whole + 1, rest - whole - 1) + 1;
	if (whole == 0 || whole + frac != rest || frac == 1)
		return N_("not a number");
	if (whole + frac > 16 || len >= sizeof tmp)
		return N_("number has too many digits");
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	*value = strtod(tmp, NULL);
	return NULL;
}

char *
cs_day_format(long day, char buf[CS_DATE_BUFSZ])
{
	return cs_date_format(cs_days_to_date(day), buf);
}

/* Reads H:MM or H:MM:SS into seconds of the day; returns -1 when it is not one. */
static int32_t
read_time_of_day(const char *s, size_t len)
{
	int h, m, sec = 0;

	if ((h = read_number(&s, &len, 1, 2)) < 0 || h > 23 || !skip_prefix(&s, &len, ":") ||
	    (m = read_number(&s, &len, 2, 2)) < 0 || m > 59)
		return -1;
	if (len > 0 && (!skip_prefix(&s, &len, ":") || (sec = read_number(&s, &len, 2, 2)) < 0 ||
	    sec > 59))
		return -1;
	return len == 0 ? h * 3600 + m * 60 + sec : -1;
}

/* Returns the length of the date part of a date and time s[0..len), or 0 when there is no time. */
static size_t
date_part(const char *s, size_t len)
{
	static const char day_char[] = "\xe6\x97\xa5";	/* 日 */
	size_t k;

	for (k = 0; k < len; k++) {
		if (s[k] == ' ' || s[k] == 'T')
			return k;
		if (k + 3 <= len && memcmp(s + k, day_char, 3) == 0)
			return k + 3;
	}
	return 0;
}

const char *
cs_datetime_parse(const char *s, size_t len, int64_t *seconds)
{
	static const char *const expected = N_("not a date and time (expected YYYY-MM-DD HH:MM,"
	    " optionally :SS, or the date as YYYY/M/D or YYYY\xe5\xb9\xb4M\xe6\x9c\x88"
	    "D\xe6\x97\xa5)");
	size_t n = date_part(s, len), t;
	struct cs_date d;
	const char *why;
	int32_t tod;

	if (n == 0)
		return expected;
	if ((why = cs_date_parse(s, n, &d)) != NULL)	/* keep "no such calendar date" */
		return strncmp(why, "not a date", 10) == 0 ? expected : why;
	t = n + (n < len && (s[n] == ' ' || s[n] == 'T'));	/* one separator at most */
	if ((tod = read_time_of_day(s + t, len - t)) < 0)
		return expected;
	*seconds = (int64_t)cs_date_to_days(d) * 86400 + tod;
	return NULL;
}

const char *
cs_date_time_parse(const char *s, size_t len, struct cs_date *d)
{
	const char *why = cs_date_parse(s, len, d);
	size_t n, t;

	if (why == NULL || (n = date_part(s, len)) == 0 || n == len)
		return why;
	if (strncmp(why, "not a date", 10) != 0)
		return why;	/* "no such calendar date" */
	if ((why = cs_date_parse(s, n, d)) != NULL)
		return why;
	t = n + (s[n] == ' ' || s[n] == 'T');	/* one separator at most */
	if (read_time_of_day(s + t, len - t) < 0)
		return N_("not a date (expected YYYY-MM-DD, YYYY/M/D or YYYY\xe5\xb9\xb4M\xe6\x9c\x88"
		    "D\xe6\x97\xa5, optionally with a time of day, which is dropped)");
	return NULL;
}

char *
cs_datetime_format(int64_t seconds, char buf[CS_DATETIME_BUFSZ])
{
	int64_t day = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
	int64_t tod = seconds - day * 86400;

	cs_day_format((long)day, buf);
	buf[10] = ' ';
	put_digits(buf + 11, (unsigned)(tod / 3600), 2);
	buf[13] = ':';
	put_digits(buf + 14, (unsigned)(tod / 60 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (unsigned)(tod % 60), 2);
	buf[19] = '\0';
	return buf;
}

int64_t
cs_now(void)
{
	time_t now = time(NULL);
	struct tm tm;
	int64_t day;

	localtime_r(&now, &tm);
	day = cs_date_to_days((struct cs_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday });
	return day * 86400 + (int64_t)tm.tm_hour * 3600 + (int64_t)tm.tm_min * 60 + tm.tm_sec;
}

long
cs_day_parse(const char *s, long none)
{
	struct cs_date d;

	return s != NULL && cs_date_parse(s, strlen(s), &d) == NULL ? cs_date_to_days(d) : none;
}

const char *
cs_strtonum(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return N_("invalid");
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || (errno != 0 && errno != ERANGE))
		return N_("invalid");
	if ((errno == ERANGE && v == LLONG_MIN) || v < min)
		return N_("too small");
	if ((errno == ERANGE && v == LLONG_MAX) || v > max)
		return N_("too large");
	*out = v;
	return NULL;
}

int
cs_is_plain_number(const char *s)
{
	const char *p = s + (*s == '-');

	if (*p < '0' || *p > '9')
		return 0;
	p += strspn(p, "0123456789");
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		p += strspn(p, "0123456789");
	}
	return *p == '\0';
}
