# shellcheck shell=bash
# POST /api/v1/imports: a department file uploaded answers the summary of
# `xinyong import --json` and its row report; GBK is detected; reporters'
# rows of other departments are refused row by row; bodies over a
# route's cap are refused with 413 before anything is stored.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
cli=$(init_db cli)
dept=113701040042045104
admin=$(make_token ada admin)
rep=$(make_token rita reporter "$dept")
start_server "$DB"

upload() {
	api POST "/api/v1/imports?$1" -H "Authorization: Bearer $2" \
		-H "Content-Type: text/csv" --data-binary "@$3"
}
# the report of an answer as the CLI's "line,field,code" lines
report() {
	python3 -c 'import json, sys
for e in json.load(open(sys.argv[1]))["report"]:
    print("%d,%s,%s" % (e["line"], e["field"], e["code"]))' "$OUT"
}

for f in cf_chinese.csv cf_aliases.csv; do
	upload catalog=xzcf "$admin" "$XY_DATA/$f"
	expect_status 200
	cp "$OUT" "up-$f.json"
	expect_exit 0 xy import --db "$cli" --catalog xzcf --json \
		--report "cli-$f.csv" "$XY_DATA/$f"
	expect_eq "$(json_get "up-$f.json" summary)" \
		"$(json_get "$OUT" '')" "summary of $f"
	OUT=up-$f.json
	expect_eq "$(report)" "$(report_codes "cli-$f.csv")" "report of $f"
	OUT=$XY_TMP/.out
done
# again: all unchanged, as with the CLI
upload catalog=xzcf "$admin" "$XY_DATA/cf_chinese.csv"
expect_eq "$(json_get "$OUT" summary.unchanged)" \
	"$(json_get "up-cf_chinese.csv.json" summary.accepted)" "rerun"
expect_eq "$(json_get "$OUT" summary.new)" 0 "rerun new"

# --- GBK, detected
iconv -f UTF-8 -t GBK "$XY_DATA/cf_stats.csv" >gbk.csv
upload catalog=xzcf "$admin" gbk.csv
expect_status 200
cp "$OUT" up-gbk.json
expect_exit 0 xy import --db "$cli" --catalog xzcf --json "$XY_DATA/cf_stats.csv"
expect_eq "$(json_get up-gbk.json summary)" "$(json_get "$OUT" '')" "gbk"

# --- a reporter's upload: other departments' rows are refused
upload catalog=xzcf "$rep" "$XY_DATA/cf_stats.csv"
expect_status 200
python3 - "$OUT" "$XY_DATA/cf_stats.csv" "$dept" <<'PY' || xy_fail "scope"
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
col = [c for c in rows[0] if c in ("CF_SJLYDM", "数据来源单位统一社会信用代码")][0]
others = sum(1 for r in rows if r[col].strip().upper() != sys.argv[3])
forbidden = [e for e in d["report"] if e["code"] == "forbidden"]
assert others > 0 and len(forbidden) == others, (others, len(forbidden))
assert d["summary"]["rows"] == len(rows), d["summary"]
PY

# --- what is refused
upload "" "$admin" "$XY_DATA/cf_chinese.csv"
expect_problem invalid 400
expect_eq "$(json_get "$OUT" errors.0.field)" catalog "missing catalog"
upload catalog=nope "$admin" "$XY_DATA/cf_chinese.csv"
expect_problem not_found 404
upload "catalog=xzcf&encoding=latin1" "$admin" "$XY_DATA/cf_chinese.csv"
expect_problem invalid 400
: >empty.csv
upload catalog=xzcf "$admin" empty.csv
expect_problem invalid 400
api POST "/api/v1/imports?catalog=xzcf&dry_run=true" \
	-H "Authorization: Bearer $admin" --data-binary "@$XY_DATA/xk_codes.csv"
expect_status 200
expect_eq "$(json_get "$OUT" summary.dry_run)" true "dry run"

# --- 413: over the route's cap, as problem+json, nothing stored
api GET "/api/v1/records?limit=1000&purpose=test" -H "Authorization: Bearer $admin"
before=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["records"]))' "$OUT")
head -c 5000 /dev/zero | tr '\0' ' ' >5k.json
api POST /api/v1/session -H "Content-Type: application/json" \
	--data-binary @5k.json
expect_problem too_big 413
expect_eq "$(json_get "$OUT" detail)" \
	"the body is over this route's limit of 4096 bytes" "413 detail"
python3 - <<'PY'
import json
r = {"CF_WSH": "x" * 1000}
with open("17m.json", "w") as f:
    f.write("[" + ",".join([json.dumps(r)] * 17000) + "]")
PY
api POST /api/v1/records/xzcf -H "Authorization: Bearer $admin" \
	-H "Content-Type: application/json" --data-binary @17m.json
expect_problem too_big 413
api GET /healthz --data-binary @5k.json -X GET
expect_problem too_big 413
api GET "/api/v1/records?limit=1000&purpose=test" -H "Authorization: Bearer $admin"
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["records"]))' "$OUT")" \
	"$before" "nothing stored"

# the import counters
api GET /metrics -H "Authorization: Bearer $admin"
expect_contains "$OUT" 'xinyong_ingest_requests_total{source="imports"} 6'
expect_contains "$OUT" 'xinyong_imports_running 0'

stop_server
