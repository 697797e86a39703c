#!/bin/sh
# Messages and reports in the reader's language (issue 16, item 1): the
# C locale stays English byte for byte; LANG=zh_CN.UTF-8 or --lang zh
# gives Chinese help, messages, report titles, column labels and the
# words of the cells (堵催引追诉, 账龄 ...) in text and HTML; CSV column
# names and JSON keys stay the same in every locale, --header zh gives
# Chinese CSV headers.  The Chinese HTML report is rendered in headless
# Chromium and no label may be left in English.  The fixtures are
# tests/24-report.t's, as of 2026-03-10.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

report_fixtures "$db"
for day in 2026-02-01 2026-02-20 2026-03-10; do
	cs-dunning -q -d "$db" --as-of $day >/dev/null 2>>dunning.err
done
R="cs-report -d "$db" --as-of 2026-03-10"

# --- The C locale: English, as before. ---
run $R --format text aging
is_file out "C locale: the aging report's title and labels in English, as before" <<'EOF'
cs-report, as of 2026-03-10

Receivables by age of the invoice (days past due)
group  bucket   customers  invoices    amount  share
all    current          1         1    300.00   5.00
all    1-30             2         2  1,000.00  16.67
all    31-60            4         4  4,700.00  78.33
all    61-90            0         0      0.00   0.00
all    91-180           0         0      0.00   0.00
all    >180             0         0      0.00   0.00

Receivables reconciled with the invoices and payments tables
measure             amount
invoiced         11,000.00
credit_notes          0.00
paid              5,000.00
net_balance       6,000.00
open_receivable   6,000.00
credit_balances       0.00
difference            0.00
EOF
run $R --format xml aging
is_file err "C locale: a usage error in English" <<'EOF'
cs-report: --format xml: expected text, csv, json or html
usage: cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT... (see --help)
EOF
run cs-report --help
sed -n '1p;/-h, --help/p' out >help.txt
is_file help.txt "C locale: --help in English" <<'EOF'
usage: cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT...
  -h, --help             show this help
EOF
run $R --format html aging
grep -c -e '^<h1>cs-report</h1>$' -e '^<p>As of 2026-03-10.</p>$' -e '<th>bucket</th>' out >c.txt
is_file c.txt "C locale: the HTML page's heading, date and labels in English" <<'EOF'
3
EOF
run $R --format csv aging
cp out c.csv
run $R --format json aging collection
jq -c '[.tables[] | .name, .columns]' out >c.keys
run cs-report --lang zh --header zh -d "$db" --as-of 2026-03-10 --format csv aging
sed -n '1p' out >hdr.txt
is_file hdr.txt "--header zh: Chinese CSV headers, whatever the locale" <<'EOF'
分组,账龄,客户数,账单数,金额,占比(%)
EOF
run $R --header zh --format text aging
is_status 2 "--header zh goes with csv only"
run $R --lang fr aging
is_status 2 "--lang fr is a usage error"
is_file err "which names the languages" <<'EOF'
cs-report: --lang fr: expected zh or en
EOF

# --- The catalog: every marked message is in po/cs.pot and translated. ---
SRC=$(cd "$TESTS_DIR/.." && pwd)
if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 &&
	[ -f "$SRC/po/cs.pot" ]; then
	LC_ALL=C msgfmt --check --statistics -o /dev/null "$SRC/po/zh_CN.po" >stats.txt 2>&1
	grep -q '^[1-9][0-9]* translated messages\.$' stats.txt
	ok $? "po/zh_CN.po: every message translated, none fuzzy ($(cat stats.txt))"
	make -s -C "$SRC" pot POT="$T/cs.pot" >/dev/null 2>&1
	grep -v '^"POT-Creation-Date: ' "$SRC/po/cs.pot" >pot.want
	grep -v '^"POT-Creation-Date: ' cs.pot >pot.got 2>/dev/null
	cmp -s pot.want pot.got
	ok $? "make pot: po/cs.pot holds every marked message (only its date differs)"
	cmp -s pot.want pot.got || diff pot.want pot.got | sed 's/^/# /' | head -20
else
	skip "the catalog is complete" "no msgfmt or xgettext (GNU gettext)"
	skip "make pot leaves po/cs.pot as it is" "no msgfmt or xgettext (GNU gettext)"
fi

