#!/bin/sh
# cs-dunning, night by night from 2026-01-27 to 2026-06-30, on six
# customers (tests/fixtures/dunning) under the shipped policy with a
# late fee of 0.5 per mille a day (fee.policy):
#
#   A  1000.00 due 01-31 and 500.00 due 03-03; pays 300.00 on 02-20
#      and the rest (1200.00) on 05-10: every stage up to 诉, then
#      restore.  Late fee: 0.50 a day 02-01..02-19 (19 days), 0.35
#      02-20..03-03 (12), 0.60 03-04..05-09 (67): 9.50 + 4.20 + 40.20 = 53.90
#   B  2000.00 due 02-04; billing complaint K1 open 02-10..02-24: the
#      climb to 引 on 02-19 is held, no late fee for those 15 days, 引
#      on 02-25 when it closes.  Fee 1.00 a day for 146 - 15 = 131 days.
#   C  800.00 due 02-09; promises 800.00 on 02-20 by 02-28 (holds 引,
#      due 02-24), pays 300.00 on 02-22: the broken promise sends it to
#      引 on 03-01.  Fee 0.40 x 12 days + 0.25 x 129 days = 37.05.
#   D  200.00 due 02-14; a manual hold 02-16..03-03 holds 引 (due
#      03-01), 引 on 03-04, paid in full 03-05: restore.  Fee 0.10 x 18.
#   E  1200.00 due 03-31 against a credit limit of 1000.00: warning on
#      02-01, paid 02-10.
#   F  1000.00 due 01-31, strategic (a bigcustomer snapshot): the
#      gentler ladder, 引 at 30 days, 追 at 75, 诉 at 150.
#   G  1000.00 due 01-31, credit grade C (a credit snapshot): the
#      stricter ladder, 引 at 10 days, 追 at 30 after 7 days in 引.
. "$(dirname "$0")/lib.sh"
backends sqlite pg

F=$TESTS_DIR/fixtures/dunning

# setup DB: imports the fixtures, marks F strategic and holds D.
setup() {
	for t in customers invoices payments complaints promises; do
		cs-import -q -d "$1" -t $t "$F/$t.csv"
	done
	sql_do "$1" "INSERT INTO segments (as_of, model, customer_id, label)
		VALUES ('2026-01-01', 'bigcustomer', 'F', 'strategic'),
		       ('2026-01-01', 'credit', 'G', 'C')"
	cs-dunning -q -d "$1" --as-of 2026-02-16 hold D --until 2026-03-03 --reason '客户经理协商中'
}

# nights FIRST LAST: prints the dates from FIRST to LAST.
nights() {
	d=$(date -u -d "$1" +%s)
	while [ "$d" -le "$(date -u -d "$2" +%s)" ]; do
		date -u -d "@$d" +%F
		d=$((d + 86400))
	done
}

daily=$(test_db daily.db)
setup "$daily"
: >daily.csv
: >reruns.csv
failed=""
for day in $(nights 2026-01-27 2026-06-30); do
	cs-dunning -d "$daily" --policy "$F/fee.policy" --as-of "$day" >night.csv 2>>dunning.err || failed="$failed $day"
	tail -n +2 night.csv >>daily.csv
	cs-dunning -d "$daily" --policy "$F/fee.policy" --as-of "$day" >night.csv 2>>dunning.err || failed="$failed $day(again)"
	tail -n +2 night.csv >>reruns.csv
done
[ -z "$failed" ]
ok $? "every night and every rerun exits 0${failed:+; not:$failed}"
is_file daily.csv "every night's actions, as worked out by hand" <"$F/expected.csv"
is_file reruns.csv "running a night again emits nothing" </dev/null

is_sql "$daily" "SELECT customer_id, sum(fee_cents), count(*) FROM dunning_fees GROUP BY 1 ORDER BY 1" \
	"late fees per customer, in cents" <<'EOF'
A|5390|98
B|13100|131
C|3705|141
D|180|18
F|7500|150
G|7500|150
EOF
is_sql "$daily" "SELECT count(*), count(DISTINCT as_of) FROM dunning_runs" \
	"one run a night recorded, none for the reruns" <<'EOF'
155|155
EOF

# Stages only rise until a restore.
awk -F, '
	BEGIN { split("prevent remind guide pursue sue", s, " "); for (i in s) rank[s[i]] = i }
	$6 == "restore" { top[$2] = 0; next }
	$4 != "" && rank[$4] < top[$2] { bad = 1; print "# " $0 }
	$4 != "" { top[$2] = rank[$4] }
	END { exit bad }' daily.csv
ok $? "stages only rise until payment"

# A missed night is caught up as if it had run every night.
catchup=$(test_db catchup.db)
setup "$catchup"
cs-dunning -d "$catchup" --policy "$F/fee.policy" --as-of 2026-01-27 >/dev/null 2>>dunning.err
run cs-dunning -d "$catchup" --policy "$F/fee.policy" --as-of 2026-06-30
is_status 0 "five months at once"
tail -n +2 out >caught.csv
is_file caught.csv "the same actions as night by night" <daily.csv
is_sql "$catchup" "SELECT customer_id, sum(fee_cents) FROM dunning_fees GROUP BY 1 ORDER BY 1" \
	"the same late fees, each day once" <<'EOF'
A|5390
B|13100
C|3705
D|180
F|7500
G|7500
EOF

