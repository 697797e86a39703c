/*
 * unit_forms.c - unit tests of the forms Chinese spreadsheets write
 * (issue 16): dates with a time of day, periods, full-width amounts,
 * the Chinese column names of every input table and their words for
 * enumeration values, and the cells --excel writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_print.h"
#include "cs_table.h"
#include "cs_text.h"
#include "cs_value.h"
#include "unit.h"

/*
 * Dates with and without a time of day: each is read as its date
 * (YYYY-MM-DD), or refused with a reason starting with the text after
 * "!".
 */
static void
test_dates_with_times(void)
{
	static const char *const cases[][2] = {
		{ "2026-01-05", "2026-01-05" },
		{ "2026-01-05 00:00:00", "2026-01-05" },
		{ "2026/1/5 0:00", "2026-01-05" },
		{ "2026年1月5日", "2026-01-05" },
		{ "2026年1月5日 8:30", "2026-01-05" },
		{ "2026-01-31 23:59:59", "2026-01-31" },	/* the time dropped, not rounded */
		{ "2026-01-05T14:32", "2026-01-05" },
		{ "2026-01-05 24:00", "!not a date" },
		{ "2026-01-05 0:0", "!not a date" },
		{ "2026-02-30 00:00:00", "!no such calendar date" },
		{ "2026-01-05 00:00:00 x", "!not a date" },
		{ "05/01/2026 00:00", "!not a date" },
	};
	struct cs_date d;
	char buf[CS_DATE_BUFSZ];
	const char *why, *want;
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		want = cases[k][1];
		why = cs_date_time_parse(cases[k][0], strlen(cases[k][0]), &d);
		if (why == NULL)
			cs_date_format(d, buf);
		else
			snprintf(buf, sizeof buf, "!");
		ok(want[0] == '!' ? why != NULL && strstr(why, want + 1) == why :
		    why == NULL && strcmp(buf, want) == 0, "date %s: %s (got %s)", cases[k][0],
		    want, why ? why : buf);
	}
}

/* A period that must be read as want (YYYY-MM), or refused (want NULL). */
static void
period_is(const char *s, const char *want)
{
	int y = 0, m = 0;
	char buf[16] = "";
	const char *why = cs_period_parse(s, strlen(s), &y, &m);

	if (why == NULL)
		snprintf(buf, sizeof buf, "%04d-%02d", y, m);
	if (want == NULL)
		ok(why != NULL, "period %s refused: %s", s, why ? why : buf);
	else
		ok(why == NULL && strcmp(buf, want) == 0, "period %s is %s (got %s)", s, want,
		    why ? why : buf);
}

static void
test_periods(void)
{
	period_is("2026-01", "2026-01");
	period_is("2026-1", "2026-01");
	period_is("2026/01", "2026-01");
	period_is("202601", "2026-01");
	period_is("202612", "2026-12");
	period_is("2026年1月", "2026-01");
	period_is("2026年12月", "2026-12");
	period_is("2026/1/1", "2026-01");	/* Excel's date of a period typed 2026-01 */
	period_is("2026-01-01 00:00:00", "2026-01");
	period_is("202613", NULL);
	period_is("20261", NULL);
	period_is("2026年13月", NULL);
	period_is("2026年1月5日", NULL);
	period_is("2026-01-02", NULL);
	period_is("189912", NULL);
}

/* An amount that must be want cents, or refused with a reason holding want_why. */
static void
wide_is(const char *s, int64_t want, const char *want_why)
{
	int64_t cents = 0;
	const char *why = cs_money_parse_wide(s, strlen(s), &cents);

	if (want_why == NULL)
		ok(why == NULL && cents == want, "amount %s is %lld cents (got %s %lld)", s,
		    (long long)want, why ? why : "", (long long)cents);
	else
		ok(why != NULL && strstr(why, want_why) != NULL, "amount %s refused: %s", s,
		    why ? why : "(accepted)");
}

