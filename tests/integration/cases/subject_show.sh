# shellcheck shell=bash
# xinyong subject show: by USCC, by 工商注册号, by a natural person's ID
# number (found through the blind index, shown masked, never in full);
# records by category with status and history; every name a subject was
# reported under; an unknown code fails without echoing it.

db=$(init_db main)
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at 2021-06-30 \
	"$XY_DATA/xk_codes.csv"
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-06-30 \
	"$XY_DATA/cf_chinese.csv"

# show CODE: subject show --json CODE into show.json, exit 0
show() {
	expect_exit 0 xy subject show --json --db "$db" "$1"
	cp "$OUT" show.json
}
# records FILE: "catalog doc_no status version" per record
records() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for c in d["categories"]:
	for r in c["records"]:
		print(c["catalog"], r["doc_no"], r["status"], r["version"])' "$1" | sort
}

# --- an organisation by its USCC: both categories
show 91370104MA3C00011C
expect_eq "$(json_get show.json subject.name)" 济南槐荫宏达商贸有限公司 "name"
expect_eq "$(json_get show.json subject.uscc)" 91370104MA3C00011C "uscc"
expect_eq "$(json_get show.json subject.kind)" 法人及非法人组织 "kind"
expect_eq "$(records show.json)" "xzcf 槐市监罚〔2021〕201号 valid 1
xzxk 槐审批许〔2021〕101号 valid 1" "records of 宏达商贸"
expect_eq "$(json_get show.json categories.catalog=xzxk.name)" 行政许可 \
	"category name"
# the legal representative's ID number is masked
expect_eq "$(json_get show.json \
	categories.catalog=xzxk.records.0.fields.XK_FR_ZJHM)" \
	"370104********1232" "masked 法定代表人证件号码"
expect_not_contains show.json 370104198503151232
# the same subject through other spellings of its code
for code in 91370104ma3c00011c "９１３７０１０４ＭＡ３Ｃ０００１１Ｃ" " 91370104MA3C00011C "; do
	expect_exit 0 xy subject show --json --db "$db" "$code"
	expect_eq "$(json_get "$OUT" subject.uscc)" 91370104MA3C00011C \
		"subject show '$code'"
done
# text form: name, code, each category with its records
expect_exit 0 xy subject show --db "$db" 91370104MA3C00011C
cp "$OUT" show.txt
for text in 济南槐荫宏达商贸有限公司 91370104MA3C00011C 行政许可 行政处罚 \
	"槐审批许〔2021〕101号" "槐市监罚〔2021〕201号"; do
	expect_contains show.txt "$text"
done
expect_not_contains show.txt 370104198503151232

# --- an individual business, and one known only by its 工商注册号
show 92370104MA3D00012Y
expect_eq "$(records show.json)" "xzcf 槐市监罚〔2021〕209号 valid 1
xzxk 槐审批许〔2021〕103号 valid 1" "records of 老王烧烤店"
expect_eq "$(json_get show.json subject.kind)" 个体工商户 "kind"
show 370104600123456
expect_eq "$(json_get show.json subject.name)" 济南市槐荫区张记修鞋铺 \
	"subject with the placeholder USCC"
expect_eq "$(records show.json)" "xzxk 槐审批许〔2021〕118号 valid 1" \
	"records of 张记修鞋铺"

# --- natural persons by ID number: found, masked, never in full
for code in 370102199507170061 370102950717006; do
	show "$code"
	expect_eq "$(json_get show.json subject.name)" 刘洋 "person by '$code'"
	expect_eq "$(json_get show.json subject.kind)" 自然人 "kind"
	expect_eq "$(json_get show.json subject.id_masked)" 370102********0061 \
		"masked ID number"
	expect_eq "$(records show.json)" "xzxk 槐审批许〔2021〕102号 valid 1" \
		"records of 刘洋"
	expect_not_contains show.json 370102199507170061
	expect_not_contains show.json 370102950717006
	expect_exit 0 xy subject show --db "$db" "$code"
	expect_contains "$OUT" 刘洋
	expect_contains "$OUT" 370102********0061
	expect_not_contains "$OUT" 370102199507170061
	expect_not_contains "$OUT" 370102950717006
	expect_not_contains "$ERR" 370102199507170061
