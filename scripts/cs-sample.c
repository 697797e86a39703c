/*
 * cs-sample - make a small, realistic sample data set for the cs
 * toolkit's demo and tests: customers with Chinese names, two years of
 * invoices, payments, complaints with their histories (complaint
 * events), return visits, survey responses and payment promises, the
 * customer file (the card's columns, contacts, levels, group customers,
 * records checked or due, the approvals to retire one customer's data)
 * and the week's new records (customers-new.csv, among them a
 * blacklisted customer's twin), as the CSV files cs-import reads
 * (cs-data(5)).
 *
 *   cs-sample [-n CUSTOMERS] [--seed S] [--bad] [--encoding utf-8|gb18030]
 *             [--end YYYY-MM-DD] OUTDIR
 *
 * The same arguments give byte-identical files on any machine: the
 * random numbers come from our own generator and money is integer
 * cents.  With --bad, some files get deliberately bad rows, listed in
 * OUTDIR/bad-rows.csv (file, line, kind) so that a test can check that
 * cs-import rejects exactly those.  The complaints' histories end at
 * 17:00 of the --end date; the few complaints still open then are on
 * time, late or escalated as the stories below say.
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
#include "cs_complaint_rules.h"
#include "cs_csv.h"
#include "cs_err.h"
#include "cs_file.h"
#include "cs_table.h"
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
	struct rng story;		/* the complaints' histories' own numbers */
	const struct cs_complaint_rules *rules;	/* the default rules the histories keep or break */
	const char *dir;
	int bad;
	long customers;
	long end_day;			/* day number of --end */
	int64_t end_at;			/* --end at END_HOUR, in seconds: the sample's last moment */
	struct out bad_rows;
	long serial[8];			/* id counters per table */
	struct rng card;		/* the customer file's own numbers (customer_card) */
	struct card_state {
		char head[24], last[24];	/* the group being made, its last customer */
		int left;			/* customers it still takes */
		int chains;			/* groups of three levels made */
		long blacklisted;		/* the blacklisted customer's index, or -1 */
		char twin_name[128], twin_phone[48];	/* its name and phone, for its twin */
	} cs;
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

/* The columns of customers.csv: the basic ones, then the card's. */
#define NCUSTOMER_COLS 22
static const char *const customer_header[NCUSTOMER_COLS] = { "customer_id", "name", "kind",
	"region", "industry", "manager", "phone", "email", "opened_on", "credit_limit", "status",
	"parent_id", "reg_no", "address", "employees", "yearly_sales", "founded_on",
	"qualification", "special_terms", "level", "checked_on", "checked_by" };

/* A customer as the later tables need it. */
struct customer {
	char id[24];
	int enterprise;
	long scale;			/* monthly billing base in cents */
	int habit;			/* payment discipline 0..99 (99: always on time) */
	int trend;			/* revenue change per month, percent: -2..+2 */
	int stop_month;			/* months before the end when it stopped buying, or -1 */
	int unpaid;			/* invoices left unpaid */
};

/*
 * The customer file (客户资料卡, cs-data(5) schema 8): what the card of
 * a business customer lists besides the basic columns.  It draws from
 * its own generator, so that the tables after the customers do not
 * change with it.
 */

static const char *const streets[] = { "人民路", "解放路", "建设路", "中山路", "新华街",
	"长江路", "科技园路", "工业大道" };
static const char *const qualifications[] = { "一般纳税人", "小规模纳税人", "高新技术企业",
	"ISO9001认证", "AAA级信用企业" };
static const char *const special_terms[] = { "月结60天", "专线资费八折", "免收滞纳金",
	"账期90天，需总经理批准" };
static const char *const level_forms[] = { "secret", "confidential", "top-secret", "秘密", "机密",
	"绝密" };
static const char *const area_codes[] = { "110105", "310115", "320505", "330106", "440305",
	"510107" };
static const char *const contact_roles[] = { "总经理", "法人代表", "采购经理", "财务经理",
	"IT主管", "行政主管" };

/* The characters of a 统一社会信用代码 (GB 32100-2015: no I, O, S, V, Z), by value. */
static const char credit_code_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Returns the value of a character of credit_code_chars. */
static int
code_value(char c)
{
	return (int)(strchr(credit_code_chars, c) - credit_code_chars);
}

/*
 * Makes an 18-character 统一社会信用代码 (unified social credit code) of
 * an enterprise into buf[19]: 9 (registered by the market regulator), 1
 * (a company), an area code, a 9-character organisation code with its
 * GB 11714 check character, and the GB 32100 check character.  Fake,
 * but well formed.
 */
static void
credit_code(struct rng *r, char buf[19])
{
	static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10,
		30, 28 };
	int k, sum = 0, check;

	memcpy(buf, "91", 2);
	memcpy(buf + 2, PICK(r, area_codes), 6);
	for (k = 0; k < 8; k++) {	/* digits: their values agree in both standards */
		buf[8 + k] = (char)('0' + next_below(r, 10));
		sum += (buf[8 + k] - '0') * org_weights[k];
	}
	check = 11 - sum % 11;
	buf[16] = check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
	for (k = 0, sum = 0; k < 17; k++)
		sum += code_value(buf[k]) * weights[k];
	buf[17] = credit_code_chars[(31 - sum % 31) % 31];
	buf[18] = '\0';
}

/*
 * Gives customer c its parent company: a large enterprise may head a
 * group of the next one to three enterprises, one of them sometimes
 * under another member (three levels: the first time it can, then now
 * and then).  Returns the parent id, in parent, or NULL.
 */
