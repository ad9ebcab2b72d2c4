# shellcheck shell=bash
# xinyong gen: deterministic synthetic department files; the importer
# agrees with the share of bad and late rows it was asked for, and the bad
# rows cover every error code of DOMAIN.md §2.5.

at=2021-06-30
gen() { xy gen --reported-at $at "$@"; }

# --- determinism: same options, same bytes; another seed, other bytes
gen --catalog xzcf --rows 300 --seed 42 --invalid-rate 0.1 >a.csv
gen --catalog xzcf --rows 300 --seed 42 --invalid-rate 0.1 >b.csv
gen --catalog xzcf --rows 300 --seed 42 --invalid-rate 0.1 --output c.csv
cmp a.csv b.csv || xy_fail "same seed, different files"
cmp a.csv c.csv || xy_fail "--output differs from stdout"
gen --catalog xzcf --rows 300 --seed 43 --invalid-rate 0.1 >d.csv
if cmp -s a.csv d.csv; then xy_fail "seeds 42 and 43 gave the same file"; fi
gen --catalog xzxk --rows 300 --seed 42 >xk1.csv
gen --catalog xzxk --rows 300 --seed 42 >xk2.csv
cmp xk1.csv xk2.csv || xy_fail "same seed, different xzxk files"

# --- --rows: header plus N records, in the national layout
for n in 0 1 7 300; do
	gen --catalog xzcf --rows $n --seed 1 >n.csv
	expect_eq "$(csv_rows n.csv)" $n "records of --rows $n"
done
expect_eq "$(head -1 xk1.csv)" "$(python3 -c 'import json, sys
print(",".join(f["code"] for f in json.load(open(sys.argv[1]))["fields"]))' \
	"$XINYONG_CATALOG/xzxk.json")" "xzxk header = the catalog's codes"
expect_eq "$(head -1 a.csv | cut -d, -f1,14)" "CF_XDR_MC,CF_WSH" "xzcf header"

# --- bad options: exit != 0, nothing on stdout
for bad in "--rows -1" "--rows abc" "--invalid-rate 2" "--invalid-rate -0.1" \
	"--late-rate 1.5" "--gap-rate 1" "--seed x" "--division 12" \
	"--reported-at 2021-02-30"; do
	# shellcheck disable=SC2086
	expect_exit '!0' xy gen --catalog xzcf $bad
	expect_eq "$(cat "$OUT")" "" "stdout of gen $bad"
	expect_one_line_error "$ERR" "xinyong gen: "
done
expect_exit '!0' xy gen --catalog xzzz --rows 5
expect_one_line_error "$ERR" "xinyong gen: "

# --- a clean file: every code valid, with the district's division code,
# all three kinds of subject, Chinese names
gen --catalog xzcf --rows 300 --seed 9 >clean.csv
python3 - clean.csv >codes.txt <<-'EOF'
	import csv, sys
	for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
	    for k in ("CF_XDR_SHXYM", "CF_CFJGDM", "CF_SJLYDM", "CF_FR_ZJHM", "CF_XDR_ZJHM"):
	        if r[k] and r[k] != "00000000000000000X":
	            print(r[k])
EOF
expect_exit 0 xy id check <codes.txt
expect_eq "$(python3 - clean.csv <<-'EOF'
	import csv, re, sys
	rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
	kinds = sorted({r["CF_XDR_LB"] for r in rows})
	div = {r["CF_XDR_SHXYM"][2:8] for r in rows
	       if r["CF_XDR_SHXYM"] and r["CF_XDR_SHXYM"] != "00000000000000000X"}
	han = all(re.search("[\u4e00-\u9fff]", r["CF_XDR_MC"]) for r in rows)
	print(" ".join(kinds), sorted(div), han)
EOF
)" "个体工商户 法人及非法人组织 自然人 ['370104'] True" "kinds, divisions, names"
gen --catalog xzcf --rows 50 --seed 9 --division 370102 >div.csv
expect_eq "$(python3 -c 'import csv, sys
print(sorted({r["CF_XDR_SHXYM"][2:8] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
	if r["CF_XDR_SHXYM"] and r["CF_XDR_SHXYM"] != "00000000000000000X"}))' div.csv)" \
	"['370102']" "divisions with --division 370102"

db=$(init_db main)
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json \
	--report clean.report clean.csv
expect_json "$OUT" '{"rows":300,"accepted":300,"rejected":0,"new":300,
	"updated":0,"unchanged":0,"late":0,"warnings":0,"dry_run":false}' \
	"a clean file"
