#!/usr/bin/env bash
# make run: a fresh demo database with a generated district's worth of
# data (槐荫区: a year of 行政许可 and 行政处罚 from a dozen departments,
# with a few bad, late and missing records), then the 归集 figures.
#   scripts/demo.sh BIN DB
set -euo pipefail
bin=${1:-build/xinyong}
db=${2:-data/demo.db}
dir=$(dirname "$db")
key="${db%.*}.key"
today=$(date +%F)

mkdir -p "$dir"
rm -f "$db" "$db-wal" "$db-shm" "$key"
"$bin" init --db "$db"

for spec in "xzxk 30000 11" "xzcf 20000 12"; do
	set -- $spec
	file="$dir/demo-$1.csv"
	"$bin" gen --catalog "$1" --rows "$2" --seed "$3" \
		--invalid-rate 0.02 --late-rate 0.03 --gap-rate 0.002 \
		--reported-at "$today" --output "$file"
	echo "== import $file"
	"$bin" import --db "$db" --catalog "$1" --reported-at "$today" \
		--report "$dir/demo-$1-report.csv" "$file"
done

echo
echo "== xinyong stats --db $db"
"$bin" stats --db "$db"
echo
echo "Rejected rows: $dir/demo-*-report.csv. Try:"
echo "  $bin subject show --db $db <统一社会信用代码>"
echo "  $bin stats --db $db --json"
