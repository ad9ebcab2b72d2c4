# shellcheck shell=bash
# xinyong import on hand-written files (tests/data): headers as standard
# codes (own column order, an unknown column), as Chinese 数据项 names, as
# aliases, and with a required column missing. Exact summaries, exact
# report lines (physical line numbers, standard field codes, §2.5 codes),
# the stored values, and the errors that stop an import.

db=$(init_db main)
at=2021-06-30

# --- codes as headers, own order, an unknown column '经办人'; record 3
# spans lines 3-4 (a quoted line break)
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	--report xk.report "$XY_DATA/xk_codes.csv"
expect_json "$OUT" '{"rows":19,"accepted":6,"rejected":13,"new":6,
	"updated":0,"unchanged":0,"late":1,"warnings":2,"dry_run":false}' \
	"summary of xk_codes.csv"
expect_contains "$ERR" "unknown column '经办人' ignored"
expect_eq "$(report_codes xk.report)" "6,XK_XDR_SHXYM,uscc_checksum
7,XK_XKLB,enum
8,XK_JDRQ,date
9,XK_JDRQ,date_future
10,XK_YXQZI,date_order
11,XK_XDR_SHXYM,category_code_mismatch
12,XK_XDR_ZJHM,ric_checksum
13,XK_XDR_ZJHM,ric_birthdate
14,XK_XDR_ZJHM,ric_format
15,XK_XDR_MC,required
16,XK_XKWS,too_long
17,XK_XKJGDM,uscc_format
19,XK_XDR_SHXYM,orgcode_checksum
21,XK_XDR_SHXYM,uscc_checksum" "report of xk_codes.csv"
# messages name the field by its standard code, in quotes
expect_eq "$(python3 - xk.report <<-'EOF'
	import csv, sys
	rows = csv.DictReader(open(sys.argv[1], encoding="utf-8"))
	print(" ".join(r["line"] for r in rows if "'%s'" % r["field"] not in r["message"]))
EOF
)" "" "lines whose message does not name the field"

# The accepted records, normalised: code 02 -> 特许, dates in ISO form,
# full-width USCC -> half-width, the quoted line break and comma kept.
sorted_export "$db" xzxk xk.export
expect_eq "$(cut -d, -f1 xk.export | head -1)" XK_XDR_MC "export header"
expect_eq "$(python3 -c 'import csv,sys
print(" ".join(sorted(r["XK_WSH"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")))))' xk.export)" \
	"槐审批许〔2021〕101号 槐审批许〔2021〕102号 槐审批许〔2021〕103号 槐审批许〔2021〕116号 槐审批许〔2021〕117号 槐审批许〔2021〕118号" \
	"document numbers of the accepted xzxk records"
get() { csv_get xk.export XK_WSH "槐审批许〔2021〕$1号" "$2"; }
expect_eq "$(get 102 XK_XKLB)" 特许 "category given by its code"
expect_eq "$(get 102 XK_JDRQ)" 2021-06-20 "date 2021/6/20"
expect_eq "$(get 103 XK_JDRQ)" 2021-06-25 "date 20210625"
expect_eq "$(get 116 XK_JDRQ)" 2021-06-18 "date 2021年6月18日"
expect_eq "$(get 102 XK_NR)" "准予个体诊所执业登记
执业地点:槐荫区经十路100号" "multi-line 许可内容 (full-width colon narrowed)"
expect_eq "$(get 116 XK_XDR_SHXYM)" 91370104MA3C0002X4 "full-width USCC"
expect_eq "$(get 116 BZ)" "备注,含逗号" "quoted comma"
expect_eq "$(get 118 XK_XDR_SHXYM)" 00000000000000000X "placeholder USCC"
expect_eq "$(get 118 XK_XDR_GSZC)" 370104600123456 "工商注册号 of the placeholder"
expect_eq "$(get 101 XK_ZT)" 有效 "status code 1 stored as its name"

# --- Chinese 数据项 names as headers: the report still says CF_NR_FK etc.
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json \
	--report cf.report "$XY_DATA/cf_chinese.csv"
expect_json "$OUT" '{"rows":11,"accepted":3,"rejected":8,"new":3,
	"updated":0,"unchanged":0,"late":0,"warnings":0,"dry_run":false}' \
	"summary of cf_chinese.csv"
expect_eq "$(cat "$ERR")" "" "stderr of a clean header"
expect_eq "$(report_codes cf.report)" "4,CF_NR_FK,required
5,CF_NR_FK,amount
6,CF_NR_FK,amount
7,CF_CFLB,enum
8,CF_XDR_SHXYM,category_code_mismatch
9,CF_FR_ZJHM,ric_checksum
11,CF_NR_ZKDX,required
12,CF_YXQ,date_order" "report of cf_chinese.csv"
sorted_export "$db" xzcf cf.export
expect_eq "$(csv_rows cf.export)" 3 "xzcf records exported"
expect_eq "$(csv_get cf.export CF_WSH '槐市监罚〔2021〕201号' CF_CFLB)" \
	"警告;罚款" "categories split on '；', joined by ';'"
expect_eq "$(csv_get cf.export CF_WSH '槐市监罚〔2021〕202号' CF_XDR_ZJHM)" \
	370104197802280021 "15-digit ID number stored in the 18-digit form"
expect_eq "$(csv_get cf.export CF_WSH '槐市监罚〔2021〕202号' CF_XDR_ZJLX)" \
	身份证 "ID type code 01 stored as its name"

# --- aliases as headers, other order, CRLF, values written differently
# (2021.06.20, codes 01,02, lower case, blanks): the same three records.
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json \
	--report alias.report "$XY_DATA/cf_aliases.csv"
expect_json "$OUT" '{"rows":3,"accepted":3,"rejected":0,"new":0,
	"updated":0,"unchanged":3,"late":0,"warnings":0,"dry_run":false}' \
	"cf_aliases.csv after cf_chinese.csv"
expect_eq "$(cat alias.report)" "line,field,code,message" "empty report"
alias_db=$(init_db alias)
expect_exit 0 xy import --db "$alias_db" --catalog xzcf --reported-at $at \
	--json "$XY_DATA/cf_aliases.csv"
expect_eq "$(json_get "$OUT" new)" 3 "cf_aliases.csv into an empty database"
sorted_export "$alias_db" xzcf alias.export
cmp -s cf.export alias.export ||
	xy_fail "aliases and Chinese names stored different records"

# --- a required column missing: every row fails 'required', no crash
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	--report missing.report "$XY_DATA/xk_missing_col.csv"
expect_json "$OUT" '{"rows":2,"accepted":0,"rejected":2,"new":0,
	"updated":0,"unchanged":0,"late":0,"warnings":1,"dry_run":false}' \
	"summary of xk_missing_col.csv"
expect_contains "$ERR" "required column 'XK_XKJG' is missing"
expect_eq "$(report_codes missing.report)" "2,XK_XKJG,required
3,XK_XKJG,required" "report of xk_missing_col.csv"

# --- caps: a field over the reader's cap (64 KiB) is an error of its row
# only; a long quoted field with 3,000 line breaks keeps the line numbers
python3 - "$XY_DATA/cf_chinese.csv" long.csv <<-'EOF'
	import csv, sys
	rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
	i = rows[0].index("违法事实")
	rows[1][i] = "长" * 40000          # 120,000 bytes, one line
	rows[3][i] = "甲\n乙" * 3000       # 3,000 line breaks, 9,000 characters
	csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""),
	           lineterminator="\n").writerows(rows)
