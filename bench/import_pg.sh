#!/usr/bin/env bash
# Import benchmark, PostgreSQL (issue 4, "Performance").
#   bench/import_pg.sh [--rows N] [--rounds R] [--no-record]
# Starts a throwaway cluster (scripts/pg.sh, stopped on exit), generates
# one 行政处罚 file and each round, interleaved:
#   a  reference: psql \copy into a bare table of the file's columns as text
#   b  xinyong import into a fresh database (init is not timed)
#   c  the server's least work for the same records: the rows of b's
#      archive tables (written out once, binary) copied into a fresh
#      database without their indexes, then the indexes built, with no
#      client work at all; what any import that keeps them must pay
#      (the copy and the build timed apart)
# Prints medians, b/a (target ≤ 1.5) and c/a, and appends to
# bench/RESULTS.md. It also prints the least b could take on this
# machine, f = c's build + b's client CPU / cores: the indexes can only
# be built once the last row is in (one transaction), when the client's
# work is all done, and that work can at best be spread over every core.
# With fewer rows than the issue's 1,000,000 (--rows, for a quick run) the
# results add a linear extrapolation to 1M, labelled as such.
# Exit status 77: PostgreSQL could not be started (skipped).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

rows=1000000
rounds=3
rec=1
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) rows=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--no-record) rec=0; shift ;;
	*) die "usage: bench/import_pg.sh [--rows N] [--rounds R] [--no-record]" ;;
	esac
done
if ! command -v psql >/dev/null; then
	note "no psql: PostgreSQL benchmark skipped (scripts/deps.sh bench)"
	exit 77
fi
need_tools psql

RUN=$XY_BENCH_DIR/import_pg-$rows
PGDIR=$XY_BENCH_DIR/pg
mkdir -p "$RUN"
# A cluster left by an interrupted run is ours (pg.sh checks its marker).
"$BENCH_ROOT/scripts/pg.sh" stop "$PGDIR"
if ! URL=$("$BENCH_ROOT/scripts/pg.sh" start "$PGDIR"); then
	note "scripts/pg.sh could not start PostgreSQL: benchmark skipped"
	"$BENCH_ROOT/scripts/pg.sh" stop "$PGDIR" || true
	exit 77
