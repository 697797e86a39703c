/*
 * cs_table.c - the input tables of cs-data(5) and field validation.
 */
#include <stdio.h>
#include <string.h>

#include "cs_complaint_rules.h"
#include "cs_table.h"
#include "cs_i18n.h"
#include "cs_text.h"

static const char *const kinds[] = { "enterprise", "individual", NULL };
static const char *const statuses[] = { "active", "suspended", "closed", "blacklisted", NULL };
static const char *const levels[] = { "secret", "confidential", "top-secret", NULL };
static const char *const retire_roles[] = { "information-owner", "service-manager",
	"general-manager", NULL };
static const char *const categories[] = { "billing", "quality", "service", "delivery", "contract", NULL };

/* The Chinese words of Chinese exports for the values above: word, value, ... (cs-data(5)). */
static const char *const kind_words[] = { "企业", "enterprise", "公司", "enterprise",
	"单位", "enterprise", "个人", "individual", NULL };
static const char *const status_words[] = { "正常", "active", "在用", "active",
	"停机", "suspended", "暂停", "suspended", "欠费停机", "suspended",
	"销户", "closed", "拆机", "closed", "注销", "closed", "黑名单", "blacklisted", NULL };
static const char *const category_words[] = { "计费", "billing", "账务", "billing",
	"话费", "billing", "收费", "billing", "账单", "billing", "质量", "quality",
	"网络质量", "quality", "服务", "service", "服务态度", "service", "配送", "delivery",
	"送货", "delivery", "物流", "delivery", "运输", "delivery", "合同", "contract", NULL };
static const char *const step_words[] = { "登记", "recorded", "受理", "recorded",
	"记录", "recorded", "有效", "validated", "确认有效", "validated", "无效", "invalidated",
	"确认无效", "invalidated", "分派", "assigned", "指派", "assigned", "派单", "assigned",
	"移交", "handed-over", "转交", "handed-over", "调查", "investigated",
	"查明原因", "investigated", "处理方案", "remedy-proposed", "提出方案", "remedy-proposed",
	"批准", "approved", "同意", "approved", "批示", "approved", "驳回", "rejected",
	"不同意", "rejected", "通知客户", "customer-notified", "答复客户", "customer-notified",
	"答复", "customer-notified", "结案", "closed", "办结", "closed", "关闭", "closed",
	"重开", "reopened", "重新打开", "reopened", "总结评价", "reviewed", "评价", "reviewed",
	NULL };
static const char *const level_words[] = { "秘密", "secret", "机密", "confidential",
	"绝密", "top-secret", NULL };
static const char *const retire_role_words[] = { "客户信息负责人", "information-owner",
	"信息负责人", "information-owner", "客服经理", "service-manager",
	"客户服务经理", "service-manager", "总经理", "general-manager", NULL };
static const char *const remedy_words[] = { "退货", "return", "换货", "exchange",
	"维修", "repair", "折价", "discount", "赔偿", "compensation", "无", "none", NULL };

#define ID(n, req, key) { n, n, CS_COL_ID, req, key, NULL, NULL, NULL }
#define COL(n, type, req) { n, n, type, req, 0, NULL, NULL, NULL }
#define MONEY(n, db, type, req) { n, db, type, req, 0, NULL, NULL, NULL }

static const struct cs_column customers[] = {
	ID("customer_id", 1, 1),
	COL("name", CS_COL_TEXT, 1),
	{ "kind", "kind", CS_COL_ENUM, 0, 0, kinds, NULL, kind_words },
	COL("region", CS_COL_TEXT, 0),
	COL("industry", CS_COL_TEXT, 0),
	COL("manager", CS_COL_TEXT, 0),
	COL("phone", CS_COL_TEXT, 0),
	COL("email", CS_COL_EMAIL, 0),
	COL("opened_on", CS_COL_DATE, 0),
	MONEY("credit_limit", "credit_limit_cents", CS_COL_MONEY_NONNEG, 0),
	{ "status", "status", CS_COL_ENUM, 0, 0, statuses, "active", status_words },
	ID("parent_id", 0, 0),
	COL("reg_no", CS_COL_TEXT, 0),
	COL("address", CS_COL_TEXT, 0),
	COL("employees", CS_COL_COUNT, 0),
	MONEY("yearly_sales", "yearly_sales_cents", CS_COL_MONEY_NONNEG, 0),
	COL("founded_on", CS_COL_DATE, 0),
	COL("qualification", CS_COL_TEXT, 0),
	COL("special_terms", CS_COL_TEXT, 0),
	{ "level", "level", CS_COL_ENUM, 0, 0, levels, NULL, level_words },
	COL("checked_on", CS_COL_DATE, 0),
	COL("checked_by", CS_COL_TEXT, 0),
};

