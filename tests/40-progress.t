#!/bin/sh
# Progress on standard error (the real-book issue, item 9): every
# program that can run long shows one line, rewritten in place, when
# standard error is a terminal, erases it before any other message and
# at the end, and prints nothing of it under cron (not a terminal) or
# with -q.  script(1) gives the program a terminal; CS_PROGRESS_DELAY=0
# shows the first line at once instead of after a second.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

if ! command -v script >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
		skip "progress test $i" "script(1) is not installed"
	done
	echo "1..$_n"
	exit 0
fi

esc=$(printf '\033')
cr=$(printf '\r')

# on_tty FILE CMD: runs CMD (a shell command line) with a terminal as
# its standard error, keeping what the terminal showed in FILE.
on_tty() {
	CS_PROGRESS_DELAY=0 script -qec "$2" /dev/null >"$1" 2>&1
}

# has_line FILE PROG WHAT: FILE shows PROG's progress line for WHAT and
# erases it afterwards.
has_line() {
	grep -q "${cr}$2: $3: [0-9]" "$1" && grep -q "${cr}${esc}\[K" "$1"
}

cs-sample -n 300 data >/dev/null
cs-import -q -d "$db" -t customers data/customers.csv
on_tty tty.import "cs-import -d '$db' -t invoices data/invoices.csv"
has_line tty.import cs-import "data/invoices.csv"
ok $? "cs-import: rows read, on a terminal"
cs-import -q -d "$db" -t payments data/payments.csv

on_tty tty.segment "cs-segment -d '$db' --as-of 2026-06-30 credit >seg.csv"
has_line tty.segment cs-segment "payment records"
ok $? "cs-segment: payment records walked, on a terminal"
cs-segment -d "$db" --as-of 2026-06-30 credit >seg.plain 2>seg.err
cmp -s seg.csv seg.plain
ok $? "cs-segment: the rows are the same with progress shown"

on_tty tty.report "cs-report -d '$db' --as-of 2026-06-30 aging >aging.txt"
has_line tty.report cs-report "customers"
ok $? "cs-report: customers walked, on a terminal"

on_tty tty.dunning "cs-dunning -d '$db' --as-of 2026-06-30 >actions.csv"
has_line tty.dunning cs-dunning "customers"
ok $? "cs-dunning: customers walked, on a terminal"
# The summary comes after the line is erased: it starts a clean line.
grep -q "${cr}${esc}\[Kcs-dunning: 20[0-9-]*\.\.2026-06-30: [0-9]* actions" tty.dunning
ok $? "cs-dunning: the summary starts on a clean line"

cs-import -q -d "$db" -t responses data/responses.csv
on_tty tty.survey "cs-survey plan -d '$db' --as-of 2026-06-30 >plan.csv; cs-survey score -d '$db' >score.csv"
has_line tty.survey cs-survey "customers" && has_line tty.survey cs-survey "answers"
ok $? "cs-survey: customers planned and answers scored, on a terminal"

# Not a terminal (cron): no line, no escapes.
CS_PROGRESS_DELAY=0 cs-import -d "$db" -t invoices data/invoices.csv >/dev/null 2>import.err
CS_PROGRESS_DELAY=0 cs-segment -d "$db" --as-of 2026-06-30 credit >/dev/null 2>segment.err
CS_PROGRESS_DELAY=0 cs-report -d "$db" --as-of 2026-06-30 aging >/dev/null 2>report.err
CS_PROGRESS_DELAY=0 cs-dunning -d "$db" --as-of 2026-07-01 >/dev/null 2>dunning.err
CS_PROGRESS_DELAY=0 cs-survey score -d "$db" >/dev/null 2>survey.err
for p in import segment report dunning survey; do
	! grep -q "${cr}\|${esc}" $p.err
	ok $? "cs-$p: no progress when standard error is not a terminal"
done

# -q on a terminal: nothing but errors.
on_tty tty.quiet "cs-segment -q -d '$db' --as-of 2026-06-30 credit >/dev/null"
[ ! -s tty.quiet ]
ok $? "cs-segment -q: nothing on the terminal"

# A short run without CS_PROGRESS_DELAY: no line in its first second.
script -qec "cs-segment -d '$db' --as-of 2026-06-30 credit >/dev/null" /dev/null >tty.short 2>&1
! grep -q "payment records" tty.short
ok $? "cs-segment: a run of under a second shows no line"

echo "1..$_n"
[ "$_failed" -eq 0 ]
