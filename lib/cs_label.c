/*
 * cs_label.c - the built-in Chinese labels of column names and of the
 * words the reports show, in the department's own terms (堵催引追诉,
 * 账龄, 回访, 大客户 ...), and the language of the messages.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "cs_i18n.h"

/* An English name and its Chinese label. */
struct label {
	const char *en, *zh;
};

static const struct label labels[] = {
	/* Customers and their file. */
	{ "customer_id", "客户编号" }, { "name", "客户名称" }, { "kind", "客户类型" },
	{ "region", "地区" }, { "industry", "行业" }, { "manager", "客户经理" },
	{ "phone", "联系电话" }, { "email", "邮箱" }, { "opened_on", "开户日期" },
	{ "credit_limit", "信用额度" }, { "status", "状态" }, { "address", "地址" },
	{ "reg_no", "注册号" }, { "employees", "员工人数" }, { "founded_on", "成立日期" },
	{ "qualification", "资质" }, { "parent_id", "上级集团编号" },
	{ "parent_name", "上级集团" }, { "group_members", "集团成员" },
	{ "level", "密级" }, { "checked_on", "核定日期" }, { "checked_by", "核定人" },
	{ "contact_id", "联系人编号" }, { "role", "职务" }, { "decision_maker", "关键决策人" },
	{ "enterprise", "企业" }, { "individual", "个人" },
	{ "oldest_unpaid_due", "最早欠费到期日" }, { "oldest_unpaid_invoice", "最早欠费账单" },
	{ "overdue", "逾期金额" }, { "field", "字段" }, { "fields", "字段" },
	{ "missing", "缺少" }, { "new", "新增" }, { "changed", "变更" }, { "checked", "核定" },
	{ "closed", "关闭" }, { "purged", "销毁" }, { "change", "变化" },
	{ "match", "匹配项" }, { "matched_id", "匹配客户编号" }, { "matched_name", "匹配客户名称" },
	{ "matched_value", "匹配值" }, { "file", "文件" }, { "line", "行号" },
	{ "days_since", "距今天数" },
	/* Big customers (大客户) and segments. */
	{ "class", "大客户类别" }, { "strategic", "战略" }, { "key", "重要" },
	{ "group", "分组" }, { "high-value", "高值" }, { "regular", "普通" },
	{ "class=group", "集团" }, { "group=group", "集团" }, { "all", "全部" }, { "total", "合计" }, { "model", "模型" }, { "label", "类别" },
	{ "from_label", "原类别" }, { "to_label", "新类别" }, { "rfm", "RFM" },
	{ "abc", "ABC分类" }, { "pyramid", "价值金字塔" }, { "churn", "流失预警" },
	{ "Champions", "冠军客户" }, { "Loyal", "忠诚客户" },
	{ "Potential Loyalist", "潜在忠诚客户" }, { "New", "新客户" },
	{ "Promising", "有潜力客户" }, { "Need Attention", "需关注客户" },
	{ "About To Sleep", "即将沉睡客户" }, { "At Risk", "有流失风险客户" },
	{ "Can't Lose Them", "不能失去的客户" }, { "Hibernating/Lost", "沉睡/流失客户" },
	{ "loyalty", "忠诚度" }, { "Latent", "潜在忠诚" }, { "Spurious", "虚假忠诚" },
	{ "None", "无忠诚" }, { "unknown", "未知" },
	{ "Platinum", "铂金" }, { "Gold", "黄金" }, { "Iron", "铁" }, { "Lead", "铅" },
	{ "drop", "下降" }, { "lost", "流失" }, { "stable", "稳定" }, { "fell", "下降" },
	{ "serious", "严重下降" }, { "flag", "预警" }, { "rank", "排名" },
	{ "base_rank", "基期排名" }, { "revenue", "收入" }, { "base_revenue", "基期收入" },
	{ "revenue_share", "收入占比" }, { "customer_share", "客户占比" },
	{ "change_pct", "变化(%)" }, { "customers", "客户数" }, { "share", "占比(%)" },
	{ "rfm_recency_days", "最近消费天数" }, { "rfm_frequency", "消费频率" },
	{ "rfm_monetary", "消费金额" }, { "rfm_r", "R" }, { "rfm_f", "F" }, { "rfm_m", "M" },
	{ "rfm_cell", "RFM格" }, { "rfm_segment", "RFM分群" }, { "abc_revenue", "ABC收入" },
	{ "abc_cum_share", "ABC累计占比" }, { "abc_class", "ABC类" },
	{ "pyramid_revenue", "金字塔收入" }, { "pyramid_tier", "价值层级" },
	{ "churn_revenue", "本期收入" }, { "churn_prior_revenue", "上期收入" },
	{ "churn_change_pct", "收入变化(%)" }, { "churn_flag", "流失预警" },
	/* Arrears (欠费管理): 账龄, 堵催引追诉. */
	{ "bucket", "账龄" }, { "current", "未到期" }, { "invoices", "账单数" },
	{ "amount", "金额" }, { "measure", "项目" }, { "invoiced", "开票金额" },
	{ "credit_notes", "红字冲销" }, { "paid", "已缴金额" }, { "net_balance", "净余额" },
	{ "open_receivable", "应收余额" }, { "credit_balances", "预存余额" },
	{ "difference", "差额" }, { "month", "月份" }, { "billed", "出账金额" },
	{ "collected", "回收金额" }, { "collection_rate", "回收率(%)" },
	{ "receivable_end", "月末应收" }, { "dso_days", "应收账款周转天数" },
	{ "new_arrears", "新增欠费" }, { "recovered_arrears", "回收欠费" },
	{ "stage", "催缴阶段" }, { "stage_label", "阶段名称" }, { "prevent", "堵" },
	{ "remind", "催" }, { "guide", "引" }, { "pursue", "追" }, { "sue", "诉" },
	{ "entered", "进入" }, { "restored", "恢复" }, { "at_month_end", "月末在册" },
	{ "run_date", "运行日期" }, { "action", "动作" }, { "days_overdue", "逾期天数" },
	{ "balance", "欠费余额" }, { "late_fee", "滞纳金" }, { "oldest_invoice_id", "最早账单号" },
	{ "reason", "原因" }, { "settled", "已结清" }, { "settled_amount", "结清金额" },
	/* Complaints (投诉处理). */
	{ "complaint_id", "投诉编号" }, { "complaints", "投诉数" }, { "category", "投诉类别" },
	{ "channel", "渠道" }, { "billing", "计费" }, { "contract", "合同" },
	{ "delivery", "运输/交付" }, { "quality", "质量" }, { "service", "服务" },
	{ "letter", "信函" }, { "visit", "上门" }, { "web", "网上" },
	{ "valid", "有效投诉" }, { "valid_share", "有效占比(%)" }, { "severity", "严重程度" },
	{ "owner", "首问负责人" }, { "opened_at", "受理时间" }, { "deadline", "处理时限" },
	{ "overdue_hours", "超时小时" }, { "escalate_to", "上报给" }, { "answered", "已答复" },
	{ "answered_on", "答复日期" }, { "answered_within_limit", "按时答复" },
	{ "answered_within_limit_share", "按时答复占比(%)" }, { "closed_on", "结案日期" },
	{ "closed_within_sla_share", "按时结案占比(%)" }, { "open_past_sla", "超时未结" },
	{ "median_days_to_close", "结案天数中位数" }, { "p90_days_to_close", "结案天数P90" },
	{ "median_hours_to_close", "结案小时中位数" }, { "p90_hours_to_close", "结案小时P90" },
	{ "median_hours_to_first_answer", "首次答复小时中位数" },
	{ "repeat_complainers", "重复投诉客户" }, { "reopened", "重新打开" },
	{ "reopenings", "重开次数" }, { "measured", "已计量" },
	{ "unanswered_past_limit", "超时未答复" }, { "first_answer_late", "首次答复超时" },
	{ "first_on", "首次日期" }, { "last_on", "最近日期" }, { "within_limits", "未超时限" },
	{ "within_limits_share", "未超时限占比(%)" }, { "step", "处理步骤" },
	{ "step_late", "超时步骤" }, { "remedy", "补救措施" }, { "approved", "已批准" },
	{ "approved_by", "批准人" }, { "without_approval", "未经批准" },
	{ "return_visit", "回访" }, { "satisfied", "满意" }, { "outcome", "结果" },
	{ "callback", "回电" }, { "subject", "事由" }, { "with_problems", "有问题的" },
	{ "recorded", "登记" }, { "validated", "确认有效" }, { "invalidated", "确认无效" },
	{ "assigned", "分派" }, { "handed-over", "移交" }, { "investigated", "调查" },
	{ "remedy-proposed", "提出方案" }, { "rejected", "驳回" },
	{ "customer-notified", "通知客户" }, { "reviewed", "总结评价" },
	{ "step=closed", "结案" }, { "step=reopened", "重新打开" }, { "none", "无" },
	{ "return", "退货" }, { "exchange", "换货" }, { "repair", "维修" },
	{ "discount", "折扣" }, { "compensation", "赔偿" }, { "supervisor", "主管领导" },
	{ "escalate_to=manager", "经理" }, { "general manager", "总经理" },
	{ "period=current", "本期" }, { "base", "基期" }, { "channel=phone", "电话" },
	{ "channel=email", "邮件" },
	/* Return visits and satisfaction (回访, 满意度). */
	{ "visited_on", "回访日期" }, { "survey", "调查" }, { "responses", "答卷数" },
	{ "servqual", "SERVQUAL差距" }, { "nps", "NPS" }, { "csat", "CSAT" },
	{ "satisfaction", "满意度" }, { "dimension", "维度" }, { "expectation", "期望" },
	{ "perception", "感知" }, { "gap", "差距" }, { "tangibles", "有形性" },
	{ "reliability", "可靠性" }, { "responsiveness", "响应性" }, { "assurance", "保证性" },
	{ "empathy", "移情性" }, { "item", "题项" }, { "score", "得分" },
	{ "period", "期间" }, { "program", "程序" }, { "value", "值" },
	/* The access log (查阅记录). */
	{ "at", "时间" }, { "reader", "查阅人" }, { "grant_id", "批准编号" },
	{ "valid_from", "生效日期" }, { "valid_until", "失效日期" },
	{ "as_of", "截至日期" }, { "from", "自" }, { "to", "至" },
	{ "from_date", "起始日期" }, { "to_date", "截止日期" },
};

