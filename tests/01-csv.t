#!/bin/sh
# The CSV reader against golden files (tests/csv: NAME.csv parses to
# exactly NAME.json) and, when ../shared is beside the project, against
# the public csv-spectrum suite.
. "$(dirname "$0")/lib.sh"

for csv in "$TESTS_DIR"/csv/*.csv; do
	name=$(basename "$csv" .csv)
	run cs-csvjson "$csv"
	is_file "$T/out" "csv $name" <"${csv%.csv}.json"
done

spectrum="$TESTS_DIR/../../shared/testdata/csv-spectrum"
if [ ! -d "$spectrum" ]; then
	skip "csv-spectrum suite" "no ../shared/testdata/csv-spectrum beside the project"
elif ! command -v jq >/dev/null; then
	skip "csv-spectrum suite" "jq is not installed"
else
	for csv in "$spectrum"/csvs/*.csv; do
		name=$(basename "$csv" .csv)
		input=$csv
		# The stored copies of the *_crlf cases lost their CRs; upstream
		# they are CRLF throughout, which their JSON expects.
		case $name in
		*_crlf) if ! grep -q "$(printf '\r')" "$csv"; then
				sed 's/$/\r/' "$csv" >"$T/$name.csv"
				input="$T/$name.csv"
			fi ;;
		esac
		run cs-csvjson "$input"
		jq -cS . "$T/out" >"$T/got" 2>&1
		# A failed run or a missing or unreadable expectation fails
		# (both would give empty files that compare equal).
		[ "$status" -eq 0 ] || echo "cs-csvjson exited $status" >>"$T/got"
		jq -cS . "$spectrum/json/$name.json" >"$T/want" ||
			echo "no valid json/$name.json" >>"$T/want"
		[ -s "$T/want" ] || echo "json/$name.json is empty" >>"$T/want"
		is_file "$T/got" "csv-spectrum $name" <"$T/want"
	done
fi
done_testing
