# shellcheck shell=bash
# SIGTERM while an upload is being imported: the server stops accepting,
# the request in flight completes with its whole answer, the databases
# close cleanly, and the exit status is 0. SIGINT does the same.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
admin=$(make_token ada admin)
today=$(date +%F)
expect_exit 0 xy gen --catalog xzcf --rows 60000 --seed 7 \
	--reported-at "$today" --output big.csv

start_server "$DB"
curl -s -o up.json -w '%{http_code}' -H "Authorization: Bearer $admin" \
	-H "Content-Type: text/csv" --data-binary @big.csv \
	"$XY_URL/api/v1/imports?catalog=xzcf" >up.status &
cpid=$!
# wait until the import runs on a worker
for ((i = 0; i < 400; i++)); do
	api GET /metrics -H "Authorization: Bearer $admin"
	grep -q '^xinyong_imports_running 1' "$OUT" && break
	sleep 0.02
done
grep -q '^xinyong_imports_running 1' "$OUT" || xy_fail "the import did not start"
kill -TERM "$XY_SERVER_PID"
# no new connections once it is stopping: refused (curl's exit 7)
refused=0
for ((i = 0; i < 100; i++)); do
	rc=0
	curl -s -o /dev/null --max-time 2 "$XY_URL/healthz" || rc=$?
	if [ "$rc" -eq 7 ]; then
		refused=1
		break
	fi
	sleep 0.05
done
[ "$refused" = 1 ] || xy_fail "still accepting after SIGTERM"
wait "$cpid" || xy_fail "the upload's curl failed"
rc=0
wait "$XY_SERVER_PID" || rc=$?
expect_eq "$rc" 0 "exit status after SIGTERM"
expect_eq "$(cat up.status)" 200 "the request in flight"
expect_eq "$(json_get up.json summary.rows)" 60000 "whole answer"
expect_eq "$(json_get up.json summary.new)" 60000 "all stored"
expect_contains "$XY_TMP/server.err" "SIGTERM: stopping"
expect_contains "$XY_TMP/server.err" "POST /api/v1/imports 200 "
if ! is_pg; then
	file=$(sqlite_file "$DB")
	[ ! -e "$file-wal" ] || [ ! -s "$file-wal" ] ||
		xy_fail "the database was not closed cleanly (WAL left)"
	expect_eq "$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA integrity_check").fetchone()[0],
      c.execute("SELECT COUNT(*) FROM records").fetchone()[0])' "$file")" \
		"ok 60000" "integrity and count"
else
	skip_note "WAL and integrity_check"
fi

# SIGINT, idle
start_server "$DB"
kill -INT "$XY_SERVER_PID"
rc=0
wait "$XY_SERVER_PID" || rc=$?
expect_eq "$rc" 0 "exit status after SIGINT"
expect_contains "$XY_TMP/server.err" "SIGINT: stopping"
