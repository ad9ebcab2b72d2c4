# shellcheck shell=bash
# xinyong migrate: a SQLite platform moved to a fresh database (PostgreSQL
# in the PostgreSQL run, another SQLite file otherwise) without loss: the
# exports, the stats and an archive are the same before and after, the
# key file comes along, and a destination that is not empty is refused.

src="sqlite:$XY_TMP/src.db"
expect_exit 0 xy init --db "$src"
xy gen --catalog xzcf --rows 600 --seed 7 --invalid-rate 0.05 \
	--late-rate 0.1 --reported-at 2021-12-31 --output cf.csv
xy gen --catalog xzxk --rows 400 --seed 8 --invalid-rate 0.05 \
	--reported-at 2021-12-31 --output xk.csv
expect_exit 0 xy import --db "$src" --catalog xzcf --reported-at 2021-12-31 \
	cf.csv
expect_exit 0 xy import --db "$src" --catalog xzxk --reported-at 2021-12-31 \
	xk.csv
# a second version of one record, so that history moves too
python3 - cf.csv cf2.csv <<-'PY'
	import csv, sys
	rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8", errors="surrogateescape")))
	rows[1][rows[0].index("CF_NR")] += "（更正）"
	csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8",
                errors="surrogateescape"),
	           lineterminator="\n").writerows(rows[:2])
PY
expect_exit 0 xy import --db "$src" --catalog xzcf --reported-at 2022-01-05 \
	--json cf2.csv
expect_eq "$(json_get "$OUT" updated)" 1 "second version before migrate"

dst=$(fresh_db dst)
if is_pg; then
	# a server database's key file is data/xinyong.key (or $XINYONG_KEY)
	expect_exit 0 xy migrate --from "$src" --to "$dst"
	expect_eq "$(cmp -s "$XY_TMP/src.key" data/xinyong.key && echo same)" \
		same "the key file copied to the destination's key path"
else
	expect_exit 0 xy migrate --from "$src" --to "$dst"
	expect_eq "$(cmp -s "$XY_TMP/src.key" "$XY_TMP/dst.key" && echo same)" \
		same "the key file copied beside the destination"
fi
expect_contains "$OUT" "records: "
if is_pg; then
	# the planner has statistics at once: never analysed, a large records
	# table got parallel, JIT-compiled plans for a subject's 3 records
	# (80 ms a lookup at 3.4M records, against 1 ms analysed)
	expect_eq "$(psql "$dst" -qAtX -c "SELECT string_agg(DISTINCT
		CAST(tablename AS TEXT), ' ' ORDER BY CAST(tablename AS TEXT))
		FROM pg_stats WHERE schemaname = 'public' AND tablename IN
		('subjects', 'subject_names', 'records')")" \
		"records subject_names subjects" "statistics after migrate"
	expect_eq "$(psql "$dst" -qAtX -c "SELECT reltuples = (SELECT
		COUNT(*) FROM records) FROM pg_class WHERE relname = 'records'")" \
		t "row count of records known to the planner"
fi

for c in xzcf xzxk; do
	sorted_export "$src" "$c" "before-$c.csv"
	sorted_export "$dst" "$c" "after-$c.csv"
	expect_eq "$(cmp -s "before-$c.csv" "after-$c.csv" && echo same)" \
		same "export of $c before and after"
	expect_eq "$(($(wc -l <"after-$c.csv") > 300))" 1 "$c has records"
done
expect_exit 0 xy stats --db "$src" --json
cp "$OUT" stats-before.json
expect_exit 0 xy stats --db "$dst" --json
expect_eq "$(cat "$OUT")" "$(cat stats-before.json)" "stats before and after"

uscc=$(python3 -c 'import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="surrogateescape")))[0]
print(r["CF_XDR_SHXYM"])' cf2.csv)
if [ -n "$uscc" ] && [ "$uscc" != 00000000000000000X ]; then
	expect_exit 0 xy subject show --db "$src" --json "$uscc"
	cp "$OUT" subject-before.json
	expect_exit 0 xy subject show --db "$dst" --json "$uscc"
	expect_eq "$(cat "$OUT")" "$(cat subject-before.json)" \
		"archive before and after"
fi

# ids keep growing after the copy: a new record lands next to the old ones
expect_exit 0 xy import --db "$dst" --catalog xzcf --reported-at 2021-12-31 \
	--json cf.csv
expect_eq "$(json_get "$OUT" new),$(json_get "$OUT" updated)" "0,1" \
	"re-import after migrate (the corrected record goes back)"

# a destination with data is refused and left alone
expect_exit '!0' xy migrate --from "$src" --to "$dst"
expect_one_line_error "$ERR" "xinyong migrate: "
expect_contains "$ERR" "not empty"
