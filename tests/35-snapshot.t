#!/bin/sh
# One snapshot per run: cs-segment, whose aggregates run at once on
# worker connections, reads every figure of every customer from the
# same moment while cs-import commits file after file, and what --save
# stores is that one moment.  Each of 120 invoice files gives a tenth of
# the customers one invoice of 100.00 in a month of their own, none of
# them paid, so in any committed state a customer with j invoices has
# revenue j x 100.00 (an aggregate on a worker connection) and j invoices
# due, j x 100.00 overdue and a patronage of 0.00 (none when j = 0: the
# ledger, read on the run's own connection meanwhile); a run that mixed
# two moments (its revenue from one commit, its ledger from the next)
# shows a customer where they differ.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

n=10000
awk -v n=$n 'BEGIN { print "customer_id,name"; for (c = 1; c <= n; c++) printf "C%05d,c\n", c }' >c.csv
cs-import -q -d "$db" -t customers c.csv
files=""
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	for g in 0 1 2 3 4 5 6 7 8 9; do
		awk -v n=$n -v m=$m -v g=$g 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
			for (c = g * n / 10 + 1; c <= (g + 1) * n / 10; c++)
				printf "I%s-%05d,C%05d,2025-%s-15,2025-%s-25,100.00\n", m, c, c, m, m }' >inv-$m-$g.csv
		files="$files inv-$m-$g.csv"
	done
done

# The importer commits the files one after another, while cs-segment
# runs again and again, saving a snapshot each time.
(for f in $files; do
	cs-import -q -d "$db" -t invoices "$f" || echo "import $f failed"
done) >importer.txt 2>&1 &
importer=$!
run=0 bad=0 failed=0
while kill -0 $importer 2>/dev/null || [ $run -lt 3 ]; do
	run=$((run + 1))
	day=$(printf '2026-01-%02d' $(((run - 1) % 14 + 1)))
	cs-segment -q -d "$db" --as-of "$day" --save rfm credit loyalty >seg.csv 2>seg.err ||
		failed=$((failed + 1))
	# invoices, revenue, invoices due, overdue and patronage agree
	tail -n +2 seg.csv | cut -d, -f1,3,4,10,13,17 | awk -F, '
		$3 != sprintf("%d.00", $2 * 100) || $4 != $2 || $5 != $3 ||
		$6 != ($2 > 0 ? "0.00" : "") { print; n++ }
		END { exit n > 0 }' >torn-rows.txt || {
		bad=$((bad + 1))
		sed 's/^/# torn: /' torn-rows.txt | head -3
	}
	[ $run -ge 200 ] && break
done
wait $importer
is_file importer.txt "the importer committed every file" </dev/null
echo "$failed" >failed.txt
is_file failed.txt "every cs-segment run succeeded" <<'EOF'
0
EOF
echo "$bad" >bad.txt
is_file bad.txt "no run of $run mixed two moments of the database" <<'EOF'
0
EOF
is_sql "$db" "SELECT as_of, customer_id, value_cents, score FROM segments
	WHERE model = 'loyalty'
	AND (value_cents > 0) <> (score IS NOT NULL AND score = '0.00')" \
	"no saved snapshot holds two moments" </dev/null
is_sql "$db" "SELECT count(*) FROM invoices" "and every invoice is in" <<EOF
$((n * 12))
EOF
done_testing
