#!/bin/sh
# The manual pages: mandoc -Tlint finds nothing, and every long option
# that a program's --help lists is documented in its page.
. "$(dirname "$0")/lib.sh"

for page in "$TESTS_DIR"/../man/*.[157]; do
	mandoc -Tlint -W warning "$page" >lint 2>&1
	is_file lint "mandoc -Tlint $(basename "$page")" </dev/null
done
for prog in cs-import cs-segment cs-dunning cs-survey cs-report; do
	$prog --help | grep -o -- '--[a-z][a-z-]*' | sort -u >options
	missing=""
	for opt in $(cat options); do
		mandoc -Tascii "$TESTS_DIR/../man/$prog.1" | sed "s/.$(printf "\b")//g" |
			grep -q -- "$opt" || missing="$missing $opt"
	done
	[ -z "$missing" ]
	ok $? "every --help option of $prog is in $prog(1)${missing:+: missing$missing}"
done
done_testing