static const char *
group_parent(struct sample *s, const struct customer *c, char parent[24])
{
	struct card_state *g = &s->cs;
	int under_last;

	if (!c->enterprise)
		return NULL;
	if (g->left > 0) {
		under_last = *g->last != '\0' && (g->chains == 0 || chance(&s->card, 30));
		snprintf(parent, 24, "%s", under_last ? g->last : g->head);
		g->chains += under_last;
		g->left--;
		if (under_last)
			*g->last = '\0';	/* no fourth level */
		else
			snprintf(g->last, sizeof g->last, "%s", c->id);
		return parent;
	}
	if (c->scale >= 150000 && chance(&s->card, 40)) {
		snprintf(g->head, sizeof g->head, "%s", c->id);
		*g->last = '\0';
		g->left = 1 + (int)next_below(&s->card, 3);
	}
	return NULL;
}

/* Texts of one customer's card, pointed at by its fields. */
struct card_text {
	char parent[24], reg_no[19], address[96], employees[24], sales[CS_MONEY_BUFSZ];
	char founded[CS_DATE_BUFSZ], checked[CS_DATE_BUFSZ];
};

/*
 * Fills f[0..11) with the card columns of customer c (after status:
 * parent_id, reg_no, address, employees, yearly_sales, founded_on,
 * qualification, special_terms, level, checked_on, checked_by), in t.
 * Most records were checked in the last 90 days, some earlier (due
 * again), some never.
 */
static void
card_fields(struct sample *s, const struct customer *c, const char *region, long opened_day,
    const char *manager, const char **f, struct card_text *t)
{
	struct rng *r = &s->card;
	int checked = (int)next_below(r, 100);

	memset(f, 0, 11 * sizeof *f);
	f[0] = group_parent(s, c, t->parent);
	if (c->enterprise) {
		credit_code(r, t->reg_no);
		f[1] = t->reg_no;
		snprintf(t->employees, sizeof t->employees, "%ld",
		    5 + c->scale / 1000 + (long)next_below(r, 50));
		f[3] = t->employees;
		f[4] = cs_money_format(c->scale * (240 + (long)next_below(r, 2000)), t->sales);
		f[5] = day_text(opened_day - 200 - (long)next_below(r, 7000), t->founded);
		f[6] = chance(r, 80) ? PICK(r, qualifications) : NULL;
		f[7] = chance(r, 10) ? PICK(r, special_terms) : NULL;
	}
	if (c->enterprise ? chance(r, 95) : chance(r, 60)) {
		snprintf(t->address, sizeof t->address, "%s%s%zu号", region, PICK(r, streets),
		    1 + next_below(r, 300));
		f[2] = t->address;
	}
	f[8] = chance(r, 8) ? PICK(r, level_forms) : NULL;
	if (checked < 85) {	/* 70 in the last 90 days, 15 overdue, 15 never */
		f[9] = day_text(s->end_day - (checked < 70 ? (long)next_below(r, 90) :
		    91 + (long)next_below(r, 200)), t->checked);
		f[10] = manager;
	}
}