/* A customer's contact persons and key decision makers. */
static const struct cs_column contacts[] = {
	ID("contact_id", 1, 1),
	ID("customer_id", 1, 0),
	COL("name", CS_COL_TEXT, 1),
	COL("role", CS_COL_TEXT, 0),
	COL("decision_maker", CS_COL_BOOL, 0),
	COL("phone", CS_COL_TEXT, 0),
	COL("email", CS_COL_EMAIL, 0),
};

/* An approval to see above one's clearance (cs-access(5)): customer_id empty is every customer. */
static const struct cs_column access_grants[] = {
	ID("grant_id", 1, 1),
	COL("reader", CS_COL_TEXT, 1),
	ID("customer_id", 0, 0),
	{ "level", "level", CS_COL_ENUM, 1, 0, levels, NULL, level_words },
	COL("approved_by", CS_COL_TEXT, 1),
	COL("valid_from", CS_COL_DATE, 1),
	COL("valid_until", CS_COL_DATE, 1),
	COL("reason", CS_COL_TEXT, 1),
};

/* The approvals that retiring a customer's personal data needs: key (customer_id, role). */
static const struct cs_column retirement_approvals[] = {
	ID("customer_id", 1, 1),
	{ "role", "role", CS_COL_ENUM, 1, 1, retire_roles, NULL, retire_role_words },
	COL("approved_by", CS_COL_TEXT, 1),
	COL("approved_on", CS_COL_DATE, 1),
};

static const struct cs_column invoices[] = {
	ID("invoice_id", 1, 1),
	ID("customer_id", 1, 0),
	COL("period", CS_COL_PERIOD, 0),
	COL("issued_on", CS_COL_DATE, 1),
	COL("due_on", CS_COL_DATE, 1),
	MONEY("amount", "amount_cents", CS_COL_MONEY, 1),
};

static const struct cs_column payments[] = {
	ID("payment_id", 1, 1),
	ID("customer_id", 1, 0),
	ID("invoice_id", 0, 0),
	COL("paid_on", CS_COL_DATE, 1),
	MONEY("amount", "amount_cents", CS_COL_MONEY_POSITIVE, 1),
	COL("method", CS_COL_TEXT, 0),
	COL("bounced_on", CS_COL_DATE, 0),
};

static const struct cs_column complaints[] = {
	ID("complaint_id", 1, 1),
	ID("customer_id", 1, 0),
	COL("opened_on", CS_COL_DATE, 1),
	COL("channel", CS_COL_TEXT, 0),
	{ "category", "category", CS_COL_OPEN_ENUM, 0, 0, categories, NULL, category_words },
	COL("severity", CS_COL_SEVERITY, 0),
	COL("closed_on", CS_COL_DATE, 0),
	COL("valid", CS_COL_BOOL, 0),
	COL("subject", CS_COL_TEXT, 0),
	COL("demand", CS_COL_TEXT, 0),
	COL("description", CS_COL_TEXT, 0),
	COL("owner", CS_COL_TEXT, 0),
};

/* What happened to a complaint, and when: key (complaint_id, at, step). */
static const struct cs_column complaint_events[] = {
	ID("complaint_id", 1, 1),
	{ "at", "at", CS_COL_DATETIME, 1, 1, NULL, NULL, NULL },
	{ "step", "step", CS_COL_ENUM, 1, 1, cs_cstep_names, NULL, step_words },
	COL("actor", CS_COL_TEXT, 0),
	COL("assignee", CS_COL_TEXT, 0),
	{ "remedy", "remedy", CS_COL_ENUM, 0, 0, cs_remedy_names, NULL, remedy_words },
	MONEY("amount", "amount_cents", CS_COL_MONEY_NONNEG, 0),
	COL("approved_by", CS_COL_TEXT, 0),
	COL("note", CS_COL_TEXT, 0),
};

static const struct cs_column visits[] = {
	ID("visit_id", 1, 1),
	ID("customer_id", 1, 0),
	COL("visited_on", CS_COL_DATE, 1),
	COL("channel", CS_COL_TEXT, 0),
	COL("outcome", CS_COL_TEXT, 0),
};

static const struct cs_column responses[] = {
	ID("response_id", 1, 1),
	ID("customer_id", 1, 0),
	COL("survey", CS_COL_TEXT, 1),
	COL("answered_on", CS_COL_DATE, 1),
	ID("item", 1, 1),
	COL("score", CS_COL_NUMBER, 1),
};

