/*
 * cs-sample - make a small, realistic sample data set for the cs
 * toolkit's demo and tests: customers with Chinese names, a year of
 * monthly invoices, their payments, complaints, return visits, SERVQUAL
 * survey responses and payment promises, as the CSV files cs-import
 * reads (cs-data(5), shared DATA.md).
 *
 *   cs-sample [-n CUSTOMERS] [--seed S] [--bad] [--encoding utf-8|gb18030]
 *             [--end YYYY-MM-DD] OUTDIR
 *
 * The same arguments give byte-identical files on any machine: the
 * random numbers come from our own generator (splitmix64, one stream
 * per file), money is integer cents and no floating point is used.
 * With --bad, every file but customers.csv gets a few deliberately bad
 * rows, each breaking exactly one rule, listed in OUTDIR/bad-rows.csv
 * (file,line,kind; line is the physical line, the header being line 1)
 * so that a test can check that cs-import rejects exactly those.  The
 * bad rows draw no random numbers and use their own ids (IBAD01, ...),
 * so the good rows are the same with and without --bad.
 *
 * This file is self-contained: C11 plus POSIX (mkdir, stat) and
 * iconv(3) for the GB18030 copy.
 *
 * Exit status: 0 done, 2 usage error, 4 input/output error.
 */
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define EXIT_USAGE 2
#define EXIT_IO 4

#define MONTHS 12		/* invoices per customer */
#define MAX_CUSTOMERS 1000000L	/* keeps C9999999 unknown */
#define MAX_BAD 64		/* bad rows over all files */
#define DAY_BUFSZ 64		/* a formatted date, whatever the numbers */
#define NAME_BUFSZ 256		/* a customer's name */
#define STILL_OPEN LONG_MAX	/* pay_invoice: an earlier invoice is unpaid */