/* Writes customers.csv and fills cust[]. */
static void
write_customers(struct sample *s, struct customer *cust)
{
	char name[128], manager[24], phone[48], email[48], opened[CS_DATE_BUFSZ], limit[64];
	struct card_text t;
	struct out o;
	long i, opened_day;

	open_out(s, &o, "customers.csv");
	row(&o, customer_header, NCUSTOMER_COLS);
	for (i = 0; i < s->customers; i++) {
		struct customer *c = &cust[i];
		int ent = chance(&s->rng, 70);
		const char *f[NCUSTOMER_COLS];

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
		opened_day = s->end_day - 400 - (long)next_below(&s->rng, 2000);
		day_text(opened_day, opened);
		if (i % 10 == 3)	/* Excel style: currency sign and separators */
			snprintf(limit, sizeof limit, "\xc2\xa5%ld,%03ld.00", c->scale * 3 / 100000,
			    c->scale * 3 / 100 % 1000);
		else
			cs_money_format(c->scale * 3, limit);
		f[0] = c->id; f[1] = name; f[2] = ent ? "enterprise" : "individual";
		f[3] = PICK(&s->rng, regions); f[4] = PICK(&s->rng, industries);
		f[5] = manager; f[6] = phone; f[7] = chance(&s->rng, 30) ? NULL : email;
		f[8] = opened; f[9] = limit; f[10] = i % 97 == 13 ? "suspended" : "active";
		c->enterprise = ent;
		card_fields(s, c, f[3], opened_day, manager, f + 11, &t);
		if (ent && s->cs.blacklisted < 0 && i >= s->customers / 4) {
			s->cs.blacklisted = i;	/* 诉: on the blacklist; its twin comes later */
			f[10] = "blacklisted";
			snprintf(s->cs.twin_name, sizeof s->cs.twin_name, "%s", name);
			snprintf(s->cs.twin_phone, sizeof s->cs.twin_phone, "%.3s-%.4s-%.4s", phone,
			    phone + 3, phone + 7);
		}
		row(&o, f, NCUSTOMER_COLS);
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

/*
 * Complaints and their histories (complaints.csv, complaint_events.csv).
 * Each complaint goes through the steps of cs-data(5) as the department
 * handles them; how long it stays in a step is drawn against the
 * default rules (etc/cs-complaint.rules): within the step's limit, or,
 * for one step of some complaints, past it.  The routine complaints are
 * all closed by the sample's end; the stories below are written on
 * purpose, so that a reopening, a hand-over, an invalid complaint,
 * every remedy and an open list (on time, late, escalated) are there
 * whatever the seed.  The histories draw from their own generator, so
 * that the tables after them do not change with them.
 */

#define HISTORY_MAX 24		/* the most events of one complaint (a story has 18) */
#define MINUTE INT64_C(60)	/* seconds */
#define HOUR INT64_C(3600)
#define DAY INT64_C(86400)
#define END_HOUR 17		/* the sample ends at 17:00 of --end: the open list's moment */

/* complaints.category, in the order of categories[]. */
enum category { BILLING, QUALITY, SERVICE, DELIVERY, CONTRACT };

/* The department's staff: first-contact owners and handlers; the supervisors who approve. */
static const char *const staff[] = { "张敏", "李娜", "王磊", "陈静", "刘洋", "赵强" };
static const char *const supervisors[] = { "孙主管", "吴主管" };

/* By category: what a complaint is about, what went wrong, what the customer asks. */
static const char *const subjects[][3] = {
	{ "月租费账单", "滞纳金", "发票金额" },
	{ "路由器", "宽带网速", "光猫" },
	{ "营业厅服务", "客服热线", "上门安装人员" },
	{ "设备配送", "快递", "安装预约" },
	{ "合同条款", "套餐变更", "违约金" },
};
static const char *const troubles[] = {
	"金额与合同约定不符，多收了费用", "多次出现故障，影响正常使用", "态度恶劣，互相推诿",
	"未按约定时间送达", "事先未说明，与宣传不一致",
};
static const char *const demands[][2] = {
	{ "退还多收费用", "减免滞纳金" },
	{ "更换设备", "上门维修" },
	{ "道歉并改进服务", "更换服务人员" },
	{ "尽快送达并赔偿损失", "重新预约上门" },
	{ "解除合同", "按原套餐执行" },
};

/* What the staff note at a step, or NULL. */
static const char *const step_notes[CS_NCSTEPS] = {
	[CS_CSTEP_RECORDED] = "客户来电投诉",
	[CS_CSTEP_VALIDATED] = "投诉理由成立",
	[CS_CSTEP_INVALIDATED] = "经核实不属于我方责任",
	[CS_CSTEP_HANDED_OVER] = "原负责人调岗，工作移交",
	[CS_CSTEP_INVESTIGATED] = "已查明原因",
	[CS_CSTEP_APPROVED] = "同意",
	[CS_CSTEP_REJECTED] = "金额过高，请重新核定",
	[CS_CSTEP_CUSTOMER_NOTIFIED] = "电话答复客户，客户表示接受",
	[CS_CSTEP_REOPENED] = "客户来电表示问题仍未解决",
	[CS_CSTEP_REVIEWED] = "处理及时，客户满意",
};

/* The plan's late field for step: the complaint stays in it past its limit the first time. */
#define LATE(step) ((step) + 1)

/* How a complaint's history goes. */
struct plan {
	int invalid;			/* decided invalid: answered and closed, no remedy */
	int handover;			/* handed over to another handler after the assignment */
	int rejections;			/* proposals the supervisor rejects before the last one */
	enum cs_remedy remedy;		/* of the last proposal */
	int reopen;			/* reopened after the close and handled again ... */
	enum cs_remedy remedy2;		/* ... with this remedy */
	int review;			/* reviewed after the close */
	int late;			/* LATE(step): its first stay past the limit; 0: none */
};

/* One event of a history; at is in seconds on the wall clock once placed. */
struct event {
	int64_t at;
	enum cs_cstep step;
	const char *actor, *assignee, *approved_by;
	int remedy;			/* enum cs_remedy, or -1: none named */
	int64_t amount_cents;		/* or -1: none */
};

/* A complaint's history as it is made. */
struct history {
	struct event ev[HISTORY_MAX];
	int n;
	int severity;			/* of the complaint: the rules' limits depend on it */
	const char *owner, *handler;
};

/* A complaint's row but for what its history decides. */
struct complaint {
	char id[24];
	const char *customer, *channel;
	enum category category;
	int severity;
};

/* Returns a member of the staff other than who. */
static const char *
other_staff(struct rng *r, const char *who)
{
	const char *p;

	do
		p = PICK(r, staff);
	while (strcmp(p, who) == 0);
	return p;
}

/* Returns a whole number of minutes from 0 to span, in seconds, drawn at random. */
static int64_t
some_minutes(struct sample *s, int64_t span)
{
	return (int64_t)next_below(&s->story, (size_t)(span / MINUTE) + 1) * MINUTE;
}

/*
 * Returns how long the default rules let a complaint of h's severity
 * (of a customer of no tighter class) stay in step, the first answer's
 * limit included for the record (the next step answers); or
 * CS_NO_LIMIT.
 */
static int64_t
limit_of(const struct sample *s, const struct history *h, enum cs_cstep step)
{
	int64_t limit = cs_complaint_step_limit(s->rules, step, h->severity, NULL);
	int64_t answer = cs_complaint_first_answer(s->rules, h->severity, NULL);

	if (step == CS_CSTEP_RECORDED && answer != CS_NO_LIMIT &&
	    (limit == CS_NO_LIMIT || answer < limit))
		return answer;
	return limit;
}

/*
 * Returns how long a complaint stays in step before its next event, in
 * whole minutes: 10% to 80% of the step's limit (limit_of); 1 to 7 days
 * in a step without a limit (closed, before a review or a reopening).
 */
static int64_t
stay(struct sample *s, const struct history *h, enum cs_cstep step)
{
	int64_t limit = limit_of(s, h, step);

	if (limit == CS_NO_LIMIT)
		return DAY + some_minutes(s, 6 * DAY);
	return limit / 10 / MINUTE * MINUTE + some_minutes(s, limit * 7 / 10);
}

/* Adds an event of step by actor after the complaint's stay in its last step; returns it. */
static struct event *
add_event(struct sample *s, struct history *h, enum cs_cstep step, const char *actor)
{
	struct event *e = &h->ev[h->n];

	e->at = h->n == 0 ? 0 : h->ev[h->n - 1].at + stay(s, h, h->ev[h->n - 1].step);
	e->step = step;
	e->actor = actor;
	e->assignee = e->approved_by = NULL;
	e->remedy = -1;
	e->amount_cents = -1;
	h->n++;
	return e;
}

/* Adds a supervisor's approval or rejection of the last proposal. */
static void
decide(struct sample *s, struct history *h, enum cs_cstep step)
{
	const char *who = PICK(&s->story, supervisors);

	add_event(s, h, step, who)->approved_by = who;
}

/*
 * Adds the handler's proposal of remedy: a compensation of 10.00 to
 * 2,000.00 yuan in tens (3,000.00 more when it asks too much), a
 * discount of 5.00 to 300.00; the other remedies have no amount.
 * Returns the amount in cents, or -1.
 */
static int64_t
propose(struct sample *s, struct history *h, enum cs_remedy remedy, int too_much)
{
	struct event *e = add_event(s, h, CS_CSTEP_REMEDY_PROPOSED, h->handler);

	e->remedy = (int)remedy;
	if (remedy == CS_REMEDY_COMPENSATION)
		e->amount_cents = 1000 * (1 + (int64_t)next_below(&s->story, 200)) +
		    (too_much ? 300000 : 0);
	else if (remedy == CS_REMEDY_DISCOUNT)
		e->amount_cents = 500 + (int64_t)next_below(&s->story, 29501);
	return e->amount_cents;
}

/*
 * Adds one round of handling: the investigation, the compensations the
 * supervisor rejects as asking too much, the last proposal and its
 * approval when the rules want one, the customer told, the close.
 */
static void
handle(struct sample *s, struct history *h, enum cs_remedy remedy, int rejections)
{
	int64_t amount;

	add_event(s, h, CS_CSTEP_INVESTIGATED, h->handler);
	while (rejections-- > 0) {
		propose(s, h, CS_REMEDY_COMPENSATION, 1);
		decide(s, h, CS_CSTEP_REJECTED);
	}
	amount = propose(s, h, remedy, 0);
	if (cs_complaint_needs_approval(s->rules, remedy, amount < 0 ? 0 : amount))
		decide(s, h, CS_CSTEP_APPROVED);
	add_event(s, h, CS_CSTEP_CUSTOMER_NOTIFIED, h->owner);
	add_event(s, h, CS_CSTEP_CLOSED, h->owner);
}

/*
 * Makes the complaint stay in step, the first time it is in it, 1 to 36
 * hours past the step's limit: the events after it come later.  Nothing
 * changes when the history never reaches step or the step has no limit.
 */
static void
make_late(struct sample *s, struct history *h, enum cs_cstep step)
{
	int64_t limit = limit_of(s, h, step), by;
	int k = 0;

	while (k < h->n - 1 && h->ev[k].step != step)
		k++;
	if (k == h->n - 1 || limit == CS_NO_LIMIT)
		return;
	by = limit + HOUR + some_minutes(s, 35 * HOUR) - (h->ev[k + 1].at - h->ev[k].at);
	for (k++; k < h->n; k++)
		h->ev[k].at += by;
}

/*
 * Makes the whole history of a complaint of severity by plan, from its
 * record (at 0) to its close (or its review): the first-contact owner
 * records it, decides it, tells the customer and closes it; a handler
 * investigates and proposes.
 */
static void
build_history(struct sample *s, const struct plan *p, int severity, struct history *h)
{
	h->n = 0;
	h->severity = severity;
	h->owner = PICK(&s->story, staff);
	h->handler = other_staff(&s->story, h->owner);
	add_event(s, h, CS_CSTEP_RECORDED, h->owner);
	if (p->invalid) {
		add_event(s, h, CS_CSTEP_INVALIDATED, h->owner);
		add_event(s, h, CS_CSTEP_CUSTOMER_NOTIFIED, h->owner);
		add_event(s, h, CS_CSTEP_CLOSED, h->owner);
	} else {
		add_event(s, h, CS_CSTEP_VALIDATED, h->owner);
		add_event(s, h, CS_CSTEP_ASSIGNED, h->owner)->assignee = h->handler;
		if (p->handover) {
			const char *next = other_staff(&s->story, h->handler);

			add_event(s, h, CS_CSTEP_HANDED_OVER, h->handler)->assignee = next;
			h->handler = next;
		}
		handle(s, h, p->remedy, p->rejections);
		if (p->reopen) {
			add_event(s, h, CS_CSTEP_REOPENED, h->owner);
			handle(s, h, p->remedy2, 0);
		}
	}
	if (p->review)
		add_event(s, h, CS_CSTEP_REVIEWED, PICK(&s->story, supervisors));
	if (p->late)
		make_late(s, h, (enum cs_cstep)(p->late - 1));
}

/* Moves a history made from 0 so that its record is at 'at'. */
static void
place(struct history *h, int64_t at)
{
	int k;

	for (k = 0; k < h->n; k++)
		h->ev[k].at += at;
}

/*
 * Places a closed history: recorded on day between 8:00 and 18:00, and
 * earlier by whole days when it would not be over by the sample's end.
 */
static void
place_closed(struct sample *s, struct history *h, long day)
{
	int64_t at = day * DAY + 8 * HOUR + some_minutes(s, 10 * HOUR);
	int64_t over = at + h->ev[h->n - 1].at - s->end_at;

	if (over > 0)
		at -= (over + DAY - 1) / DAY * DAY;
	place(h, at);
}

/*
 * Cuts a history after its first event of step and places it so that
 * the complaint has been in that step for 'hours' at the sample's end.
 */
static void
place_open(struct sample *s, struct history *h, enum cs_cstep step, int hours)
{
	int k = 0;

	while (k < h->n - 1 && h->ev[k].step != step)
		k++;
	h->n = k + 1;
	place(h, s->end_at - (int64_t)hours * HOUR - h->ev[k].at);
}

/*
 * Returns when the complaint was closed for good (-1: open, or reopened
 * since), and sets *valid to what its last decision says: 1, 0, or -1
 * when not decided.
 */
static int64_t
history_outcome(const struct history *h, int *valid)
{
	int64_t closed = -1;
	int k;

	*valid = -1;
	for (k = 0; k < h->n; k++) {
		const struct event *e = &h->ev[k];

		if (e->step == CS_CSTEP_CLOSED || e->step == CS_CSTEP_REOPENED)
			closed = e->step == CS_CSTEP_CLOSED ? e->at : -1;
		else if (e->step == CS_CSTEP_VALIDATED || e->step == CS_CSTEP_INVALIDATED)
			*valid = e->step == CS_CSTEP_VALIDATED;
	}
	return closed;
}

/*
 * Writes a complaint's description into buf: what went wrong and what
 * the customer asks; now and then in the customer's own words, with a
 * comma and quotes that the CSV writer must quote.
 */
static const char *
describe(struct sample *s, const char *subject, enum category c, const char *demand,
    char *buf, size_t size)
{
	size_t n;

	snprintf(buf, size, "客户反映%s%s，要求%s。", subject, troubles[c], demand);
	n = strlen(buf);
	if (chance(&s->story, 15))
		snprintf(buf + n, size - n, "客户原话：\"这已经是第三次了, 再不解决我就去工信部投诉\"");
	return buf;
}

/*
 * Writes a complaint's row: opened, closed and valid as its history
 * says; subject, demand and description by its category; the
 * first-contact owner, left out now and then (the record says who).
 */
static void
write_complaint_row(struct sample *s, struct out *o, const struct complaint *k,
    const struct history *h)
{
	char op[CS_DATE_BUFSZ], cl[CS_DATE_BUFSZ], sev[24], text[512];
	const char *f[12];
	int valid;
	int64_t closed = history_outcome(h, &valid);

	snprintf(sev, sizeof sev, "%d", k->severity);
	f[0] = k->id; f[1] = k->customer; f[2] = day_text((long)(h->ev[0].at / DAY), op);
	f[3] = k->channel; f[4] = categories[k->category]; f[5] = sev;
	f[6] = closed < 0 ? NULL : day_text((long)(closed / DAY), cl);
	f[7] = valid < 0 ? NULL : valid ? "yes" : "no";
	f[8] = subjects[k->category][next_below(&s->story, 3)];
	f[9] = demands[k->category][next_below(&s->story, 2)];
	f[10] = describe(s, f[8], k->category, f[9], text, sizeof text);
	f[11] = chance(&s->story, 15) ? NULL : h->owner;
	row(o, f, 12);
}

/* Returns the first Chinese word that cs-import's value map takes for value of an event's column. */
static const char *
chinese_word(const char *column, const char *value)
{
	const struct cs_table *t = cs_table_find("complaint_events");
	const char *const *a = t->cols[cs_table_column(t, column, strlen(column))].aliases;

	for (; a[0] != NULL; a += 2)
		if (strcmp(a[1], value) == 0)
			return a[0];
	return value;
}

/*
 * Formats t as people type it: mostly YYYY-MM-DD HH:MM, one time in ten
 * as Excel writes it (2026/1/5 9:30), one in ten in Chinese
 * (2026年1月5日 9:30).
 */
static const char *
time_text(struct rng *r, int64_t t, char *buf, size_t size)
{
	struct cs_date d = cs_days_to_date((long)(t / DAY));
	int hour = (int)(t % DAY / HOUR), minute = (int)(t % HOUR / MINUTE);
	size_t form = next_below(r, 10);

	if (form == 0)
		snprintf(buf, size, "%d/%d/%d %d:%02d", d.year, d.month, d.day, hour, minute);
	else if (form == 1)
		snprintf(buf, size, "%d年%d月%d日 %d:%02d", d.year, d.month, d.day, hour, minute);
	else
		snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day, hour,
		    minute);
	return buf;
}

/*
 * Writes one event as an export has it: some steps and remedies by
 * their Chinese names, a note now and then.
 */
static void
write_event(struct sample *s, struct out *o, const char *id, const struct event *e)
{
	char at[48], amount[CS_MONEY_BUFSZ];
	const char *f[9];

	f[0] = id;
	f[1] = time_text(&s->story, e->at, at, sizeof at);
	f[2] = cs_cstep_names[e->step];
	if (chance(&s->story, 20))
		f[2] = chinese_word("step", f[2]);
	f[3] = e->actor;
	f[4] = e->assignee;
	f[5] = e->remedy < 0 ? NULL : cs_remedy_names[e->remedy];
	if (f[5] != NULL && chance(&s->story, 25))
		f[5] = chinese_word("remedy", f[5]);
	f[6] = e->amount_cents < 0 ? NULL : cs_money_format(e->amount_cents, amount);
	f[7] = e->approved_by;
	f[8] = chance(&s->story, 60) ? step_notes[e->step] : NULL;
	row(o, f, 9);
}

/* The two files of complaints. */
struct complaint_files {
	struct out rows, events;
};

/* Writes a complaint's row and its events in time order, or backwards: any order loads. */
static void
write_complaint(struct sample *s, struct complaint_files *cf, const struct complaint *k,
    const struct history *h, int backwards)
{
	int i;

	write_complaint_row(s, &cf->rows, k, h);
	for (i = 0; i < h->n; i++)
		write_event(s, &cf->events, k->id, &h->ev[backwards ? h->n - 1 - i : i]);
}

/*
 * Returns a routine complaint's plan: one in four decided invalid (as
 * drawn for its row); some handed over, rejected, reopened; a review
 * for most; any remedy.
 */
static struct plan
routine_plan(struct sample *s, int invalid)
{
	struct plan p = { .invalid = invalid };

	p.handover = chance(&s->story, 20);
	p.rejections = chance(&s->story, 15);
	p.remedy = (enum cs_remedy)next_below(&s->story, CS_NREMEDIES);
	p.reopen = chance(&s->story, 8);
	p.remedy2 = (enum cs_remedy)next_below(&s->story, CS_NREMEDIES);
	p.review = chance(&s->story, 60);
	return p;
}

/* Writes the routine complaints: one customer in three complains, once, in the last year. */
static void
write_routine_complaints(struct sample *s, struct complaint_files *cf,
    const struct customer *cust)
{
	long i;

	for (i = 0; i < s->customers; i++) {
		struct complaint k;
		struct history h;
		struct plan p;
		long opened;

		if (!chance(&s->rng, 33))
			continue;
		opened = s->end_day - (long)next_below(&s->rng, 365);
		id_text(k.id, sizeof k.id, "K", 8, ++s->serial[3]);
		k.customer = cust[i].id;
		k.severity = (int)next_below(&s->rng, 3) + 1;
		k.channel = PICK(&s->rng, channels);
		k.category = (enum category)next_below(&s->rng, 5);
		p = routine_plan(s, !chance(&s->rng, 75));
		build_history(s, &p, k.severity, &h);
		if (chance(&s->story, 40))	/* late at one of its steps */
			make_late(s, &h, h.ev[next_below(&s->story, (size_t)h.n)].step);
		place_closed(s, &h, opened);
		write_complaint(s, cf, &k, &h, 0);
	}
}

/* A complaint written on purpose. */
struct story {
	struct plan plan;
	enum category category;
	int severity;
	int open;			/* still open at the end ... */
	enum cs_cstep at;		/* ... in this step ... */
	int hours;			/* ... for this many hours; closed: recorded this many days before */
	int backwards;			/* its events written in reverse order */
};

/*
 * The stories, after the routine complaints.  The open ones, at 17:00
 * of the end date against the default rules (cs-complaint(5)), for
 * customers without a tighter class: how late, and to whom each goes.
 */
static const struct story stories[] = {
	/* Closed: a repair, reopened, an exchange the second time; reviewed. */
	{ .plan = { .remedy = CS_REMEDY_REPAIR, .reopen = 1, .remedy2 = CS_REMEDY_EXCHANGE,
	    .review = 1 }, .category = QUALITY, .severity = 2, .hours = 40, .backwards = 1 },
	/* Closed: handed over; a compensation rejected as too much, a discount approved. */
	{ .plan = { .handover = 1, .rejections = 1, .remedy = CS_REMEDY_DISCOUNT, .review = 1 },
	    .category = BILLING, .severity = 2, .hours = 30 },
	/* Closed: invalid, the customer told why. */
	{ .plan = { .invalid = 1 }, .category = SERVICE, .severity = 1, .hours = 20 },
	/* Closed: a return approved, closed past customer-notified's limit. */
	{ .plan = { .remedy = CS_REMEDY_RETURN, .review = 1,
	    .late = LATE(CS_CSTEP_CUSTOMER_NOTIFIED) }, .category = DELIVERY, .severity = 1,
	    .hours = 15 },
	/* Open, recorded an hour ago: on time. */
	{ .category = SERVICE, .severity = 1, .open = 1, .at = CS_CSTEP_RECORDED, .hours = 1 },
	/* Not answered within 24 h of its record: 4 h late, to the supervisor. */
	{ .category = QUALITY, .severity = 2, .open = 1, .at = CS_CSTEP_RECORDED, .hours = 28 },
	/* A billing dispute assigned 10 h ago (limit 48 h): on time; it holds dunning. */
	{ .category = BILLING, .severity = 1, .open = 1, .at = CS_CSTEP_ASSIGNED, .hours = 10 },
	/* Investigated 60 h ago, no remedy (limit 48 h): 12 h late, to the supervisor. */
	{ .category = QUALITY, .severity = 2, .open = 1, .at = CS_CSTEP_INVESTIGATED, .hours = 60 },
	/* Handed over 5 h ago (limit 24 h): on time, the new handler owns it. */
	{ .plan = { .handover = 1 }, .category = DELIVERY, .severity = 1, .open = 1,
	    .at = CS_CSTEP_HANDED_OVER, .hours = 5 },
	/* A compensation awaiting approval for 50 h (limit 24 h): 26 h late, to the manager. */
	{ .plan = { .remedy = CS_REMEDY_COMPENSATION }, .category = BILLING, .severity = 2,
	    .open = 1, .at = CS_CSTEP_REMEDY_PROPOSED, .hours = 50 },
	/* Reopened 3 h ago (limit 24 h): on time. */
	{ .plan = { .remedy = CS_REMEDY_REPAIR, .reopen = 1 }, .category = QUALITY,
	    .severity = 2, .open = 1, .at = CS_CSTEP_REOPENED, .hours = 3 },
	/* Serious (severity 3), validated 2 h ago: on time, but to the general manager at once. */
	{ .category = SERVICE, .severity = 3, .open = 1, .at = CS_CSTEP_VALIDATED, .hours = 2 },
	/* Invalid, the customer not told for 30 h (limit 24 h): 6 h late, to the supervisor. */
	{ .plan = { .invalid = 1 }, .category = CONTRACT, .severity = 1, .open = 1,
	    .at = CS_CSTEP_INVALIDATED, .hours = 30 },
	/* Customer told of a remedy (none: an explanation) 20 h ago (limit 72 h): on time. */
	{ .plan = { .remedy = CS_REMEDY_NONE }, .category = CONTRACT, .severity = 1, .open = 1,
	    .at = CS_CSTEP_CUSTOMER_NOTIFIED, .hours = 20 },
};

/* Writes the stories, each for a customer drawn at random; leaves the first one's id in first. */
static void
write_stories(struct sample *s, struct complaint_files *cf, const struct customer *cust,
    char first[24])
{
	size_t i;

	for (i = 0; i < sizeof stories / sizeof stories[0]; i++) {
		const struct story *st = &stories[i];
		struct complaint k;
		struct history h;

		id_text(k.id, sizeof k.id, "K", 8, ++s->serial[3]);
		if (i == 0)
			memcpy(first, k.id, sizeof k.id);
		k.customer = cust[next_below(&s->story, (size_t)s->customers)].id;
		k.channel = PICK(&s->story, channels);
		k.category = st->category;
		k.severity = st->severity;
		build_history(s, &st->plan, k.severity, &h);
		if (st->open)
			place_open(s, &h, st->at, st->hours);
		else
			place_closed(s, &h, s->end_day - st->hours);
		write_complaint(s, cf, &k, &h, st->backwards);
	}
}

/* Writes the bad complaint rows and events: each breaks one rule of cs-data(5). */
static void
bad_complaints(struct sample *s, struct complaint_files *cf, const char *id)
{
	const char *rows[][12] = {
		{ "KBAD1", "C0000001", "2026-03-01", "web", "billing", "7", NULL, "yes" },
		{ "KBAD2", "C0000001", "2026-03-05", "web", "billing", "1", "2026-03-04", "yes" },
	};
	const char *events[][9] = {
		{ "KBAD1", "2026-03-01 10:00", "recorded" },
		{ id, "2026-02-30 10:00", "investigated" },
		{ id, "2026-03-02", "investigated" },
		{ id, "2026-03-03 10:00", "resolved" },
		{ id, "2026-03-04 10:00", "remedy-proposed", NULL, NULL, "compensation", "-50.00" },
		{ id, "2026-03-04 11:00", "remedy-proposed", NULL, NULL, "cash" },
	};
	static const char *const kinds[] = { "unknown-complaint", "bad-time", "no-time",
	    "bad-step", "negative-amount", "bad-remedy" };
	size_t i;

	bad_row(s, &cf->rows, rows[0], 12, "bad-severity");
	bad_row(s, &cf->rows, rows[1], 12, "closed-before-opened");
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		bad_row(s, &cf->events, events[i], 9, kinds[i]);
}

/* Writes complaints.csv and complaint_events.csv. */
static void
write_complaints(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "complaint_id", "customer_id", "opened_on", "channel",
	    "category", "severity", "closed_on", "valid", "subject", "demand", "description",
	    "owner" };
	static const char *const eh[] = { "complaint_id", "at", "step", "actor", "assignee",
	    "remedy", "amount", "approved_by", "note" };
	struct complaint_files cf;
	char first[24];

	open_out(s, &cf.rows, "complaints.csv");
	open_out(s, &cf.events, "complaint_events.csv");
	row(&cf.rows, h, 12);
	row(&cf.events, eh, 9);
	write_routine_complaints(s, &cf, cust);
	write_stories(s, &cf, cust, first);
	if (s->bad)
		bad_complaints(s, &cf, first);
	close_out(&cf.rows);
	close_out(&cf.events);
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

/* Makes a contact person's phone into buf: a mobile, or an office line with its area code. */
static const char *
contact_phone(struct rng *r, char *buf, size_t size)
{
	static const char *const areas[] = { "010", "021", "0512", "0571", "0755", "028" };

	if (chance(r, 70))
		snprintf(buf, size, "1%zu%09zu", 3 + next_below(r, 7), next_below(r, 1000000000));
	else
		snprintf(buf, size, "%s-%08zu", PICK(r, areas), 20000000 + next_below(r, 70000000));
	return buf;
}

/*
 * Writes the one to three contact persons of enterprise customer c, the
 * first a key decision maker (关键决策人); chinese: booleans as 是/否.
 */
static void
contact_rows(struct sample *s, struct out *o, const struct customer *c, int chinese)
{
	char id[24], name[64], phone[32], email[48];
	int k, n = 1 + (int)next_below(&s->card, 3);

	for (k = 0; k < n; k++) {
		const char *f[7];

		id_text(id, sizeof id, "L", 8, ++s->serial[7]);
		customer_name(&s->card, 0, name, sizeof name);
		snprintf(email, sizeof email, "l%ld@example.cn", s->serial[7]);
		f[0] = id; f[1] = c->id; f[2] = name;
		f[3] = k == 0 ? contact_roles[next_below(&s->card, 3)] :
		    contact_roles[3 + next_below(&s->card, 3)];
		f[4] = k == 0 ? (chinese ? "是" : "yes") : (chinese ? "否" : "no");
		f[5] = contact_phone(&s->card, phone, sizeof phone);
		f[6] = chance(&s->card, 75) ? email : NULL;
		row(o, f, 7);
	}
}

/*
 * Writes contacts.csv: the contact persons of every enterprise customer,
 * booleans and roles as Chinese exports write them; with --bad, a
 * contact whose email is not one.
 */
static void
write_contacts(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "contact_id", "customer_id", "name", "role",
	    "decision_maker", "phone", "email" };
	const char *bad[] = { "LBAD1", cust[0].id, "王伟", "总经理", "是", "13800000000",
	    "wang at example.cn" };
	struct out o;
	long i;

	open_out(s, &o, "contacts.csv");
	row(&o, h, 7);
	for (i = 0; i < s->customers; i++)
		if (cust[i].enterprise)
			contact_rows(s, &o, &cust[i], (int)(i % 2));
	if (s->bad)
		bad_row(s, &o, bad, 7, "bad-email");
	close_out(&o);
}