done
# 陈静 was reported with the 15-digit number; the 18-digit one finds her
for code in 370104197802280021 370104780228002; do
	show "$code"
	expect_eq "$(json_get show.json subject.name)" 陈静 "person by '$code'"
	expect_eq "$(records show.json)" "xzcf 槐市监罚〔2021〕202号 valid 1" \
		"records of 陈静"
	expect_not_contains show.json 370104197802280021
	expect_not_contains show.json 370104780228002
done
# a legal representative is not a subject of its own
expect_exit '!0' xy subject show --db "$db" 370104198503151232

# --- unknown codes: exit != 0, one line, the code not echoed
for code in 91370104MA3C000384 370104200109090072 370104010909007 \
	12345678-8 nonsense; do
	expect_exit '!0' xy subject show --db "$db" "$code"
	expect_one_line_error "$ERR" "xinyong subject: "
	expect_not_contains "$ERR" "$code"
	expect_eq "$(cat "$OUT")" "" "stdout for unknown '$code'"
	expect_exit '!0' xy subject show --json --db "$db" "$code"
	expect_not_contains "$ERR" "$code"
done
expect_exit '!0' xy subject show --db "$db"

# --- names: the same USCC reported under a second name keeps both
csv_set "$XY_DATA/xk_codes.csv" renamed.csv XK_WSH "槐审批许〔2021〕101号" \
	XK_XDR_MC 济南槐荫宏达商贸集团有限公司
csv_set renamed.csv renamed.csv XK_XDR_MC 济南槐荫宏达商贸集团有限公司 \
	XK_WSH "槐审批许〔2021〕120号"
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at 2021-07-10 \
	renamed.csv
show 91370104MA3C00011C
expect_eq "$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["subject"]["names"]
print("\n".join(sorted("%s %s" % (n["name"], n["first_seen"]) for n in d)))' \
	show.json)" "济南槐荫宏达商贸有限公司 2021-06-30
济南槐荫宏达商贸集团有限公司 2021-07-10" "names of 91370104MA3C00011C"
expect_eq "$(json_get show.json subject.name)" 济南槐荫宏达商贸集团有限公司 \
	"current name = the latest reported"
expect_eq "$(records show.json)" "xzcf 槐市监罚〔2021〕201号 valid 1
xzxk 槐审批许〔2021〕101号 valid 1
xzxk 槐审批许〔2021〕120号 valid 1" "records after the new name"
expect_exit 0 xy subject show --db "$db" 91370104MA3C00011C
expect_contains "$OUT" 济南槐荫宏达商贸有限公司
expect_contains "$OUT" 济南槐荫宏达商贸集团有限公司
# the old name sent again keeps its first date; no third entry
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-07-20 \
	"$XY_DATA/cf_chinese.csv"
show 91370104MA3C00011C
expect_eq "$(json_get show.json subject.names.name=济南槐荫宏达商贸有限公司.first_seen)" \
	2021-06-30 "first_seen of the old name"
expect_eq "$(python3 -c 'import json, sys
print(len(json.load(open(sys.argv[1]))["subject"]["names"]))' show.json)" 2 \
	"names after the old name came again"

# --- history and status in the text form
csv_set "$XY_DATA/xk_codes.csv" revoked.csv XK_WSH "槐审批许〔2021〕103号" XK_ZT 2
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at 2021-06-30 \
	--json revoked.csv
show 92370104MA3D00012Y
expect_eq "$(records show.json)" "xzcf 槐市监罚〔2021〕209号 valid 1
xzxk 槐审批许〔2021〕103号 revoked 2" "records of 老王烧烤店 after revocation"
expect_eq "$(json_get show.json \
	categories.catalog=xzxk.records.0.history.0.status)" valid \
	"history of the revoked licence"
expect_exit 0 xy subject show --db "$db" 92370104MA3D00012Y
expect_contains "$OUT" 已撤销
expect_contains "$OUT" 第2版
