/*
 * cs_value.h - exact parsers for the value forms of the data contract
 * (DATA.md, cs-data(5)): money, dates, periods, booleans, numbers.
 *
 * Every parser takes a trimmed, non-empty byte string s[0..len) and
 * returns NULL on success, or a static string naming what was expected.
 */
#ifndef CS_VALUE_H
#define CS_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* The largest absolute amount accepted, in cents (DATA.md: 9e15). */
#define CS_MONEY_MAX_CENTS INT64_C(9000000000000000)

/* A calendar date. */
struct cs_date {
	int year, month, day;
};

/* Buffer sizes for the formatters below, NUL included. */
#define CS_MONEY_BUFSZ 32
#define CS_DATE_BUFSZ 11

/*
 * Parses money: optional sign, optional ¥/￥ (before or after the
 * sign), digits optionally grouped by "," in threes, optional "." with
 * one or two fraction digits.  Stores the amount in cents.
 */
const char *cs_money_parse(const char *s, size_t len, int64_t *cents);

/*
 * Parses money as cs_money_parse, or in the forms of Chinese
 * spreadsheets: full-width digits, signs, comma and full stop
 * (０-９ ＋ － ， ．) read as their ASCII forms, a final 元 dropped.
 * The ideographic full stop 。 is refused by name.
 */
const char *cs_money_parse_wide(const char *s, size_t len, int64_t *cents);

/*
 * Parses a plain decimal with at most two fraction digits (a
 * percentage, a score): optional sign, digits, optional "." with one or
 * two digits; no currency sign, no thousands separators.  Stores it in
 * hundredths: "12.5" is 1250.
 */
const char *cs_hundredths_parse(const char *s, size_t len, int64_t *hundredths);

/*
 * Returns num * scale / den rounded half away from zero, computed in
 * 128 bits so that no amount overflows or is rounded through a double
 * (den != 0): the ratios of reports, in hundredths or tenths.
 */
int64_t cs_ratio(int64_t num, int64_t den, int64_t scale);

/* Formats tenths as a decimal with one place: 125 -> "12.5", -5 -> "-0.5". */
char *cs_format_tenths(int64_t v, char buf[CS_MONEY_BUFSZ]);

/* Nonzero when s is a plain decimal number: -?digits(.digits)? */
int cs_is_plain_number(const char *s);

/* Formats cents as a plain decimal with two fraction digits ("-12.05"). */
char *cs_money_format(int64_t cents, char buf[CS_MONEY_BUFSZ]);

/*
 * Formats any count of hundredths (cents, or hundredths of a percent)
 * as a decimal with two places: 8500 -> "85.00", -2345 -> "-23.45".
 */
char *cs_format_hundredths(int64_t v, char buf[CS_MONEY_BUFSZ]);

/*
 * Parses YYYY-MM-DD, YYYY/M/D or YYYY年M月D日 (month and day of one or
 * two digits) into a real calendar date of the years 1900 to 2999.
 */
const char *cs_date_parse(const char *s, size_t len, struct cs_date *d);

/* Buffer size of a formatted date and time, NUL included. */
#define CS_DATETIME_BUFSZ 20

/*
 * Parses a date and a time of day on the department's wall clock (no
 * zone): a date as cs_date_parse, then a space or "T" (or nothing
 * after 日), then H:MM or H:MM:SS (hour 0 to 23).  Stores the seconds
 * since 1970-01-01 00:00:00 of that clock.
 */
const char *cs_datetime_parse(const char *s, size_t len, int64_t *seconds);

/*
 * Parses a date as cs_date_parse, or a date and a time of day as
 * cs_datetime_parse whose time is then dropped: what Excel writes for
 * a date cell (2026-01-05 00:00:00, 2026/1/5 0:00).
 */
const char *cs_date_time_parse(const char *s, size_t len, struct cs_date *d);

/* Formats seconds since 1970-01-01 00:00:00 as YYYY-MM-DD HH:MM:SS. */
char *cs_datetime_format(int64_t seconds, char buf[CS_DATETIME_BUFSZ]);

/*
 * Returns the current local time, to the second, as seconds of the
 * wall clock since 1970-01-01 00:00:00 (cs_datetime_parse).
 */
int64_t cs_now(void);

/* Formats a date as YYYY-MM-DD. */
char *cs_date_format(struct cs_date d, char buf[CS_DATE_BUFSZ]);

/* Formats day number day (cs_date_to_days) as YYYY-MM-DD into buf; returns buf. */
char *cs_day_format(long day, char buf[CS_DATE_BUFSZ]);

/* Parses a date (as cs_date_parse) into a day number; returns none when s is NULL or no date. */
long cs_day_parse(const char *s, long none);

/* Returns days since 1970-01-01 (negative before) of a valid date. */
long cs_date_to_days(struct cs_date d);

/* Returns the date of a day number made by cs_date_to_days. */
struct cs_date cs_days_to_date(long days);

/*
 * Returns the date n months after d (n may be negative), the day
 * clamped to the end of a shorter month: 2026-03-31 - 1 month is
 * 2026-02-28.
 */
struct cs_date cs_date_add_months(struct cs_date d, int n);

/* Returns nonzero when year/month/day name a day of the Gregorian calendar. */
int cs_date_valid(int year, int month, int day);

/*
 * Parses a billing period: YYYY-MM or YYYY/MM (month of 1 or 2
 * digits), YYYYMM, YYYY年M月, or the first of its month as a date
 * (cs_date_time_parse: 2026/1/1, 2026-01-01 00:00:00).
 */
const char *cs_period_parse(const char *s, size_t len, int *year, int *month);

/* Parses yes/no, true/false, 1/0, y/n, 是/否 (ASCII case ignored). */
const char *cs_bool_parse(const char *s, size_t len, int *value);

/*
 * Parses NUL-terminated s as a whole decimal number in [min, max]
 * (strtonum style).  Returns NULL and stores it in *out, or returns
 * "invalid", "too small" or "too large".
 */
const char *cs_strtonum(const char *s, long long min, long long max, long long *out);

/* Parses a whole number in [min, max], digits with an optional sign. */
const char *cs_int_parse(const char *s, size_t len, long min, long max, long *value);

/*
 * Parses a plain decimal number (optional sign, digits, optional
 * fraction; no exponent, at most 15 significant digits).
 */
const char *cs_number_parse(const char *s, size_t len, double *value);

#endif
