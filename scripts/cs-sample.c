/*
 * cs-sample - make a small, realistic sample data set for the cs
 * toolkit's demo and tests: customers with Chinese names, a year of
 * invoices, payments, complaints, return visits, survey responses and
 * payment promises, as the CSV files cs-import reads (cs-data(5)).
 *
 *   cs-sample [-n CUSTOMERS] [--seed S] [--bad] [--encoding utf-8|gb18030]
 *             [--end YYYY-MM-DD] OUTDIR
 *
 * The same arguments give byte-identical files on any machine: the
 * random numbers come from our own generator and money is integer
 * cents.  With --bad, some files get deliberately bad rows, listed in
 * OUTDIR/bad-rows.csv (file, line, kind) so that a test can check that
 * cs-import rejects exactly those.
 */
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs_cli.h"
#include "cs_csv.h"
#include "cs_err.h"
#include "cs_file.h"
#include "cs_text.h"
#include "cs_value.h"

#define MONTHS 24		/* two years, so this year can be set against the last */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋"
};
static const char *const given[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
	"艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "建国", "志强"
};
static const char *const firm1[] = {
	"华信", "中科", "长江", "东方", "恒达", "金石", "新锐", "宏远", "天成",
	"鑫源", "博雅", "安泰", "永利", "嘉禾", "瑞丰", "联创", "汇通", "晨光"
};
static const char *const firm2[] = {
	"科技", "贸易", "物流", "餐饮", "建材", "广告", "电子", "医药", "教育", "咨询"
};
static const char *const firm3[] = { "有限公司", "有限责任公司", "股份有限公司", "商行" };
static const char *const regions[] = { "城区", "开发区", "高新区", "东县", "西县", "港区" };
static const char *const industries[] = { "制造", "零售", "物流", "餐饮", "建筑", "医疗", "教育", "金融" };
static const char *const methods[] = { "bank", "cash", "wechat", "alipay" };
static const char *const channels[] = { "phone", "web", "visit", "letter", "email" };
static const char *const categories[] = { "billing", "quality", "service", "delivery", "contract" };
static const char *const outcomes[] = { "reached", "reached", "no-answer", "callback" };

#define PICK(rng, a) ((a)[next_below(rng, sizeof(a) / sizeof((a)[0]))])

/* The generator's state: splitmix64, which is tiny and portable. */
struct rng {
	uint64_t s;
};

