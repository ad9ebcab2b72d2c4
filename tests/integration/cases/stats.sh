# shellcheck shell=bash
# xinyong stats on crafted files (tests/data/cf_stats*.csv): received,
# valid, 合规率, late (deadline 15 natural days, the 15th day on time),
# 迟报率, gaps in a department's yearly document numbers, 双清零; the --dept
# and --from/--to filters; the text table.

db=$(init_db main)
sj=113701040042045104 # 市场监督管理局: 2021 1,2,4 (3 missing), 5 rejected;
#                       late 2021-2, 2021-4 and both of 2020
cg=11370104004204780N # 城市管理局: 1,2,3 in June, 4,5 in July, none late
yj=11370104004204860A # 应急管理局: 1,3 (2 missing), none late
wj=11370104004205150Q # 卫生健康局: 1, late

expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-06-30 \
	--json "$XY_DATA/cf_stats.csv"
expect_json "$OUT" '{"rows":12,"accepted":11,"rejected":1,"new":11,
	"updated":0,"unchanged":0,"late":5,"warnings":0,"dry_run":false}' \
	"import of cf_stats.csv"
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-07-31 \
	--json "$XY_DATA/cf_stats_july.csv"
expect_eq "$(json_get "$OUT" new),$(json_get "$OUT" late)" "2,0" \
	"import of cf_stats_july.csv"

# expect_stats LABEL EXPECTED-JSON STATS-OPTIONS...: stats --json equals
# the expected lines (in any order; rates to 6 significant digits).
expect_stats() {
	local label=$1 want=$2 diff
	shift 2
	expect_exit 0 xy stats --json --db "$db" "$@"
	diff=$(python3 - "$OUT" "$want" <<-'EOF'
		import json, sys
		got, want = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
		key = lambda l: (l.get("dept"), l.get("catalog"))
		got, want = sorted(got, key=key), sorted(want, key=key)
		if [key(l) for l in got] != [key(l) for l in want]:
		    print("lines %s, expected %s" % ([key(l) for l in got], [key(l) for l in want]))
		    sys.exit()
		for g, w in zip(got, want):
		    if set(g) != set(w):
		        print("%s: keys %s, expected %s" % (key(g), sorted(g), sorted(w)))
		    for k in w:
		        a, b = g.get(k), w[k]
		        same = (abs(a - b) <= 5e-6 * max(1, abs(b))
		                if isinstance(b, float) and isinstance(a, (int, float))
		                and not isinstance(a, bool) else a == b)
		        if not same:
		            print("%s %s: got %s, expected %s" % (key(g)[0], k,
		                  json.dumps(a, ensure_ascii=False), json.dumps(b, ensure_ascii=False)))
	EOF
	)
	[ -z "$diff" ] || xy_fail "$label: $diff"
}

line() { # DEPT NAME RECEIVED VALID COMPLIANCE LATE LATE_RATE MISSING DOUBLE_ZERO
	local missing=$8 n=0
	[ "$missing" = "[]" ] || n=$(($(tr -cd ',' <<<"$missing" | wc -c) + 1))
	echo "{\"dept\":\"$1\",\"dept_name\":\"$2\",\"catalog\":\"xzcf\",
	\"received\":$3,\"valid\":$4,\"compliance\":$5,\"late\":$6,
	\"late_rate\":$7,\"concealed\":$n,\"missing\":$8,\"double_zero\":$9}"
}
sj_line=$(line $sj 济南市槐荫区市场监督管理局 6 5 0.833333 4 0.8 \
	'["槐市监罚〔2021〕3号"]' false)
cg_june=$(line $cg 济南市槐荫区城市管理局 3 3 1.0 0 0.0 '[]' true)
cg_all=$(line $cg 济南市槐荫区城市管理局 5 5 1.0 0 0.0 '[]' true)
cg_july=$(line $cg 济南市槐荫区城市管理局 2 2 1.0 0 0.0 '[]' true)
yj_line=$(line $yj 济南市槐荫区应急管理局 2 2 1.0 0 0.0 \
	'["槐应急罚〔2021〕2号"]' false)
wj_line=$(line $wj 济南市槐荫区卫生健康局 1 1 1.0 1 1.0 '[]' false)

expect_stats "everything" "[$sj_line,$cg_all,$yj_line,$wj_line]"
expect_stats "--dept $sj" "[$sj_line]" --dept $sj
expect_stats "--dept $yj" "[$yj_line]" --dept $yj
expect_stats "June" "[$sj_line,$cg_june,$yj_line,$wj_line]" \
	--from 2021-06-01 --to 2021-06-30
