#!/bin/sh
# The manual pages: mandoc -Tlint finds nothing, and every long option
# that a program's --help lists is documented in its page.
. "$(dirname "$0")/lib.sh"

for page in "$TESTS_DIR"/../man/*.[157]; do
	mandoc -Tlint -W warning "$page" >lint 2>&1
	is_file lint "mandoc -Tlint $(basename "$page")" </dev/null
done
for prog in cs-import cs-segment cs-dunning cs-survey cs-report; do
	run $prog --help
	is_status 0 "$prog --help"
	grep -o -- '--[a-z][a-z-]*' out | sort -u >options
	[ -s options ]
	ok $? "$prog --help lists long options"
	# The page as text, overstrikes (bold, underline) removed.
	mandoc -Tascii "$TESTS_DIR/../man/$prog.1" >page.raw
	ok $? "mandoc -Tascii $prog.1"
	sed "s/.$(printf '\b')//g" page.raw >page
	# Each option must appear as a whole name: not followed by a letter
	# or a hyphen, so that --to is not found in --top or --to-date.
	missing=""
	for opt in $(cat options); do
		grep -Eq -- "(^|[^a-z-])$opt([^a-z-]|\$)" page ||
			missing="$missing $opt"
	done
	[ -z "$missing" ]
	ok $? "every --help option of $prog is in $prog(1)${missing:+: missing$missing}"
done
done_testing
