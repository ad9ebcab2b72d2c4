# shellcheck shell=bash
# POST /api/v1/records/{catalog}: one object, an array, JSON Lines; keys
# as codes, Chinese names or aliases; new -> unchanged -> updated with
# history; rejected records with their §2.5 codes; what is refused
# before anything is stored; reporters limited to their department.
# GET /api/v1/records (cursor pages), /records/{id}, /subjects/{code}:
# a natural person's data needs a purpose and leaves an audit entry.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
dept=113701040042045104
other=91370104MA3C0002X4
admin=$(make_token ada admin)
rep=$(make_token rita reporter "$dept")
chk=$(make_token carl checker "$dept")
aud=$(make_token audra auditor)
start_server "$DB"

# rec FILE KEY=VALUE...: writes a valid 行政处罚 of $dept to FILE (keys
# as standard codes, Chinese names and aliases), with changes
rec() {
	python3 - "$@" <<-'PY'
		import json, sys
		r = {"CF_WSH": "槐市监罚〔2021〕201号", "处罚决定日期": "2021.06.20",
		     "CF_XDR_LB": "法人及非法人组织", "当事人名称": "济南槐荫宏达商贸有限公司",
		     "CF_XDR_SHXYM": "91370104ma3c00011c", "CF_FRDB": "张伟",
		     "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "370104198503151232",
		     "CF_CFLB": ["警告", "罚款"], "CF_NR_FK": 0.5,
		     "CF_WFXW": "销售不符合食品安全标准的食品", "CF_SY": "经查，当事人销售。",
		     "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
		     "CF_NR": "依法给予行政处罚", "CF_YXQ": "2022-06-19",
		     "CF_CFJG": "济南市槐荫区市场监督管理局", "CF_CFJGDM": "113701040042045104",
		     "CF_SJLY": "济南市槐荫区市场监督管理局", "CF_SJLYDM": "113701040042045104",
		     "CF_GSJZQ": None}
		for kv in sys.argv[2:]:
		    k, v = kv.split("=", 1)
		    if v == "-":
		        r.pop(k, None)
		    else:
		        r[k] = json.loads(v) if v[:1] in "[{" or v.isdigit() else v
		json.dump(r, open(sys.argv[1], "w"), ensure_ascii=False)
	PY
}
# post FILE TOKEN [TYPE] [QUERY]
post() {
	api POST "/api/v1/records/xzcf${4:-}" -H "Authorization: Bearer $2" \
		-H "Content-Type: ${3:-application/json}" --data-binary "@$1"
}
summary() {
	json_get "$OUT" summary
}
statuses() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%d:%s%s" % (r["index"], r["status"], "".join(
    "/" + e["field"] + ":" + e["code"] for e in r["errors"]))
    for r in d["records"]))' "$OUT"
}

# --- one record: new, unchanged, updated
rec r1.json
post r1.json "$rep"
expect_status 200
expect_json "$OUT" '{"summary": {"rows": 1, "accepted": 1, "rejected": 0,
	"new": 1, "updated": 0, "unchanged": 0, "late": 1, "warnings": 0,
	"dry_run": false},
	"records": [{"index": 0, "status": "new", "errors": []}],
	"warnings": []}' "first post"
post r1.json "$rep"
expect_eq "$(statuses)" "0:unchanged" "second post"
expect_eq "$(summary)" '{"rows":1,"accepted":1,"rejected":0,"new":0,"updated":0,"unchanged":1,"late":1,"warnings":0,"dry_run":false}' "second summary"
# the same values written differently are the same record
rec r1b.json "处罚决定日期=2021年6月20日" "CF_CFLB=警告；罚款" "CF_FR_ZJLX=身份证 "
post r1b.json "$rep"
expect_eq "$(statuses)" "0:unchanged" "normalised post"
rec r1c.json "CF_NR=依法给予警告并处罚款"
post r1c.json "$rep"
expect_eq "$(statuses)" "0:updated" "changed post"

# --- the record with its history, by id from the list
api GET "/api/v1/records?catalog=xzcf" -H "Authorization: Bearer $chk"
expect_status 200
id=$(json_get "$OUT" records.0.id)
api GET "/api/v1/records/$id" -H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(json_get "$OUT" version)" 2 "version"
expect_eq "$(json_get "$OUT" doc_no)" "槐市监罚〔2021〕201号" "doc_no"
expect_eq "$(json_get "$OUT" fields.CF_NR)" "依法给予警告并处罚款" "current"
expect_eq "$(json_get "$OUT" fields.CF_FR_ZJHM)" "370104********1232" "masked"
expect_eq "$(json_get "$OUT" history.0.version)" 1 "history version"
expect_eq "$(json_get "$OUT" history.0.fields.CF_NR)" "依法给予行政处罚" \
	"history value"