/*
 * Writes customers-new.csv, the week's new records loaded after
 * customers.csv: a new enterprise, and the blacklisted customer back
 * under a new id, its name and phone the same (the phone written with
 * dashes), which cs-import's check at the door must find.
 */
static void
write_new_customers(struct sample *s)
{
	char id[2][24], name[128], reg_no[19], opened[CS_DATE_BUFSZ];
	const char *f[NCUSTOMER_COLS] = { NULL };
	struct out o;

	open_out(s, &o, "customers-new.csv");
	row(&o, customer_header, NCUSTOMER_COLS);
	id_text(id[0], sizeof id[0], "C", 7, s->customers + 1);
	customer_name(&s->card, 1, name, sizeof name);
	credit_code(&s->card, reg_no);
	f[0] = id[0]; f[1] = name; f[2] = "enterprise"; f[3] = PICK(&s->card, regions);
	f[4] = PICK(&s->card, industries); f[5] = "M001"; f[6] = "13912345678";
	f[8] = day_text(s->end_day, opened); f[12] = reg_no;
	row(&o, f, NCUSTOMER_COLS);
	if (s->cs.blacklisted >= 0) {
		id_text(id[1], sizeof id[1], "C", 7, s->customers + 2);
		f[0] = id[1]; f[1] = s->cs.twin_name; f[6] = s->cs.twin_phone; f[12] = NULL;
		row(&o, f, NCUSTOMER_COLS);
	}
	close_out(&o);
}

