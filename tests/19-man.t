#!/bin/sh
# The manual pages: mandoc -Tlint finds nothing, and every long option
# that cs-import --help lists is documented in cs-import(1).
. "$(dirname "$0")/lib.sh"

for page in "$TESTS_DIR"/../man/*.[157]; do
	mandoc -Tlint -W warning "$page" >lint 2>&1
	is_file lint "mandoc -Tlint $(basename "$page")" </dev/null
done
cs-import --help | grep -o -- '--[a-z][a-z-]*' | sort -u >options
missing=""
for opt in $(cat options); do
	mandoc -Tascii "$TESTS_DIR/../man/cs-import.1" | sed "s/.$(printf "\b")//g" | grep -q -- "$opt" ||
		missing="$missing $opt"
done
[ -z "$missing" ]
ok $? "every --help option is in cs-import(1)${missing:+: missing$missing}"
done_testing