/* Returns the next 64 random bits. */
static uint64_t
next64(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Returns a number in [0, n). */
static size_t
next_below(struct rng *r, size_t n)
{
	return (size_t)(next64(r) % n);
}

/* Returns nonzero with probability percent/100. */
static int
chance(struct rng *r, unsigned percent)
{
	return next_below(r, 100) < percent;
}

/* An output file: its name, stream and physical line count. */
struct out {
	const char *name;
	FILE *fp;
	struct cs_out file;
	long line;
};

/* What the generator needs to know between tables. */
struct sample {
	struct rng rng;
	const char *dir;
	int bad;
	long customers;
	long end_day;			/* day number of --end */
	struct out bad_rows;
	long serial[8];			/* id counters per table */
};

/* Opens DIR/name for writing or exits 4. */
static void
open_out(struct sample *s, struct out *o, const char *name)
{
	char path[4096], err[4200];

	snprintf(path, sizeof path, "%s/%s", s->dir, name);
	if (cs_out_open(&o->file, path, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
	o->fp = o->file.fp;
	o->name = name;
	o->line = 0;
}

/* Puts an output file in place or exits 4 when it could not be written. */
static void
close_out(struct out *o)
{
	char err[4200];

	if (cs_out_commit(&o->file, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
	o->fp = NULL;
}

/* Writes one CSV row of n fields. */
static void
row(struct out *o, const char *const *fields, size_t n)
{
	cs_csv_write_row(o->fp, fields, n);
	o->line++;
}

/* Writes a row that cs-import must reject, and lists it in bad-rows.csv. */
static void
bad_row(struct sample *s, struct out *o, const char *const *fields, size_t n,
    const char *kind)
{
	char line[32];
	const char *entry[3] = { o->name, line, kind };

	row(o, fields, n);
	snprintf(line, sizeof line, "%ld", o->line);
	row(&s->bad_rows, entry, 3);
}

/* Formats a day number as YYYY-MM-DD into buf. */
static const char *
day_text(long day, char buf[CS_DATE_BUFSZ])
{
	return cs_date_format(cs_days_to_date(day), buf);
}

/* Formats an id: prefix and a zero-padded number. */
static const char *
id_text(char *buf, size_t size, const char *prefix, int width, long n)
{
	snprintf(buf, size, "%s%0*ld", prefix, width, n);
	return buf;
}

/* Returns the day number of the first day of the month 'back' months before end. */
static long
month_start(const struct sample *s, int back)
{
	struct cs_date d = cs_days_to_date(s->end_day);
	int m = d.year * 12 + (d.month - 1) - back;

	d.year = m / 12;
	d.month = m % 12 + 1;
	d.day = 1;
	return cs_date_to_days(d);
}

/* Makes a customer's name: an enterprise (70%) or a person. */
static void
customer_name(struct rng *r, int enterprise, char *buf, size_t size)
{
	/* One draw per statement: C leaves the order of function arguments
	 * open, and the files must not depend on the compiler. */
	const char *a, *b, *c = "";

	if (enterprise) {
		a = PICK(r, firm1);
		b = PICK(r, firm2);
		c = PICK(r, firm3);
	} else {
		a = PICK(r, surnames);
		b = PICK(r, given);
	}
	snprintf(buf, size, "%s%s%s", a, b, c);
}

/* A customer as the later tables need it. */
struct customer {
	char id[24];
	long scale;			/* monthly billing base in cents */
	int habit;			/* payment discipline 0..99 (99: always on time) */
	int trend;			/* revenue change per month, percent: -2..+2 */
	int stop_month;			/* months before the end when it stopped buying, or -1 */
	int unpaid;			/* invoices left unpaid */
};

/* Writes customers.csv and fills cust[]. */
static void
write_customers(struct sample *s, struct customer *cust)
{
	static const char *const header[] = { "customer_id", "name", "kind", "region",
	    "industry", "manager", "phone", "email", "opened_on", "credit_limit", "status" };
	char name[128], manager[24], phone[48], email[48], opened[CS_DATE_BUFSZ], limit[64];
	struct out o;
	long i;

	open_out(s, &o, "customers.csv");
	row(&o, header, 11);
	for (i = 0; i < s->customers; i++) {
		struct customer *c = &cust[i];
		int ent = chance(&s->rng, 70);
		const char *f[11];

		id_text(c->id, sizeof c->id, "C", 7, i + 1);
		c->scale = (long)next_below(&s->rng, 100);	/* heavy-tailed: a product */
		c->scale *= (long)next_below(&s->rng, 100);
		c->scale = 5000 + c->scale * (long)next_below(&s->rng, 60);
		c->habit = (int)next_below(&s->rng, 100);
		c->trend = (int)next_below(&s->rng, 5) - 2;
		c->stop_month = chance(&s->rng, 6) ? (int)next_below(&s->rng, MONTHS) : -1;
		customer_name(&s->rng, ent, name, sizeof name);
		if (i % 50 == 7)	/* names that need CSV quoting */
			snprintf(name + strlen(name), sizeof name - strlen(name), "%s",
			    i % 100 == 7 ? "，\"旗舰店\"" : ", 分公司");
		snprintf(manager, sizeof manager, "M%03zu", next_below(&s->rng, 10) + 1);
		size_t prefix = 3 + next_below(&s->rng, 7);
		snprintf(phone, sizeof phone, "1%zu%09zu", prefix,
		    next_below(&s->rng, 1000000000));
		snprintf(email, sizeof email, "u%ld@example.com", i + 1);
		day_text(s->end_day - 400 - (long)next_below(&s->rng, 2000), opened);
		if (i % 10 == 3)	/* Excel style: currency sign and separators */
			snprintf(limit, sizeof limit, "\xc2\xa5%ld,%03ld.00", c->scale * 3 / 100000,
			    c->scale * 3 / 100 % 1000);
		else
			cs_money_format(c->scale * 3, limit);
		f[0] = c->id; f[1] = name; f[2] = ent ? "enterprise" : "individual";
		f[3] = PICK(&s->rng, regions); f[4] = PICK(&s->rng, industries);
		f[5] = manager; f[6] = phone; f[7] = chance(&s->rng, 30) ? NULL : email;
		f[8] = opened; f[9] = limit; f[10] = i % 97 == 13 ? "suspended" : "active";
		row(&o, f, 11);
	}
	close_out(&o);
}

/* Writes the bad invoice rows: each breaks one rule of cs-data(5). */
static void
bad_invoices(struct sample *s, struct out *o)
{
	const char *rows[][6] = {
		{ "IBAD1", "C0000001", "2026-02", "2026-02-30", "2026-03-20", "10.00" },
		{ "IBAD2", "C0000001", "2026-02", "2026-02-05", "2026-02-25", "12,5" },
		{ "IBAD3", "C9999999", "2026-02", "2026-02-05", "2026-02-25", "10.00" },
		{ "IBAD4", "C0000001", "2026-02", NULL, NULL, NULL },
		{ "IBAD5", "C0000001", "2026-02", "2026-02-05", "2026-01-25", "10.00" },
	};
	static const char *const kinds[] = { "bad-date", "bad-amount", "unknown-customer",
	    "short-row", "due-before-issue" };
	size_t i;

	for (i = 0; i < 5; i++)
		bad_row(s, o, rows[i], i == 3 ? 3 : 6, kinds[i]);
}

/* Writes the payments of one invoice: on time, late, in two parts, or none. */
static void
pay_invoice(struct sample *s, struct out *o, struct customer *c, const char *inv,
    long due, long amount)
{
	char id[24], day[CS_DATE_BUFSZ], money[CS_MONEY_BUFSZ];
	long paid = due - 5 + (long)next_below(&s->rng, 10), left = amount;
	int parts, p;

	if (c->habit < 30)	/* poor payers pay late */
		paid += (long)next_below(&s->rng, 60);
	parts = chance(&s->rng, 5) ? 2 : 1;

	if (amount <= 0 || (long)next_below(&s->rng, 100) > 70 + c->habit / 3 || paid > s->end_day) {
		c->unpaid += amount > 0;
		return;
	}
	for (p = 0; p < parts; p++) {
		long part = p == parts - 1 ? left : left / 2;
		const char *f[6];

		left -= part;
		id_text(id, sizeof id, "P", 9, ++s->serial[2]);
		f[0] = id; f[1] = c->id; f[2] = chance(&s->rng, 10) ? NULL : inv;
		f[3] = day_text(paid + 7L * p > s->end_day ? s->end_day : paid + 7L * p, day);
		f[4] = cs_money_format(part, money); f[5] = PICK(&s->rng, methods);
		row(o, f, 6);
	}
}

/* Writes invoices.csv and payments.csv: a year of monthly bills. */
static void
write_billing(struct sample *s, struct customer *cust)
{
	static const char *const ih[] = { "invoice_id", "customer_id", "period", "issued_on",
	    "due_on", "amount" };
	static const char *const ph[] = { "payment_id", "customer_id", "invoice_id", "paid_on",
	    "amount", "method" };
	char id[24], period[8], issued[CS_DATE_BUFSZ], due[CS_DATE_BUFSZ], money[CS_MONEY_BUFSZ];
	struct out inv, pay;
	long i;
	int m;

	open_out(s, &inv, "invoices.csv");
	open_out(s, &pay, "payments.csv");
	row(&inv, ih, 6);
	row(&pay, ph, 6);
	for (i = 0; i < s->customers; i++) {
		struct customer *c = &cust[i];
		for (m = MONTHS - 1; m >= 0; m--) {
			long start = month_start(s, m), amount;
			const char *f[6];

			if (start + 4 > s->end_day || m <= c->stop_month)
				continue;	/* not issued yet, or the customer left */
			amount = c->scale * (100 + c->trend * (MONTHS - 1 - m)) / 100;
			amount = amount * (70 + (long)next_below(&s->rng, 60)) / 100;
			if (chance(&s->rng, 2))
				amount = -amount / 10;	/* a credit note */
			id_text(id, sizeof id, "I", 9, ++s->serial[1]);
			memcpy(period, day_text(start, issued), 7);
			period[7] = '\0';
			f[0] = id; f[1] = c->id; f[2] = period;
			f[3] = day_text(start + 4, issued); f[4] = day_text(start + 24, due);
			f[5] = cs_money_format(amount, money);
			row(&inv, f, 6);
			pay_invoice(s, &pay, c, id, start + 24, amount);
		}
		if (s->bad && i == s->customers / 2)
			bad_invoices(s, &inv);
	}
	if (s->bad) {
		const char *zero[] = { "PBAD1", "C0000001", NULL, "2026-03-01", "0", "cash" };
		const char *noinv[] = { "PBAD2", "C0000001", "I999999999", "2026-03-01", "5.00", "cash" };
		bad_row(s, &pay, zero, 6, "zero-amount");
		bad_row(s, &pay, noinv, 6, "unknown-invoice");
	}
	close_out(&inv);
	close_out(&pay);
}

/* Writes complaints.csv: about one in three customers complains. */
static void
write_complaints(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "complaint_id", "customer_id", "opened_on", "channel",
	    "category", "severity", "closed_on", "valid" };
	char id[24], op[CS_DATE_BUFSZ], cl[CS_DATE_BUFSZ], sev[24];
	struct out o;
	long i;

	open_out(s, &o, "complaints.csv");
	row(&o, h, 8);
	for (i = 0; i < s->customers; i++) {
		if (!chance(&s->rng, 33))
			continue;
		long opened = s->end_day - (long)next_below(&s->rng, 365);
		long closed = opened + (long)next_below(&s->rng, 5);
		const char *f[8];

		id_text(id, sizeof id, "K", 8, ++s->serial[3]);
		snprintf(sev, sizeof sev, "%zu", next_below(&s->rng, 3) + 1);
		f[0] = id; f[1] = cust[i].id; f[2] = day_text(opened, op);
		f[3] = PICK(&s->rng, channels); f[4] = PICK(&s->rng, categories); f[5] = sev;
		f[6] = chance(&s->rng, 10) || closed > s->end_day ? NULL : day_text(closed, cl);
		f[7] = chance(&s->rng, 75) ? "yes" : "no";
		row(&o, f, 8);
	}
	if (s->bad) {
		const char *sev7[] = { "KBAD1", "C0000001", "2026-03-01", "web", "billing", "7", NULL, "yes" };
		const char *early[] = { "KBAD2", "C0000001", "2026-03-05", "web", "billing", "1",
		    "2026-03-04", "yes" };
		bad_row(s, &o, sev7, 8, "bad-severity");
		bad_row(s, &o, early, 8, "closed-before-opened");
	}
	close_out(&o);
}

/* Writes visits.csv: up to three return visits per customer. */
static void
write_visits(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "visit_id", "customer_id", "visited_on", "channel", "outcome" };
	char id[24], day[CS_DATE_BUFSZ];
	struct out o;
	long i;
	size_t k, n;

	open_out(s, &o, "visits.csv");
	row(&o, h, 5);
	for (i = 0; i < s->customers; i++) {
		for (k = 0, n = next_below(&s->rng, 4); k < n; k++) {
			const char *f[5];
			id_text(id, sizeof id, "V", 8, ++s->serial[4]);
			f[0] = id; f[1] = cust[i].id;
			f[2] = day_text(s->end_day - (long)next_below(&s->rng, 400), day);
			f[3] = chance(&s->rng, 70) ? "phone" : "visit";
			f[4] = PICK(&s->rng, outcomes);
			row(&o, f, 5);
		}
	}
	if (s->bad) {
		const char *bad[] = { "VBAD1", "C0000001", "2026-04-31", "phone", "reached" };
		bad_row(s, &o, bad, 5, "bad-date");
	}
	close_out(&o);
}

/* Writes one answer of a survey response. */
static void
answer(struct out *o, const char *rid, const char *cid, const char *day,
    const char *item, long score)
{
	char sc[24];
	const char *f[6] = { rid, cid, "servqual", day, item, sc };

	snprintf(sc, sizeof sc, "%ld", score);
	row(o, f, 6);
}

/* Keeps a score within [lo, hi]. */
static long
clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Writes responses.csv: SERVQUAL E/P items 1-22, NPS and CSAT for about 30% of customers. */
static void
write_responses(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "response_id", "customer_id", "survey", "answered_on",
	    "item", "score" };
	char rid[24], day[CS_DATE_BUFSZ], item[24];
	struct out o;
	long i, mood;
	int k;

	open_out(s, &o, "responses.csv");
	row(&o, h, 6);
	for (i = 0; i < s->customers; i++) {
		if (!chance(&s->rng, 30))
			continue;
		id_text(rid, sizeof rid, "R", 8, ++s->serial[5]);
		day_text(s->end_day - (long)next_below(&s->rng, 365), day);
		mood = (long)next_below(&s->rng, 5) - 2;
		for (k = 1; k <= 22; k++) {
			snprintf(item, sizeof item, "E%02d", k);
			answer(&o, rid, cust[i].id, day, item, clamp(5 + (long)next_below(&s->rng, 3), 1, 7));
			snprintf(item, sizeof item, "P%02d", k);
			answer(&o, rid, cust[i].id, day, item,
			    clamp(4 + mood + (long)next_below(&s->rng, 3), 1, 7));
		}
		answer(&o, rid, cust[i].id, day, "NPS", clamp(7 + 2 * mood + (long)next_below(&s->rng, 3) - 1, 0, 10));
		answer(&o, rid, cust[i].id, day, "CSAT", clamp(3 + mood + (long)next_below(&s->rng, 2), 1, 5));
	}
	if (s->bad) {
		const char *bad[] = { "RBAD1", "C0000001", "servqual", "2026-05-01", "NPS", "ten" };
		bad_row(s, &o, bad, 6, "bad-score");
	}
	close_out(&o);
}

/* Writes promises.csv: half of the customers with unpaid bills promise to pay. */
static void
write_promises(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "promise_id", "customer_id", "made_on", "due_on", "amount" };
	char id[24], made[CS_DATE_BUFSZ], due[CS_DATE_BUFSZ], money[CS_MONEY_BUFSZ];
	struct out o;
	long i;

	open_out(s, &o, "promises.csv");
	row(&o, h, 5);
	for (i = 0; i < s->customers; i++) {
		if (cust[i].unpaid == 0 || !chance(&s->rng, 50))
			continue;
		long day = s->end_day - (long)next_below(&s->rng, 30);
		const char *f[5];

		id_text(id, sizeof id, "Q", 8, ++s->serial[6]);
		f[0] = id; f[1] = cust[i].id; f[2] = day_text(day, made);
		f[3] = day_text(day + 7 + (long)next_below(&s->rng, 21), due);
		f[4] = cs_money_format(cust[i].scale * cust[i].unpaid, money);
		row(&o, f, 5);
	}
	if (s->bad) {
		const char *bad[] = { "QBAD1", "C0000001", "2026-06-01", "2026-05-15", "5.00" };
		bad_row(s, &o, bad, 5, "due-before-made");
	}
	close_out(&o);
}

/* Rewrites DIR/name from UTF-8 LF to GB18030 CRLF, as Excel in China saves it. */
static void
to_gb18030(const struct sample *s, const char *name)
{
	char path[4096], err[4200], line[65536], out[4 * 65536];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	struct cs_out file;
	FILE *in, *o;

	snprintf(path, sizeof path, "%s/%s", s->dir, name);
	if (cd == (iconv_t)-1 || (in = fopen(path, "r")) == NULL)
		cs_errx(CS_EXIT_IO, "%s: cannot convert to GB18030", path);
	if (cs_out_open(&file, path, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
	o = file.fp;
	while (fgets(line, sizeof line, in) != NULL) {
		char *ip = line, *op = out;
		size_t il = strcspn(line, "\n"), ol = sizeof out;

		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
			cs_errx(CS_EXIT_IO, "%s: cannot convert to GB18030", path);
		fwrite(out, 1, (size_t)(op - out), o);
		fputs("\r\n", o);
	}
	iconv_close(cd);
	fclose(in);
	if (cs_out_commit(&file, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
}

/* Prints the usage, on stdout for --help (exit 0) or stderr (exit 2). */
static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-sample [-n CUSTOMERS] [--seed S] [--bad] [--encoding utf-8|gb18030]\n"
	    "                 [--end YYYY-MM-DD] OUTDIR\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "bad", no_argument, NULL, 'b' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "end", required_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "customers.csv", "invoices.csv", "payments.csv",
	    "complaints.csv", "visits.csv", "responses.csv", "promises.csv" };
	struct sample s = { .customers = 200 };
	struct cs_date end = { 2026, 10, 31 };
	enum cs_encoding enc = CS_ENC_UTF8;
	struct customer *cust;
	int ch;
	size_t i;

	cs_program_init(argv[0]);
	s.rng.s = 1;
	while ((ch = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n': s.customers = (long)cs_number_option("-n", optarg, 1, 10000000); break;
		case 's': s.rng.s = (uint64_t)cs_number_option("--seed", optarg, 0, INT64_MAX); break;
		case 'b': s.bad = 1; break;
		case 'e':
			if (cs_encoding_parse(optarg, &enc) != 0 || enc == CS_ENC_AUTO)
				cs_errx(CS_EXIT_USAGE, "--encoding %s: expected utf-8 or gb18030", optarg);
			break;
		case 'E':
			if (cs_date_parse(optarg, strlen(optarg), &end) != NULL)
				cs_errx(CS_EXIT_USAGE, "--end %s: not a date", optarg);
			break;
		case 'h': usage(CS_EXIT_OK); break;
		default: usage(CS_EXIT_USAGE);
		}
	}
	if (argc - optind != 1)
		usage(CS_EXIT_USAGE);
	s.dir = argv[optind];
	s.end_day = cs_date_to_days(end);
	if (mkdir(s.dir, 0755) != 0 && errno != EEXIST)
		cs_errx(CS_EXIT_IO, "%s: %s", s.dir, strerror(errno));
	cust = calloc((size_t)s.customers, sizeof *cust);
	if (cust == NULL)
		cs_errx(CS_EXIT_IO, "out of memory");
	open_out(&s, &s.bad_rows, "bad-rows.csv");
	row(&s.bad_rows, (const char *const[]){ "file", "line", "kind" }, 3);
	write_customers(&s, cust);
	write_billing(&s, cust);
	write_complaints(&s, cust);
	write_visits(&s, cust);
	write_responses(&s, cust);
	write_promises(&s, cust);
	close_out(&s.bad_rows);
	if (enc == CS_ENC_GB18030)
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			to_gb18030(&s, names[i]);
	free(cust);
	return CS_EXIT_OK;
}