expect_stats "--to 2021-06-30" "[$sj_line,$cg_june,$yj_line,$wj_line]" \
	--to 2021-06-30
expect_stats "July" "[$cg_july]" --from 2021-07-01 --to 2021-07-31
expect_stats "--from 2021-07-01" "[$cg_july]" --from 2021-07-01
expect_stats "July, --dept $sj" "[]" --from 2021-07-01 --dept $sj
expect_stats "June, --dept $cg" "[$cg_june]" --to 2021-06-30 --dept $cg
expect_stats "an unknown department" "[]" --dept 91370104MA3C00011C
# other date forms are accepted for the period
expect_stats "July as 2021/7/1-20210731" "[$cg_july]" \
	--from 2021/7/1 --to 20210731

# The same files again change no figure (rejected rows are not counted
# twice).
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-06-30 \
	--json "$XY_DATA/cf_stats.csv"
expect_eq "$(json_get "$OUT" unchanged)" 11 "second import"
expect_stats "after a second import" "[$sj_line,$cg_all,$yj_line,$wj_line]"

# Filling the gap: once 3号 arrives, 市场监管 has no suspected concealment.
csv_set "$XY_DATA/cf_stats.csv" third.csv CF_WSH "槐市监罚〔2021〕1号" \
	CF_WSH "槐市监罚〔2021〕3号"
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-06-30 \
	--json third.csv
expect_eq "$(json_get "$OUT" new)" 1 "the missing number"
expect_exit 0 xy stats --json --db "$db" --dept $sj
expect_eq "$(json_get "$OUT" "0.concealed"),$(json_get "$OUT" "0.missing")" \
	"0,[]" "concealment after 3号 arrived"
expect_eq "$(json_get "$OUT" "0.valid"),$(json_get "$OUT" "0.received")" \
	"6,7" "valid and received after 3号 arrived"

# The text table names each department with its code and figures.
expect_exit 0 xy stats --db "$db" --to 2021-06-30
for name in 济南市槐荫区市场监督管理局 济南市槐荫区城市管理局 济南市槐荫区应急管理局 \
	济南市槐荫区卫生健康局; do
	expect_contains "$OUT" "$name"
done
expect_eq "$(grep -c xzcf "$OUT")" 4 "department lines of the table"
grep 济南市槐荫区卫生健康局 "$OUT" | grep -q "100.00%" ||
	xy_fail "卫生健康局's line lacks its 100.00%"
expect_exit 0 xy stats --db "$db" --dept $yj
expect_contains "$OUT" 济南市槐荫区应急管理局
expect_not_contains "$OUT" 济南市槐荫区市场监督管理局

# Bad options.
expect_exit '!0' xy stats --db "$db" --from 2021-13-01
expect_one_line_error "$ERR" "xinyong stats: "
expect_exit '!0' xy stats --db "$db" --to tomorrow
expect_one_line_error "$ERR" "xinyong stats: "

# Rejected rows are not concealment (tests/data/cf_stats_rejects.csv):
# 住建 reports 1-4, then 2 and 4 again with an over-long 文号 (too_long),
# and 1 and 4 without its code (required; counted for the deciding
# authority, 住建 itself, by the catalog's dept_fallback). No number is
# missing.
rej_db=$(init_db rejects)
expect_exit 0 xy import --db "$rej_db" --catalog xzcf --reported-at 2021-06-30 \
	--json --report rejects.report "$XY_DATA/cf_stats_rejects.csv"
expect_eq "$(json_get "$OUT" accepted),$(json_get "$OUT" rejected)" "4,4" \
	"import of cf_stats_rejects.csv"
expect_eq "$(report_codes rejects.report)" "6,CF_WSH,too_long
7,CF_WSH,too_long
8,CF_SJLYDM,required
9,CF_SJLYDM,required" "report of cf_stats_rejects.csv"
expect_exit 0 xy stats --json --db "$rej_db" --dept 113701040042053100
expect_eq "$(json_get "$OUT" 0.received),$(json_get "$OUT" 0.valid)" "8,4" \
	"住建: received, valid"
expect_eq "$(json_get "$OUT" 0.missing)" "[]" \
	"住建: missing numbers (an over-long 文号 is no sequence of its own)"
expect_eq "$(json_get "$OUT" 0.double_zero)" true "住建: 双清零"
expect_exit 0 xy stats --json --db "$rej_db"
expect_eq "$(python3 -c 'import json, sys
print(sum(l["concealed"] for l in json.load(open(sys.argv[1]))))' "$OUT")" 0 \
	"suspected concealment of rows without a department"