# --- Chinese: only where the zh_CN.UTF-8 locale exists (install-deps makes it). ---
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	for d in "--help" "messages" "report" "HTML" "Chromium" "configuration errors" \
		"rejects" "dunning reasons"; do
		skip "Chinese $d" "no zh_CN.UTF-8 locale (sh scripts/install-deps.sh test makes it)"
	done
	done_testing
	exit
fi

for prog in cs-import cs-segment cs-dunning cs-survey cs-report; do
	run $prog --lang zh --help
	{ head -1 out | grep -q "^用法: $prog " && grep -q '显示本帮助' out &&
		! grep -q 'show this help' out; }
	ok $? "$prog --lang zh --help is in Chinese"
done
run env -u LC_ALL LANG=zh_CN.UTF-8 cs-dunning --help
cp out lang.txt
run cs-dunning --lang zh --help
cmp -s out lang.txt
ok $? "LANG=zh_CN.UTF-8 gives the same Chinese help as --lang zh"
run env -u LC_ALL LANG=zh_CN.UTF-8 cs-dunning --lang en --help
head -1 out | grep -q '^usage: cs-dunning'
ok $? "--lang en: English under LANG=zh_CN.UTF-8"
run env LANGUAGE=en $R --lang zh --format text aging
sed -n 1p out >l.txt
is_file l.txt "--lang zh: Chinese whatever LANGUAGE says" <<'EOF'
cs-report 管理报表, 截至 2026-03-10
EOF
run env -u LC_ALL LANG=zh_CN.UTF-8 LANGUAGE=en $R --format text aging
sed -n '1p;4p' out >l.txt
is_file l.txt "LANGUAGE=en before LANG=zh_CN.UTF-8: messages and labels both English" <<'EOF'
cs-report, as of 2026-03-10
group  bucket   customers  invoices    amount  share
EOF

# A machine without the zh_CN.UTF-8 locale (a LOCPATH holding only C.utf8):
# the Chinese catalog all the same, through C.UTF-8 and LANGUAGE.
if [ -d /usr/lib/locale/C.utf8 ]; then
	mkdir -p noloc && cp -R /usr/lib/locale/C.utf8 noloc/
	run env -u LC_ALL LOCPATH="$PWD/noloc" LANG=zh_CN.UTF-8 $R --format text aging
	sed -n '1p;4p' out >l.txt
	is_file l.txt "LANG=zh_CN.UTF-8 without the zh_CN locale: Chinese all the same" <<'EOF'
cs-report 管理报表, 截至 2026-03-10
分组  账龄    客户数  账单数      金额  占比(%)
EOF
	run env -u LC_ALL LOCPATH="$PWD/noloc" $R --lang zh --format text aging
	sed -n '1p' out >l.txt
	is_file l.txt "--lang zh without the zh_CN locale: Chinese" <<'EOF'
cs-report 管理报表, 截至 2026-03-10
EOF
	is_file err "--lang zh without the zh_CN locale: no warning" </dev/null
else
	for k in 1 2 3; do
		skip "Chinese without the zh_CN locale ($k)" "no C.utf8 locale directory here"
	done
fi

run cs-import --lang zh -d "$db" -t nosuch x.csv
is_status 2 "cs-import: an unknown table"
is_file err "cs-import: the message on stderr in Chinese" <<'EOF'
cs-import: 未知的表 "nosuch"(应为 customers、invoices、payments、complaints、visits、responses、promises、complaint_events、contacts、access_grants 或 retirement_approvals)
用法: cs-import [-d DB] -t TABLE [options] [FILE...](见 --help)
EOF
run env -u LC_ALL LANG=zh_CN.UTF-8 cs-dunning -d "$db" --as-of 2026-01-01
is_status 1 "cs-dunning: a run before the last one is refused"
is_file err "cs-dunning: the refusal in Chinese" <<'EOF'
cs-dunning: 截至日期 2026-01-01 早于上次运行(2026-03-10); 运行只能向前(--replay 显示过去某次运行的动作)
EOF

