# shellcheck shell=bash
# Name search (B1): `xinyong subject search` and GET /api/v1/subjects?q=
# find any part of a current or former name (on SQLite two characters
# and more through the FTS5 bigram index, one by a scan; on PostgreSQL
# three and more through pg_trgm), full-width input alike, best first,
# each subject once; persons only with the masked number.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
python3 - <<'PY'
import csv
base = {"CF_CFLB": "警告", "CF_WFXW": "违法", "CF_SY": "经查", "CF_YJ": "依据",
        "CF_NR": "警告", "CF_JDRQ": "2021-06-20", "CF_YXQ": "2022-06-19",
        "CF_CFJG": "济南市槐荫区市场监督管理局", "CF_CFJGDM": "113701040042045104",
        "CF_SJLY": "济南市槐荫区市场监督管理局", "CF_SJLYDM": "113701040042045104",
        "CF_FRDB": "张伟", "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "370104198503151232"}
org = dict(base, CF_XDR_LB="法人及非法人组织")
rows = [
    dict(org, CF_WSH="槐市监罚〔2021〕1号", CF_XDR_MC="济南槐荫宏达商贸有限公司",
         CF_XDR_SHXYM="91370104MA3C00011C"),
    # the same company later under a new name: the old one stays findable
    dict(org, CF_WSH="槐市监罚〔2021〕2号", CF_XDR_MC="山东宏达集团有限公司",
         CF_XDR_SHXYM="91370104MA3C00011C"),
    dict(org, CF_WSH="槐市监罚〔2021〕3号", CF_XDR_MC="宏达",
         CF_XDR_SHXYM="91370104MA3C0002X4"),
    dict(base, CF_WSH="槐市监罚〔2021〕4号", CF_XDR_MC="李宏达", CF_XDR_LB="自然人",
         CF_XDR_ZJLX="身份证", CF_XDR_ZJHM="11010519491231002X",
         CF_FRDB="", CF_FR_ZJLX="", CF_FR_ZJHM=""),
    # two-character names: a person, and the brand of a company
    dict(base, CF_WSH="槐市监罚〔2021〕5号", CF_XDR_MC="吴兵", CF_XDR_LB="自然人",
         CF_XDR_ZJLX="身份证", CF_XDR_ZJHM="370102199001010036",
         CF_FRDB="", CF_FR_ZJLX="", CF_FR_ZJHM=""),
    dict(org, CF_WSH="槐市监罚〔2021〕6号", CF_XDR_MC="济南市槐荫区吴兵兵烧烤有限公司",
         CF_XDR_SHXYM="91370104MA3C00030B"),
]
keys = sorted({k for r in rows for k in r})
w = csv.DictWriter(open("s.csv", "w", newline="", encoding="utf-8"), keys,
                   lineterminator="\n")
w.writeheader()
w.writerows(rows)
PY
expect_exit 0 xy import --db "$DB" --catalog xzcf --reported-at 2021-06-30 \
	--json s.csv
expect_eq "$(json_get "$OUT" accepted)" 6 "six records"

# names of the hits, in order
names() {
	python3 -c 'import json, sys
print(" ".join(h["name"] + ("<" + h["matched"] if h["matched"] != h["name"] else "")
               for h in json.load(open(sys.argv[1]))))' "$1"
}
expect_exit 0 xy subject search --db "$DB" --json 宏达
expect_eq "$(names "$OUT")" "宏达 李宏达 山东宏达集团有限公司" \
	"two characters: exact, then shorter names, each subject once"
expect_exit 0 xy subject search --db "$DB" --json 宏
expect_eq "$(names "$OUT")" "宏达 李宏达 山东宏达集团有限公司" \
	"one character (a scan): starting with it, then shorter names"
expect_exit 0 xy subject search --db "$DB" --json 吴兵
expect_eq "$(names "$OUT")" "吴兵 济南市槐荫区吴兵兵烧烤有限公司" \
	"a person's two-character name, then a name containing it"
expect_exit 0 xy subject search --db "$DB" --json 兵兵
expect_eq "$(names "$OUT")" "济南市槐荫区吴兵兵烧烤有限公司" \
	"a repeated character: not in 吴兵"
expect_exit 0 xy subject search --db "$DB" --json 烧烤
expect_eq "$(names "$OUT")" "济南市槐荫区吴兵兵烧烤有限公司" \
	"two characters inside a company name"
expect_exit 0 xy subject search --db "$DB" --json 商贸
expect_eq "$(names "$OUT")" "山东宏达集团有限公司<济南槐荫宏达商贸有限公司" \
	"two characters of a former name"
expect_exit 0 xy subject search --db "$DB" --json 贸宏
expect_eq "$(cat "$OUT")" "[]" "two characters found in no name"
expect_exit 0 xy subject search --db "$DB" --json 宏达商贸
expect_eq "$(names "$OUT")" "山东宏达集团有限公司<济南槐荫宏达商贸有限公司" \
	"a former name (through the index)"
expect_exit 0 xy subject search --db "$DB" --json "　宏达集团　"
expect_eq "$(names "$OUT")" "山东宏达集团有限公司" "trimmed, full-width spaces"
expect_exit 0 xy subject search --db "$DB" --json --limit 1 宏达
expect_eq "$(names "$OUT")" "宏达" "--limit"
expect_exit 0 xy subject search --db "$DB" --json 不存在的公司
expect_eq "$(cat "$OUT")" "[]" "nothing found"
expect_exit 0 xy subject search --db "$DB" --json 李宏达
expect_eq "$(python3 -c 'import json, sys
h = json.load(open(sys.argv[1]))[0]
print(h["kind"], h["id_masked"], "uscc" in h)' "$OUT")" \
	"自然人 110105********002X False" "a person: masked number only"
expect_not_contains "$OUT" "11010519491231002X"
expect_exit '!0' xy subject search --db "$DB" "  "
expect_one_line_error "$ERR" "xinyong subject: "
expect_exit 0 xy subject search --db "$DB" 宏达商贸
expect_contains "$OUT" "91370104MA3C00011C	法人及非法人组织	山东宏达集团有限公司	(曾用名 济南槐荫宏达商贸有限公司)"

# the same over HTTP
chk=$(make_token carl checker 113701040042045104)
start_server "$DB" --quiet
api GET "/api/v1/subjects?q=%E5%AE%8F%E8%BE%BE%E5%95%86%E8%B4%B8" \
	-H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(python3 -c 'import json, sys
print([h["uscc"] for h in json.load(open(sys.argv[1]))["subjects"]])' "$OUT")" \
	"['91370104MA3C00011C']" "HTTP: a former name"
api GET "/api/v1/subjects?q=%E5%90%B4%E5%85%B5" -H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(python3 -c 'import json, sys
print([(h["name"], h.get("id_masked")) for h in json.load(open(sys.argv[1]))["subjects"]])' "$OUT")" \
	"[('吴兵', '370102********0036'), ('济南市槐荫区吴兵兵烧烤有限公司', None)]" \
	"HTTP: a two-character name"
api GET "/api/v1/subjects" -H "Authorization: Bearer $chk"
expect_problem invalid 400
api GET "/api/v1/subjects?q=x&limit=0" -H "Authorization: Bearer $chk"
expect_problem invalid 400
stop_server