# Runs go forward; --replay shows a past night; --dry-run writes nothing.
dump_db "$daily" before.sql
run cs-dunning -d "$daily" --as-of 2026-03-01
is_status 1 "an earlier night is refused"
is_file err "the refusal says why" <<'EOF'
cs-dunning: as-of 2026-03-01 is before the last run (2026-06-30); runs go forward (--replay prints what a past run did)
EOF
run cs-dunning -d "$daily" --as-of 2026-03-01 --replay
is_status 0 "replay"
grep '^2026-03-01,' daily.csv >expected-replay.csv
tail -n +2 out >replay.csv
is_file replay.csv "replay prints the night's actions again" <expected-replay.csv
run cs-dunning -d "$daily" --policy "$F/fee.policy" --as-of 2026-07-15 --dry-run
is_status 0 "dry run"
dump_db "$daily" after.sql
is_same_dump before.sql after.sql "refused, replayed and dry runs leave the database as it was"
is_file out "the dry run shows what would happen" <<'EOF'
run_date,customer_id,name,stage,stage_label,action,days_overdue,balance,late_fee,oldest_invoice_id,reason
EOF

# The block list: blacklisted by the ladder, or at or above 追.
run cs-dunning -d "$daily" blocklist
is_status 0 "blocklist"
is_file out "who may not order" <<'EOF'
customer_id,name,stage,stage_label,since,reason
B,Beta Trading,sue,诉,2026-05-05,blacklisted by cs-dunning
C,Gamma,pursue,追,2026-03-26,stage pursue is at or above block_from pursue
F,华东战略客户,sue,诉,2026-06-30,blacklisted by cs-dunning
G,Gamma-C 差信用,sue,诉,2026-05-01,blacklisted by cs-dunning
EOF

# The history is append-only; a day's fee cannot be charged twice.
# SQLite: triggers.  PostgreSQL: privileges (nobody is granted UPDATE or
# DELETE: the test's superuser bypasses them, so the program role of
# scripts/pg-roles.sql tries) and an exclusion constraint (23P01).
if backend_is sqlite; then
	as_program="" refused='dunning_history is append-only' twice='late fee charged twice for a day'
else
	PGOPTIONS="-c client_min_messages=warning" "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
		-d "$daily" -f "$TESTS_DIR/../scripts/pg-roles.sql" >/dev/null 2>sql.err ||
		sed 's/^/# pg-roles.sql: /' sql.err
	as_program="SET ROLE cs_dunning;" refused='permission denied for table dunning_history'
	twice='violates exclusion constraint "dunning_fees_once"'
fi
sql_do "$daily" "$as_program UPDATE dunning_history SET reason = 'x'" >/dev/null 2>sql.err
grep -q "$refused" sql.err
ok $? "the history refuses updates"
sql_do "$daily" "$as_program DELETE FROM dunning_history" >/dev/null 2>sql.err
grep -q "$refused" sql.err
ok $? "the history refuses deletes"
sql_do "$daily" "INSERT INTO dunning_fees VALUES ('A', '2026-01-31', '2026-02-01', 1, 1)" 2>sql.err
grep -q "$twice" sql.err
ok $? "a day's late fee cannot be charged twice"

# Holds: an unknown customer, missing options, release.
run cs-dunning -d "$daily" --as-of 2026-07-01 hold NOPE --until 2026-07-31 --reason x
is_status 1 "hold for an unknown customer"
is_file err "names the customer" <<'EOF'
cs-dunning: no customer NOPE
EOF
run cs-dunning -d "$daily" hold C --reason x
is_status 2 "hold without --until"
run cs-dunning -d "$daily" --as-of 2026-07-01 hold C --until 2026-06-01 --reason x
is_status 2 "a hold that ends before it starts"
run cs-dunning -d "$daily" --as-of 2026-07-01 hold C --until 2026-07-31 --reason 'paying weekly'
is_status 0 "hold"
run cs-dunning -d "$daily" --as-of 2026-07-02 release C
is_status 0 "release"
is_file err "release says how many holds it lifted" <<'EOF'
cs-dunning: C: 1 hold released
EOF
is_sql "$daily" "SELECT customer_id, set_on, until, reason, released_on FROM dunning_holds ORDER BY hold_id" \
	"holds are kept with their release" <<'EOF'
D|2026-02-16|2026-03-03|客户经理协商中|
C|2026-07-01|2026-07-31|paying weekly|2026-07-02
EOF

# A second run waits for the lock, then gives up with its own status.
hold_lock "$daily"
export CS_LOCK_TIMEOUT=1
run cs-dunning -d "$daily" --as-of 2026-07-03
unset CS_LOCK_TIMEOUT
release_lock
is_status 5 "a run locked out by another"
is_file err "says the database is locked" <<'EOF'
cs-dunning: the database is locked by another run; gave up after the lock timeout (CS_LOCK_TIMEOUT)
EOF

# The text format keeps columns aligned with CJK names.
run cs-dunning -d "$daily" --format text --as-of 2026-05-10 --replay
is_status 0 "text format"
is_file out "aligned by display width" <<'EOF'
run_date    customer_id  name      stage  stage_label  action   days_overdue  balance  late_fee  oldest_invoice_id  reason
2026-05-10  A            长江建材  sue    诉           restore                   0.00     53.90                     arrears paid: nothing overdue, 0.00 unpaid; sue 诉 lifted
EOF

run cs-dunning --format xml
is_status 2 "an unknown format"
run cs-dunning -d "$(absent_db missing.db)"
is_status 3 "a missing database"

done_testing