# Configuration files: the message in Chinese, the file's own words as they are.
printf '# the ladder\n[stage remind]\ndays = 10\n[stage guide]\ndays = soon\n' >bad.policy
run cs-dunning --lang zh -d "$db" --policy bad.policy --as-of 2026-03-10 --dry-run
is_status 2 "cs-dunning: a bad policy"
is_file err "cs-dunning: the policy's error in Chinese" <<'EOF'
cs-dunning: bad.policy:5: 应为范围内的整数: days
EOF
run cs-dunning -d "$db" --policy bad.policy --as-of 2026-03-10 --dry-run
is_file err "cs-dunning: the same error in English in the C locale" <<'EOF'
cs-dunning: bad.policy:5: expected a whole number in range: days
EOF
printf '# severities are 1 to 3\n[for severity 4]\n' >bad.rules
run env -u LC_ALL LANG=zh_CN.UTF-8 $R --rules bad.rules complaints-open
is_status 1 "cs-report complaints-open: a bad rules file"
is_file err "cs-report: the rules file's error in Chinese" <<'EOF'
cs-report: bad.rules:2: 应为严重程度 1、2 或 3: 4
EOF

# The rejects file: the reason column in the reader's language.
printf 'customer_id,name,kind,opened_on,credit_limit\nN1,新客户,企业,2026-13-01,1000\nN2,,weird,2026-01-01,-5\nN3,x\n' >bad.csv
run cs-import --lang zh -d "$db" -t customers -r rej.csv bad.csv
is_status 1 "cs-import: rows rejected"
is_file rej.csv "cs-import --lang zh: the rejects' reasons in Chinese, its columns as they are" <<'EOF'
customer_id,name,kind,opened_on,credit_limit,line,column,reason
N1,新客户,企业,2026-13-01,1000,2,4,"opened_on ""2026-13-01"": 日历上没有这一天"
N2,,weird,2026-01-01,-5,3,2,"name: 缺少必填值; kind ""weird"": 应为以下之一: enterprise, individual; credit_limit ""-5"": 金额不能为负数"
N3,x,,,,4,3,"应有 5 个字段, 实有 2 个"
EOF
sed -n '1,4p' err >rej.err
is_file rej.err "cs-import --lang zh: the same reasons on stderr" <<'EOF'
cs-import: bad.csv:2:4: opened_on "2026-13-01": 日历上没有这一天
cs-import: bad.csv:3:2: name: 缺少必填值
cs-import: bad.csv:3:3: kind "weird": 应为以下之一: enterprise, individual
cs-import: bad.csv:3:5: credit_limit "-5": 金额不能为负数
EOF

# The dunning actions' reasons, in the words of the department.
run cs-dunning --lang zh -d "$db" --as-of 2026-04-10 --dry-run --format text
grep '^2026-03-26  C .*suspend' out | tr -s ' ' >reason.txt
is_file reason.txt "cs-dunning --lang zh --format text: the action's reason in Chinese" <<'EOF'
2026-03-26 C Gamma 追 追 suspend 45 500.00 0.00 IC1 账单 IC1 于 2026-02-09 到期, 现逾期 45 天(追: 逾期 45 天起); 逾期金额 500.00(最低 100.00); 在引阶段(引)已 25 天(最少 14)
EOF
is_file err "cs-dunning --lang zh: the warnings in Chinese too" <<'EOF'
cs-dunning: 策略中针对大客户类别 strategic, key, group 的规则不适用: 2026-04-10 或之前没有 bigcustomer 快照说明哪些客户属于该类别(请保存一个: cs-segment --save bigcustomer)
cs-dunning: 策略中针对信用等级 C 的规则不适用: 2026-04-10 或之前没有 credit 快照说明哪些客户属于该等级(请保存一个: cs-segment --save credit)
EOF

# Free text of the reports: an open complaint's reason and duration, a
# record's missing fields (the CSV keeps the English list).
run cs-report --lang zh -d "$db" --as-of "2026-03-10 12:00" --format text complaints-open
grep '^K2 ' out | tr -s ' ' >k2.txt
is_file k2.txt "complaints-open --lang zh: the reason and its duration in Chinese" <<'EOF'
K2 C Gamma 登记 2026-02-11 00:00:00 2026-02-12 00:00:00 636.00 总经理 登记(2026-02-11 00:00)后 24 小时内未答复客户
EOF
run $R --lang zh --format text records
sed -n '/^客户编号.*缺少$/,/^$/p' out | sed -n 2p | tr -s ' ' >missing.txt
is_file missing.txt "records --lang zh: the missing fields in Chinese" <<'EOF'
A 长江建材 客户经理、联系电话或联系人
EOF
run $R --lang zh --format csv records
grep -c ',"manager, phone or contact"$' out >missing.csv
is_file missing.csv "records --lang zh --format csv: the missing fields as the C locale's" <<'EOF'
7
EOF

