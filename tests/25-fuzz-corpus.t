#!/bin/sh
# The fuzz targets' seed corpus and every input a fuzzing run once
# crashed on (tests/fuzz/regress) run through the targets' code: the
# CSV reader with every value parser, and the rule, policy and survey
# definition parsers.  Under the sanitizer build a memory error fails it.
. "$(dirname "$0")/lib.sh"

D=$TESTS_DIR/fuzz
for t in csv text; do
	set -- "$D"/corpus-$t/*
	run cs-fuzz-$t-replay "$@"
	is_status 0 "the $t seed corpus ($# inputs)"
done
set -- "$D"/regress/*
if [ -e "$1" ]; then
	run cs-fuzz-csv-replay "$@"
	is_status 0 "past crashes of the CSV target ($# inputs)"
	run cs-fuzz-text-replay "$@"
	is_status 0 "past crashes of the text target ($# inputs)"
else
	skip "past crashes of the CSV and text targets" "tests/fuzz/regress is empty"
fi
done_testing