expect_eq "$(json_get "$OUT" fields.CF_CFLB)" "警告;罚款" "enum list"
api GET /api/v1/records/999999 -H "Authorization: Bearer $chk"
expect_problem not_found 404
api GET /api/v1/records/abc -H "Authorization: Bearer $chk"
expect_problem invalid 400

# --- an array: valid, rejected with codes, not an object, bad type
python3 - <<'PY'
import json
base = json.load(open("r1.json"))
recs = []
for n, extra in ((202, {}), (203, {"CF_XDR_SHXYM": "91370104MA3C00011D",
                                   "CF_JDRQ": "2021-02-30"}),
                 (204, {"CF_NR_FK": "-1"}), (205, {"CF_NR": {"a": 1}}),
                 (206, {"CF_CFLB": "警示"})):
    r = dict(base, CF_WSH="槐市监罚〔2021〕%d号" % n)
    r.pop("处罚决定日期"); r["CF_JDRQ"] = "2021-06-20"
    r.update(extra)
    recs.append(r)
recs.insert(2, "not a record")
json.dump(recs, open("arr.json", "w"), ensure_ascii=False)
PY
post arr.json "$rep"
expect_status 200
expect_eq "$(statuses)" "0:new 1:rejected/CF_XDR_SHXYM:uscc_checksum/CF_JDRQ:date 2:rejected/:json 3:rejected/CF_NR_FK:amount 4:rejected/CF_NR:json 5:rejected/CF_CFLB:enum" "array"
expect_eq "$(summary)" '{"rows":6,"accepted":1,"rejected":5,"new":1,"updated":0,"unchanged":0,"late":1,"warnings":0,"dry_run":false}' "array summary"

# --- value types: numbers and lists taken, other types refused, a field
# named twice keeps its first value (dry runs: nothing is stored)
python3 - <<'PY'
import json
base = json.load(open("r1.json"))
recs = []
for n, extra in ((221, {"CF_NR_FK": 12}), (222, {"CF_CFLB": ["警告", 1]}),
                 (223, {"CF_NR": True}), (224, {"CF_NR": None})):
    r = dict(base, CF_WSH="槐市监罚〔2021〕%d号" % n)
    r.update(extra)
    recs.append(r)
body = json.dumps(recs, ensure_ascii=False)
# the last record names its decision number twice: the first one counts
body = body[:-2] + ', "行政处罚决定书文号": "槐市监罚〔2021〕225号"}]'
open("types.json", "w").write(body)
PY
post types.json "$rep" application/json "?dry_run=true"
expect_status 200
expect_eq "$(statuses)" "0:new 1:rejected/CF_CFLB:json 2:rejected/CF_NR:json 3:rejected/CF_NR:required" "value types"
expect_eq "$(json_get "$OUT" warnings.0.code)" duplicate_column "named twice"
# what no record can be: the body is refused, at its place
for bad in '[{"CF_NR_FK": 1e400}]|line 1, column 20: real number overflow' \
	'[{"CF_NR_FK": 99999999999999999999}]|line 1, column 35: too big integer' \
	'[{"CF_NR": "a\u0000b"}]|line 1, column 22: \u0000 is not allowed in a string' \
	'[{"CF_NR": "a"}] x|line 1, column 17: unexpected data after the array'; do
	printf '%s' "${bad%%|*}" >bad.json
	post bad.json "$rep"
	expect_problem invalid 400
	expect_eq "$(json_get "$OUT" detail)" "${bad#*|}" "refused body"
done

# --- JSON Lines: a bad line rejects that record only; blank lines skipped
python3 - <<'PY'
import json
base = json.load(open("r1.json"))
lines = []
for n in (207, 208):
    lines.append(json.dumps(dict(base, CF_WSH="槐市监罚〔2021〕%d号" % n),
                            ensure_ascii=False))