static const struct cs_column promises[] = {
	ID("promise_id", 1, 1),
	ID("customer_id", 1, 0),
	COL("made_on", CS_COL_DATE, 1),
	COL("due_on", CS_COL_DATE, 1),
	MONEY("amount", "amount_cents", CS_COL_MONEY_POSITIVE, 1),
};

#define NCOLS(a) ((int)(sizeof (a) / sizeof (a)[0]))

static const struct cs_table tables[] = {
	{ "customers", customers, NCOLS(customers), -1, -1, -1, { -1, -1 } },
	{ "invoices", invoices, NCOLS(invoices), 1, -1, -1, { 3, 4 } },
	{ "payments", payments, NCOLS(payments), 1, 2, -1, { 3, 6 } },
	{ "complaints", complaints, NCOLS(complaints), 1, -1, -1, { 2, 6 } },
	{ "visits", visits, NCOLS(visits), 1, -1, -1, { -1, -1 } },
	{ "responses", responses, NCOLS(responses), 1, -1, -1, { -1, -1 } },
	{ "promises", promises, NCOLS(promises), 1, -1, -1, { 2, 3 } },
	{ "complaint_events", complaint_events, NCOLS(complaint_events), -1, -1, 0, { -1, -1 } },
	{ "contacts", contacts, NCOLS(contacts), 1, -1, -1, { -1, -1 } },
	{ "access_grants", access_grants, NCOLS(access_grants), 2, -1, -1, { 5, 6 } },
	{ "retirement_approvals", retirement_approvals, NCOLS(retirement_approvals), 0, -1, -1,
	    { -1, -1 } },
};

int
cs_column_is_money(const struct cs_column *c)
{
	return c->type == CS_COL_MONEY || c->type == CS_COL_MONEY_POSITIVE ||
	    c->type == CS_COL_MONEY_NONNEG;
}

const struct cs_table *
cs_table_at(int i)
{
	return i >= 0 && i < NCOLS(tables) ? &tables[i] : NULL;
}