static void
test_wide_amounts(void)
{
	wide_is("1234.50", 123450, NULL);
	wide_is("１，２３４．５０", 123450, NULL);	/* full-width digits, comma, stop */
	wide_is("１２３４", 123400, NULL);
	wide_is("－５", -500, NULL);
	wide_is("￥１００元", 10000, NULL);
	wide_is("100元", 10000, NULL);
	wide_is("¥1,000.5", 100050, NULL);
	wide_is("12。5", 0, "\xe3\x80\x82 is not a decimal point");
	wide_is("1，5", 0, "groups of three digits");	/* 1.5 or 15? refused */
	wide_is("１．２３４", 0, "more than 2 decimal places");
	wide_is("元", 0, "not a decimal amount");
}

/* The full-width forms of ASCII, and what is not one. */
static void
test_wide_ascii(void)
{
	static const struct { const char *s; char c; } cases[] = {
		{ "１", '1' }, { "０", '0' }, { "９", '9' }, { "，", ',' }, { "．", '.' },
		{ "＋", '+' }, { "－", '-' }, { "！", '!' }, { "＿", '_' }, { "｀", '`' },
		{ "ａ", 'a' }, { "～", '~' }, { "Ａ", 'A' },
		{ "1", 0 }, { "。", 0 }, { "\xef\xbc\x80", 0 }, { "\xef\xbd\x9f", 0 },
		{ "\xef\xbc", 0 }, { "", 0 }, { "元", 0 },
	};
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
		ok(cs_wide_ascii(cases[k].s, strlen(cases[k].s)) == cases[k].c,
		    "full-width form %zu: %s gives %d", k, cases[k].s, cases[k].c);
}

/* Returns nonzero when word is one of the column's words for value (its aliases). */
static int
has_word_for(const struct cs_column *c, const char *value)
{
	const char *const *a;

	for (a = c->aliases; a != NULL && *a != NULL; a += 2)
		if (strcmp(a[1], value) == 0 && (unsigned char)a[0][0] >= 0x80)
			return 1;
	return 0;
}

/* Every enumeration value of every table has a Chinese word. */
static void
test_enum_words(void)
{
	const struct cs_table *t;
	const char *const *v;
	int i, k, missing = 0;

	for (i = 0; (t = cs_table_at(i)) != NULL; i++)
		for (k = 0; k < t->ncols; k++) {
			const struct cs_column *c = &t->cols[k];

			if (c->type != CS_COL_ENUM && c->type != CS_COL_OPEN_ENUM)
				continue;
			for (v = c->values; *v != NULL; v++)
				if (!has_word_for(c, *v)) {
					printf("# %s.%s: no Chinese word for %s\n", t->name, c->name, *v);
					missing++;
				}
		}
	ok(missing == 0, "every enumeration value has its Chinese words (%d missing)", missing);
}

/*
 * Returns nonzero when cs-data(5)'s text man lists name for column of
 * table: in the table's list (".It Cm TABLE"), on the column's row
 * (".It COLUMN Ta name, name, ..."), as a whole item.
 */
static int
in_manual(const char *man, const char *table, const char *column, const char *name)
{
	char head[128], row[128];
	const char *block, *end, *line, *eol, *p;
	size_t n = strlen(name);

	snprintf(head, sizeof head, ".It Cm %s\n", table);
	snprintf(row, sizeof row, "\n.It %s Ta ", column);
	if ((block = strstr(man, head)) == NULL || (end = strstr(block, "\n.El\n")) == NULL ||
	    (line = strstr(block, row)) == NULL || line > end)
		return 0;
	line += strlen(row) - 1;	/* at the space before the first name */
	eol = strchr(line, '\n');
	for (p = line; (p = strstr(p, name)) != NULL && p < eol; p++)
		if ((p[-1] == ' ') && (p[n] == ',' || p[n] == '\n'))
			return 1;
	return 0;
}

/*
 * The column names of every table: each names a column of its table,
 * is none of the table's own names, is listed once, and is in
 * cs-data(5) on its column's row (man is its text, or NULL).
 */
