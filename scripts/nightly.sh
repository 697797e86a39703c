#!/bin/sh
# nightly.sh - the department's night, in order, for cron: the day's
# exports loaded, the snapshots saved, the arrears run.  It stops at the
# first step that fails, so that dunning never runs on a book whose
# payments were not loaded; every step is logged, and the log is mailed
# when a step failed (and MAILTO is given and mail(1) exists).
#
#   nightly.sh [-d DB] [-i DROPDIR] [-o OUTDIR] [-l LOG] [-m MAILTO] [-a DATE]
#
#   -d DB       the database (default: $CS_DB, else ./cs.db)
#   -i DROPDIR  where the exports arrive: TABLE-DATE.csv, for the tables
#               customers, invoices, payments, complaints, promises,
#               visits, responses (those that are there; default ./drop)
#   -o OUTDIR   where the actions go: actions-YYYY-MM.csv, a month a file
#               (default ./out)
#   -l LOG      the log (default OUTDIR/nightly.log)
#   -m MAILTO   who gets the log when a step fails
#   -a DATE     the night (default: today)
#
# The snapshots cs-dunning's class and grade rules need (bigcustomer and
# credit) are saved every night; the others (rfm abc pyramid churn) on
# the first of the month.  Exit status: 0 done, else the status of the
# step that failed.  From cron, after the exports have arrived:
#
#   30 2 * * *  /usr/local/share/cs/nightly.sh -d /srv/cs/cs.db -i /srv/drop \
#                   -o /srv/cs/out -m ops@example.com
set -u

db=${CS_DB:-cs.db} drop=drop out=out log="" mailto="" night=$(date +%F)
while getopts d:i:o:l:m:a: opt; do
	case $opt in
	d) db=$OPTARG ;;
	i) drop=$OPTARG ;;
	o) out=$OPTARG ;;
	l) log=$OPTARG ;;
	m) mailto=$OPTARG ;;
	a) night=$OPTARG ;;
	*) echo "usage: nightly.sh [-d DB] [-i DROPDIR] [-o OUTDIR] [-l LOG] [-m MAILTO] [-a DATE]" >&2
	   exit 2 ;;
	esac
done
umask 077
mkdir -p "$out" || exit 4
: "${log:=$out/nightly.log}"

# say MESSAGE: one dated line in the log.
say() {
	printf '%s %s\n' "$(date '+%F %T')" "$*" >>"$log"
}

# fail STATUS STEP: logs the failure, mails the log, and ends the night.
fail() {
	say "FAILED (exit $1): $2; the night stops here"
	if [ -n "$mailto" ] && command -v mail >/dev/null 2>&1; then
		tail -n 50 "$log" | mail -s "cs nightly $night failed: $2" "$mailto"
	fi
	exit "$1"
}

# step NAME COMMAND...: runs one step, its messages into the log (its
# output is not kept: the imports write none, the snapshots go to the
# database).
step() {
	_name=$1
	shift
	say "$_name"
	"$@" >/dev/null 2>>"$log" || fail $? "$_name"
}

say "night $night, database $db"
for t in customers invoices payments complaints promises visits responses; do
	f=$drop/$t-$night.csv
	[ -e "$f" ] || continue
	step "import $f" cs-import -q -d "$db" -t "$t" "$f"
done
step "segments bigcustomer credit" cs-segment -q -d "$db" --as-of "$night" --save \
	bigcustomer credit
case $night in
*-01) step "segments rfm abc pyramid churn" cs-segment -q -d "$db" --as-of "$night" \
	--save rfm abc pyramid churn ;;
esac
actions=$out/actions-$(echo "$night" | cut -c1-7).csv
header=""
[ -s "$actions" ] && header=--no-header
say "dunning into $actions"
cs-dunning -q -d "$db" --as-of "$night" $header >>"$actions" 2>>"$log" || fail $? "dunning"
say "done"
