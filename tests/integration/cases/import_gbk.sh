# shellcheck shell=bash
# Encodings: the same records as GBK (GB18030), detected or given with
# --encoding, and as UTF-8 with a BOM and CRLF line ends, are the same
# records; a byte sequence invalid in the file's encoding rejects that row
# only, with code 'encoding'.

db=$(init_db main)
at=2021-06-30
cf=$XY_DATA/cf_chinese.csv
xk=$XY_DATA/xk_codes.csv

# corrupt IN OUT ENCODING TEXT: OUT is IN with the first byte of TEXT (in
# ENCODING, found exactly once) replaced by 0xFF, invalid in UTF-8 and GBK.
corrupt() {
	python3 -c 'import sys
src, dst, enc, text = sys.argv[1:5]
d, t = open(src, "rb").read(), sys.argv[4].encode(enc)
assert d.count(t) == 1, "%r occurs %d times in %s" % (text, d.count(t), src)
open(dst, "wb").write(d.replace(t, b"\xff" + t[1:]))' "$@"
}

# import_ok FILE LABEL [OPTIONS]: imports FILE (xzcf) with a report in
# LABEL.report and the summary in LABEL.json.
import_ok() {
	local file=$1 label=$2
	shift 2
	expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at \
		--json --report "$label.report" "$@" "$file"
	cp "$OUT" "$label.json"
}

unchanged='{"rows":11,"accepted":3,"rejected":8,"new":0,"updated":0,
	"unchanged":3,"late":0,"warnings":0,"dry_run":false}'

# The UTF-8 original first: what every other form must give again.
import_ok "$cf" utf8
expect_eq "$(json_get utf8.json new)" 3 "records of the UTF-8 file"
sorted_export "$db" xzcf utf8.export

# GBK (GB18030 bytes, the header included), detected and declared.
iconv -f UTF-8 -t GB18030 "$cf" >gbk.csv
if cmp -s gbk.csv "$cf"; then xy_fail "iconv produced UTF-8"; fi
import_ok gbk.csv gbk-auto
expect_json gbk-auto.json "$unchanged" "GBK file, encoding detected"
cmp -s gbk-auto.report utf8.report || xy_fail "GBK report differs"
import_ok gbk.csv gbk-declared --encoding gbk
expect_json gbk-declared.json "$unchanged" "GBK file, --encoding gbk"
cmp -s gbk-declared.report utf8.report || xy_fail "GBK report differs"
expect_eq "$(cat "$ERR")" "" "stderr of the GBK import"

# UTF-8 with a BOM and CRLF line ends: detected, and declared.
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$cf"; } >bom-crlf.csv
import_ok bom-crlf.csv bom-auto
expect_json bom-auto.json "$unchanged" "UTF-8 with BOM and CRLF"
cmp -s bom-auto.report utf8.report || xy_fail "BOM/CRLF report differs"
import_ok bom-crlf.csv bom-declared --encoding utf-8
expect_json bom-declared.json "$unchanged" "BOM and CRLF, --encoding utf-8"

# GB18030 with its own BOM and CRLF line ends.
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$cf"; } |
	iconv -f UTF-8 -t GB18030 >gbk-bom-crlf.csv
import_ok gbk-bom-crlf.csv gbk-bom
expect_json gbk-bom.json "$unchanged" "GB18030 with BOM and CRLF"
cmp -s gbk-bom.report utf8.report || xy_fail "GB18030 BOM report differs"

# Nothing of all this changed a record (no mojibake stored).
sorted_export "$db" xzcf after.export
cmp -s utf8.export after.export || xy_fail "the encodings stored other values"

# Line numbers after a quoted line break hold in GBK too.
iconv -f UTF-8 -t GB18030 "$xk" >xk-gbk.csv
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	--report xk-utf8.report "$xk"
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	--report xk-gbk.report xk-gbk.csv
expect_eq "$(json_get "$OUT" unchanged),$(json_get "$OUT" rejected)" "6,13" \
	"xk_codes.csv as GBK"
cmp -s xk-utf8.report xk-gbk.report || xy_fail "GBK xzxk report differs"

# One invalid byte in the name of line 3 (陈静): that row alone is rejected
# with 'encoding' on CF_XDR_MC, the other rows are as before.
one_bad='{"rows":11,"accepted":2,"rejected":9,"new":0,"updated":0,
	"unchanged":2,"late":0,"warnings":0,"dry_run":false}'
{ echo "3,CF_XDR_MC,encoding"; report_codes utf8.report; } | sort -t, -k1,1n \
	>one-bad.expected
check_one_bad() {
	expect_json "$2.json" "$one_bad" "$1"
	report_codes "$2.report" | sort -t, -k1,1n >"$2.codes"
	expect_eq "$(cat "$2.codes")" "$(cat one-bad.expected)" "report of $1"
}
corrupt gbk.csv gbk-bad.csv GB18030 陈静
import_ok gbk-bad.csv gbk-bad
check_one_bad "GBK file with a bad byte" gbk-bad
import_ok gbk-bad.csv gbk-bad-declared --encoding gbk
check_one_bad "GBK file with a bad byte, --encoding gbk" gbk-bad-declared

corrupt bom-crlf.csv bom-bad.csv UTF-8 陈静
import_ok bom-bad.csv bom-bad
check_one_bad "UTF-8 (BOM) file with a bad byte" bom-bad

corrupt "$cf" utf8-bad.csv UTF-8 陈静
import_ok utf8-bad.csv utf8-bad-declared --encoding utf-8
check_one_bad "UTF-8 file with a bad byte, --encoding utf-8" utf8-bad-declared
# Detection must not turn a UTF-8 file with one bad byte into GBK (which
# would garble every row, here the header too).
import_ok utf8-bad.csv utf8-bad
check_one_bad "UTF-8 file (no BOM) with a bad byte, encoding detected" utf8-bad

sorted_export "$db" xzcf final.export
cmp -s utf8.export final.export || xy_fail "bad bytes changed stored records"