lines.insert(1, "{not json")
lines.insert(2, "")
open("recs.ndjson", "w").write("\n".join(lines) + "\n")
PY
post recs.ndjson "$rep" application/x-ndjson
expect_status 200
expect_eq "$(statuses)" "0:new 1:rejected/:json 2:new" "ndjson"
expect_eq "$(json_get "$OUT" records.1.errors.0.message)" \
	"line 2: lexical error: invalid string in json text." "ndjson message"

# --- unknown keys warn once for the request
rec r9.json "CF_WSH=槐市监罚〔2021〕209号" "经办人=王五"
post r9.json "$rep"
expect_eq "$(statuses)" "0:new" "unknown key"
expect_eq "$(json_get "$OUT" summary.warnings)" 1 "one warning"
expect_eq "$(json_get "$OUT" warnings.0.code)" unknown_column "warning"
expect_eq "$(json_get "$OUT" warnings.0.field)" 经办人 "warning field"

# --- a record's own warnings, however many, come back with it: three
# codes whose organisation code (inside) fails its check, over 256 bytes
# of issues held with the record while it waits to be written
bad_org=91370104MA3C000109 bad_dept=113701040042045117
rec r12.json "CF_WSH=槐市监罚〔2021〕230号" "CF_XDR_SHXYM=$bad_org" \
	"CF_CFJGDM=$bad_dept" "CF_SJLYDM=$bad_dept"
post r12.json "$admin"
expect_eq "$(statuses)" "0:new/CF_XDR_SHXYM:orgcode_checksum/CF_CFJGDM:orgcode_checksum/CF_SJLYDM:orgcode_checksum" \
	"warned record"
expect_eq "$(json_get "$OUT" summary.warnings)" 3 "three warnings"

# --- refused before anything is stored
api GET "/api/v1/records?limit=1000" -H "Authorization: Bearer $admin"
before=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["records"]))' "$OUT")
# a new record first, then the body breaks: the record is not kept
rec fresh.json CF_WSH=槐市监罚〔2021〕299号
printf '[%s, {"CF_WSH": ' "$(cat fresh.json)" >broken.json
post broken.json "$rep"
expect_problem invalid 400
expect_contains "$OUT" "line 1, column"
printf 'CF_WSH=1' >form.txt
post form.txt "$rep" text/plain
expect_problem unsupported_media_type 415
post r1.json "$rep" application/json "-nope"
expect_problem not_found 404
api POST /api/v1/records/nope -H "Authorization: Bearer $rep" \
	-H "Content-Type: application/json" --data-binary @r1.json
expect_problem not_found 404
: >empty.json
post empty.json "$rep"
expect_problem invalid 400
api GET "/api/v1/records?limit=1000" -H "Authorization: Bearer $admin"
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["records"]))' "$OUT")" \
	"$before" "nothing stored"

# --- dry run: validated, not stored
rec r10.json "CF_WSH=槐市监罚〔2021〕210号"
post r10.json "$rep" application/json "?dry_run=true"
expect_eq "$(statuses)" "0:new" "dry run"
expect_eq "$(json_get "$OUT" summary.dry_run)" true "dry_run flag"
post r10.json "$rep"
expect_eq "$(statuses)" "0:new" "after the dry run"

# --- reporters write their own department's records only
rec r11.json "CF_WSH=槐市监罚〔2021〕211号" "CF_SJLYDM=$other" \
	"CF_SJLY=济南槐荫恒通物流有限公司"
post r11.json "$rep"
expect_status 200
expect_eq "$(statuses)" "0:rejected/CF_SJLYDM:forbidden" "other department"
post r11.json "$admin"
expect_eq "$(statuses)" "0:new" "admin writes any department"
# and read them only: the list is theirs whatever they ask for
api GET "/api/v1/records?dept=$other&limit=1000" -H "Authorization: Bearer $rep"
expect_status 200
expect_not_contains "$OUT" "\"dept\":\"$other\""
api GET "/api/v1/records?dept=$other" -H "Authorization: Bearer $chk"
expect_eq "$(json_get "$OUT" records.0.dept)" "$other" "checker sees all"
oid=$(json_get "$OUT" records.0.id)
api GET "/api/v1/records/$oid" -H "Authorization: Bearer $rep"
expect_problem forbidden 403
api GET "/api/v1/records/$oid" -H "Authorization: Bearer $chk"
expect_status 200

