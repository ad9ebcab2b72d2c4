# shellcheck shell=bash
# Two `xinyong serve` processes on one database (issue 4: PostgreSQL in
# the PostgreSQL run; SQLite's file locks in the other), posted the same
# batch of records at once: every answer 2xx, each record "new" in
# exactly one answer, and the database holds each record exactly once.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
rep=$(make_token rita reporter 113701040042045104)
chk=$(make_token carl checker 113701040042045104)

# start NAME: a server on a free port; its URL in NAME.url
start() {
	local i url=""
	: >"$1.out" # there before the server writes to it
	"$XY_BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet \
		>"$1.out" 2>"$1.err" &
	echo $! >"$1.pid"
	for ((i = 0; i < 200; i++)); do
		url=$(sed -n 's/^listening on //p' "$1.out")
		[ -n "$url" ] && curl -sf -o /dev/null "$url/healthz" && break
		sleep 0.05
	done
	[ -n "$url" ] || { cat "$1.err" >&2; xy_fail "server $1 did not start"; }
	echo "$url" >"$1.url"
}
start one
start two

python3 - <<'PY'
import json
recs = []
for n in range(20):
    recs.append({"CF_WSH": "槐市监罚〔2021〕%d号" % (700 + n),
         "CF_JDRQ": "2021-06-20", "CF_XDR_LB": "法人及非法人组织",
         "CF_XDR_MC": "济南槐荫宏达商贸有限公司",
         "CF_XDR_SHXYM": "91370104MA3C00011C", "CF_FRDB": "张伟",
         "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "370104198503151232",
         "CF_CFLB": "警告", "CF_WFXW": "违法", "CF_SY": "经查", "CF_YJ": "依据",
         "CF_NR": "警告", "CF_YXQ": "2022-06-19",
         "CF_CFJG": "济南市槐荫区市场监督管理局",
         "CF_CFJGDM": "113701040042045104",
         "CF_SJLY": "济南市槐荫区市场监督管理局",
         "CF_SJLYDM": "113701040042045104"})
json.dump(recs, open("batch.json", "w"), ensure_ascii=False)
PY

pids=()
for s in one two; do
	for c in 1 2 3 4; do
		curl -s -o "a-$s-$c.json" -w '%{http_code}\n' \
			-H "Authorization: Bearer $rep" \
			-H "Content-Type: application/json" \
			--data-binary @batch.json "$(cat $s.url)/api/v1/records/xzcf" \
			>"s-$s-$c.txt" &
		pids+=($!)
	done
done
for p in "${pids[@]}"; do
	wait "$p" || xy_fail "curl failed"
done
expect_eq "$(cat s-*.txt | sort -u)" 200 "every answer 2xx"
expect_eq "$(python3 - a-*.json <<-'PY'
	import collections, json, sys
	new = collections.Counter()
	for f in sys.argv[1:]:
	    for r in json.load(open(f))["records"]:
	        assert r["status"] in ("new", "unchanged"), r
	        new[r["index"]] += r["status"] == "new"
	print(sorted(set(new.values())), len(new))
	PY
)" "[1] 20" "each record new in exactly one answer"

XY_URL=$(cat one.url)
api GET "/api/v1/records?limit=1000" -H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(python3 -c 'import json, sys
print(len(json.load(open(sys.argv[1]))["records"]))' "$OUT")" 20 \
	"twenty records stored once"
expect_exit 0 xy export --db "$DB" --catalog xzcf
expect_eq "$(($(wc -l <"$OUT") - 1))" 20 "the export has twenty records"

for s in one two; do
	kill -TERM "$(cat $s.pid)"
	wait "$(cat $s.pid)" || xy_fail "server $s exited with $? after SIGTERM"
done
