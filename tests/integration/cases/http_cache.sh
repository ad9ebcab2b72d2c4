# shellcheck shell=bash
# The server keeps rendered archives (serve --cache) only while the data
# they show is unchanged: a second lookup is a hit with the same bytes;
# a record posted to the server, one imported by another process (the
# CLI), a record updated, one deleted and a department renamed by hand
# in SQL show at the next lookup; an import that changes nothing keeps what was kept; a person's
# archive is audited on every read, kept or not; --cache 0 keeps
# nothing.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
dept=113701040042045104
uscc=91370104MA3C00011C
rep=$(make_token rita reporter "$dept")
chk=$(make_token carl checker "$dept")
adm=$(make_token ada admin)
start_server "$DB" --rate 0

# rec NUMBER FILE [KEY=VALUE...]: a 行政处罚 of $uscc as JSON and as CSV
rec() {
	python3 - "$dept" "$uscc" "$@" <<-'PY'
		import csv, json, sys
		dept, uscc, n, out = sys.argv[1:5]
		r = {"CF_WSH": "槐市监罚〔2021〕%s号" % n, "CF_JDRQ": "2021-06-20",
		     "CF_XDR_LB": "法人及非法人组织", "CF_XDR_MC": "济南槐荫宏达商贸有限公司",
		     "CF_XDR_SHXYM": uscc, "CF_FRDB": "张伟",
		     "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "370104198503151232",
		     "CF_CFLB": "警告", "CF_WFXW": "违法", "CF_SY": "经查",
		     "CF_YJ": "依据", "CF_NR": "警告", "CF_YXQ": "2022-06-19",
		     "CF_CFJG": "济南市槐荫区市场监督管理局", "CF_CFJGDM": dept,
		     "CF_SJLY": "济南市槐荫区市场监督管理局", "CF_SJLYDM": dept}
		for kv in sys.argv[5:]:
		    k, v = kv.split("=", 1)
		    if v == "-":
		        r.pop(k)
		    else:
		        r[k] = v
		json.dump(r, open(out + ".json", "w"), ensure_ascii=False)
		with open(out + ".csv", "w", newline="", encoding="utf-8") as f:
		    w = csv.writer(f)
		    w.writerow(list(r))
		    w.writerow(list(r.values()))
	PY
}
post() {
	api POST /api/v1/records/xzcf -H "Authorization: Bearer $rep" \
		-H "Content-Type: application/json" --data-binary "@$1"
	expect_status 200
}
lookup() {
	api GET "/api/v1/subjects/${1:-$uscc}" -H "Authorization: Bearer $chk" \
		"${@:2}"
}
# cache_count hit|miss: the server's counter
cache_count() {
	curl -s "$XY_URL/metrics" -H "Authorization: Bearer $adm" |
		sed -n "s/^xinyong_archive_cache_lookups_total{result=\"$1\"} //p"
}
# docs: the archive's document numbers, with versions
docs() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s/v%d" % (r["doc_no"], r["version"])
    for c in d["categories"] for r in c["records"]))' "$OUT"
}

rec 801 a
post a.json
lookup
expect_status 200
expect_eq "$(docs)" "槐市监罚〔2021〕801号/v1" "archive after one post"
cp "$OUT" first.json
expect_eq "$(cache_count miss)" 1 "misses after the first lookup"
expect_eq "$(cache_count hit)" 0 "hits after the first lookup"
lookup
expect_status 200
cmp -s "$OUT" first.json || xy_fail "the kept archive differs from the render"
expect_eq "$(cache_count hit)" 1 "hits after the second lookup"

# a record posted to the server
rec 802 b
post b.json
lookup
expect_eq "$(docs)" "槐市监罚〔2021〕801号/v1 槐市监罚〔2021〕802号/v1" \
	"archive after a second post"

# a record imported by another process
rec 803 c
expect_exit 0 xy import --db "$DB" --catalog xzcf --reported-at 2021-06-25 \
	--json c.csv
lookup
expect_eq "$(docs)" "槐市监罚〔2021〕801号/v1 槐市监罚〔2021〕802号/v1 槐市监罚〔2021〕803号/v1" \
	"archive after an import by the CLI"
misses=$(cache_count miss)

# an import that changes nothing keeps the kept archive
expect_exit 0 xy import --db "$DB" --catalog xzcf --reported-at 2021-06-25 \
	--json c.csv
expect_eq "$(json_get "$OUT" unchanged)" 1 "unchanged on the second import"
lookup
expect_eq "$(cache_count miss)" "$misses" "misses after an import of nothing new"

# an update: the new version and its history
rec 801 a2 CF_NR=罚款
post a2.json
lookup
expect_eq "$(docs)" "槐市监罚〔2021〕801号/v2 槐市监罚〔2021〕802号/v1 槐市监罚〔2021〕803号/v1" \
	"archive after an update"

# a correction by hand, behind the program's back (a trigger sees it)
by_hand() {
	if is_pg; then
		psql "$DB" -qAtX -c "$1" >/dev/null
	else
		sqlite3 "$(sqlite_file "$DB")" "$1"
	fi || xy_fail "by hand: $1"
}
by_hand "DELETE FROM records WHERE doc_no = '槐市监罚〔2021〕803号'"
lookup
expect_eq "$(docs)" "槐市监罚〔2021〕801号/v2 槐市监罚〔2021〕802号/v1" \
	"archive after a record deleted by hand"
by_hand "UPDATE departments SET name = '槐荫区市场监管局' WHERE uscc = '$dept'"
lookup
expect_eq "$(json_get "$OUT" categories.0.records.0.dept_name)" 槐荫区市场监管局 \
	"a department renamed by hand"

# a person's archive: every read needs a purpose and is audited, kept or not
person=370102199507170061
rec 804 p CF_XDR_LB=自然人 CF_XDR_MC=刘洋 CF_XDR_SHXYM=- CF_FRDB=- \
	CF_FR_ZJLX=- CF_FR_ZJHM=- CF_XDR_ZJLX=身份证 CF_XDR_ZJHM=$person
post p.json
expect_eq "$(json_get "$OUT" records.0.status)" new "the person's record"
lookup "$person"
expect_problem invalid 400
for i in 1 2 3; do
	lookup "$person" -H "X-Purpose: 行政许可审查"
	expect_status 200
done
hits=$(cache_count hit)
lookup "$person" -H "X-Purpose: 行政许可审查"
expect_eq "$(cache_count hit)" $((hits + 1)) "hits after a person's lookup"
# kept or not, no purpose is no archive
lookup "$person"
expect_problem invalid 400
expect_not_contains "$OUT" 刘洋
expect_exit 0 xy audit show --json --subject "$person" --db "$DB"
expect_eq "$(python3 -c 'import json, sys
print(sum(e["who"] == "carl" and e["action"] == "read"
    for e in json.load(open(sys.argv[1]))))' "$OUT")" 4 \
	"audited reads of the person by carl"
stop_server

# --cache takes megabytes, 0 or more
expect_exit 2 xy serve --cache abc --db "$DB"
expect_one_line_error "$ERR" "xinyong serve: --cache: 'abc' is not a number >= 0"
expect_exit 2 xy serve --cache -1 --db "$DB"

# --cache 0: nothing kept, no figures
start_server "$DB" --rate 0 --cache 0
lookup
expect_status 200
expect_eq "$(docs)" "槐市监罚〔2021〕801号/v2 槐市监罚〔2021〕802号/v1" \
	"archive without a cache"
expect_eq "$(cache_count hit)" "" "cache figures with --cache 0"
stop_server
