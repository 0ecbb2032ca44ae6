#!/usr/bin/env bash
# `zhengban copy` moves a demo office from SQLite to an empty PostgreSQL database: every table's
# count and checksum agree, the audit chain verifies on PostgreSQL, and a second copy into the
# now non-empty database is refused.
#
#   ZB_TEST_PG_URL=postgresql://… tests/cluster/copy_test.sh BUILD_DIR
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
zb="$1/src/app/zhengban"
: "${ZB_TEST_PG_URL:?set by tests/run-all}"
tmp=$(mktemp -d /tmp/zb-copy.XXXXXX)
db=zb_copy_$$
base=${ZB_TEST_PG_URL%%\?*}
url=${base%/*}/$db
cleanup() {
  psql -X -q "$ZB_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$tmp"
}
trap cleanup EXIT

common=(--config "$root/config" --data "$root/data")
"$zb" --db "$tmp/z.db" "${common[@]}" demo --assignments 40 >/dev/null
# Imported tickets keep their fields in their created event only (case_fields.h): the copy
# must give PostgreSQL's cases their fields.
"$zb" --db "$tmp/z.db" "${common[@]}" hotline import "$root/data/tipdm2020-sample/attachment2.csv" |
  tail -1
kept=$(sqlite3 "$tmp/z.db" "SELECT count(*) FROM cases WHERE fields = ''")
[[ $kept -gt 0 ]] || { echo "FAIL: no imported ticket keeps its fields in its created event"; exit 1; }
psql -X -q "$ZB_TEST_PG_URL" -c "CREATE DATABASE $db"

"$zb" "${common[@]}" copy --from "sqlite:$tmp/z.db" --to "$url" | tee "$tmp/copy.out"
grep -q 'copied and verified' "$tmp/copy.out"
! grep -q DIFFERENT "$tmp/copy.out"
for table in units users cases events audit; do
  rows=$(awk -v t="$table" '$1 == t { print $3 }' "$tmp/copy.out")
  [[ ${rows:-0} -gt 0 ]] || { echo "FAIL: no rows copied for $table"; exit 1; }
done

copied=$(psql -X -At "$url" -c "SELECT count(*) FROM cases WHERE fields LIKE '%\"content\"%'
  AND kind = 'hotline' AND fields::jsonb ->> 'external_id' IS NOT NULL")
[[ $copied -ge $kept ]] || { echo "FAIL: $kept imported tickets, $copied with their fields"; exit 1; }
"$zb" --db "$url" "${common[@]}" audit verify
if "$zb" "${common[@]}" copy --from "sqlite:$tmp/z.db" --to "$url" 2>"$tmp/again.err"; then
  echo "FAIL: a copy into a non-empty database was not refused"
  exit 1
fi
grep -q 'not empty' "$tmp/again.err"
echo PASS