run $R --lang zh --format text aging collection --months 1
is_file out "cs-report --lang zh: titles, labels, 账龄 and the stages 堵催引追诉 in Chinese, CJK columns aligned" <<'EOF'
cs-report 管理报表, 截至 2026-03-10

应收账款账龄(逾期天数)
分组  账龄    客户数  账单数      金额  占比(%)
全部  未到期       1       1    300.00     5.00
全部  1-30         2       2  1,000.00    16.67
全部  31-60        4       4  4,700.00    78.33
全部  61-90        0       0      0.00     0.00
全部  91-180       0       0      0.00     0.00
全部  >180         0       0      0.00     0.00

应收账款与账单表、缴费表核对
项目           金额
开票金额  11,000.00
红字冲销       0.00
已缴金额   5,000.00
净余额     6,000.00
应收余额   6,000.00
预存余额       0.00
差额           0.00

按月出账与回收
月份     出账金额  红字冲销  回收金额  回收率(%)  月末应收  应收账款周转天数  新增欠费  回收欠费
2026-03    300.00      0.00    200.00      66.67  6,000.00             200.0    500.00    200.00

按月的催缴阶段(堵催引追诉)
月份     催缴阶段  进入  恢复  月末在册
2026-03  堵           0     0         0
2026-03  催           0     0         0
2026-03  引           2     1         5
2026-03  追           0     0         0
2026-03  诉           0     0         0
EOF
run env -u LC_ALL LANG=zh_CN.UTF-8 $R --format csv aging
cmp -s out c.csv
ok $? "LANG=zh_CN.UTF-8: the CSV is the C locale's, byte for byte"
run $R --lang zh --format json aging collection
jq -c '[.tables[] | .name, .columns]' out >zh.keys
cmp -s zh.keys c.keys
ok $? "--lang zh: JSON table names and columns are the C locale's"
run cs-dunning --lang zh -d "$db" --as-of 2026-03-10 --replay --format text
sed -n 1p out | tr -s ' ' >dh.txt
is_file dh.txt "cs-dunning --format text: Chinese column labels" <<'EOF'
运行日期 客户编号 客户名称 催缴阶段 阶段名称 动作 逾期天数 欠费余额 滞纳金 最早账单号 原因
EOF

run $R --lang zh --format html -o zh.html all
is_status 0 "the Chinese HTML report"
for want in '^<h1>cs-report 管理报表</h1>$' '^<p>截至 2026-03-10。</p>$' '<th>账龄</th>' \
	'<td>催</td>'; do
	grep -c -e "$want" zh.html | sed 's/^[1-9][0-9]*$/found/'
done >h.txt
is_file h.txt "its heading, date, labels and stages in Chinese" <<'EOF'
found
found
found
found
EOF

# Chromium renders the page; every heading, column label and chart title,
# and every cell that is one lower-case English word (a stage, class,
# measure ...), is listed; none may hold English beyond the names kept
# as they are (SERVQUAL, NPS, CSAT, cs-segment --save).
cp zh.html probe.html
cat >>probe.html <<'EOF'
<script>
var out = [];
document.querySelectorAll('h1, h2, th, svg.chart > text[font-weight]').forEach(function (e) {
	out.push(e.textContent);
});
document.querySelectorAll('td').forEach(function (e) {
	if (/^[a-z][a-z_ -]*$/.test(e.textContent))
		out.push(e.textContent);
});
var pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = out.join('\n');
document.body.appendChild(pre);
</script>
EOF
command chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$T/probe.html" \
	2>/dev/null | sed -n '/<pre id="probe">/,/<\/pre>/p' | sed 's/<[^>]*>//g' >labels.txt
[ "$(wc -l <labels.txt)" -gt 100 ]
ok $? "Chromium lists the page's labels ($(wc -l <labels.txt))"
sed -e 's/SERVQUAL\|NPS\|CSAT\|cs-segment --save\|cs-report//g' labels.txt |
	grep -E '[A-Za-z]{2,}' >english.txt
is_file english.txt "no label is left in English in the Chinese HTML report" </dev/null

done_testing