/* The columns whose cells are words for people, shown through cs_label. */
static const char *const label_columns[] = {
	"bucket", "measure", "stage", "label", "from_label", "to_label", "class", "group",
	"model", "kind", "flag", "field", "channel", "category", "dimension", "outcome",
	"rfm_segment", "pyramid_tier", "churn_flag", "status", "step", "remedy", "escalate_to",
	"period",
};

/*
 * The records report's "missing" cells list what a record lacks, joined
 * by ", " in this order (cs_report_records.c); each list has its
 * Chinese one, joined by "、", made once (a cell's label must outlive
 * the call).
 */
static const struct label missing_words[] = {
	{ "name", "客户名称" }, { "manager", "客户经理" }, { "phone or contact", "联系电话或联系人" },
	{ "address", "地址" }, { "industry", "行业" }, { "reg_no", "注册号" },
	{ "decision maker", "关键决策人" },
};
#define NMISSING (sizeof missing_words / sizeof *missing_words)
static char missing_zh[1u << NMISSING][128];
static pthread_once_t missing_once = PTHREAD_ONCE_INIT;

/* Makes the Chinese list of every set of missing words (pthread_once). */
static void
make_missing_lists(void)
{
	unsigned mask;
	size_t k;

	for (mask = 1; mask < 1u << NMISSING; mask++)
		for (k = 0; k < NMISSING; k++)
			if (mask & 1u << k) {
				size_t used = strlen(missing_zh[mask]);

				snprintf(missing_zh[mask] + used, sizeof missing_zh[0] - used, "%s%s",
				    used ? "、" : "", missing_words[k].zh);
			}
}

