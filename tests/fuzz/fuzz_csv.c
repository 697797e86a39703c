/*
 * fuzz_csv.c - libFuzzer target: the CSV reader (encodings, quoting,
 * limits, malformed-line recovery) with every value parser run on every
 * field, as cs-import runs them.  Built by "make fuzz".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_import.h"
#include "cs_text.h"

/* Runs each value parser on the field; the results are only checked for sanity. */
static int
on_record(void *ctx, const struct cs_record *rec)
{
	size_t k;

	(void)ctx;
	for (k = 0; k < rec->n; k++) {
		const struct cs_field *f = &rec->fields[k];
		int64_t cents;
		struct cs_date d;
		long l;
		double x;
		int y, m, b;
		char buf[CS_MONEY_BUFSZ], date[CS_DATE_BUFSZ];

		if (f->null)
			continue;
		if (cs_money_parse(f->s, f->len, &cents) == NULL) {
			if (cents > 900000000000000000LL || cents < -900000000000000000LL)
				abort();	/* beyond the documented range */
			cs_money_format(cents, buf);
		}
		if (cs_date_parse(f->s, f->len, &d) == NULL) {
			if (!cs_date_valid(d.year, d.month, d.day))
				abort();
			if (cs_date_to_days(cs_days_to_date(cs_date_to_days(d))) != cs_date_to_days(d))
				abort();
			cs_date_format(d, date);
		}
		cs_int_parse(f->s, f->len, -1000000, 1000000, &l);
		cs_number_parse(f->s, f->len, &x);
		cs_period_parse(f->s, f->len, &y, &m);
		cs_bool_parse(f->s, f->len, &b);
		if (cs_utf8_valid_prefix(f->s, f->len) == f->len && memchr(f->s, 0, f->len) == NULL) {
			char *text = cs_xstrndup(f->s, f->len);

			if (cs_display_width(text) > 2 * f->len)
				abort();	/* no character is wider than 2 */
			free(text);
		}
	}
	return 0;
}

/* Ignores a malformed line. */
static int
on_malformed(void *ctx, long line, size_t column, const char *raw, size_t len)
{
	(void)ctx;
	(void)column;
	(void)line;
	(void)raw;
	(void)len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cs_csv_handler h = { on_record, on_malformed, NULL };
	struct cs_csv_opts opts = { CS_ENC_AUTO, 4096, CS_SEP_DEFAULT };
	struct cs_csv_result res;
	FILE *fp = tmpfile();

	if (fp == NULL)
		return 0;
	if ((size > 0 && fwrite(data, 1, size, fp) != size) || fflush(fp) != 0) {
		fclose(fp);
		return 0;
	}
	rewind(fp);
	opts.encoding = size > 0 && (data[0] & 1) ? CS_ENC_AUTO : CS_ENC_GB18030;
	cs_csv_read(fileno(fp), &opts, &h, &res);
	fclose(fp);
	return 0;
}