fi
trap '"$BENCH_ROOT/scripts/pg.sh" stop "$PGDIR"' EXIT
BASE=${URL%/*}
# The key file of a PostgreSQL database is not beside it; keep it here.
export XINYONG_KEY=$RUN/xy.key

FILE=$RUN/xzcf-$rows.csv
REP=2021-12-31
GEN=(gen --catalog xzcf --rows "$rows" --seed 1 --invalid-rate 0.02
     --late-rate 0.03 --reported-at "$REP")
IMP=(import --catalog xzcf --reported-at "$REP" --json)
note "generating $rows rows into $FILE"
"$XY_BIN" "${GEN[@]}" --output "$FILE"

# The bare table: the header's columns, all text, no key, no index.
cols=$(head -1 "$FILE" | sed 's/^\xef\xbb\xbf//; s/\r$//' |
	awk -F, '{ for (i = 1; i <= NF; i++)
		printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }')
ncols=$(head -1 "$FILE" | awk -F, '{ print NF }')
# The file has rows with invalid UTF-8 on purpose (the importer's encoding
# errors), which COPY into a UTF8 database refuses as a whole: the bare
# table's database is SQL_ASCII, which stores the bytes unchecked.
COPY="\\copy t FROM '$FILE' WITH (FORMAT csv, HEADER true, ENCODING 'SQL_ASCII')"

sql() {
	PGOPTIONS='-c client_min_messages=warning' \
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$2" >/dev/null
}

# Server state between steps: dirty buffers written out, files synced.
quiesce() {
	sql "$URL" CHECKPOINT
	settle
}

step_a() {
	sql "$URL" "DROP DATABASE IF EXISTS ref"
	sql "$URL" "CREATE DATABASE ref TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'"
	sql "$BASE/ref" "CREATE TABLE t ($cols)"
	quiesce
	timed "a$i" psql -X -q -v ON_ERROR_STOP=1 -d "$BASE/ref" -c "$COPY"
	A+=("$WALL")
	[ "$i" -gt 1 ] ||
		[ "$(psql -X -tA -d "$BASE/ref" -c 'SELECT count(*) FROM t')" = "$rows" ] ||
		die "\\copy did not load $rows rows"
	sql "$URL" "DROP DATABASE ref"
}

step_b() {
	sql "$URL" "DROP DATABASE IF EXISTS xy"
	sql "$URL" "CREATE DATABASE xy"
	rm -f "$XINYONG_KEY"
	"$XY_BIN" init --db "$BASE/xy" >/dev/null
	quiesce
	timed "b$i" "$XY_BIN" "${IMP[@]}" --db "$BASE/xy" "$FILE"
	B+=("$WALL"); BM+=("$RSS"); BC+=("$CPU")
	[ "$(json_field "$RUN/b$i.out" rows)" = "$rows" ] ||
		die "import read $(json_field "$RUN/b$i.out" rows) rows, not $rows"
	if [ "$i" = 1 ]; then # the rows for c
		for t in $TABLES; do
			psql -X -q -v ON_ERROR_STOP=1 -d "$BASE/xy" \
				-c "\\copy $t TO '$RUN/$t.bin' (FORMAT binary)"
		done
	fi
	sql "$URL" "DROP DATABASE xy"
}

# c's script: the indexes of the three tables as the catalog has them
# (a key or unique constraint by ALTER TABLE, another index by its
# definition), dropped before it, built by it after the rows.
TABLES="subjects subject_names records"
INDEXES="FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
	AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
	WHERE i.indrelid IN ('subjects'::regclass, 'subject_names'::regclass,
	'records'::regclass) ORDER BY i.indrelid, i.indexrelid"
step_c() {
	sql "$URL" "DROP DATABASE IF EXISTS fl"
	sql "$URL" "CREATE DATABASE fl"
	XINYONG_KEY=$RUN/fl.key "$XY_BIN" init --db "$BASE/fl" >/dev/null
	for t in $TABLES; do
		echo "\\copy $t FROM '$RUN/$t.bin' (FORMAT binary)"
	done >"$RUN/floor_copy.sql"
	{
		echo "SET maintenance_work_mem = '512MB';"
		psql -X -tA -d "$BASE/fl" -c "SELECT CASE WHEN c.conname IS NULL
			THEN pg_get_indexdef(i.indexrelid)
			ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s',
			i.indrelid::regclass, c.conname,
			pg_get_constraintdef(c.oid)) END || ';' $INDEXES"
	} >"$RUN/floor_build.sql"
	psql -X -tA -d "$BASE/fl" -c "SELECT CASE WHEN c.conname IS NULL
		THEN format('DROP INDEX %s', i.indexrelid::regclass)
		ELSE format('ALTER TABLE %s DROP CONSTRAINT %I',
		i.indrelid::regclass, c.conname) END || ';' $INDEXES" |
		psql -X -q -v ON_ERROR_STOP=1 -d "$BASE/fl" >/dev/null
	quiesce
	timed "c$i" psql -X -q -v ON_ERROR_STOP=1 -d "$BASE/fl" \
		-f "$RUN/floor_copy.sql"
	local copy=$WALL
	timed "cb$i" psql -X -q -v ON_ERROR_STOP=1 -d "$BASE/fl" \
		-f "$RUN/floor_build.sql"
	C+=("$(calc "$copy + $WALL" %.3f)"); CB+=("$WALL")
	sql "$URL" "DROP DATABASE fl"
}

A=() B=() BM=() BC=() C=() CB=() LOADS=()
cores=$(nproc)
for i in $(seq 1 "$rounds"); do
	LOADS+=("$(loadavg)")
	note "round $i/$rounds (load ${LOADS[-1]})"
	# a and b swap places every round so that drift hits both alike
	if [ $((i % 2)) -eq 1 ]; then step_a; step_b; else step_b; step_a; fi
	step_c
	note "  a ${A[-1]} s, b ${B[-1]} s, c ${C[-1]} s"
done

ma=$(median "${A[@]}"); mb=$(median "${B[@]}"); mc=$(median "${C[@]}")
CRATIOS=()
for k in "${!A[@]}"; do CRATIOS+=("$(calc "${C[$k]} / ${A[$k]}" %.3f)"); done
cratio=$(calc "$(median "${CRATIOS[@]}")")
FLOORS=() FRATIOS=()
for k in "${!A[@]}"; do
	FLOORS+=("$(calc "${CB[$k]} + ${BC[$k]} / $cores" %.2f)")
	FRATIOS+=("$(calc "${FLOORS[$k]} / ${A[$k]}" %.3f)")
done
fratio=$(calc "$(median "${FRATIOS[@]}")")
# Headline: the median of the per-round ratios (each pair ran side by
# side, so drift of the machine's load cancels); the ratio of the medians
# is shown too.
RATIOS=()
for k in "${!A[@]}"; do RATIOS+=("$(calc "${B[$k]} / ${A[$k]}" %.3f)"); done
ratio=$(calc "$(median "${RATIOS[@]}")")
ratio_m=$(calc "$mb / $ma")
if [ "$(calc "$ratio <= 1.5" %d)" = 1 ]; then v=met; else v="NOT met"; fi
rps() { calc "$rows / $1" %.0f; }
server=$(psql -X -tA -d "$URL" -c 'SHOW server_version' | cut -d' ' -f1)

table() {
	echo "| step | median wall (s) | all rounds (s) | rows/s |"
	echo "| --- | ---: | --- | ---: |"
	echo "| a psql \\copy, bare table | $ma | ${A[*]} | $(rps "$ma") |"
	echo "| b xinyong import, fresh db | $mb | ${B[*]} | $(rps "$mb") |"
	echo "| c b's rows copied in, indexes built after, no client work | $mc | ${C[*]} | $(rps "$mc") |"
	echo
	echo "| round | load 1/5/15 | a (s) | b (s) | b client CPU (s) | c (s) | c's build (s) | f (s) | b/a | c/a | f/a |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for k in "${!A[@]}"; do
		echo "| $((k + 1)) | ${LOADS[$k]} | ${A[$k]} | ${B[$k]} | ${BC[$k]} |" \
			"${C[$k]} | ${CB[$k]} | ${FLOORS[$k]} |" \
			"$(calc "${RATIOS[$k]}") | $(calc "${CRATIOS[$k]}") | $(calc "${FRATIOS[$k]}") |"
	done
	echo
	echo "| target (issue 4) | figure | |"
	echo "| --- | --- | --- |"
	echo "| import ≤ 1.5 × COPY into a bare table | b/a = **$ratio** (median of rounds; ratio of medians $ratio_m; $rows rows) | $v |"
	echo
	echo "The server's least work for these records (c, no client work): c/a = **$cratio** (median of rounds)."
	echo
	echo "The least b can take on this machine's $cores cores, f = c's index build + b's client CPU / $cores" \
		"(the indexes are built after the last row, when the client's work is done; that work" \
		"spread over every core at best, and the server's own COPY counted as free):" \
		"f/a = **$fratio** (median of rounds)."
	echo
	echo "Peak RSS of the xinyong client: $(calc "$(maxof "${BM[@]}") / 1024" %.1f) MiB (the server's memory is not counted)."
	if [ "$rows" != 1000000 ]; then
		echo
		echo "**Extrapolation, not measured:** linear in rows, 1,000,000 rows would take" \
			"about $(calc "$ma * 1000000 / $rows" %.0f) s (a) and" \
			"$(calc "$mb * 1000000 / $rows" %.0f) s (b); the ratio would stay near $ratio" \
			"if both stay linear."
	fi
}

echo
table

[ "$rec" = 1 ] || exit 0
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — import into PostgreSQL, $rows rows (bench/import_pg.sh)"
	echo
	if [ "$rows" != 1000000 ]; then
		echo "Quick variant: run on $rows rows, not the issue's 1,000,000. The 1M"
		echo "figures below the table are an extrapolation, not a measurement."
		echo
	fi
	machine_facts
	echo "- PostgreSQL $server from scripts/pg.sh (fsync, synchronous_commit and"
	echo "  full_page_writes off), loopback TCP; CHECKPOINT and \`sync -f\` before each step"
	echo "- rounds: $rounds, a and b alternating which goes first; medians"
	echo
	echo "Commands (\`\$W\` = $RUN, \`xinyong\` = $XY_BIN, \`\$PG\` = $BASE):"
	echo
	echo '```'
	echo "xinyong ${GEN[*]} --output \$W/xzcf-$rows.csv"
	echo "a: CREATE DATABASE ref TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'"
	echo "   CREATE TABLE t (<the header's $ncols columns> text)   # not timed"
	echo "   psql -d \$PG/ref -c \"${COPY/$FILE/\$W/xzcf-$rows.csv}\""
	echo "b: CREATE DATABASE xy; xinyong init --db \$PG/xy   # not timed"
	echo "   xinyong ${IMP[*]} --db \$PG/xy \$W/xzcf-$rows.csv"
	echo "   (round 1, not timed: \\copy $TABLES TO \$W/<table>.bin (FORMAT binary))"
	echo "c: CREATE DATABASE fl; xinyong init --db \$PG/fl; the indexes of $TABLES dropped   # not timed"
	echo "   psql -d \$PG/fl -f \$W/floor_copy.sql    # \\copy each FROM its .bin"
	echo "   psql -d \$PG/fl -f \$W/floor_build.sql   # then the indexes built (timed apart)"
	echo '```'
	echo
	echo "Summary of b, round 1: \`$(cat "$RUN/b1.out")\`"
	echo
	table
} | record
