/*
 * cs_alias.c - the column names of Chinese billing and CRM exports,
 * mapped to the columns of cs-data(5): one list per input table.  A
 * header cell is compared to them exactly after trimming (ASCII case
 * ignored), once per header, never per row.  cs-data(5) lists them in
 * a table per input table; keep the two in step (tests/50).
 */
#include <string.h>

#include "cs_table.h"
#include "cs_text.h"

/* The names of a customer's id, shared by every table that refers to one. */
#define CUSTOMER_ID "客户编号", "customer_id", "客户号", "customer_id", \
	"用户编号", "customer_id", "客户ID", "customer_id", "客户代码", "customer_id", \
	"客户编码", "customer_id"

/* Each list: another name, the column it means, ...; NULL-terminated. */
static const char *const customers[] = { CUSTOMER_ID,
	"客户名称", "name", "客户名", "name", "单位名称", "name", "公司名称", "name",
	"客户类型", "kind", "客户类别", "kind",
	"地区", "region", "区域", "region", "所属地区", "region", "所属区域", "region",
	"行业", "industry", "所属行业", "industry",
	"客户经理", "manager",
	"联系电话", "phone", "电话", "phone", "手机", "phone", "手机号", "phone",
	"手机号码", "phone",
	"邮箱", "email", "电子邮箱", "email", "电子邮件", "email",
	"开户日期", "opened_on", "入网日期", "opened_on", "开户时间", "opened_on",
	"入网时间", "opened_on",
	"信用额度", "credit_limit", "授信额度", "credit_limit",
	"状态", "status", "客户状态", "status", "用户状态", "status",
	"上级单位编号", "parent_id", "母公司编号", "parent_id", "集团编号", "parent_id",
	"统一社会信用代码", "reg_no", "注册号", "reg_no", "营业执照号", "reg_no",
	"地址", "address", "联系地址", "address", "注册地址", "address",
	"员工人数", "employees", "职工人数", "employees",
	"年销售额", "yearly_sales", "年营业额", "yearly_sales",
	"成立日期", "founded_on",
	"资质", "qualification", "资质等级", "qualification",
	"特殊条款", "special_terms", "特别约定", "special_terms",
	"密级", "level", "保密级别", "level",
	"核查日期", "checked_on", "审核日期", "checked_on",
	"核查人", "checked_by", "审核人", "checked_by", NULL };

static const char *const invoices[] = { CUSTOMER_ID,
	"账单号", "invoice_id", "账单编号", "invoice_id", "发票号", "invoice_id",
	"发票号码", "invoice_id",
	"账期", "period", "账务周期", "period", "计费月份", "period", "账单月份", "period",
	"开票日期", "issued_on", "出账日期", "issued_on", "账单日期", "issued_on",
	"到期日", "due_on", "到期日期", "due_on", "缴费截止日", "due_on",
	"最后缴费日", "due_on",
	"金额", "amount", "应收金额", "amount", "账单金额", "amount", "应缴金额", "amount",
	NULL };

static const char *const payments[] = { CUSTOMER_ID,
	"缴费单号", "payment_id", "流水号", "payment_id", "交易流水号", "payment_id",
	"收款单号", "payment_id",
	"账单号", "invoice_id", "账单编号", "invoice_id", "发票号", "invoice_id",
	"发票号码", "invoice_id",
	"缴费日期", "paid_on", "缴费时间", "paid_on", "付款日期", "paid_on",
	"收款日期", "paid_on", "到账日期", "paid_on",
	"缴费金额", "amount", "金额", "amount", "实收金额", "amount", "付款金额", "amount",
	"缴费方式", "method", "付款方式", "method", "支付方式", "method",
	"退票日期", "bounced_on", "退回日期", "bounced_on", NULL };

static const char *const complaints[] = { CUSTOMER_ID,
	"投诉编号", "complaint_id", "投诉单号", "complaint_id", "工单号", "complaint_id",
	"投诉日期", "opened_on", "投诉时间", "opened_on", "受理日期", "opened_on",
	"登记日期", "opened_on",
	"投诉渠道", "channel", "渠道", "channel",
	"投诉类别", "category", "投诉类型", "category", "类别", "category",
	"严重程度", "severity", "紧急程度", "severity",
	"结案日期", "closed_on", "办结日期", "closed_on", "关闭日期", "closed_on",
	"是否有效", "valid", "有效投诉", "valid",
	"主题", "subject", "投诉主题", "subject", "标题", "subject",
	"诉求", "demand", "客户诉求", "demand",
	"描述", "description", "投诉内容", "description", "问题描述", "description",
	"责任人", "owner", "处理人", "owner", NULL };

