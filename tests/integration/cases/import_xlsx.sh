# shellcheck shell=bash
# XLSX: a department file saved from Excel (shared strings, whole numbers
# as numbers, dates as date serials) imports as the same records, with the
# same summary and the same row report, as the CSV it came from, from the
# CLI and as an upload; a damaged workbook is a one-line error.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

at=2021-12-31
xy gen --catalog xzcf --rows 300 --seed 3 --invalid-rate 0.1 \
	--late-rate 0.1 --reported-at $at --output gen.csv
# rows with invalid UTF-8 cannot be in a workbook: kept.csv has the others
python3 "$XY_SOURCE_DIR/tests/integration/csv2xlsx.py" gen.csv cf.xlsx kept.csv

csvdb=$(init_db csv)
xlsxdb=$(init_db xlsx)
expect_exit 0 xy import --db "$csvdb" --catalog xzcf --reported-at $at \
	--json --report csv.report kept.csv
cp "$OUT" csv.json
expect_exit 0 xy import --db "$xlsxdb" --catalog xzcf --reported-at $at \
	--json --report xlsx.report cf.xlsx
cp "$OUT" xlsx.json
expect_eq "$(json_get xlsx.json '')" "$(json_get csv.json '')" \
	"summary of the workbook"
[ "$(json_get xlsx.json rejected)" -gt 0 ] ||
	fail "the workbook should have rejected rows"
expect_eq "$(cat xlsx.report)" "$(cat csv.report)" "row report"
sorted_export "$csvdb" xzcf csv.export
sorted_export "$xlsxdb" xzcf xlsx.export
expect_eq "$(cat xlsx.export)" "$(cat csv.export)" "stored records"

# again: all unchanged
expect_exit 0 xy import --db "$xlsxdb" --catalog xzcf --reported-at $at \
	--json cf.xlsx
expect_eq "$(json_get "$OUT" unchanged)" "$(json_get csv.json accepted)" \
	"unchanged on the second import"

# a damaged workbook: one line, nothing stored
head -c 20000 cf.xlsx >cut.xlsx
bad=$(init_db bad)
expect_exit '!0' xy import --db "$bad" --catalog xzcf --reported-at $at cut.xlsx
expect_one_line_error "$ERR" "xinyong import:"
expect_contains "$ERR" "cut.xlsx"
expect_contains "$ERR" "zip"
sorted_export "$bad" xzcf bad.export
expect_lines bad.export 1 # the header only

# the same workbook uploaded (reported today, like the CLI without
# --reported-at)
today=$(init_db today)
expect_exit 0 xy import --db "$today" --catalog xzcf --json cf.xlsx
cp "$OUT" today.json
sorted_export "$today" xzcf today.export
DB=$(init_db up)
admin=$(make_token ada admin)
start_server "$DB"
api POST "/api/v1/imports?catalog=xzcf" -H "Authorization: Bearer $admin" \
	-H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
	--data-binary @cf.xlsx
expect_status 200
expect_eq "$(json_get "$OUT" summary)" "$(json_get today.json '')" \
	"summary of the upload"
sorted_export "$DB" xzcf up.export
expect_eq "$(cat up.export)" "$(cat today.export)" "records of the upload"
