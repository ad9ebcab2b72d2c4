# shellcheck shell=bash
# Several clients posting the same record at the same moment: every
# answer is 2xx, exactly one says "new", and exactly one record is
# stored. Then a mixed load of reads and writes on every loop and worker.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
rep=$(make_token rita reporter 113701040042045104)
chk=$(make_token carl checker 113701040042045104)
start_server "$DB" --threads 2 --workers 4 --quiet

python3 - <<'PY'
import json
for n in range(5):
    r = {"CF_WSH": "槐市监罚〔2021〕%d号" % (400 + n), "CF_JDRQ": "2021-06-20",
         "CF_XDR_LB": "法人及非法人组织", "CF_XDR_MC": "济南槐荫宏达商贸有限公司",
         "CF_XDR_SHXYM": "91370104MA3C00011C", "CF_FRDB": "张伟",
         "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "370104198503151232",
         "CF_CFLB": "警告", "CF_WFXW": "违法", "CF_SY": "经查", "CF_YJ": "依据",
         "CF_NR": "警告", "CF_YXQ": "2022-06-19", "CF_CFJG": "济南市槐荫区市场监督管理局",
         "CF_CFJGDM": "113701040042045104", "CF_SJLY": "济南市槐荫区市场监督管理局",
         "CF_SJLYDM": "113701040042045104"}
    json.dump(r, open("r%d.json" % n, "w"), ensure_ascii=False)
PY

for n in 0 1 2 3 4; do
	pids=()
	for c in 1 2 3 4 5 6 7 8; do
		curl -s -o "a$n-$c.json" -w '%{http_code}\n' \
			-H "Authorization: Bearer $rep" \
			-H "Content-Type: application/json" \
			--data-binary "@r$n.json" "$XY_URL/api/v1/records/xzcf" \
			>"s$n-$c.txt" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || xy_fail "curl failed"
	done
	expect_eq "$(cat s"$n"-*.txt | sort -u)" 200 "all 2xx (record $n)"
	expect_eq "$(python3 -c 'import json, sys
print(" ".join(sorted(json.load(open(f))["records"][0]["status"]
                      for f in sys.argv[1:])))' a"$n"-*.json)" \
		"new unchanged unchanged unchanged unchanged unchanged unchanged unchanged" \
		"one new (record $n)"
done
api GET "/api/v1/records?limit=1000" -H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(python3 -c 'import json,sys
print(len(json.load(open(sys.argv[1]))["records"]))' "$OUT")" 5 "five records"

# --- mixed: 4 writers and 8 readers at once, 25 requests each
python3 - "$XY_URL" "$rep" "$chk" <<'PY' || xy_fail "mixed load"
import json, sys, threading, urllib.request
url, rep, chk = sys.argv[1:4]
base = json.load(open("r0.json"))
bad = []
def call(method, path, key, body=None):
    rq = urllib.request.Request(url + path, data=body, method=method,
        headers={"Authorization": "Bearer " + key,
                 "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(rq) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
def writer(w):
    for i in range(25):
        r = dict(base, CF_WSH="槐市监罚〔2022〕%d号" % (w * 100 + i))
        st, _ = call("POST", "/api/v1/records/xzcf", rep,
                     json.dumps([r, r], ensure_ascii=False).encode())
        if st != 200: bad.append(("w", st))
def reader(k):
    for i in range(25):
        st, b = call("GET", "/api/v1/subjects/91370104MA3C00011C", chk)
        if st != 200: bad.append(("r", st, b[:200]))
ts = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
ts += [threading.Thread(target=reader, args=(k,)) for k in range(8)]
for t in ts: t.start()
for t in ts: t.join()
assert not bad, bad[:5]
st, b = call("GET", "/api/v1/subjects/91370104MA3C00011C", chk)
recs = json.loads(b)["categories"][0]["records"]
assert len(recs) == 5 + 100, len(recs)
PY

stop_server