# --- pages by cursor: every record once, in id order
python3 - "$XY_URL" "$chk" <<'PY' || xy_fail "pagination"
import json, sys, urllib.request
url, key = sys.argv[1], sys.argv[2]
def get(q):
    rq = urllib.request.Request(url + "/api/v1/records" + q,
                                headers={"Authorization": "Bearer " + key})
    return json.load(urllib.request.urlopen(rq))
whole = [r["id"] for r in get("?limit=1000")["records"]]
seen, cursor = [], None
while True:
    d = get("?limit=2" + ("&cursor=" + cursor if cursor else ""))
    assert len(d["records"]) <= 2
    seen += [r["id"] for r in d["records"]]
    cursor = d["next_cursor"]
    if cursor is None:
        break
assert seen == whole == sorted(whole), (seen, whole)
assert len(whole) == 8, whole
PY
api GET "/api/v1/records?limit=0" -H "Authorization: Bearer $chk"
expect_problem invalid 400
api GET "/api/v1/records?from=2021-13-01" -H "Authorization: Bearer $chk"
expect_problem invalid 400
expect_eq "$(json_get "$OUT" errors.0.code)" date "from: date"
api GET "/api/v1/records?catalog=nope" -H "Authorization: Bearer $chk"
expect_problem invalid 400

# --- a natural person: purpose required, every read audited
rec p.json "CF_WSH=槐市监罚〔2021〕212号" "CF_XDR_LB=自然人" "当事人名称=刘洋" \
	"CF_XDR_SHXYM=-" "CF_FRDB=-" "CF_FR_ZJLX=-" "CF_FR_ZJHM=-" \
	"CF_XDR_ZJLX=身份证" "CF_XDR_ZJHM=370102199507170061"
post p.json "$rep"
expect_eq "$(statuses)" "0:new" "person"
api GET /api/v1/subjects/370102199507170061 -H "Authorization: Bearer $chk"
expect_problem invalid 400
expect_contains "$OUT" "purpose"
api GET "/api/v1/subjects/370102199507170061?purpose=%E8%AF%84%E4%BC%98" \
	-H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(json_get "$OUT" subject.kind)" 自然人 "kind"
expect_eq "$(json_get "$OUT" subject.id_masked)" "370102********0061" "mask"
expect_not_contains "$OUT" 370102199507170061
api GET /api/v1/subjects/370102199507170061 -H "Authorization: Bearer $chk" \
	-H "X-Purpose: 人员招聘"
expect_status 200
pid=$(json_get "$OUT" 'categories.0.records.0.id')
api GET "/api/v1/records/$pid" -H "Authorization: Bearer $chk"
expect_problem invalid 400
api GET "/api/v1/records/$pid?purpose=check" -H "Authorization: Bearer $chk"
expect_status 200
api GET "/api/v1/records?limit=1000" -H "Authorization: Bearer $chk"
expect_problem invalid 400
# organisations need no purpose, and leave no read entry
api GET /api/v1/subjects/91370104MA3C00011C -H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(json_get "$OUT" subject.name)" "济南槐荫宏达商贸有限公司" "org"
# who looked at the person: the auditor's view
api GET "/api/v1/audit?subject=370102199507170061" -H "Authorization: Bearer $aud"
expect_status 200
expect_eq "$(python3 -c 'import json,sys
for e in json.load(open(sys.argv[1]))["entries"]:
    print(e["who"], e["role"], e["action"], e["route"], e["purpose"])' "$OUT")" \
"carl checker read GET /api/v1/records/{id} check
carl checker read GET /api/v1/subjects/{code} 人员招聘
carl checker read GET /api/v1/subjects/{code} 评优" "audit trail"
api GET "/api/v1/audit?subject=91370104MA3C00011C" -H "Authorization: Bearer $aud"
expect_json "$OUT" '{"entries": []}' "no reads of an organisation"
api GET /api/v1/audit -H "Authorization: Bearer $aud"
expect_problem invalid 400
# the writes are in the trail too
expect_exit 0 xy audit verify --db "$DB"

# --- the A5 figures
api GET "/api/v1/stats?dept=$dept" -H "Authorization: Bearer $chk"
expect_status 200
expect_eq "$(json_get "$OUT" 0.dept)" "$dept" "stats dept"
expect_eq "$(json_get "$OUT" 0.valid)" 7 "stats valid"
api GET "/api/v1/stats?from=2021-07-01&to=2021-06-01" -H "Authorization: Bearer $chk"
expect_problem invalid 400

stop_server
