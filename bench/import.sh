#!/usr/bin/env bash
# Import benchmark, SQLite (issue 2, "Performance").
#   bench/import.sh [--rows N] [--rounds R] [--no-record]
# Generates one 行政处罚 file (default 1,000,000 rows), then each round,
# interleaved:
#   a  reference: sqlite3 .import into a bare table without index
#   b  xinyong import into a fresh database (init is not timed)
#   c  xinyong import --dry-run (validation only)
#   d  the same import again into b's database (all unchanged)
# Prints medians, b/a, b's peak RSS and dry-run rows/s against the targets
# and appends a section to bench/RESULTS.md.
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
	*) die "usage: bench/import.sh [--rows N] [--rounds R] [--no-record]" ;;
	esac
done
need_tools sqlite3

RUN=$XY_BENCH_DIR/import-$rows
mkdir -p "$RUN"
FILE=$RUN/xzcf-$rows.csv
REP=2021-12-31
GEN=(gen --catalog xzcf --rows "$rows" --seed 1 --invalid-rate 0.02
     --late-rate 0.03 --reported-at "$REP")
IMP=(import --catalog xzcf --reported-at "$REP" --json)

note "generating $rows rows into $FILE"
"$XY_BIN" "${GEN[@]}" --output "$FILE"

# Databases of the steps; removed before each step, outside the timing.
REF=$RUN/ref.db
XY=$RUN/xy.db
DRY=$RUN/dry.db
fresh_xy() {
	rm -f "$1" "$1"-wal "$1"-shm "$1"-journal "${1%.db}.key"
	"$XY_BIN" init --db "$1" >/dev/null
}
fresh_xy "$DRY"

step_a() {
	rm -f "$REF" "$REF"-journal
	settle
	timed "a$i" sqlite3 "$REF" ".mode csv" ".import $FILE t"
	A+=("$WALL"); AM+=("$RSS"); AU+=("$CPU")
	[ "$i" -gt 1 ] || [ "$(sqlite3 "$REF" 'SELECT count(*) FROM t')" = "$rows" ] ||
		die "sqlite3 .import did not load $rows rows"
}

step_b() {
	fresh_xy "$XY"
	settle
	timed "b$i" "$XY_BIN" "${IMP[@]}" --db "$XY" "$FILE"
	B+=("$WALL"); BM+=("$RSS"); BU+=("$CPU")
	[ "$(json_field "$RUN/b$i.out" rows)" = "$rows" ] ||
		die "import read $(json_field "$RUN/b$i.out" rows) rows, not $rows"
}

step_c() {
	settle
	timed "c$i" "$XY_BIN" "${IMP[@]}" --dry-run --db "$DRY" "$FILE"
	C+=("$WALL"); CM+=("$RSS"); CU+=("$CPU")
}

step_d() {
	settle
	timed "d$i" "$XY_BIN" "${IMP[@]}" --db "$XY" "$FILE"
	D+=("$WALL"); DM+=("$RSS"); DU+=("$CPU")
	[ "$(json_field "$RUN/d$i.out" unchanged)" = \
	  "$(json_field "$RUN/d$i.out" accepted)" ] ||
		note "round $i: the second import was not all unchanged: $(cat "$RUN/d$i.out")"
}

A=() B=() C=() D=() AM=() BM=() CM=() DM=() LOADS=()
AU=() BU=() CU=() DU=()
for i in $(seq 1 "$rounds"); do
	LOADS+=("$(loadavg)")
	note "round $i/$rounds (load ${LOADS[-1]})"
	# a and b swap places every round so that drift hits both alike
	if [ $((i % 2)) -eq 1 ]; then step_a; step_b; else step_b; step_a; fi
	step_c
	step_d
	note "  a ${A[-1]} s, b ${B[-1]} s (${BM[-1]} KB), c ${C[-1]} s, d ${D[-1]} s"
done
rm -f "$REF" "$XY" "$XY"-wal "$XY"-shm "${XY%.db}.key"