static const char *const complaint_events[] = {
	"投诉编号", "complaint_id", "投诉单号", "complaint_id", "工单号", "complaint_id",
	"时间", "at", "处理时间", "at", "发生时间", "at",
	"环节", "step", "处理环节", "step", "步骤", "step",
	"操作人", "actor", "经办人", "actor",
	"接收人", "assignee", "承办人", "assignee",
	"处理方式", "remedy", "处理措施", "remedy", "补救措施", "remedy",
	"金额", "amount", "赔偿金额", "amount",
	"批准人", "approved_by", "审批人", "approved_by",
	"备注", "note", "说明", "note", NULL };

static const char *const visits[] = { CUSTOMER_ID,
	"回访编号", "visit_id", "回访单号", "visit_id", "拜访编号", "visit_id",
	"回访日期", "visited_on", "回访时间", "visited_on", "拜访日期", "visited_on",
	"回访方式", "channel", "渠道", "channel",
	"回访结果", "outcome", "结果", "outcome", NULL };

static const char *const responses[] = { CUSTOMER_ID,
	"答卷编号", "response_id", "问卷编号", "response_id",
	"问卷", "survey", "问卷名称", "survey", "调查名称", "survey",
	"答卷日期", "answered_on", "填写日期", "answered_on", "回复日期", "answered_on",
	"题目", "item", "题号", "item",
	"得分", "score", "分数", "score", "评分", "score", NULL };

static const char *const promises[] = { CUSTOMER_ID,
	"承诺编号", "promise_id", "承诺单号", "promise_id",
	"承诺日期", "made_on",
	"承诺缴费日期", "due_on", "承诺到期日", "due_on", "约定日期", "due_on",
	"承诺金额", "amount", "金额", "amount", NULL };

static const char *const contacts[] = { CUSTOMER_ID,
	"联系人编号", "contact_id",
	"姓名", "name", "联系人", "name", "联系人姓名", "name",
	"职务", "role", "角色", "role", "职位", "role",
	"决策人", "decision_maker", "是否决策人", "decision_maker",
	"联系电话", "phone", "电话", "phone", "手机", "phone", "手机号", "phone",
	"邮箱", "email", "电子邮箱", "email", NULL };

static const char *const access_grants[] = { CUSTOMER_ID,
	"授权编号", "grant_id",
	"查阅人", "reader", "被授权人", "reader",
	"密级", "level",
	"批准人", "approved_by", "审批人", "approved_by",
	"生效日期", "valid_from", "起始日期", "valid_from",
	"失效日期", "valid_until", "截止日期", "valid_until", "有效期至", "valid_until",
	"事由", "reason", "理由", "reason", NULL };

static const char *const retirement_approvals[] = { CUSTOMER_ID,
	"审批角色", "role", "角色", "role",
	"审批人", "approved_by", "批准人", "approved_by",
	"审批日期", "approved_on", "批准日期", "approved_on", NULL };

/* The lists by table name. */
static const struct {
	const char *table;
	const char *const *names;
} lists[] = {
	{ "customers", customers }, { "invoices", invoices }, { "payments", payments },
	{ "complaints", complaints }, { "complaint_events", complaint_events },
	{ "visits", visits }, { "responses", responses }, { "promises", promises },
	{ "contacts", contacts }, { "access_grants", access_grants },
	{ "retirement_approvals", retirement_approvals },
};

/* Returns the list of table t, or NULL when it has none. */
static const char *const *
names_of(const struct cs_table *t)
{
	size_t k;

	for (k = 0; k < sizeof lists / sizeof lists[0]; k++)
		if (strcmp(lists[k].table, t->name) == 0)
			return lists[k].names;
	return NULL;
}

const char *
cs_table_alias_at(const struct cs_table *t, int i, const char **column)
{
	const char *const *names = names_of(t);
	size_t k;
	int n = 0;

	for (k = 0; names != NULL && names[k] != NULL; k += 2, n++)
		if (n == i) {
			*column = names[k + 1];
			return names[k];
		}
	return NULL;
}

int
cs_table_alias(const struct cs_table *t, const char *s, size_t len)
{
	const char *const *names = names_of(t);
	size_t k;

	for (k = 0; names != NULL && names[k] != NULL; k += 2)
		if (cs_equal_nocase(s, len, names[k]))
			return cs_table_column(t, names[k + 1], strlen(names[k + 1]));
	return -1;
}