const struct cs_table *
cs_table_find(const char *name)
{
	const struct cs_table *t;
	int i;

	for (i = 0; (t = cs_table_at(i)) != NULL; i++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

int
cs_table_column(const struct cs_table *t, const char *s, size_t len)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (cs_equal_nocase(s, len, t->cols[i].name))
			return i;
	return -1;
}

/* Stores text s[0..len) in v. */
static void
set_text(struct cs_value *v, const char *s, size_t len)
{
	v->kind = CS_VAL_TEXT;
	v->s = s;
	v->len = len;
}

/* Stores an integer in v. */
static void
set_int(struct cs_value *v, int64_t i)
{
	v->kind = CS_VAL_INT;
	v->i = i;
}

/*
 * Validates an id: 1-64 characters, no control characters, and no
 * invisible ones that would make a key look like another.
 */
static const char *
parse_id(const char *s, size_t len, struct cs_value *v)
{
	static _Thread_local char why[80];
	unsigned long c;

	if (cs_has_control(s, len))
		return N_("id holds a control character");
	if ((c = cs_invisible_char(s, len)) != 0) {
		snprintf(why, sizeof why, _("id holds the invisible character U+%04lX"), c);
		return why;
	}
	if (cs_utf8_count(s, len) > 64)
		return N_("id longer than 64 characters");
	set_text(v, s, len);
	return NULL;
}

/* Validates an email address: one @ with text on both sides, no spaces. */
static const char *
parse_email(const char *s, size_t len, struct cs_value *v)
{
	const char *at = memchr(s, '@', len);

	if (at == NULL || at == s || at == s + len - 1 ||
	    memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL ||
	    memchr(s, ' ', len) != NULL || cs_has_control(s, len))
		return N_("not an email address");
	set_text(v, s, len);
	return NULL;
}

/*
 * Finds s among the column's values (ASCII case ignored) or its other
 * words for them; returns the value or NULL.
 */
static const char *
match_value(const struct cs_column *c, const char *s, size_t len)
{
	const char *const *v;

	for (v = c->values; *v != NULL; v++)
		if (cs_equal_nocase(s, len, *v))
			return *v;
	for (v = c->aliases; v != NULL && *v != NULL; v += 2)
		if (cs_equal_nocase(s, len, v[0]))
			return v[1];
	return NULL;
}

/* Validates an enum field against the column's list. */
static const char *
parse_enum(const struct cs_column *c, const char *s, size_t len, struct cs_value *v)
{
	static _Thread_local char expected[256];
	const char *canon = match_value(c, s, len);
	const char *const *p;

	if (canon != NULL) {
		set_text(v, canon, strlen(canon));
		return NULL;
	}
	if (c->type == CS_COL_OPEN_ENUM) {
		if (cs_has_control(s, len))
			return N_("text holds a control character");
		set_text(v, s, len);
		return NULL;
	}
	snprintf(expected, sizeof expected, "%s", _("expected one of"));
	for (p = c->values; *p != NULL; p++) {
		strncat(expected, p == c->values ? " " : ", ", sizeof expected - strlen(expected) - 1);
		strncat(expected, *p, sizeof expected - strlen(expected) - 1);
	}
	return expected;
}

/* Validates a money field into cents, with the column's sign rule. */
static const char *
parse_money(const struct cs_column *c, const char *s, size_t len, struct cs_value *v)
{
	const char *why;
	int64_t cents;

	if ((why = cs_money_parse_wide(s, len, &cents)) != NULL)
		return why;
	if (c->type == CS_COL_MONEY_POSITIVE && cents <= 0)
		return N_("amount must be greater than 0");
	if (c->type == CS_COL_MONEY_NONNEG && cents < 0)
		return N_("amount must not be negative");
	set_int(v, cents);
	return NULL;
}

/* Validates a date, period or date and time into its canonical text in v->buf. */
static const char *
parse_calendar(const struct cs_column *c, const char *s, size_t len, struct cs_value *v)
{
	struct cs_date d;
	const char *why;
	int64_t seconds;

	if (c->type == CS_COL_DATETIME) {
		if ((why = cs_datetime_parse(s, len, &seconds)) != NULL)
			return why;
		cs_datetime_format(seconds, v->buf);
	} else if (c->type == CS_COL_DATE) {
		if ((why = cs_date_time_parse(s, len, &d)) != NULL)
			return why;
		cs_date_format(d, v->buf);
	} else {
		if ((why = cs_period_parse(s, len, &d.year, &d.month)) != NULL)
			return why;
		d.day = 1;
		cs_date_format(d, v->buf);
		v->buf[7] = '\0';	/* YYYY-MM */
	}
	set_text(v, v->buf, strlen(v->buf));
	return NULL;
}

/* Validates the field types that hold numbers other than money. */
static const char *
parse_numeric(const struct cs_column *c, const char *s, size_t len, struct cs_value *v)
{
	const char *why;
	long l;
	int b;

	switch (c->type) {
	case CS_COL_BOOL:
		if ((why = cs_bool_parse(s, len, &b)) != NULL)
			return why;
		set_int(v, b);
		return NULL;
	case CS_COL_SEVERITY:
		if (cs_int_parse(s, len, 1, 3, &l) != NULL)
			return N_("not a severity (expected 1, 2 or 3)");
		set_int(v, l);
		return NULL;
	case CS_COL_COUNT:
		if (cs_int_parse(s, len, 0, 2000000000, &l) != NULL)
			return N_("not a count (expected a whole number from 0 to 2000000000)");
		set_int(v, l);
		return NULL;
	default:
		if ((why = cs_number_parse(s, len, &v->d)) != NULL)
			return why;
		v->kind = CS_VAL_REAL;
		return NULL;
	}
}

const char *
cs_column_parse(const struct cs_column *c, const char *s, size_t len,
    int null, struct cs_value *v)
{
	v->kind = CS_VAL_NULL;
	if (!null)
		cs_trim(&s, &len);
	if (null || len == 0) {
		if (c->required)
			return N_("required value missing");
		if (c->if_empty != NULL)
			set_text(v, c->if_empty, strlen(c->if_empty));
		return NULL;
	}
	if (cs_utf8_valid_prefix(s, len) != len)
		return N_("invalid byte sequence for the file's encoding");
	switch (c->type) {
	case CS_COL_ID:
		return parse_id(s, len, v);
	case CS_COL_TEXT:
		if (cs_has_control_in_text(s, len))
			return N_("text holds a control character");
		set_text(v, s, len);
		return NULL;
	case CS_COL_EMAIL:
		return parse_email(s, len, v);
	case CS_COL_DATE:
	case CS_COL_DATETIME:
	case CS_COL_PERIOD:
		return parse_calendar(c, s, len, v);
	case CS_COL_MONEY:
	case CS_COL_MONEY_POSITIVE:
	case CS_COL_MONEY_NONNEG:	/* cs_column_is_money */
		return parse_money(c, s, len, v);
	case CS_COL_ENUM:
	case CS_COL_OPEN_ENUM:
		return parse_enum(c, s, len, v);
	default:
		return parse_numeric(c, s, len, v);
	}
}