ma=$(median "${A[@]}"); mb=$(median "${B[@]}")
mc=$(median "${C[@]}"); md=$(median "${D[@]}")
# Headline: the median of the per-round ratios (each pair ran side by
# side, so drift of the machine's load cancels); the ratio of the medians
# is shown too.
RATIOS=()
for k in "${!A[@]}"; do RATIOS+=("$(calc "${B[$k]} / ${A[$k]}" %.3f)"); done
ratio=$(calc "$(median "${RATIOS[@]}")")
ratio_m=$(calc "$mb / $ma")
CRATIOS=()
for k in "${!A[@]}"; do CRATIOS+=("$(calc "${AU[$k]} > 0 ? ${BU[$k]} / ${AU[$k]} : 0" %.3f)"); done
cpu_ratio=$(calc "$(median "${CRATIOS[@]}")")
rss_kb=$(maxof "${BM[@]}")
rss=$(calc "$rss_kb / 1024" %.1f)
dry=$(calc "$rows / $mc" %.0f)
verdict() { if [ "$(calc "$1" %d)" = 1 ]; then echo met; else echo "NOT met"; fi; }
v_ratio=$(verdict "$ratio <= 1.5")
v_rss=$(verdict "$rss_kb <= 65536")
v_dry=$(verdict "$dry >= 500000")
rps() { calc "$rows / $1" %.0f; }
mib() { calc "$(median "$@") / 1024" %.1f; }

table() {
	echo "| step | median wall (s) | all rounds (s) | rows/s | CPU user+sys (s, median) | peak RSS (MiB, median) |"
	echo "| --- | ---: | --- | ---: | ---: | ---: |"
	echo "| a sqlite3 .import, bare table | $ma | ${A[*]} | $(rps "$ma") | $(median "${AU[@]}") | $(mib "${AM[@]}") |"
	echo "| b xinyong import, fresh db | $mb | ${B[*]} | $(rps "$mb") | $(median "${BU[@]}") | $(mib "${BM[@]}") |"
	echo "| c xinyong import --dry-run | $mc | ${C[*]} | $(rps "$mc") | $(median "${CU[@]}") | $(mib "${CM[@]}") |"
	echo "| d xinyong import again (unchanged) | $md | ${D[*]} | $(rps "$md") | $(median "${DU[@]}") | $(mib "${DM[@]}") |"
	echo
	echo "Per round (b/a of the same round; load average when the round began):"
	echo
	echo "| round | load 1/5/15 | a (s) | b (s) | b/a | b/a in CPU time |"
	echo "| --- | --- | ---: | ---: | ---: | ---: |"
	for k in "${!A[@]}"; do
		echo "| $((k + 1)) | ${LOADS[$k]} | ${A[$k]} | ${B[$k]} |" \
			"$(calc "${RATIOS[$k]}") |" \
			"$(calc "${CRATIOS[$k]}") |"
	done
	echo
	echo "| target (issue 2) | figure | |"
	echo "| --- | --- | --- |"
	echo "| import ≤ 1.5 × sqlite3 .import | b/a = **$ratio** (median of rounds; ratio of medians $ratio_m; $cpu_ratio in CPU time) | $v_ratio |"
	echo "| peak RSS ≤ 64 MiB | **$rss MiB** (max of $rounds rounds of b) | $v_rss |"
	echo "| --dry-run ≥ 500,000 rows/s | **$dry rows/s** | $v_dry |"
}

echo
table

[ "$rec" = 1 ] || exit 0
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — import into SQLite, $rows rows (bench/import.sh)"
	echo
	[ "$rows" = 1000000 ] ||
		echo "Quick variant: the targets are stated for 1,000,000 rows; these figures are for $rows."
	[ "$rows" = 1000000 ] || echo
	machine_facts
	echo "- rounds: $rounds, a and b alternating which goes first; medians; the"
	echo "  page cache is warm for all; \`sync -f\` before each step, outside the timing"
	echo
	echo "Commands (\`\$W\` = $RUN, \`xinyong\` = $XY_BIN):"
	echo
	echo '```'
	echo "xinyong ${GEN[*]} --output \$W/xzcf-$rows.csv"
	echo "a: sqlite3 \$W/ref.db \".mode csv\" \".import \$W/xzcf-$rows.csv t\""
	echo "b: xinyong init --db \$W/xy.db   # not timed"
	echo "   xinyong ${IMP[*]} --db \$W/xy.db \$W/xzcf-$rows.csv"
	echo "c: xinyong ${IMP[*]} --dry-run --db \$W/dry.db \$W/xzcf-$rows.csv"
	echo "d: the command of b again, on the filled \$W/xy.db"
	echo '```'
	echo
	echo "Summary of b, round 1: \`$(cat "$RUN/b1.out")\`"
	echo
	table
} | record
