#!/bin/sh
# Unit tests of libcs (money, dates, values, UTF-8, SHA-256, CSV reader,
# the forms of Chinese spreadsheets and their column names).
: "${CS_BIN:=$(cd "$(dirname "$0")/.." && pwd)/bin}"
export LC_ALL="${CS_TEST_LOCALE:-C.UTF-8}" TZ=UTC
# The Chinese column names are checked against their tables in cs-data(5).
CS_DATA_MAN="$(cd "$(dirname "$0")/.." && pwd)/man/cs-data.5"
export CS_DATA_MAN
exec "$CS_BIN/cs-unit-tests"