/* ---- word lists ---- */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"欧阳", "司马"
};
static const char *const given[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
	"艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "建国", "志强",
	"晓燕", "海峰", "子轩", "雨桐"
};
static const char *const firm1[] = {
	"华信", "中科", "长江", "东方", "恒达", "金石", "新锐", "宏远", "天成",
	"鑫源", "博雅", "安泰", "永利", "嘉禾", "瑞丰", "联创", "汇通", "晨光",
	"锦华", "盛世", "明德", "正泰", "蓝海", "星辰"
};
static const char *const firm2[] = {
	"科技", "贸易", "物流", "餐饮", "建材", "广告", "电子", "医药", "教育",
	"咨询", "机械", "食品", "纺织", "包装"
};
static const char *const firm3[] = {
	"有限公司", "有限公司", "有限责任公司", "股份有限公司", "商行", "经营部"
};
static const char *const regions[] = { "城区", "开发区", "高新区", "东县", "西县", "港区", "新区" };
static const char *const industries[] = {
	"制造", "零售", "物流", "餐饮", "建筑", "医疗", "教育", "金融", "软件"
};
static const char *const area_codes[] = { "10", "21", "571", "755", "20", "28", "25" };
static const char *const statuses[] = { "active", "suspended", "closed", "blacklisted" };
static const unsigned status_weights[] = { 88, 5, 4, 3 };
static const char *const methods[] = { "bank", "cash", "wechat", "alipay" };
static const unsigned method_weights_firm[] = { 75, 5, 10, 10 };
static const unsigned method_weights_person[] = { 15, 15, 35, 35 };
static const char *const complaint_channels[] = { "phone", "web", "wechat", "email", "visit", "letter" };
static const char *const categories[] = { "billing", "quality", "service", "delivery", "contract" };
static const unsigned category_weights[] = { 35, 20, 25, 12, 8 };
static const unsigned severity_weights[] = { 60, 30, 10 };
static const char *const visit_channels[] = { "phone", "phone", "visit", "wechat" };
static const char *const outcomes[] = { "已接通", "未接通", "约定回访", "问题已解决", "客户承诺付款" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors and memory ---- */

/* Prints "cs-sample: MESSAGE" on stderr and exits with status. */
static void
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("cs-sample: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* Returns realloc(p, size); exits 4 when memory is exhausted. */
static void *
xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		die(EXIT_IO, "out of memory");
	return q;
}

/* ---- random numbers ---- */

/* A splitmix64 generator: tiny, portable, fully determined by its state. */
struct rng {
	uint64_t s;
};

/*
 * Returns the next 64 random bits of r.  For the same bytes from every
 * compiler, no expression or argument list may draw twice: C leaves
 * their order unspecified (draw into variables first).
 */
static uint64_t
next64(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Returns a generator for stream 'stream' of seed 'seed' (one per file). */
static struct rng
rng_stream(uint64_t seed, unsigned stream)
{
	struct rng r = { seed ^ (UINT64_C(0xd1b54a32d192ed03) * (stream + 1)) };

	(void)next64(&r);
	return r;
}

/* Returns a number in [0, n), n > 0. */
static long
below(struct rng *r, long n)
{
	return (long)(next64(r) % (uint64_t)n);
}

/* Returns 1 with probability percent/100, else 0. */
static int
chance(struct rng *r, long percent)
{
	return below(r, 100) < percent;
}

/* Returns an index in [0, n) drawn with the given weights (sum > 0). */
static size_t
pick_weighted(struct rng *r, const unsigned *w, size_t n)
{
	long total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += (long)w[i];
	x = below(r, total);
	for (i = 0; i + 1 < n; i++) {
		if (x < (long)w[i])
			return i;
		x -= (long)w[i];
	}
	return n - 1;
}

#define PICK(r, a) ((a)[below((r), (long)COUNT(a))])

/* Returns v limited to [lo, hi]. */
static long
clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* ---- dates (day numbers: days since 1970-01-01, proleptic Gregorian) ---- */

/* Returns the day number of y-m-d (any valid date). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Splits day number z into *y, *m (1-12), *d (1-31). */
static void
civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Returns the number of days in month m of year y. */
static long
month_days(long y, long m)
{
	static const long len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

/* Formats day number z as YYYY-MM-DD into buf (DAY_BUFSZ bytes); returns buf. */
static const char *
day_iso(long z, char *buf)
{
	long y, m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(buf, DAY_BUFSZ, "%04ld-%02ld-%02ld", y, m, d);
	return buf;
}

/* Formats day number z as YYYY/M/D (Excel's way) into buf (DAY_BUFSZ bytes); returns buf. */
static const char *
day_slash(long z, char *buf)
{
	long y, m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(buf, DAY_BUFSZ, "%ld/%ld/%ld", y, m, d);
	return buf;
}

/* Formats day number z as YYYY年M月D日 into buf (32 bytes); returns buf. */
static const char *
day_chinese(long z, char *buf)
{
	long y, m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(buf, DAY_BUFSZ, "%ld年%ld月%ld日", y, m, d);
	return buf;
}

/* Formats day z as YYYY-MM-DD, or (percent% of the time) as YYYY/M/D; returns buf (DAY_BUFSZ bytes). */
static const char *
day_mixed(struct rng *r, long percent, long z, char *buf)
{
	return chance(r, percent) ? day_slash(z, buf) : day_iso(z, buf);
}

/* ---- money (integer cents) ---- */

/* Formats cents as [-]D.CC into buf (32 bytes); returns buf.  Exact for any value. */
static const char *
money(long long cents, char *buf)
{
	unsigned long long u = cents < 0 ? 0ULL - (unsigned long long)cents
	    : (unsigned long long)cents;

	snprintf(buf, 32, "%s%llu.%02llu", cents < 0 ? "-" : "", u / 100, u % 100);
	return buf;
}

/*
 * Formats non-negative cents Excel-style as SIGN1,234,567.89 into buf
 * (64 bytes), where SIGN is a currency sign such as "¥"; returns buf.
 */
static const char *
money_excel(long long cents, const char *sign, char *buf)
{
	char digits[32], grouped[32];
	unsigned long long u = (unsigned long long)(cents < 0 ? 0 : cents);
	size_t n, i, o = 0;

	snprintf(digits, sizeof digits, "%llu", u / 100);
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	snprintf(buf, 64, "%s%s.%02llu", sign, grouped, u % 100);
	return buf;
}

/* Formats an id: prefix and n zero-padded to width digits, into buf (32 bytes). */
static const char *
id_text(char *buf, const char *prefix, int width, long n)
{
	snprintf(buf, 32, "%s%0*ld", prefix, width, n);
	return buf;
}

/* ---- output ---- */

/* A growable byte buffer. */
struct buf {
	char *p;
	size_t len, cap;
};

/* Appends n bytes of s to b. */
static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Appends s as one CSV field, quoted (quotes doubled) when it needs it; returns its newlines. */
static long
buf_add_field(struct buf *b, const char *s)
{
	long newlines = 0;
	const char *q;

	if (s[strcspn(s, ",\"\r\n")] == '\0') {
		buf_add(b, s, strlen(s));
		return 0;
	}
	buf_add(b, "\"", 1);
	for (q = s; *q != '\0'; q++) {
		if (*q == '"')
			buf_add(b, "\"", 1);
		newlines += *q == '\n';
		buf_add(b, q, 1);
	}
	buf_add(b, "\"", 1);
	return newlines;
}

/* One output file: where it goes and how many physical lines it has so far. */
struct out {
	const char *name;	/* file name within OUTDIR */
	char *path;
	FILE *fp;
	long lines;		/* physical lines written */
	int file_no;		/* position in the list of files, for bad-rows.csv */
};

/* A bad row written on purpose: where it is and what is wrong with it. */
struct bad_entry {
	int file_no;
	const char *file;
	long line;
	const char *kind;
};

/* A customer as the later tables need it. */
struct customer {
	long long scale;	/* monthly billing base in cents (heavy-tailed) */
	int habit;		/* payment discipline 1..100 (100: always on time) */
	int enterprise;
	long long unpaid;	/* cents still owed at --end */
	long oldest_due;	/* due day of the oldest unpaid invoice */
};

/* Everything the generator shares between files. */
struct sample {
	const char *dir;
	uint64_t seed;
	int bad;
	int gb18030;
	long n;			/* customers */
	long end;		/* day number of --end */
	struct customer *cust;
	iconv_t cd;		/* UTF-8 -> GB18030, when gb18030 */
	struct buf row, conv;	/* the row being written, and its conversion */
	struct bad_entry bads[MAX_BAD];
	size_t nbads;
};

/* Opens OUTDIR/name for writing as file number file_no; exits 4 on failure. */
static void
out_open(struct sample *s, struct out *o, const char *name, int file_no)
{
	size_t len = strlen(s->dir) + strlen(name) + 2;

	o->path = xrealloc(NULL, len);
	snprintf(o->path, len, "%s/%s", s->dir, name);
	if ((o->fp = fopen(o->path, "wb")) == NULL)
		die(EXIT_IO, "%s: %s", o->path, strerror(errno));
	o->name = name;
	o->lines = 0;
	o->file_no = file_no;
}

/* Closes o; exits 4 if anything could not be written. */
static void
out_close(struct out *o)
{
	int failed = ferror(o->fp);

	if (fclose(o->fp) != 0 || failed)
		die(EXIT_IO, "%s: write error: %s", o->path, strerror(errno ? errno : EIO));
	free(o->path);
	o->path = NULL;
}

/* Writes len bytes to o; exits 4 on failure. */
static void
out_write(struct out *o, const char *p, size_t len)
{
	if (len > 0 && fwrite(p, 1, len, o->fp) != len)
		die(EXIT_IO, "%s: write error: %s", o->path, strerror(errno));
}

/* Converts the UTF-8 text of s->row to GB18030 into s->conv; exits 4 if it cannot. */
static void
to_gb18030(struct sample *s, const struct out *o)
{
	char *in = s->row.p, *outp;
	size_t inleft = s->row.len, outleft;

	if (s->conv.cap < 4 * s->row.len + 16) {
		s->conv.cap = 4 * s->row.len + 16;
		s->conv.p = xrealloc(s->conv.p, s->conv.cap);
	}
	outp = s->conv.p;
	outleft = s->conv.cap;
	if (iconv(s->cd, &in, &inleft, &outp, &outleft) == (size_t)-1 ||
	    iconv(s->cd, NULL, NULL, &outp, &outleft) == (size_t)-1)
		die(EXIT_IO, "%s: cannot convert to GB18030: %s", o->path, strerror(errno));
	s->conv.len = (size_t)(outp - s->conv.p);
}

/*
 * Writes one CSV row of n fields (NULL = empty) to o, in the chosen
 * encoding and line ending; returns the physical line it starts on.
 */
static long
put_row(struct sample *s, struct out *o, const char *const *f, size_t n)
{
	long start = o->lines + 1;
	size_t i;

	s->row.len = 0;
	buf_add(&s->row, "", 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(&s->row, ",", 1);
		o->lines += buf_add_field(&s->row, f[i] != NULL ? f[i] : "");
	}
	if (s->gb18030) {
		buf_add(&s->row, "\r\n", 2);
		to_gb18030(s, o);
		out_write(o, s->conv.p, s->conv.len);
	} else {
		buf_add(&s->row, "\n", 1);
		out_write(o, s->row.p, s->row.len);
	}
	o->lines++;
	return start;
}

/* Writes a row that cs-import must reject and remembers it for bad-rows.csv. */
static void
put_bad_row(struct sample *s, struct out *o, const char *const *f, size_t n, const char *kind)
{
	long line = put_row(s, o, f, n);

	if (s->nbads == MAX_BAD)
		die(EXIT_IO, "internal error: too many bad rows");
	s->bads[s->nbads].file_no = o->file_no;
	s->bads[s->nbads].file = o->name;
	s->bads[s->nbads].line = line;
	s->bads[s->nbads].kind = kind;
	s->nbads++;
}

/*
 * Returns nonzero when bad row k of nkinds belongs right after the rows
 * of customer i: the bad rows are spread evenly over the file.
 */
static int
bad_goes_after(const struct sample *s, size_t k, size_t nkinds, long i)
{
	return s->bad && (long)((long long)(k + 1) * s->n / (long long)(nkinds + 1)) == i;
}

/* ---- customers ---- */

/* Writes a person's name, surname and given name, into buf (64 bytes). */
static void
person_name(struct rng *r, char *buf)
{
	const char *surname = PICK(r, surnames);

	snprintf(buf, 64, "%s%s", surname, PICK(r, given));
}

/* Writes a firm's name (brand, trade, legal form) into buf (128 bytes). */
static void
firm_name(struct rng *r, char *buf)
{
	const char *brand = PICK(r, firm1);
	const char *trade = PICK(r, firm2);

	snprintf(buf, 128, "%s%s%s", brand, trade, PICK(r, firm3));
}

/*
 * Writes customer i's name into buf (NAME_BUFSZ bytes).  Every 50th customer
 * (i % 50 == 7) gets a name with a comma or a double quote, so that the
 * files exercise CSV quoting; no name holds a newline.
 */
static void
customer_name(struct rng *r, long i, int enterprise, char *buf)
{
	char a[64], b[64], f[128];
	const char *brand, *trade, *region;

	person_name(r, a);
	person_name(r, b);
	firm_name(r, f);
	brand = PICK(r, firm1);
	trade = PICK(r, firm2);
	region = PICK(r, regions);
	if (i % 50 != 7) {
		if (enterprise)
			snprintf(buf, NAME_BUFSZ, "%s", f);
		else
			snprintf(buf, NAME_BUFSZ, "%s", a);
		return;
	}
	switch (i / 50 % 4) {
	case 0: snprintf(buf, NAME_BUFSZ, "%s,%s联合商行", a, b); break;
	case 1: snprintf(buf, NAME_BUFSZ, "\"%s\"牌%s商行", brand, trade); break;
	case 2: snprintf(buf, NAME_BUFSZ, "%s,%s分公司", f, region); break;
	default: snprintf(buf, NAME_BUFSZ, "\"%s\"%s,仓储有限公司", brand, trade); break;
	}
}

/*
 * Returns a heavy-tailed monthly billing base in cents: 50.00..500.00
 * for a person, ten times that for a firm, times 2^k with k geometric
 * (P(k >= j) = 0.4^j, k <= 12).
 */
static long long
billing_scale(struct rng *r, int enterprise)
{
	long long base = (5000 + below(r, 45001)) * (enterprise ? 10 : 1);
	int k = 0;

	while (k < 12 && chance(r, 40))
		k++;
	return base << k;
}

/* Writes the phone number of a firm (landline) or a person (mobile) into buf (64 bytes). */
static void
phone_number(struct rng *r, int enterprise, char *buf)
{
	const char *area = PICK(r, area_codes);
	long first = below(r, 7), rest = below(r, 1000000000);

	if (enterprise)
		snprintf(buf, 64, "0%s-%08ld", area, 20000000 + rest % 80000000);
	else
		snprintf(buf, 64, "1%ld%09ld", 3 + first, rest);
}

/*
 * Writes the credit limit of customer i (about 3 months of billing,
 * rounded up to 1,000.00) into buf (64 bytes); every 10th is written
 * Excel-style with a currency sign and thousands separators.
 */
static const char *
credit_limit(long i, long long scale, char *buf)
{
	long long limit = (scale * 3 + 99999) / 100000 * 100000;

	if (i % 10 == 3)
		return money_excel(limit, i % 20 == 3 ? "¥" : "￥", buf);
	return money(limit, buf);
}

/* Writes customers.csv and fills s->cust. */
static void
write_customers(struct sample *s)
{
	static const char *const header[] = { "customer_id", "name", "kind", "region",
	    "industry", "manager", "phone", "email", "opened_on", "credit_limit", "status" };
	struct rng r = rng_stream(s->seed, 0);
	char id[32], name[NAME_BUFSZ], manager[32], phone[64], email[48], opened[DAY_BUFSZ], limit[64];
	struct out o;
	long i;

	out_open(s, &o, "customers.csv", 0);
	put_row(s, &o, header, COUNT(header));
	for (i = 0; i < s->n; i++) {
		struct customer *c = &s->cust[i];
		const char *f[COUNT(header)];
		long day, lax;

		c->enterprise = chance(&r, 70);
		c->scale = billing_scale(&r, c->enterprise);
		lax = below(&r, 100);
		c->habit = (int)(100 - lax * below(&r, 100) / 100);
		c->oldest_due = s->end + 1;
		customer_name(&r, i, c->enterprise, name);
		snprintf(manager, sizeof manager, "M%03ld", 1 + below(&r, 10));
		phone_number(&r, c->enterprise, phone);
		snprintf(email, sizeof email, "c%07ld@example.com", i + 1);
		day = s->end - 365 - below(&r, 3000);
		if (i % 25 == 11)
			day_chinese(day, opened);
		else
			day_mixed(&r, 8, day, opened);
		f[0] = id_text(id, "C", 7, i + 1);
		f[1] = name;
		f[2] = c->enterprise ? "enterprise" : "individual";
		f[3] = PICK(&r, regions);
		f[4] = c->enterprise ? PICK(&r, industries) : NULL;
		f[5] = manager;
		f[6] = chance(&r, 90) ? phone : NULL;
		f[7] = chance(&r, 75) ? email : NULL;
		f[8] = opened;
		f[9] = chance(&r, 92) ? credit_limit(i, c->scale, limit) : NULL;
		f[10] = statuses[pick_weighted(&r, status_weights, COUNT(status_weights))];
		put_row(s, &o, f, COUNT(f));
	}
	out_close(&o);
}

/* ---- invoices and payments ---- */

/* The open invoices and payments files and the running id counters. */
struct billing {
	struct out inv, pay;
	long next_invoice, next_payment;
	struct rng r;
};

/* Writes one payment row of customer cid (invoice NULL: applied to the oldest debt). */
static void
put_payment(struct sample *s, struct billing *b, const struct customer *c, const char *cid,
    const char *invoice, long day, long long cents)
{
	char id[32], paid[DAY_BUFSZ], amount[32];
	const unsigned *w = c->enterprise ? method_weights_firm : method_weights_person;
	const char *f[6];

	f[0] = id_text(id, "P", 9, ++b->next_payment);
	f[1] = cid;
	f[2] = invoice;
	f[3] = day_mixed(&b->r, 2, day, paid);
	f[4] = money(cents, amount);
	f[5] = methods[pick_weighted(&b->r, w, COUNT(methods))];
	put_row(s, &b->pay, f, COUNT(f));
}

/*
 * Writes the payments of one invoice (positive amount, issued on day
 * 'issued', due on 'due'): paid in full on time or late, in two parts,
 * or not at all; nothing is paid after --end.  *clear is the day by
 * which all the customer's earlier invoices were paid, or STILL_OPEN:
 * only a payment made after that day may leave invoice_id empty, as
 * such a payment is applied to the oldest debt.  Updates *clear and
 * the customer's unpaid total and oldest unpaid due day.
 */
static void
pay_invoice(struct sample *s, struct billing *b, struct customer *c, const char *cid,
    const char *invoice, long issued, long due, long long cents, long *clear)
{
	int lax = 100 - c->habit;
	long day, day2;
	long long first, left = cents;

	if (chance(&b->r, lax / 8))
		goto open;
	if (chance(&b->r, lax / 2 + 3))
		day = due + 1 + below(&b->r, 10 + lax / 2);
	else
		day = issued + 2 + below(&b->r, due - issued - 1);
	if (day > s->end)
		goto open;
	if (cents >= 200 && chance(&b->r, 6)) {
		first = cents * (30 + below(&b->r, 41)) / 100;
		day2 = day + 10 + below(&b->r, 30);
		put_payment(s, b, c, cid, invoice, day, first);
		left -= first;
		if (day2 > s->end)
			goto open;
		put_payment(s, b, c, cid, invoice, day2, left);
		day = day2;
	} else {
		int oldest = *clear != STILL_OPEN && day > *clear && chance(&b->r, 8);

		put_payment(s, b, c, cid, oldest ? NULL : invoice, day, cents);
	}
	if (*clear != STILL_OPEN && day > *clear)
		*clear = day;
	return;
open:
	c->unpaid += left;
	if (due < c->oldest_due)
		c->oldest_due = due;
	*clear = STILL_OPEN;
}

/* Returns a month's invoice amount in cents: around the scale, 2% credit notes. */
static long long
invoice_amount(struct rng *r, long long scale)
{
	long long cents = scale * (85 + below(r, 31)) / 100;

	if (chance(r, 25))
		cents = cents / 100 * 100;
	if (cents < 100)
		cents = 100;
	if (chance(r, 2)) {
		cents = -(cents * (5 + below(r, 26)) / 100);
		if (cents == 0)
			cents = -100;
	}
	return cents;
}

static const char *const invoice_bad_kinds[] = {
	"bad-date", "bad-amount", "unknown-customer", "short-row", "due-before-issue"
};

/* Writes bad invoice row k (each breaks one rule) for customer cid. */
static void
bad_invoice(struct sample *s, struct out *o, size_t k, const char *cid)
{
	char id[32], period[DAY_BUFSZ], issued[DAY_BUFSZ], due[DAY_BUFSZ];
	long day = s->end - 40;
	const char *f[6];

	snprintf(id, sizeof id, "IBAD%02zu", k + 1);
	day_iso(day, issued);
	memcpy(period, issued, 7);
	period[7] = '\0';
	f[0] = id; f[1] = cid; f[2] = period; f[3] = issued;
	f[4] = day_iso(day + 20, due); f[5] = "100.00";
	switch (k) {
	case 0: f[3] = "2026-02-30"; f[2] = "2026-02"; break;
	case 1: f[5] = "12,5"; break;
	case 2: f[1] = "C9999999"; break;
	case 3: break;	/* short: only 4 fields */
	default: day_iso(day - 10, due); break;
	}
	put_bad_row(s, o, f, k == 3 ? 4 : 6, invoice_bad_kinds[k]);
}

static const char *const payment_bad_kinds[] = {
	"bad-date", "bad-amount", "unknown-customer", "short-row", "zero-amount", "unknown-invoice"
};

/* Writes bad payment row k (each breaks one rule) for customer cid. */
static void
bad_payment(struct sample *s, struct out *o, size_t k, const char *cid)
{
	char id[32], paid[DAY_BUFSZ];
	const char *f[6];

	snprintf(id, sizeof id, "PBAD%02zu", k + 1);
	f[0] = id; f[1] = cid; f[2] = NULL; f[3] = day_iso(s->end - 3, paid);
	f[4] = "50.00"; f[5] = "cash";
	switch (k) {
	case 0: f[3] = "2026-02-30"; break;
	case 1: f[4] = "12,5"; break;
	case 2: f[1] = "C9999999"; break;
	case 3: break;	/* short: only 4 fields */
	case 4: f[4] = "0.00"; break;
	default: f[2] = "I999999999"; break;
	}
	put_bad_row(s, o, f, k == 3 ? 4 : 6, payment_bad_kinds[k]);
}

/* Writes customer i's invoices for the 12 months ending at --end's month, and their payments. */
static void
bill_customer(struct sample *s, struct billing *b, long i)
{
	struct customer *c = &s->cust[i];
	char cid[32], id[32], period[DAY_BUFSZ], issued[DAY_BUFSZ], due[DAY_BUFSZ], amount[32];
	long ey, em, ed, back, clear = LONG_MIN;

	id_text(cid, "C", 7, i + 1);
	civil_from_days(s->end, &ey, &em, &ed);
	for (back = MONTHS - 1; back >= 0; back--) {
		long mi = ey * 12 + em - 1 - back, y = mi / 12, m = mi % 12 + 1;
		long day = days_from_civil(y, m, 5);
		long long cents;
		const char *f[6];

		if (day > s->end)	/* this month's bill is not out yet */
			continue;
		cents = invoice_amount(&b->r, c->scale);
		memcpy(period, day_iso(day, period), 7);
		period[7] = '\0';
		f[0] = id_text(id, "I", 9, ++b->next_invoice);
		f[1] = cid; f[2] = period;
		f[3] = day_iso(day, issued); f[4] = day_iso(day + 20, due);
		f[5] = money(cents, amount);
		put_row(s, &b->inv, f, COUNT(f));
		if (cents > 0)
			pay_invoice(s, b, c, cid, id, day, day + 20, cents, &clear);
	}
}

/* Writes invoices.csv and payments.csv. */
static void
write_billing(struct sample *s)
{
	static const char *const ih[] = { "invoice_id", "customer_id", "period", "issued_on",
	    "due_on", "amount" };
	static const char *const ph[] = { "payment_id", "customer_id", "invoice_id", "paid_on",
	    "amount", "method" };
	struct billing b = { .r = rng_stream(s->seed, 1) };
	char cid[32];
	long i;
	size_t k;

	out_open(s, &b.inv, "invoices.csv", 1);
	out_open(s, &b.pay, "payments.csv", 2);
	put_row(s, &b.inv, ih, COUNT(ih));
	put_row(s, &b.pay, ph, COUNT(ph));
	for (i = 0; i < s->n; i++) {
		bill_customer(s, &b, i);
		id_text(cid, "C", 7, i + 1);
		for (k = 0; k < COUNT(invoice_bad_kinds); k++)
			if (bad_goes_after(s, k, COUNT(invoice_bad_kinds), i))
				bad_invoice(s, &b.inv, k, cid);
		for (k = 0; k < COUNT(payment_bad_kinds); k++)
			if (bad_goes_after(s, k, COUNT(payment_bad_kinds), i))
				bad_payment(s, &b.pay, k, cid);
	}
	out_close(&b.inv);
	out_close(&b.pay);
}

/* ---- complaints ---- */

static const char *const complaint_bad_kinds[] = {
	"bad-date", "unknown-customer", "short-row", "bad-severity", "closed-before-opened"
};

/* Writes bad complaint row k (each breaks one rule) for customer cid. */
static void
bad_complaint(struct sample *s, struct out *o, size_t k, const char *cid)
{
	char id[32], opened[DAY_BUFSZ], closed[DAY_BUFSZ];
	const char *f[8];

	snprintf(id, sizeof id, "KBAD%02zu", k + 1);
	f[0] = id; f[1] = cid; f[2] = day_iso(s->end - 20, opened); f[3] = "phone";
	f[4] = "billing"; f[5] = "2"; f[6] = day_iso(s->end - 15, closed); f[7] = "yes";
	switch (k) {
	case 0: f[2] = "2026-02-30"; f[6] = NULL; break;
	case 1: f[1] = "C9999999"; break;
	case 2: break;	/* short: only 5 fields */
	case 3: f[5] = "7"; break;
	default: day_iso(s->end - 25, closed); break;
	}
	put_bad_row(s, o, f, k == 2 ? 5 : 8, complaint_bad_kinds[k]);
}

/* Writes one complaint of customer cid, opened within the last year; some still open. */
static void
put_complaint(struct sample *s, struct out *o, struct rng *r, const char *cid, long *serial)
{
	char id[32], opened[DAY_BUFSZ], closed[DAY_BUFSZ], sev[24];
	long open_day = s->end - below(r, 365), close_day;
	size_t severity = 1 + pick_weighted(r, severity_weights, COUNT(severity_weights));
	int still_open;
	const char *f[8];

	close_day = open_day + below(r, 3 + 10 * (long)severity);
	still_open = chance(r, open_day > s->end - 30 ? 40 : 6) || close_day > s->end;
	snprintf(sev, sizeof sev, "%zu", severity);
	f[0] = id_text(id, "K", 8, ++*serial);
	f[1] = cid;
	f[2] = day_iso(open_day, opened);
	f[3] = PICK(r, complaint_channels);
	f[4] = categories[pick_weighted(r, category_weights, COUNT(category_weights))];
	f[5] = sev;
	f[6] = still_open ? NULL : day_iso(close_day, closed);
	f[7] = chance(r, 70) ? "yes" : "no";
	put_row(s, o, f, COUNT(f));
}

/* Writes complaints.csv: about a quarter of the customers complain, lax payers more often. */
static void
write_complaints(struct sample *s)
{
	static const char *const h[] = { "complaint_id", "customer_id", "opened_on", "channel",
	    "category", "severity", "closed_on", "valid" };
	struct rng r = rng_stream(s->seed, 2);
	char cid[32];
	struct out o;
	long i, serial = 0, n, j;
	size_t k;

	out_open(s, &o, "complaints.csv", 3);
	put_row(s, &o, h, COUNT(h));
	for (i = 0; i < s->n; i++) {
		id_text(cid, "C", 7, i + 1);
		n = 0;
		if (chance(&r, 20 + (100 - s->cust[i].habit) / 5)) {
			n = 1 + below(&r, 2);
			n += chance(&r, 15);
		}
		for (j = 0; j < n; j++)
			put_complaint(s, &o, &r, cid, &serial);
		for (k = 0; k < COUNT(complaint_bad_kinds); k++)
			if (bad_goes_after(s, k, COUNT(complaint_bad_kinds), i))
				bad_complaint(s, &o, k, cid);
	}
	out_close(&o);
}

/* ---- visits ---- */

static const char *const visit_bad_kinds[] = { "bad-date", "unknown-customer", "short-row" };

/* Writes bad visit row k (each breaks one rule) for customer cid. */
static void
bad_visit(struct sample *s, struct out *o, size_t k, const char *cid)
{
	char id[32], day[DAY_BUFSZ];
	const char *f[5];

	snprintf(id, sizeof id, "VBAD%02zu", k + 1);
	f[0] = id; f[1] = cid; f[2] = day_iso(s->end - 7, day); f[3] = "phone"; f[4] = outcomes[0];
	if (k == 0)
		f[2] = "2026-02-30";
	else if (k == 1)
		f[1] = "C9999999";
	put_bad_row(s, o, f, k == 2 ? 2 : 5, visit_bad_kinds[k]);
}

/* Writes visits.csv: up to three return visits per customer within the last year. */
static void
write_visits(struct sample *s)
{
	static const char *const h[] = { "visit_id", "customer_id", "visited_on", "channel", "outcome" };
	struct rng r = rng_stream(s->seed, 3);
	char cid[32], id[32], day[DAY_BUFSZ];
	struct out o;
	long i, serial = 0, n, j;
	size_t k;

	out_open(s, &o, "visits.csv", 4);
	put_row(s, &o, h, COUNT(h));
	for (i = 0; i < s->n; i++) {
		id_text(cid, "C", 7, i + 1);
		for (j = 0, n = below(&r, 4); j < n; j++) {
			const char *f[5];

			f[0] = id_text(id, "V", 8, ++serial);
			f[1] = cid;
			f[2] = day_mixed(&r, 3, s->end - below(&r, 365), day);
			f[3] = PICK(&r, visit_channels);
			f[4] = s->cust[i].unpaid > 0 && chance(&r, 40) ? outcomes[4] : PICK(&r, outcomes);
			put_row(s, &o, f, COUNT(f));
		}
		for (k = 0; k < COUNT(visit_bad_kinds); k++)
			if (bad_goes_after(s, k, COUNT(visit_bad_kinds), i))
				bad_visit(s, &o, k, cid);
	}
	out_close(&o);
}

/* ---- survey responses ---- */

static const char *const response_bad_kinds[] = {
	"bad-date", "unknown-customer", "short-row", "bad-score"
};

/* Writes bad response row k (each breaks one rule) for customer cid. */
static void
bad_response(struct sample *s, struct out *o, size_t k, const char *cid)
{
	char id[32], day[DAY_BUFSZ];
	const char *f[6];

	snprintf(id, sizeof id, "RBAD%02zu", k + 1);
	f[0] = id; f[1] = cid; f[2] = "servqual"; f[3] = day_iso(s->end - 10, day);
	f[4] = "P07"; f[5] = "5";
	switch (k) {
	case 0: f[3] = "2026-02-30"; break;
	case 1: f[1] = "C9999999"; break;
	case 2: break;	/* short: only 5 fields */
	default: f[5] = "n/a"; break;
	}
	put_bad_row(s, o, f, k == 2 ? 5 : 6, response_bad_kinds[k]);
}

/* Writes one answer (one row) of a survey response. */
static void
put_answer(struct sample *s, struct out *o, const char *rid, const char *cid,
    const char *day, const char *item, long score)
{
	char sc[24];
	const char *f[6] = { rid, cid, "servqual", day, item, sc };

	snprintf(sc, sizeof sc, "%ld", score);
	put_row(s, o, f, COUNT(f));
}

/*
 * Writes one SERVQUAL response of customer cid: E01..E22 and P01..P22
 * (1-7), NPS (0-10) and CSAT (1-5); 'mood' (-2..2) moves perceptions.
 */
static void
put_response(struct sample *s, struct out *o, struct rng *r, const char *cid,
    long *serial, long mood)
{
	char rid[32], day[DAY_BUFSZ], item[24];
	long k, e, p, psum = 0;

	id_text(rid, "R", 8, ++*serial);
	day_iso(s->end - below(r, 365), day);
	for (k = 1; k <= 22; k++) {
		e = 5 + below(r, 3);
		e = clamp(e - chance(r, 10), 1, 7);
		p = clamp(e - 1 + mood + below(r, 3) - (k >= 5 && k <= 9 && mood < 0), 1, 7);
		psum += p;
		snprintf(item, sizeof item, "E%02ld", k);
		put_answer(s, o, rid, cid, day, item, e);
		snprintf(item, sizeof item, "P%02ld", k);
		put_answer(s, o, rid, cid, day, item, p);
	}
	/* mean perception 1..7 maps to NPS around 0..10 and CSAT 1..5 */
	put_answer(s, o, rid, cid, day, "NPS", clamp((psum * 10 / 22 - 10) / 6 + below(r, 3) - 1, 0, 10));
	put_answer(s, o, rid, cid, day, "CSAT", clamp((psum * 4 / 22 + 4) / 6 + below(r, 2), 1, 5));
}

/* Writes responses.csv: about 30% of the customers answered the survey, a few twice. */
static void
write_responses(struct sample *s)
{
	static const char *const h[] = { "response_id", "customer_id", "survey", "answered_on",
	    "item", "score" };
	struct rng r = rng_stream(s->seed, 4);
	char cid[32];
	struct out o;
	long i, serial = 0, mood;
	size_t k;

	out_open(s, &o, "responses.csv", 5);
	put_row(s, &o, h, COUNT(h));
	for (i = 0; i < s->n; i++) {
		id_text(cid, "C", 7, i + 1);
		if (chance(&r, 30)) {
			mood = clamp(below(&r, 5) - 2 - (s->cust[i].habit < 50), -2, 2);
			put_response(s, &o, &r, cid, &serial, mood);
			if (chance(&r, 10))
				put_response(s, &o, &r, cid, &serial, mood);
		}
		for (k = 0; k < COUNT(response_bad_kinds); k++)
			if (bad_goes_after(s, k, COUNT(response_bad_kinds), i))
				bad_response(s, &o, k, cid);
	}
	out_close(&o);
}

/* ---- payment promises ---- */

static const char *const promise_bad_kinds[] = {
	"bad-date", "bad-amount", "unknown-customer", "short-row", "due-before-made"
};

/* Writes bad promise row k (each breaks one rule) for customer cid. */
static void
bad_promise(struct sample *s, struct out *o, size_t k, const char *cid)
{
	char id[32], made[DAY_BUFSZ], due[DAY_BUFSZ];
	const char *f[5];

	snprintf(id, sizeof id, "QBAD%02zu", k + 1);
	f[0] = id; f[1] = cid; f[2] = day_iso(s->end - 5, made);
	f[3] = day_iso(s->end + 10, due); f[4] = "500.00";
	switch (k) {
	case 0: f[2] = "2026-02-30"; break;
	case 1: f[4] = "12,5"; break;
	case 2: f[1] = "C9999999"; break;
	case 3: break;	/* short: only 3 fields */
	default: day_iso(s->end - 8, due); break;
	}
	put_bad_row(s, o, f, k == 3 ? 3 : 5, promise_bad_kinds[k]);
}

/* Writes one promise row: made on 'made', due 'due', for 'cents' (> 0). */
static void
put_promise(struct sample *s, struct out *o, const char *cid, long *serial,
    long made, long due, long long cents)
{
	char id[32], m[DAY_BUFSZ], d[DAY_BUFSZ], amount[32];
	const char *f[5];

	f[0] = id_text(id, "Q", 8, ++*serial);
	f[1] = cid;
	f[2] = day_iso(made, m);
	f[3] = day_iso(due, d);
	f[4] = money(cents, amount);
	put_row(s, o, f, COUNT(f));
}

/*
 * Writes customer c's promises: a recent promise to pay all or half of
 * what is owed, sometimes after an earlier one that was broken.  Every
 * promise is made after the oldest unpaid invoice fell due, if it can be.
 */
static void
promise_customer(struct sample *s, struct out *o, struct rng *r, const struct customer *c,
    const char *cid, long *serial)
{
	long made = s->end - below(r, 30), first, due;
	long long half = c->unpaid / 2 / 100 * 100;

	if (made <= c->oldest_due)
		made = c->oldest_due + 1 > s->end ? s->end : c->oldest_due + 1;
	first = made - 30 - below(r, 30);
	if (chance(r, 30) && first > c->oldest_due)
		put_promise(s, o, cid, serial, first, first + 7 + below(r, 14), c->unpaid);
	due = made + 7 + below(r, 24);
	put_promise(s, o, cid, serial, made, due, chance(r, 60) || half < 100 ? c->unpaid : half);
}

/* Writes promises.csv: about half of the customers who owe money promised to pay. */
static void
write_promises(struct sample *s)
{
	static const char *const h[] = { "promise_id", "customer_id", "made_on", "due_on", "amount" };
	struct rng r = rng_stream(s->seed, 5);
	char cid[32];
	struct out o;
	long i, serial = 0;
	size_t k;

	out_open(s, &o, "promises.csv", 6);
	put_row(s, &o, h, COUNT(h));
	for (i = 0; i < s->n; i++) {
		id_text(cid, "C", 7, i + 1);
		if (s->cust[i].unpaid > 0 && chance(&r, 50))
			promise_customer(s, &o, &r, &s->cust[i], cid, &serial);
		for (k = 0; k < COUNT(promise_bad_kinds); k++)
			if (bad_goes_after(s, k, COUNT(promise_bad_kinds), i))
				bad_promise(s, &o, k, cid);
	}
	out_close(&o);
}

/* ---- bad-rows.csv ---- */

/* Orders bad rows by file, then line (for qsort). */
static int
bad_cmp(const void *a, const void *b)
{
	const struct bad_entry *x = a, *y = b;

	if (x->file_no != y->file_no)
		return x->file_no < y->file_no ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Writes OUTDIR/bad-rows.csv: file,line,kind for every bad row (just the
 * header without --bad).  Always UTF-8 (it is ASCII) with LF endings.
 */
static void
write_bad_rows(struct sample *s)
{
	struct out o;
	size_t i;

	qsort(s->bads, s->nbads, sizeof s->bads[0], bad_cmp);
	out_open(s, &o, "bad-rows.csv", 7);
	out_write(&o, "file,line,kind\n", 15);
	for (i = 0; i < s->nbads; i++)
		if (fprintf(o.fp, "%s,%ld,%s\n", s->bads[i].file, s->bads[i].line, s->bads[i].kind) < 0)
			die(EXIT_IO, "%s: write error: %s", o.path, strerror(errno));
	out_close(&o);
}

/* ---- command line ---- */

/* Prints the usage on stdout and exits 0. */
static void
usage(void)
{
	fputs("usage: cs-sample [-n CUSTOMERS] [--seed S] [--bad] [--encoding utf-8|gb18030]\n"
	    "                 [--end YYYY-MM-DD] OUTDIR\n"
	    "Writes a sample data set for cs-import into OUTDIR (created if missing):\n"
	    "customers, invoices, payments, complaints, visits, responses and promises .csv.\n"
	    "  -n, --customers N   number of customers, 1-1000000 (default 200)\n"
	    "      --seed S        random seed, 0-9223372036854775807 (default 1); the same\n"
	    "                      arguments always give the same bytes\n"
	    "      --bad           add a few rows cs-import must reject to every file but\n"
	    "                      customers.csv, listed in OUTDIR/bad-rows.csv (file,line,kind)\n"
	    "      --encoding E    utf-8 (default; LF, no BOM) or gb18030 (CRLF, as Excel saves)\n"
	    "      --end DATE      last day covered, YYYY-MM-DD (default 2026-10-31): a year\n"
	    "                      of monthly invoices ends in its month\n"
	    "  -h, --help          show this help\n", stdout);
	exit(0);
}

/* Parses a whole decimal number in [min, max] for option opt; exits 2 if it is not one. */
static long long
parse_number(const char *opt, const char *text, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		die(EXIT_USAGE, "%s %s: not a number", opt, text);
	v = strtoll(text, &end, 10);
	if (*end != '\0')
		die(EXIT_USAGE, "%s %s: not a number", opt, text);
	if (errno == ERANGE || v < min || v > max)
		die(EXIT_USAGE, "%s %s: out of range (%lld-%lld)", opt, text, min, max);
	return v;
}

/* Parses --end's YYYY-MM-DD (a real date, years 1910-2998) into a day number; exits 2 if bad. */
static long
parse_end(const char *text)
{
	long y, m, d;
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? text[i] != '-' : text[i] < '0' || text[i] > '9')
			break;
	if (i < 10 || text[10] != '\0')
		die(EXIT_USAGE, "--end %s: not a date (expected YYYY-MM-DD)", text);
	y = strtol(text, NULL, 10);
	m = strtol(text + 5, NULL, 10);
	d = strtol(text + 8, NULL, 10);
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		die(EXIT_USAGE, "--end %s: no such date", text);
	if (y < 1910 || y > 2998)
		die(EXIT_USAGE, "--end %s: year outside 1910-2998", text);
	return days_from_civil(y, m, d);
}

/* Reports a bad option found by getopt_long (opterr is off) and exits 2. */
static void
bad_option(int ch, char *const argv[])
{
	const char *arg = argv[optind - 1];

	if (ch == ':')
		die(EXIT_USAGE, "option %s needs a value (see --help)", arg);
	if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=') != NULL)
		die(EXIT_USAGE, "option %.*s takes no value (see --help)",
		    (int)(strchr(arg, '=') - arg), arg);
	if (strncmp(arg, "--", 2) == 0)
		die(EXIT_USAGE, "unknown or ambiguous option %s (see --help)", arg);
	if (optopt != 0)
		die(EXIT_USAGE, "unknown option -%c (see --help)", optopt);
	die(EXIT_USAGE, "unknown option %s (see --help)", arg);
}

/* Parses the command line into s; exits 0 for --help, 2 for a usage error. */
static void
parse_args(struct sample *s, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "customers", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "bad", no_argument, NULL, 'B' },
		{ "encoding", required_argument, NULL, 'E' },
		{ "end", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":n:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n': s->n = (long)parse_number("-n", optarg, 1, MAX_CUSTOMERS); break;
		case 'S': s->seed = (uint64_t)parse_number("--seed", optarg, 0, INT64_MAX); break;
		case 'B': s->bad = 1; break;
		case 'E':
			if (strcmp(optarg, "utf-8") == 0 || strcmp(optarg, "utf8") == 0)
				s->gb18030 = 0;
			else if (strcmp(optarg, "gb18030") == 0)
				s->gb18030 = 1;
			else
				die(EXIT_USAGE, "--encoding %s: expected utf-8 or gb18030", optarg);
			break;
		case 'D': s->end = parse_end(optarg); break;
		case 'h': usage(); break;
		default: bad_option(ch, argv); break;
		}
	}
	if (argc - optind != 1)
		die(EXIT_USAGE, argc - optind == 0 ? "missing OUTDIR (see --help)"
		    : "too many arguments: expected one OUTDIR (see --help)");
	if (argv[optind][0] == '\0')
		die(EXIT_USAGE, "OUTDIR is empty");
	s->dir = argv[optind];
}

/* Creates directory dir (mode 0755) unless it exists; exits 4 on failure. */
static void
make_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0755) == 0)
		return;
	if (errno != EEXIST)
		die(EXIT_IO, "%s: cannot create directory: %s", dir, strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		die(EXIT_IO, "%s: not a directory", dir);
}

int
main(int argc, char *argv[])
{
	struct sample s = { .n = 200, .seed = 1 };

	s.end = days_from_civil(2026, 10, 31);
	parse_args(&s, argc, argv);
	make_dir(s.dir);
	if (s.gb18030 && (s.cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1)
		die(EXIT_IO, "cannot convert to GB18030: %s", strerror(errno));
	s.cust = xrealloc(NULL, (size_t)s.n * sizeof *s.cust);
	memset(s.cust, 0, (size_t)s.n * sizeof *s.cust);
	write_customers(&s);
	write_billing(&s);
	write_complaints(&s);
	write_visits(&s);
	write_responses(&s);
	write_promises(&s);
	write_bad_rows(&s);
	if (s.gb18030)
		iconv_close(s.cd);
	free(s.cust);
	free(s.row.p);
	free(s.conv.p);
	return 0;
}
