#!/bin/sh
# Encodings: UTF-8 with and without BOM, GB18030 detected or named,
# invalid bytes rejected (never stored), from files and from pipes.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db_bad=$(test_db bad.db)
db_badgb=$(test_db badgb.db)
db_gb=$(test_db gb.db)
db_named=$(test_db named.db)
db_nul=$(test_db nul.db)
db_pipe=$(test_db pipe.db)
db_stdin=$(test_db stdin.db)
db_utf=$(test_db utf.db)

printf 'customer_id,name,region\r\nC1,王芳,城区\r\nC2,华信科技有限公司,开发区\r\n' >utf8.csv
iconv -f UTF-8 -t GB18030 utf8.csv >gb.csv
printf '\357\273\277' | cat - utf8.csv >bom.csv

run cs-import -d "$db_gb" -t customers gb.csv
is_status 0 "GB18030 file detected"
is_file err "detected encoding reported" <<'EOF'
cs-import: gb.csv: read as gb18030 (not valid UTF-8)
cs-import: gb.csv: 2 rows, 2 loaded (2 new, 0 updated, 0 unchanged), 0 rejected
EOF
run cs-import -q -d "$db_utf" -t customers bom.csv
is_status 0 "UTF-8 with BOM"
cat >utf.out <<'EOF'
C1|王芳||城区|||||||active|||||||||||
C2|华信科技有限公司||开发区|||||||active|||||||||||
EOF
is_sql "$db_utf" "SELECT * FROM customers" "the UTF-8 file's rows stored" <utf.out
is_sql "$db_gb" "SELECT * FROM customers" "GB18030 and UTF-8 inputs store the same text" <utf.out
is_sql "$db_utf" "SELECT customer_id FROM customers ORDER BY 1" "BOM not part of the first header" <<'EOF'
C1
C2
EOF

run cs-import -q -d "$db_pipe" -t customers - <gb.csv
is_status 0 "GB18030 detected on a pipe"
is_sql "$db_pipe" "SELECT * FROM customers" "pipe gives the same rows" <utf.out
run cs-import -q -d "$db_named" -t customers --encoding gb18030 gb.csv
is_status 0 "--encoding gb18030"

# UTF-8 named explicitly: GB18030 bytes are invalid there and rejected.
run cs-import -d "$db_bad" -t customers --encoding utf-8 gb.csv
is_status 1 "GB18030 bytes read as UTF-8 are rejected"
is_file err "invalid bytes named with line and column" <<'EOF'
cs-import: gb.csv:2:2: name (unprintable): invalid byte sequence for the file's encoding
cs-import: gb.csv:2:3: region (unprintable): invalid byte sequence for the file's encoding
cs-import: gb.csv:3:2: name (unprintable): invalid byte sequence for the file's encoding
cs-import: gb.csv:3:3: region (unprintable): invalid byte sequence for the file's encoding
cs-import: gb.csv: 2 rows, 0 loaded (0 new, 0 updated, 0 unchanged), 2 rejected
cs-import: gb.csv: rejected rows are in gb.rejects.csv
EOF

# An invalid GB18030 sequence is rejected, never stored.
printf 'customer_id,name\r\nC1,\315\365\r\nC2,\201\r\n' >badgb.csv
run cs-import -q -d "$db_badgb" -t customers --encoding gb18030 badgb.csv
is_status 1 "invalid GB18030 byte rejected"
is_sql "$db_badgb" "SELECT customer_id, name FROM customers" "only the valid row stored" <<'EOF'
C1|王
EOF

# Invalid UTF-8 in a mostly UTF-8 file: detection picks GB18030 only
# when the file is not valid UTF-8; a NUL byte is a control character.
printf 'customer_id,name\nC1,a\000b\n' >nul.csv
run cs-import -q -d "$db_nul" -t customers -e utf-8 nul.csv
is_status 1 "NUL byte rejected"
is_file err "NUL byte reason" <<'EOF'
cs-import: nul.csv:2:2: name (unprintable): text holds a control character
EOF

# Rejects of standard input go to stderr as CSV.
printf 'customer_id,name\nC1,\nC2,ok\n' >stdin.txt
run cs-import -q -d "$db_stdin" -t customers -e utf-8 <stdin.txt
is_status 1 "stdin with a reject"
is_file err "stdin rejects on stderr" <<'EOF'
cs-import: stdin:2:2: name: required value missing
customer_id,name,line,column,reason
C1,,2,2,name: required value missing
EOF
done_testing
