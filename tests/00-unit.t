#!/bin/sh
# Unit tests of libcs (money, dates, values, UTF-8, SHA-256, CSV reader).
: "${CS_BIN:=$(cd "$(dirname "$0")/.." && pwd)/bin}"
export LC_ALL="${CS_TEST_LOCALE:-C.UTF-8}" TZ=UTC
exec "$CS_BIN/cs-unit-tests"