static void
check_aliases(const struct cs_table *t, const char *man)
{
	const char *name, *column, *other, *ocol;
	int i, j, bad = 0, n = 0;

	for (i = 0; (name = cs_table_alias_at(t, i, &column)) != NULL; i++, n++) {
		if (cs_table_column(t, column, strlen(column)) < 0 ||
		    cs_table_column(t, name, strlen(name)) >= 0 ||
		    cs_table_alias(t, name, strlen(name)) != cs_table_column(t, column,
		    strlen(column))) {
			printf("# %s: %s -> %s is not a column's other name\n", t->name, name, column);
			bad++;
		}
		for (j = 0; j < i; j++)
			if ((other = cs_table_alias_at(t, j, &ocol)) != NULL && strcmp(other, name) == 0) {
				printf("# %s: %s listed twice\n", t->name, name);
				bad++;
			}
		if (man != NULL && !in_manual(man, t->name, column, name)) {
			printf("# %s: %s -> %s not in cs-data(5)\n", t->name, name, column);
			bad++;
		}
	}
	ok(bad == 0 && n > 0, "%s: %d Chinese column names, each a column's, in cs-data(5)",
	    t->name, n);
}

static void
test_column_aliases(void)
{
	const char *path = getenv("CS_DATA_MAN");
	const struct cs_table *t;
	struct cs_buf man = { 0 };
	char err[256];
	int i;

	if (path == NULL || cs_read_small_file(path, &man, err, sizeof err) != 0)
		printf("# cs-data(5) not checked: %s\n", path ? err : "CS_DATA_MAN not set");
	for (i = 0; (t = cs_table_at(i)) != NULL; i++)
		check_aliases(t, man.data);
	cs_buf_free(&man);
	t = cs_table_find("invoices");
	ok(cs_table_alias(t, "账期", strlen("账期")) == 2, "账期 is the invoices' period");
	ok(cs_table_alias(t, "客户id", strlen("客户id")) == 1, "ASCII case ignored: 客户id");
	ok(cs_table_alias(t, "账 期", strlen("账 期")) == -1, "matched exactly: 账 期 is none");
	ok(cs_table_alias(t, "缴费方式", strlen("缴费方式")) == -1,
	    "another table's name is none: 缴费方式 in invoices");
}

/* Writes one record with --excel's rules and compares it with want. */
static void
excel_is(const char *cell, const char *want)
{
	char buf[256] = "";
	FILE *fp = tmpfile();
	size_t n = 0;

	if (fp != NULL) {
		cs_csv_write_record(fp, &cell, 1, 1);
		rewind(fp);
		n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
	}
	buf[n] = '\0';
	ok(strcmp(buf, want) == 0, "--excel writes [%s] as [%.*s]", cell,
	    n > 0 ? (int)n - 1 : 0, buf);
}

static void
test_excel_cells(void)
{
	excel_is("1-30", "\"=\"\"1-30\"\"\"\n");
	excel_is("31-60", "\"=\"\"31-60\"\"\"\n");
	excel_is("2026-01", "\"=\"\"2026-01\"\"\"\n");
	excel_is("1/2", "\"=\"\"1/2\"\"\"\n");
	excel_is("9:30", "\"=\"\"9:30\"\"\"\n");
	excel_is("007", "\"=\"\"007\"\"\"\n");
	excel_is("1234567890123456", "\"=\"\"1234567890123456\"\"\"\n");
	excel_is("2026-01-05", "2026-01-05\n");
	excel_is("91+", "91+\n");
	excel_is("-25.00", "-25.00\n");
	excel_is("0", "0\n");
	excel_is("0.50", "0.50\n");
	excel_is("13812345678", "13812345678\n");
	excel_is("=SUM(A1)", "'=SUM(A1)\n");
	excel_is("+1 555", "'+1 555\n");
	excel_is("-x", "'-x\n");
	excel_is("@cmd", "'@cmd\n");
	excel_is("\tx", "'\tx\n");
	excel_is("=1,2", "\"'=1,2\"\n");
	excel_is("长江建材", "长江建材\n");
}

void
test_forms(void)
{
	test_dates_with_times();
	test_periods();
	test_wide_amounts();
	test_wide_ascii();
	test_enum_words();
	test_column_aliases();
	test_excel_cells();
}
