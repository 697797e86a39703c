#!/bin/sh
# The shape of the code that the design promises (restructuring): the
# library never decides how a program ends, never opens the database
# by a path of its own, and keeps its files small; out of memory has
# its own exit status.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$TESTS_DIR/.." && pwd)

# Only cmd/ ends a program: no exit, _exit or abort-on-error in lib/
# (the out-of-memory handler a program installs is cmd/'s choice).
grep -n -E '(^|[^_a-z])(exit|_exit|cs_errx)\(' "$TOP"/lib/*.c "$TOP"/lib/*.h |
	sed "s|$TOP/||" >exits.txt
is_file exits.txt "no library code exits" </dev/null

# Programs open their database once and hand the handle down: only the
# backend itself opens connections.
grep -l 'cs_db_open(' "$TOP"/lib/*.c | sed "s|$TOP/||" >opens.txt
is_file opens.txt "no library module opens the database by a path" <<'EOF'
lib/cs_db.c
EOF
grep -c 'cs_db_open(' "$TOP"/cmd/cs-*.c | sed "s|$TOP/||" >per-program.txt
is_file per-program.txt "each program opens it in one place" <<'EOF'
cmd/cs-dunning.c:1
cmd/cs-import.c:1
cmd/cs-report.c:1
cmd/cs-segment.c:1
cmd/cs-survey.c:1
EOF
grep -n 'db_path' "$TOP"/lib/*.h | sed "s|$TOP/||" >paths.txt
is_file paths.txt "no database path travels beside the handle" </dev/null

# Small files: the cs-segment recipe under 500 lines, no library file over 900.
wc -l <"$TOP/cmd/cs-segment.c" | awk '{ print ($1 < 500) ? "short" : "long: " $1 }' >seg.txt
is_file seg.txt "cmd/cs-segment.c is under 500 lines" <<'EOF'
short
EOF
for f in "$TOP"/lib/*.c "$TOP"/lib/*.h; do
	n=$(wc -l <"$f")
	[ "$n" -le 900 ] || echo "${f#"$TOP"/}: $n"
done >long.txt
is_file long.txt "no library file over 900 lines" </dev/null

# No include circle among the report modules.
grep -l 'cs_report_cell\|cs_report_is_number' "$TOP"/lib/cs_report_html.c >/dev/null &&
	! grep -q 'cs_report_write_html' "$TOP/lib/cs_report.c"
ok $? "the report tables do not call the HTML writer that calls them"

# Out of memory: its own status and message.
if [ -n "${ASAN_OPTIONS:-}" ]; then
	skip "out of memory exits 6" "the sanitizers reserve more address space than the limit"
	skip "and says so" "the sanitizers reserve more address space than the limit"
	skip "the database is as it was" "the sanitizers reserve more address space than the limit"
	skip "out of memory while the field grows" "the sanitizers reserve more address space than the limit"
else
	printf 'customer_id,name\nC1,a\n' >c.csv
	cs-import -q -d cs.db -t customers c.csv
	awk 'BEGIN { printf "customer_id,name\nC2,\""
		for (i = 0; i < 3000000; i++) printf "xxxxxxxxxxxxxxxxxxxx"; print "\"" }' >huge.csv
	(ulimit -v 150000; exec cs-import -d cs.db -t customers --max-field-size 100000000 \
	    huge.csv) >out 2>err
	status=$?
	is_status 6 "out of memory exits 6"
	is_file err "and says so" <<'EOF'
cs-import: out of memory
EOF
	is_sql cs.db "PRAGMA integrity_check; SELECT count(*) FROM customers" \
		"the database is as it was" <<'EOF'
ok
1
EOF
	# Memory that runs out while the reader's field buffer grows is out of
	# memory too, not a field over --max-field-size (it was, at low limits
	# always, at 150 MB when threads took more address space).
	(ulimit -v 80000; exec cs-import -d cs.db -t customers --max-field-size 100000000 \
	    huge.csv) >out 2>err
	printf '%s %s\n' $? "$(head -1 err)" >oom.txt
	is_file oom.txt "out of memory while the field grows" <<'EOF'
6 cs-import: out of memory
EOF
fi
done_testing