EOF
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json \
	--report long.report long.csv
expect_eq "$(json_get "$OUT" rows),$(json_get "$OUT" rejected),$(
	json_get "$OUT" unchanged)" "11,9,2" "summary of long.csv"
expect_eq "$(report_codes long.report | cut -d, -f1,3 | sort -t, -k1,1n -k2)" \
	"2,too_long
4,required
4,too_long
3005,amount
3006,amount
3007,enum
3008,category_code_mismatch
3009,ric_checksum
3011,required
3012,date_order" "report of long.csv (line, code)"

# --- the text summary
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at \
	"$XY_DATA/xk_codes.csv"
expect_contains "$OUT" "rows 19"
expect_contains "$OUT" "unchanged 6"
expect_contains "$OUT" "rejected 13"

# --- --dry-run needs no database, writes the same report, stores nothing
mkdir dry && (
	cd dry || exit 1
	expect_exit 0 xy import --dry-run --catalog xzxk --reported-at $at \
		--json --report dry.report "$XY_DATA/xk_codes.csv"
	expect_eq "$(json_get "$OUT" rows),$(json_get "$OUT" accepted),$(
		json_get "$OUT" rejected),$(json_get "$OUT" new),$(
		json_get "$OUT" updated),$(json_get "$OUT" unchanged),$(
		json_get "$OUT" late),$(json_get "$OUT" dry_run)" \
		"19,6,13,0,0,0,1,true" "dry-run summary (late as if new)"
	cmp -s dry.report ../xk.report || xy_fail "dry-run report differs"
	[ ! -e data ] || xy_fail "--dry-run created a database"
)
expect_exit 0 xy import --db "$db" --dry-run --catalog xzcf --reported-at $at \
	--json "$XY_DATA/cf_chinese.csv"
sorted_export "$db" xzcf cf.after-dry
cmp -s cf.export cf.after-dry || xy_fail "--dry-run changed the database"

# --- a header-only file is zero rows; an empty file is an error
head -1 "$XY_DATA/xk_codes.csv" >header-only.csv
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	header-only.csv
expect_eq "$(json_get "$OUT" rows)" 0 "rows of a header-only file"
: >empty.csv
expect_exit '!0' xy import --db "$db" --catalog xzxk --reported-at $at empty.csv
expect_one_line_error "$ERR" "xinyong import: "

# --- the import itself cannot run: exit != 0 with a one-line error, and
# nothing is stored
sorted_export "$db" xzxk xk.before-errors
expect_exit '!0' xy import --db "$db" --catalog xzxk --reported-at $at \
	no-such-file.csv
expect_one_line_error "$ERR" "xinyong import: "
expect_contains "$ERR" "no-such-file.csv"
expect_exit '!0' xy import --db "$db" --catalog xzzz --reported-at $at \
	"$XY_DATA/xk_codes.csv"
expect_one_line_error "$ERR" "xinyong import: "
expect_contains "$ERR" "xzzz"
expect_exit '!0' xy import --db "$db" --catalog xzxk --encoding latin1 \
	--reported-at $at "$XY_DATA/xk_codes.csv"
expect_one_line_error "$ERR" "xinyong import: "
expect_contains "$ERR" "latin1"
for bad in 2021-13-01 2021-02-30 yesterday; do
	expect_exit '!0' xy import --db "$db" --catalog xzxk --reported-at $bad \
		"$XY_DATA/xk_codes.csv"
	expect_one_line_error "$ERR" "xinyong import: "
	expect_contains "$ERR" "$bad"
done
expect_exit '!0' xy import --db "$db" --reported-at $at "$XY_DATA/xk_codes.csv"
expect_one_line_error "$ERR" "xinyong import: "
expect_exit '!0' xy import --db "$db" --catalog xzxk --reported-at $at
expect_one_line_error "$ERR" "xinyong import: "
sorted_export "$db" xzxk xk.after-errors
cmp -s xk.before-errors xk.after-errors ||
	xy_fail "a failed import changed the database"