/*
 * Writes retirement_approvals.csv: the three approvals (roles in
 * Chinese, dates as Excel writes them) that retiring the personal data
 * of one customer needs, the first who stopped buying a year or more
 * before the end (else the last customer).
 */
static void
write_retirement(struct sample *s, const struct customer *cust)
{
	static const char *const h[] = { "customer_id", "role", "approved_by", "approved_on" };
	static const char *const roles[] = { "客户信息负责人", "客服经理", "总经理" };
	static const char *const who[] = { "陈静", "孙主管", "周总" };
	long i, pick = s->customers - 1;
	char day[3][16];
	struct out o;
	int k;

	for (i = 0; i < s->customers && pick == s->customers - 1; i++)
		if (cust[i].stop_month >= 12)
			pick = i;
	open_out(s, &o, "retirement_approvals.csv");
	row(&o, h, 4);
	for (k = 0; k < 3; k++) {
		struct cs_date d = cs_days_to_date(s->end_day - 10 + 3L * k);

		snprintf(day[k], sizeof day[k], "%d/%d/%d", d.year, d.month, d.day);
		row(&o, (const char *const[]){ cust[pick].id, roles[k], who[k], day[k] }, 4);
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

/* Writes every file of the sample, and bad-rows.csv; converts them to GB18030 when enc says so. */
static void
write_sample(struct sample *s, enum cs_encoding enc)
{
	static const char *const names[] = { "customers.csv", "invoices.csv", "payments.csv",
	    "complaints.csv", "complaint_events.csv", "visits.csv", "responses.csv",
	    "promises.csv", "contacts.csv", "customers-new.csv", "retirement_approvals.csv" };
	struct cs_complaint_rules *rules;
	struct customer *cust;
	char err[256];
	size_t i;
	int io;

	if ((rules = cs_complaint_rules_load(NULL, &io, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DATA, "%s", err);	/* the built-in rules: cannot happen */
	s->rules = rules;
	cust = calloc((size_t)s->customers, sizeof *cust);
	if (cust == NULL)
		cs_errx(CS_EXIT_IO, "out of memory");
	open_out(s, &s->bad_rows, "bad-rows.csv");
	row(&s->bad_rows, (const char *const[]){ "file", "line", "kind" }, 3);
	write_customers(s, cust);
	write_billing(s, cust);
	write_complaints(s, cust);
	write_visits(s, cust);
	write_responses(s, cust);
	write_promises(s, cust);
	write_contacts(s, cust);
	write_new_customers(s);
	write_retirement(s, cust);
	close_out(&s->bad_rows);
	if (enc == CS_ENC_GB18030)
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			to_gb18030(s, names[i]);
	free(cust);
	cs_complaint_rules_free(rules);
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
	struct sample s = { .customers = 200 };
	struct cs_date end = { 2026, 10, 31 };
	enum cs_encoding enc = CS_ENC_UTF8;
	int ch;

	cs_program_init(argc, argv);
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
	s.end_at = s.end_day * DAY + END_HOUR * HOUR;
	s.story.s = s.rng.s ^ UINT64_C(0x636f6d706c61696e);	/* "complain" */
	s.card.s = s.rng.s ^ UINT64_C(0x637573746f6d6572);	/* "customer" */
	s.cs.blacklisted = -1;
	if (mkdir(s.dir, 0755) != 0 && errno != EEXIST)
		cs_errx(CS_EXIT_IO, "%s: %s", s.dir, strerror(errno));
	write_sample(&s, enc);
	return CS_EXIT_OK;
}