/* Returns the length of word when s starts with it, followed by "," or the end; else 0. */
static size_t
word_at(const char *s, const char *word)
{
	size_t n = strlen(word);

	return strncmp(s, word, n) == 0 && (s[n] == '\0' || s[n] == ',') ? n : 0;
}

/* Returns the Chinese list of a "missing" cell, or NULL when it is not one such list. */
static const char *
missing_list(const char *value)
{
	unsigned mask = 0;
	size_t k = 0, n = 0;

	while (*value != '\0') {
		while (k < NMISSING && (n = word_at(value, missing_words[k].en)) == 0)
			k++;
		if (k == NMISSING)
			return NULL;
		mask |= 1u << k++;
		value += n;
		if (*value == ',' && *++value == ' ')
			value++;
	}
	if (mask == 0 || pthread_once(&missing_once, make_missing_lists) != 0)
		return NULL;
	return missing_zh[mask];
}

int
cs_lang_zh(void)
{
	/* TRANSLATORS: the catalog's language, as cs_lang_zh asks for it: zh in Chinese. */
	return strcmp(_("en"), "zh") == 0;
}

/* Returns the Chinese label of name, or NULL when the table has none. */
static const char *
find(const char *name)
{
	size_t k;

	for (k = 0; k < sizeof labels / sizeof *labels; k++)
		if (strcmp(labels[k].en, name) == 0)
			return labels[k].zh;
	return NULL;
}

const char *
cs_label_zh(const char *name)
{
	const char *zh = find(name);

	return zh != NULL ? zh : name;
}

const char *
cs_label(const char *name)
{
	return cs_lang_zh() ? cs_label_zh(name) : name;
}

/* Returns nonzero when column's cells are words for people. */
static int
label_column(const char *column)
{
	size_t k;

	for (k = 0; k < sizeof label_columns / sizeof *label_columns; k++)
		if (strcmp(label_columns[k], column) == 0)
			return 1;
	return 0;
}

const char *
cs_label_cell(const char *column, const char *value)
{
	char key[96];
	const char *zh;

	if (cs_lang_zh() && strcmp(column, "missing") == 0)
		return (zh = missing_list(value)) != NULL ? zh : value;
	if (!cs_lang_zh() || !label_column(column))
		return value;
	snprintf(key, sizeof key, "%s=%s", column, value);
	zh = find(key);
	return zh != NULL ? zh : cs_label_zh(value);
}
