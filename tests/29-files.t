#!/bin/sh
# Files the programs create (hardening, items 1 and 13): never through a
# symbolic link, 0600 whatever the umask and whatever the old file's
# mode, put in place whole; -o names as long as the system allows.
. "$(dirname "$0")/lib.sh"

mode() { stat -c %a "$1"; }

printf 'customer_id,name\nC1,a\n' >good.csv
cs-import -q -d cs.db -t customers good.csv
printf 'customer_id,name\nC2,b\nC3,\n' >in.csv

# 1. A rejects file that is a link to the database is not followed.
ln -s cs.db in.rejects.csv
run cs-import -q -d cs.db -t customers in.csv
is_status 4 "#1 a rejects path that is a link: refused"
is_file err "#1 says why, and that nothing was loaded" <<'EOF'
cs-import: in.csv:3:2: name: required value missing
cs-import: cannot write rejects: in.rejects.csv: is a symbolic link; refusing to write through it; nothing loaded
EOF
is_sql cs.db "PRAGMA integrity_check; SELECT group_concat(customer_id) FROM customers" \
	"#1 the database it pointed at is intact, the file not loaded" <<'EOF'
ok
C1
EOF
readlink in.rejects.csv >link.txt
is_file link.txt "#1 the link is left as it was" <<'EOF'
cs.db
EOF
rm in.rejects.csv

# The same for --rejects, refused before anything is read.
echo 'keep me' >other.txt
ln -s other.txt mine.csv
run cs-import -d cs.db -t customers --rejects mine.csv in.csv
is_status 4 "#1 --rejects naming a link: refused"
is_file other.txt "#1 the file behind the link is untouched" <<'EOF'
keep me
EOF

# An old rejects file readable by all is replaced by one for the owner only.
echo old >in.rejects.csv
chmod 644 in.rejects.csv
run cs-import -q -d cs.db -t customers in.csv
is_status 1 "#1 the import with a rejected row"
mode in.rejects.csv >mode.txt
is_file mode.txt "#1 the rejects file is 0600, not the old file's 0644" <<'EOF'
600
EOF
ls -a | grep -c '^\.cs-' >tmp.txt
is_file tmp.txt "#1 no temporary file left beside it" <<'EOF'
0
EOF

# The database itself is never created through a link to nothing.
ln -s nowhere.db link.db
run cs-import -q -d link.db -t customers good.csv
is_status 3 "#1 a database path that is a link to nothing: refused"
is_file err "#1 says so" <<'EOF'
cs-import: link.db: is a symbolic link to nothing; not followed
EOF
is_absent nowhere.db "#1 nothing created where it led"

# 13. Report files are 0600 under any umask, and never through a link.
echo 'customer_id,name' >empty.csv
(umask 077; cs-report -d cs.db --format csv -o strict.csv aging)
(umask 022; cs-report -d cs.db --format csv -o loose.csv aging)
: >wide.csv
chmod 644 wide.csv
cs-report -d cs.db --format csv -o wide.csv aging
printf '%s %s %s\n' "$(mode strict.csv)" "$(mode loose.csv)" "$(mode wide.csv)" >modes.txt
is_file modes.txt "#13 -o files are 0600 under umask 077 and 022, and replacing a 0644 file" <<'EOF'
600 600 600
EOF
ln -s other.txt report.csv
run cs-report -d cs.db --format csv -o report.csv aging
is_status 4 "#13 -o naming a link to a file: refused"
is_file err "#13 says so" <<'EOF'
cs-report: cannot write report.csv: is a symbolic link; refusing to write through it
EOF
is_file other.txt "#13 the file behind the link is untouched" <<'EOF'
keep me
EOF
run cs-report -d cs.db --format csv -o /dev/null aging
is_status 0 "#13 -o a device is written directly"
(umask 022; cs-sample -n 5 sample >/dev/null)
mode sample/customers.csv >mode.txt
is_file mode.txt "#13 cs-sample's files are 0600 too" <<'EOF'
600
EOF

# -o names of up to 255 bytes: the temporary name does not grow with them.
long=$(printf 'r%.0s' $(seq 1 251)).csv
run cs-report -d cs.db --format csv -o "$long" aging
is_status 0 "a 255-byte -o name"
head -1 "$long" | cut -c1-20 >head.txt
is_file head.txt "and the report is in it" <<'EOF'
group,bucket,custome
EOF
done_testing