expect_eq "$(report_codes clean.report)" "" "report of a clean file"

# --- bad and late rows: exactly the shares asked for, every §2.5 code
all_codes="amount category_code_mismatch date date_future date_order encoding
enum orgcode_checksum required ric_birthdate ric_checksum ric_format
too_long uscc_checksum uscc_format"
check_bad() { # CATALOG ROWS CODES
	local c=$1 n=$2 codes=$3 bad_db
	bad_db=$(init_db "bad-$c")
	gen --catalog "$c" --rows "$n" --seed 3 --invalid-rate 0.1 \
		--late-rate 0.2 >"$c.bad.csv"
	expect_exit 0 xy import --db "$bad_db" --catalog "$c" --reported-at $at \
		--json --report "$c.bad.report" "$c.bad.csv"
	cp "$OUT" "$c.bad.json"
	local rows acc rej late bad warned
	rows=$(json_get "$c.bad.json" rows)
	acc=$(json_get "$c.bad.json" accepted)
	rej=$(json_get "$c.bad.json" rejected)
	late=$(json_get "$c.bad.json" late)
	expect_eq "$rows" "$n" "$c: rows"
	expect_eq "$acc" $((rows - rej)) "$c: accepted = rows - rejected"
	expect_eq "$(json_get "$c.bad.json" new)" "$acc" "$c: all accepted new"
	# one issue per bad row; a bad row with only the orgcode_checksum
	# warning is accepted
	bad=$(report_codes "$c.bad.report" | cut -d, -f1 | sort -u | wc -l)
	warned=$(report_codes "$c.bad.report" | grep -c ',orgcode_checksum$' ||
		true)
	expect_eq "$bad" $((n / 10)) "$c: rows with an issue (--invalid-rate 0.1)"
	expect_eq "$(report_codes "$c.bad.report" | wc -l)" $((n / 10)) \
		"$c: issues (one per bad row)"
	expect_eq "$rej" $((bad - warned)) "$c: rejected = bad rows - warnings"
	expect_eq "$(json_get "$c.bad.json" warnings)" "$warned" "$c: warnings"
	expect_eq "$late" $(((n - n / 10) / 5)) "$c: late (--late-rate 0.2)"
	expect_eq "$(report_codes "$c.bad.report" | cut -d, -f3 | sort -u |
		tr '\n' ' ')" "$(tr -s ' \n' '\n' <<<"$codes" | sort | tr '\n' ' ')" \
		"$c: error codes of the bad rows"
}
check_bad xzcf 2000 "$all_codes"
# licences have no amount
check_bad xzxk 1000 "${all_codes/amount /}"

# --- gaps: --gap-rate leaves document numbers out, which stats finds
gen --catalog xzcf --rows 400 --seed 11 --gap-rate 0.1 >gap.csv
gap_db=$(init_db gap)
expect_exit 0 xy import --db "$gap_db" --catalog xzcf --reported-at $at \
	--json gap.csv
expect_exit 0 xy stats --json --db "$gap_db"
cp "$OUT" gap.stats
python3 - gap.stats gap.csv <<-'EOF' || xy_fail "gaps of gap.csv"
	import csv, json, re, sys
	stats = json.load(open(sys.argv[1]))
	docs = {r["CF_WSH"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
	missing = [m for s in stats for m in s["missing"]]
	assert sum(s["concealed"] for s in stats) == len(missing) > 0, "no gaps"
	assert not set(missing) & docs, "a listed missing number is in the file"
	assert all(re.fullmatch(r".+罚〔20\d\d〕\d+号", m) for m in missing), missing[:3]
	assert all(s["double_zero"] is False for s in stats if s["concealed"])
EOF

# --- no gaps asked for, no gaps found, even with bad rows: gen.md promises
# that with --gap-rate 0 a sequence has no holes (only a row whose 文号 is
# emptied takes no number), so stats must find none; bad rows of other
# kinds (an over-long 文号, no CF_SJLYDM) still carry their number.
gen --catalog xzcf --rows 3000 --seed 12 --invalid-rate 0.05 >nogap.csv
nogap_db=$(init_db nogap)
expect_exit 0 xy import --db "$nogap_db" --catalog xzcf --reported-at $at \
	--json nogap.csv
expect_exit 0 xy stats --json --db "$nogap_db"
expect_eq "$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(" ".join("%s:%d" % (l["dept"] or "-", l["concealed"]) for l in s if l["concealed"]))' \
	"$OUT")" "" "departments with suspected concealment, --gap-rate 0"
